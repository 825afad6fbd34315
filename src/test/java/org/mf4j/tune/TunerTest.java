package org.mf4j.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mf4j.api.AlsConfig;
import org.mf4j.api.Ratings;
import org.mf4j.data.Splits;
import org.mf4j.data.TrainTestSplit;
import org.mf4j.solver.PlantedData;
import org.mf4j.solver.als.AlsTrainer;

class TunerTest {
  static final PlantedData PLANTED = PlantedData.generate(300, 200, 6, 0.2, 0.1, 3);

  /** ALS of a configuration's rank and λ (count-scaled), one thread. */
  static final Tuner.RunFactory ALS = (s, train, validation) -> new AlsTrainer(AlsConfig.defaults()
      .withRank(Integer.parseInt(s.get("rank"))).withLambda(Double.parseDouble(s.get("lambda"))).withThreads(1)).start(train, validation);

  private static Grid grid(String ranks, String lambdas) {
    Map<String, List<String>> g = new LinkedHashMap<>();
    g.put("rank", List.of(ranks.split(",")));
    g.put("lambda", List.of(lambdas.split(",")));
    return new Grid(g);
  }

  @Test
  void picksThePlantedRankAndASaneLambdaOnAHoldOut() {
    Grid g = grid("2,6,12", "0.02,30");
    TrainTestSplit v = Tuner.holdOut(PLANTED.train, 0.1, 1, false);
    Tuner.Result r = new Tuner(List.of(v), ValidationMetric.rmse(), new EarlyStopping(2, 15)).search(g.all(), ALS, null);
    assertEquals(6, r.trials().size());
    assertEquals(Map.of("rank", "6", "lambda", "0.02"), r.best().settings());
    // Near the noise floor σ = 0.1, far below the absurd λ's.
    assertTrue(r.best().score() < 0.2, "best " + r.best().score());
    for (Tuner.Trial t : r.trials()) {
      if (t.settings().get("lambda").equals("30")) assertTrue(t.score() > 3 * r.best().score(), t.toString());
    }
    assertTrue(r.best().bestIteration() >= 1 && r.best().bestIteration() <= 15);
    assertEquals("rmse", r.metric());
    assertFalse(r.higherIsBetter());
  }

  @Test
  void crossValidationScoresEveryFoldAndAveragesThem() {
    List<TrainTestSplit> folds = Splits.kFold(PLANTED.train, 3, 9);
    Tuner tuner = new Tuner(folds, ValidationMetric.rmse(), new EarlyStopping(2, 8));
    Tuner.Result r = tuner.search(grid("2,6", "0.02").all(), ALS, null);
    assertEquals("6", r.best().settings().get("rank"));
    for (Tuner.Trial t : r.trials()) {
      assertEquals(3, t.splitScores().length);
      double mean = (t.splitScores()[0] + t.splitScores()[1] + t.splitScores()[2]) / 3;
      assertEquals(mean, t.score(), 1e-12);
    }
  }

  @Test
  void kFoldsCoverEveryRatingExactlyOnce() {
    PlantedData dense = PlantedData.generate(60, 40, 3, 0.6, 0.1, 4);
    Ratings all = dense.train;
    int folds = 5;
    int[] fold = Splits.foldOf(all.size(), folds, 7);
    int[] count = new int[folds];
    for (int f : fold) count[f]++;
    for (int c : count) assertTrue(Math.abs(c - all.size() / (double) folds) < 1, "fold sizes " + java.util.Arrays.toString(count));

    List<TrainTestSplit> splits = Splits.kFold(all, folds, 7);
    assertEquals(folds, splits.size());
    Set<Long> seen = new HashSet<>();
    long tested = 0;
    for (TrainTestSplit s : splits) {
      assertEquals(0, s.coldDropped(), "dense data: nothing cold");
      assertEquals(all.size(), s.train().size() + s.test().size());
      Set<Long> trainCells = new HashSet<>();
      for (int k = 0; k < s.train().size(); k++) trainCells.add(cell(s.train(), k));
      for (int k = 0; k < s.test().size(); k++) {
        long c = cell(s.test(), k);
        assertTrue(seen.add(c), "rating in two validation folds");
        assertFalse(trainCells.contains(c), "rating in its own fold's training part");
      }
      tested += s.test().size();
    }
    assertEquals(all.size(), tested);
    Set<Long> allCells = new HashSet<>();
    for (int k = 0; k < all.size(); k++) allCells.add(cell(all, k));
    assertEquals(allCells, seen);
  }

  private static long cell(Ratings r, int k) {
    return (long) r.user(k) << 32 | r.item(k);
  }

  @Test
  void gridListsEveryCombinationAndSamplesDistinctOnes() {
    Grid g = grid("2,6,12", "0.02,0.1,30");
    assertEquals(9, g.size());
    List<Map<String, String>> all = g.all();
    assertEquals(9, new HashSet<>(all).size());
    assertEquals(Map.of("rank", "2", "lambda", "0.02"), all.get(0));
    assertEquals(Map.of("rank", "2", "lambda", "0.1"), all.get(1));
    List<Map<String, String>> s = g.sample(4, 3);
    assertEquals(4, new HashSet<>(s).size());
    assertTrue(all.containsAll(s));
    assertEquals(s, g.sample(4, 3));
    assertEquals(all, g.sample(20, 3));
    assertThrows(IllegalArgumentException.class, () -> grid("2,2", "0.1"));
  }

  @Test
  void aDivergingConfigurationIsMarkedNotChosen() {
    TrainTestSplit v = Tuner.holdOut(PLANTED.train, 0.1, 1, false);
    Tuner.RunFactory failing = (s, train, validation) -> {
      if (s.get("rank").equals("2")) throw new ArithmeticException("diverged at iteration 1");
      return ALS.start(s, train, validation);
    };
    Tuner.Result r = new Tuner(List.of(v), ValidationMetric.rmse(), new EarlyStopping(2, 5)).search(grid("2,6", "0.02").all(), failing, null);
    assertTrue(r.trials().get(0).failed());
    assertEquals("6", r.best().settings().get("rank"));
  }
}
