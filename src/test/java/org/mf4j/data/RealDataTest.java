package org.mf4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.mf4j.api.Ratings;

/**
 * Reads the real data sets in {@code ../shared/data} (relative to the project root) and checks the
 * counts their READMEs give. Skipped when the folder is absent: the data may not be redistributed,
 * so it is never part of this repository.
 */
class RealDataTest {
  private static final Path DATA = Path.of("..", "shared", "data");

  private static ReadResult read(String file, ReadOptions o) throws IOException {
    Path p = DATA.resolve(file);
    assumeTrue(Files.isRegularFile(p), "real data not available: " + p.toAbsolutePath());
    return RatingsReader.read(p, o);
  }

  private static void assertCounts(ReadResult r, int rows, int users, int items, long dupRows) {
    assertEquals(rows, r.ratings().size(), "rows");
    assertEquals(users, r.ratings().numUsers(), "users");
    assertEquals(items, r.ratings().numItems(), "items");
    assertEquals(dupRows, r.duplicateRows(), "duplicate rows");
    assertEquals(dupRows, r.duplicatePairs(), "duplicate pairs (each repeated once in these files)");
    assertEquals(0, r.invalidLines());
  }

  private static int count(Ratings r, float value) {
    int n = 0;
    for (int k = 0; k < r.size(); k++) if (r.value(k) == value) n++;
    return n;
  }

  @Test
  void movieLens100k() throws IOException {
    ReadResult r = read("movielens-100k/u.data.xz", ReadOptions.DEFAULT);
    assertCounts(r, 100_000, 943, 1_682, 0);
    assertTrue(r.format().startsWith("MovieLens 100K"), r.format());
    assertEquals(21_201, count(r.ratings(), 5f));
    assertEquals(6_110, count(r.ratings(), 1f));
    long min = Long.MAX_VALUE, max = Long.MIN_VALUE;
    for (int k = 0; k < r.ratings().size(); k++) {
      min = Math.min(min, r.ratings().timestamps()[k]);
      max = Math.max(max, r.ratings().timestamps()[k]);
    }
    assertEquals(874_724_710L, min);
    assertEquals(893_286_638L, max);
  }

  @Test
  void movieLensLatestSmallCsv() throws IOException {
    ReadResult r = read("movielens-latest-small/ratings.csv.xz", ReadOptions.DEFAULT);
    assertCounts(r, 100_004, 671, 9_066, 0);
    assertEquals("MovieLens CSV with header (userId,movieId,rating,timestamp), xz-compressed", r.format());
    assertEquals(1_101, count(r.ratings(), 0.5f));
    assertEquals(10_538, count(r.ratings(), 3.5f));
    assertEquals(100_005, r.lines());
  }

  @Test
  void anime() throws IOException {
    ReadResult r = read("anime-caserec/anime_ratings.dat.xz", ReadOptions.DEFAULT);
    assertCounts(r, 419_943, 4_714, 7_157, 0);
    assertEquals(62_557, count(r.ratings(), 10f));
  }

  @Test
  void lastFmCrlfWithHeader() throws IOException {
    ReadResult r = read("lastfm-hetrec2011-2k/user_artists.dat.xz", ReadOptions.DEFAULT);
    assertCounts(r, 92_834, 1_892, 17_632, 0);
    float max = 0;
    for (int k = 0; k < r.ratings().size(); k++) max = Math.max(max, r.ratings().value(k));
    assertEquals(352_698f, max);
  }

  @Test
  void steamPlayAndPurchaseDuplicates() throws IOException {
    ReadResult play = read("steam-200k-caserec/game_play.dat.xz", ReadOptions.DEFAULT.withDuplicates(DuplicatePolicy.SUM));
    assertCounts(play, 70_489 - 12, 11_350, 3_600, 12);
    ReadResult buy = read("steam-200k-caserec/game_purchase.dat.xz", ReadOptions.DEFAULT.withDuplicates(DuplicatePolicy.MAX));
    assertCounts(buy, 129_511 - 707, 12_393, 5_155, 707);
    assertEquals(buy.ratings().size(), count(buy.ratings(), 1f));
  }

  @Test
  void randomSplitMatchesMakeSplit() throws IOException {
    // Expected counts from ../shared/tools/MakeSplit.java run once with JDK 25 on the decompressed files:
    //   java peers.sparkals.MakeSplit u.data out 42 0.1       -> train 90050, test 9932, test_cold_dropped 18
    //   java peers.sparkals.MakeSplit ratings.csv out 42 0.1  -> train 90053, test 9608, test_cold_dropped 343
    TrainTestSplit u = Splits.random(read("movielens-100k/u.data.xz", ReadOptions.DEFAULT).ratings(), 0.1, 42);
    assertEquals(90_050, u.train().size());
    assertEquals(9_932, u.test().size());
    assertEquals(18, u.coldDropped());
    TrainTestSplit m = Splits.random(read("movielens-latest-small/ratings.csv.xz", ReadOptions.DEFAULT).ratings(), 0.1, 42);
    assertEquals(90_053, m.train().size());
    assertEquals(9_608, m.test().size());
    assertEquals(343, m.coldDropped());
  }
}
