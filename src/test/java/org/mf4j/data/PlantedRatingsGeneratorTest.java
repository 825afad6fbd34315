package org.mf4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mf4j.api.Ratings;
import org.mf4j.data.PlantedRatingsGenerator.TextLayout;

class PlantedRatingsGeneratorTest {
  @TempDir Path dir;

  private static final GeneratorConfig SMALL = GeneratorConfig.DEFAULT.withSize(1500, 700, 60_000).withSeed(7);

  /** Implicit counts: whole numbers of at least 1 with a heavy right tail (log-normal around exp(mean)). */
  @Test
  void countsAreWholeHeavyTailedAndAtLeastOne() {
    PlantedRatings p = PlantedRatingsGenerator.generate(GeneratorConfig.DEFAULT.withSize(500, 200, 20_000).withScale(RatingScale.COUNTS).withSeed(3));
    float[] v = Arrays.copyOf(p.ratings().values(), p.ratings().size());
    for (float x : v) assertTrue(x >= 1 && x == Math.rint(x), "a count: " + x);
    Arrays.sort(v);
    float median = v[v.length / 2], p99 = v[(int) (v.length * 0.99)];
    assertTrue(p99 > 5 * median, "heavy tail: median " + median + ", p99 " + p99);
    assertEquals(RatingScale.COUNTS.apply(Math.log(37.2)), 37.0);
  }

  /** The Netflix layout holds exactly the ratings of the TAB layout (same seed), in one pass or in several. */
  @Test
  void theNetflixLayoutHoldsTheSameRatings() throws IOException {
    GeneratorConfig c = GeneratorConfig.DEFAULT.withSize(400, 150, 9000).withScale(RatingScale.STARS).withSeed(5).withThreads(2);
    Path tab = dir.resolve("tab.tsv");
    GenerationSummary a = PlantedRatingsGenerator.write(c, tab, TextLayout.TAB);
    String want = triples(RatingsReader.read(tab).ratings());
    for (long pass : new long[] {1L << 30, 2000}) { // one pass; about five
      Path nf = dir.resolve("nf-" + pass + ".txt");
      GenerationSummary b = PlantedRatingsGenerator.write(c, nf, TextLayout.NETFLIX, pass);
      assertTrue(Files.readString(nf).startsWith("1:\n") || Files.readString(nf).matches("(?s)\\d+:\n.*"));
      ReadResult read = RatingsReader.read(nf);
      assertTrue(read.format().startsWith("Netflix"), read.format());
      assertEquals(want, triples(read.ratings()), "pass size " + pass);
      assertEquals(a.noiseFloor(), b.noiseFloor(), 1e-12);
      assertEquals(a.items(), b.items());
    }
  }

  /** (user, item, rating) by external ids, sorted, as text. */
  private static String triples(Ratings r) {
    String[] t = new String[r.size()];
    for (int k = 0; k < r.size(); k++) t[k] = r.userIds().externalId(r.user(k)) + " " + r.itemIds().externalId(r.item(k)) + " " + r.value(k);
    Arrays.sort(t);
    return String.join("\n", t);
  }

  @Test
  void deterministicForASeedWhateverTheThreads() {
    PlantedRatings a = PlantedRatingsGenerator.generate(SMALL.withThreads(1));
    PlantedRatings b = PlantedRatingsGenerator.generate(SMALL.withThreads(3));
    Ratings x = a.ratings(), y = b.ratings();
    assertEquals(x.size(), y.size());
    assertArrayEquals(x.users(), y.users());
    assertArrayEquals(x.items(), y.items());
    assertArrayEquals(x.values(), y.values());
    assertArrayEquals(x.timestamps(), y.timestamps());
    assertArrayEquals(a.userFactors(), b.userFactors());
    assertEquals(a.noiseFloor(), b.noiseFloor());
    PlantedRatings c = PlantedRatingsGenerator.generate(SMALL.withSeed(8));
    assertFalse(Arrays.equals(x.values(), c.ratings().values()));
  }

  @Test
  void shapeLooksLikeRealRatings() {
    PlantedRatings p = PlantedRatingsGenerator.generate(SMALL);
    Ratings r = p.ratings();
    assertEquals(60_000, r.size(), 600); // within 1 % of the request
    int[] perUser = new int[r.numUsers()], perItem = new int[r.numItems()];
    double sum = 0, sum2 = 0;
    for (int k = 0; k < r.size(); k++) {
      perUser[r.user(k)]++;
      perItem[r.item(k)]++;
      float v = r.value(k);
      assertTrue(v >= 0.5f && v <= 5f && v * 2 == Math.rint(v * 2), "not a half star: " + v);
      sum += v;
      sum2 += v * v;
      if (k > 0 && r.user(k) == r.user(k - 1)) assertTrue(r.item(k) > r.item(k - 1), "repeat or unsorted item");
    }
    for (int c : perUser) assertTrue(c >= SMALL.minPerUser());
    double mean = sum / r.size(), std = Math.sqrt(sum2 / r.size() - mean * mean);
    assertEquals(3.5, mean, 0.2);
    assertEquals(1.0, std, 0.2);
    int[] u = perUser.clone(), i = perItem.clone();
    Arrays.sort(u);
    Arrays.sort(i);
    assertTrue(u[u.length - 1] > 5 * u[u.length / 2], "user activity not heavy-tailed");
    assertTrue(i[i.length - 1] > 20 * Math.max(1, i[i.length / 2]), "item popularity not heavy-tailed");
  }

  @Test
  void noiseFloorOfContinuousRatingsIsTheNoiseSigma() {
    GeneratorConfig c = SMALL.withScale(RatingScale.CONTINUOUS).withNoise(0.5).withSize(2000, 1000, 200_000);
    PlantedRatings p = PlantedRatingsGenerator.generate(c);
    assertEquals(0.5, p.noiseFloor(), 0.005);
    // recompute it from the planted model
    Ratings r = p.ratings();
    double sq = 0;
    for (int k = 0; k < r.size(); k++) {
      double d = r.value(k) - p.clean(r.user(k), r.item(k));
      sq += d * d;
    }
    assertEquals(p.noiseFloor(), Math.sqrt(sq / r.size()), 1e-6);
    assertEquals(0, PlantedRatingsGenerator.generate(c.withNoise(0)).noiseFloor(), 1e-4); // 4-decimal rounding only
  }

  @Test
  void roundingAddsToTheFloor() {
    PlantedRatings stars = PlantedRatingsGenerator.generate(SMALL.withScale(RatingScale.STARS).withNoise(0.5));
    assertTrue(stars.noiseFloor() > 0.5, "floor " + stars.noiseFloor());
    assertTrue(stars.noiseFloor() < 0.65, "floor " + stars.noiseFloor());
  }

  @Test
  void fileMatchesMemoryAndCarriesTheTruth() throws IOException {
    PlantedRatings mem = PlantedRatingsGenerator.generate(SMALL);
    for (TextLayout layout : TextLayout.values()) {
      if (layout == TextLayout.NETFLIX) continue; // item-major, dates only: theNetflixLayoutHoldsTheSameRatings
      Path f = dir.resolve("planted-" + layout + ".txt");
      GenerationSummary s = PlantedRatingsGenerator.write(SMALL, f, layout);
      assertEquals(mem.ratings().size(), s.ratings());
      assertEquals(mem.noiseFloor(), s.noiseFloor(), 1e-12);
      ReadResult back = RatingsReader.read(f);
      Ratings r = back.ratings(), m = mem.ratings();
      assertEquals(m.size(), r.size());
      assertEquals(0, back.duplicateRows());
      for (int k = 0; k < r.size(); k++) {
        assertEquals(m.user(k) + 1, r.userIds().numericId(r.user(k)));
        assertEquals(m.item(k) + 1, r.itemIds().numericId(r.item(k)));
        assertEquals(m.value(k), r.value(k));
        assertEquals(m.timestamps()[k], r.timestamps()[k]);
      }
      String truth = Files.readString(s.truthFile());
      assertTrue(truth.contains("\"noiseFloorRmse\": " + s.noiseFloor()), truth);
      assertTrue(truth.contains("\"rank\": 24"), truth);
      try (var files = Files.list(dir)) { // no temporary files left behind
        assertTrue(files.noneMatch(x -> x.toString().endsWith(".tmp")));
      }
    }
    assertTrue(RatingsReader.read(dir.resolve("planted-CSV.txt")).format().startsWith("MovieLens CSV"));
  }

  @Test
  void onesScaleGivesImplicitPositives() {
    Ratings r = PlantedRatingsGenerator.generate(SMALL.withScale(RatingScale.ONES)).ratings();
    assertEquals(60_000, r.size(), 600);
    for (int k = 0; k < r.size(); k++) assertEquals(1f, r.value(k));
    assertEquals(1.0, RatingScale.ONES.apply(-7.3), 0);
    assertThrows(IllegalArgumentException.class, () -> new RatingScale(1, 1, 1));
    GeneratorConfig pos = GeneratorConfig.ml20mPositives(1);
    assertEquals(138_000, pos.users());
    assertEquals(20_000, pos.items());
    assertEquals(RatingScale.ONES, pos.scale());
  }

  @Test
  void configIsValidated() {
    assertThrows(IllegalArgumentException.class, () -> SMALL.withSize(10, 5, 1000)); // > users * items
    assertThrows(IllegalArgumentException.class, () -> SMALL.withSize(1000, 100, 50)); // < users * min
    assertThrows(IllegalArgumentException.class, () -> SMALL.withNoise(-1));
    assertThrows(IllegalArgumentException.class, () -> SMALL.withRank(-1));
    assertThrows(IllegalArgumentException.class, () -> new RatingScale(1, 5, 0.3));
    assertThrows(IllegalArgumentException.class, () -> new RatingScale(5, 1, 1));
    GeneratorConfig ml = GeneratorConfig.ml10m(1);
    assertEquals(69_878, ml.users());
    assertEquals(10_677, ml.items());
    assertEquals(24, ml.rank());
    assertEquals(3.0, RatingScale.HALF_STARS.apply(2.8), 0);
    assertEquals(5.0, RatingScale.HALF_STARS.apply(9), 0);
    assertEquals(0.5, RatingScale.HALF_STARS.apply(-3), 0);
  }
}
