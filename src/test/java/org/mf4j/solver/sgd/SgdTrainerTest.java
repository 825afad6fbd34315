package org.mf4j.solver.sgd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mf4j.api.LearningRateSchedule;
import org.mf4j.api.Ratings;
import org.mf4j.api.SgdConfig;
import org.mf4j.memory.FactorMatrix;
import org.mf4j.model.FactorModel;
import org.mf4j.solver.PlantedData;
import org.mf4j.sparse.CsrMatrix;

class SgdTrainerTest {
  /** Planted rank-6 data (σ = 0.1) shifted by μ = 3 and Gaussian user and item biases. */
  static final PlantedData BASE = PlantedData.generate(400, 300, 6, 0.3, 0.1, 7);
  static final float[] USER_BIAS = gaussians(400, 0.4, 11), ITEM_BIAS = gaussians(300, 0.4, 12);
  static final Ratings TRAIN = biased(BASE.train), TEST = biased(BASE.test);

  static float[] gaussians(int n, double std, long seed) {
    return PlantedData.gaussians(n, std, seed);
  }

  static Ratings biased(Ratings r) {
    return PlantedData.shifted(r, 3f, USER_BIAS, ITEM_BIAS);
  }

  static SgdConfig config(LearningRateSchedule schedule, double lr, int threads) {
    return new SgdConfig(6, 0.01, 0.01, 0.001, lr, schedule, 0.95, true, 0.1, 60, threads, 3);
  }

  static double testRmseAfter(SgdConfig c) {
    try (SgdRun run = new SgdTrainer(c).start(TRAIN, TEST)) {
      for (int e = 1; e <= c.iterations(); e++) {
        run.iterate();
        run.checkFinite(e);
      }
      return run.testRmse();
    }
  }

  @Test
  void biasedSgdReachesTheNoiseFloorWithEverySchedule() {
    for (var c : new SgdConfig[] {config(LearningRateSchedule.CONSTANT, 0.02, 2), config(LearningRateSchedule.DECAY, 0.03, 2),
        config(LearningRateSchedule.ADAGRAD, 0.1, 2)}) {
      double rmse = testRmseAfter(c);
      assertTrue(rmse < 1.3 * BASE.sigma, c.schedule() + ": test RMSE " + rmse);
    }
  }

  @Test
  void withoutBiasesTheShiftedDataIsFittedWorse() {
    double with = testRmseAfter(config(LearningRateSchedule.ADAGRAD, 0.1, 1).withIterations(30));
    double without = testRmseAfter(config(LearningRateSchedule.ADAGRAD, 0.1, 1).withIterations(30).withBiases(false));
    assertTrue(without > 1.2 * with, "without biases " + without + ", with " + with);
  }

  @Test
  void trainingErrorFallsAndTheObjectiveWithIt() {
    try (SgdRun run = new SgdTrainer(config(LearningRateSchedule.CONSTANT, 0.01, 2)).start(TRAIN, TEST)) {
      double rmse0 = run.trainRmse(), obj0 = run.objective();
      run.iterate();
      double rmse1 = run.trainRmse(), obj1 = run.objective();
      for (int e = 0; e < 10; e++) run.iterate();
      assertTrue(rmse1 < rmse0 && run.trainRmse() < rmse1, rmse0 + " -> " + rmse1 + " -> " + run.trainRmse());
      assertTrue(obj1 < obj0 && run.objective() < obj1, obj0 + " -> " + obj1 + " -> " + run.objective());
      assertTrue(run.lastEpochMse() > 0 && run.lastEpochMse() < rmse0 * rmse0, "last epoch's running MSE " + run.lastEpochMse());
    }
  }

  @Test
  void reproducibleForASeedAndAThreadCount() {
    for (int threads : new int[] {1, 3}) {
      SgdConfig c = config(LearningRateSchedule.ADAGRAD, 0.1, threads).withIterations(3);
      try (FactorModel a = new SgdTrainer(c).fit(TRAIN); FactorModel b = new SgdTrainer(c).fit(TRAIN)) {
        assertArrayEquals(rows(a.userFactors()), rows(b.userFactors()), "threads " + threads);
        assertArrayEquals(rows(a.itemFactors()), rows(b.itemFactors()), "threads " + threads);
      }
    }
  }

  @Test
  void theModelCarriesTheBiasesInTwoExtraColumns() {
    SgdConfig c = config(LearningRateSchedule.ADAGRAD, 0.1, 2).withIterations(5);
    try (SgdRun run = new SgdTrainer(c).start(TRAIN, TEST)) {
      for (int e = 0; e < 5; e++) run.iterate();
      float[] expected = new float[20];
      for (int q = 0; q < 20; q++) expected[q] = run.predict(TEST.user(q), TEST.item(q));
      double rmse = run.testRmse();
      try (FactorModel m = run.toModel()) {
        assertEquals(8, m.rank());
        double sq = 0;
        for (int q = 0; q < TEST.size(); q++) {
          double d = TEST.value(q) - m.predict(TEST.user(q), TEST.item(q));
          sq += d * d;
        }
        assertEquals(rmse, Math.sqrt(sq / TEST.size()), 1e-4);
        for (int q = 0; q < 20; q++) assertEquals(expected[q], m.predict(TEST.user(q), TEST.item(q)), 1e-4);
      }
    }
  }

  @Test
  void divergenceStopsTheEpochWithTheValueAndAHint() {
    SgdConfig c = config(LearningRateSchedule.CONSTANT, 5.0, 2);
    try (SgdRun run = new SgdTrainer(c).start(TRAIN, TEST)) {
      ArithmeticException e = assertThrows(ArithmeticException.class, () -> {
        for (int i = 0; i < 5; i++) run.iterate();
      });
      assertTrue(e.getMessage().startsWith("epoch 1: sgd diverged (mean squared error"), e.getMessage());
      assertTrue(e.getMessage().contains("lower the learning rate (now 5.0)"), e.getMessage());
    }
  }

  @Test
  void decayScheduleShrinksTheRatePerEpoch() {
    try (SgdRun run = new SgdTrainer(config(LearningRateSchedule.DECAY, 0.1, 1)).start(TRAIN, null)) {
      assertEquals(0.1f, run.learningRate(0));
      assertEquals((float) (0.1 * 0.95 * 0.95), run.learningRate(2), 1e-7);
      assertTrue(Double.isNaN(run.testRmse()));
    }
  }

  @Test
  void stratifiedBlocksHoldEveryRatingOnceAndKeepStrataApart() {
    StratifiedBlocks b = StratifiedBlocks.build(
        CsrMatrix.build(TRAIN.numUsers(), TRAIN.numItems(), TRAIN.users(), TRAIN.items(), TRAIN.values(), TRAIN.size()), 4, 9);
    assertEquals(TRAIN.size(), b.start[16]);
    assertTrue(isPermutation(b.userRow) && isPermutation(b.itemRow), "slot maps are permutations");
    int[] userStratum = new int[TRAIN.numUsers()], itemStratum = new int[TRAIN.numItems()];
    java.util.Arrays.fill(userStratum, -1);
    java.util.Arrays.fill(itemStratum, -1);
    long sum = 0, expected = 0;
    double valueSum = 0, expectedValueSum = 0;
    for (int s = 0; s < 4; s++) {
      for (int t = 0; t < 4; t++) {
        for (int p = b.blockStart(s, t); p < b.blockEnd(s, t); p++) {
          int us = b.users[p], is = b.items[p];
          assertTrue(userStratum[us] == -1 || userStratum[us] == s, "user in two strata");
          assertTrue(itemStratum[is] == -1 || itemStratum[is] == t, "item in two strata");
          if (p > b.blockStart(s, t)) assertTrue(b.users[p - 1] <= us, "user slot order inside a block at " + p);
          userStratum[us] = s;
          itemStratum[is] = t;
          long user = b.userRow[us], item = b.itemRow[is];
          sum += user * 1_000_003L + item;
          valueSum += b.values[p] * (double) (user * 31 + item + 1);
        }
      }
    }
    for (int p = 0; p < TRAIN.size(); p++) {
      expected += (long) TRAIN.user(p) * 1_000_003L + TRAIN.item(p);
      expectedValueSum += TRAIN.value(p) * (double) (TRAIN.user(p) * 31L + TRAIN.item(p) + 1);
    }
    assertEquals(expected, sum);
    assertEquals(expectedValueSum, valueSum, 1e-9 * Math.abs(expectedValueSum));
    // Strata are contiguous runs of slots (stratum never decreases along the slots).
    for (int q = 1; q < userStratum.length; q++) assertTrue(userStratum[q] == -1 || userStratum[q] >= maxBefore(userStratum, q));
    for (int q = 1; q < itemStratum.length; q++) assertTrue(itemStratum[q] == -1 || itemStratum[q] >= maxBefore(itemStratum, q));
    // Strata of about equal rating counts: no block row holds more than 40 % of the ratings.
    for (int s = 0; s < 4; s++) assertTrue(b.blockEnd(s, 3) - b.blockStart(s, 0) < 0.4 * TRAIN.size());
  }

  private static boolean isPermutation(int[] p) {
    boolean[] seen = new boolean[p.length];
    for (int x : p) {
      if (x < 0 || x >= p.length || seen[x]) return false;
      seen[x] = true;
    }
    return true;
  }

  private static int maxBefore(int[] stratum, int q) {
    int m = -1;
    for (int i = 0; i < q; i++) m = Math.max(m, stratum[i]);
    return m;
  }

  static float[] rows(FactorMatrix m) {
    float[] all = new float[m.rows() * m.rank()];
    for (int r = 0; r < m.rows(); r++) m.getRow(r, all, r * m.rank());
    return all;
  }
}
