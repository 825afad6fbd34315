package org.mf4j.tune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mf4j.api.LearningRateSchedule;
import org.mf4j.api.SgdConfig;
import org.mf4j.solver.PlantedData;
import org.mf4j.solver.sgd.SgdRun;
import org.mf4j.solver.sgd.SgdTrainer;

class EarlyStoppingTest {
  /** Offers scores until the tracker says stop; returns how many it took. */
  private static EarlyStopping.Result follow(EarlyStopping es, boolean higher, double... scores) {
    EarlyStopping.Tracker t = es.tracker(higher);
    for (double s : scores) {
      if (!t.offer(s)) break;
    }
    return t.result(0);
  }

  @Test
  void stopsPatienceIterationsAfterTheBestAndReportsIt() {
    // Best 0.80 at iteration 3; 4, 5, 6 do not beat it, so patience 3 stops after iteration 6.
    EarlyStopping.Result r = follow(new EarlyStopping(3, 100), false, 1.0, 0.9, 0.8, 0.85, 0.81, 0.80, 0.7, 0.6);
    assertEquals(3, r.bestIteration());
    assertEquals(0.8, r.bestScore());
    assertEquals(6, r.iterationsRun());
    assertArrayEquals(new double[] {1.0, 0.9, 0.8, 0.85, 0.81, 0.80}, r.scores());
  }

  @Test
  void anImprovementResetsThePatience() {
    EarlyStopping.Result r = follow(new EarlyStopping(2, 100), false, 1.0, 1.1, 0.9, 1.2, 0.5, 0.6, 0.7, 0.1);
    assertEquals(5, r.bestIteration());
    assertEquals(7, r.iterationsRun());
  }

  @Test
  void higherIsBetterForRankingMetrics() {
    EarlyStopping.Result r = follow(new EarlyStopping(2, 100), true, 0.1, 0.3, 0.2, 0.25, 0.9);
    assertEquals(2, r.bestIteration());
    assertEquals(0.3, r.bestScore());
    assertEquals(4, r.iterationsRun());
  }

  @Test
  void stopsAtTheMaximumWhileStillImproving() {
    EarlyStopping.Result r = follow(new EarlyStopping(5, 4), false, 5, 4, 3, 2, 1, 0);
    assertEquals(4, r.bestIteration());
    assertEquals(4, r.iterationsRun());
  }

  @Test
  void nanNeverImproves() {
    EarlyStopping.Result r = follow(new EarlyStopping(2, 100), false, 0.9, Double.NaN, Double.NaN, 0.1);
    assertEquals(1, r.bestIteration());
    assertEquals(3, r.iterationsRun());
    EarlyStopping.Tracker t = new EarlyStopping(1, 10).tracker(false);
    assertFalse(t.offer(Double.NaN));
    assertEquals(0, t.result(0).bestIteration());
  }

  @Test
  void badSettingsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> new EarlyStopping(0, 10));
    assertThrows(IllegalArgumentException.class, () -> new EarlyStopping(3, 0));
  }

  /**
   * Rank 32, no regularization, on sparse rank-4 data: validation RMSE falls, then rises as the model
   * fits the noise. Early stopping must end patience iterations after the minimum of the curve it saw.
   */
  @Test
  void stopsWhereOverfittingStartsOnPlantedData() {
    PlantedData d = PlantedData.generate(300, 200, 4, 0.08, 0.3, 11);
    // Plain SGD at a constant rate: AdaGrad's shrinking steps would make the rise too slow to see.
    SgdConfig c = SgdConfig.defaults().withRank(32).withLambdas(0, 0, 0).withLearningRate(0.03, LearningRateSchedule.CONSTANT)
        .withThreads(1).withSeed(5);
    EarlyStopping es = new EarlyStopping(3, 200);
    EarlyStopping.Result r;
    try (SgdRun run = new SgdTrainer(c).start(d.train, d.test)) {
      r = es.run(run, d.test, ValidationMetric.rmse());
    }
    assertTrue(r.iterationsRun() < 200, "never stopped: " + java.util.Arrays.toString(r.scores()));
    assertEquals(r.bestIteration() + 3, r.iterationsRun());
    double[] s = r.scores();
    for (double v : s) assertTrue(v >= r.bestScore());
    assertEquals(r.bestScore(), s[r.bestIteration() - 1]);
    // Over-fitting, not noise: the last score is clearly worse than the best, and the best beat the first.
    assertTrue(s[s.length - 1] > r.bestScore() && s[0] > r.bestScore(), java.util.Arrays.toString(s));
  }
}
