package org.mf4j.solver.sgd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mf4j.api.AdamConfig;
import org.mf4j.api.Ratings;
import org.mf4j.memory.FactorMatrix;
import org.mf4j.model.FactorModel;

class AdamTrainerTest {
  static final Ratings TRAIN = SgdTrainerTest.TRAIN, TEST = SgdTrainerTest.TEST;

  static AdamConfig config(double lr, double wd, boolean adamW, boolean lazy, int threads) {
    return new AdamConfig(6, lr, 0.9, 0.999, 1e-8, wd, adamW, lazy, 256, true, 0.1, 30, threads, 5);
  }

  /** A small random problem: 7 users, 5 items, 20 ratings. */
  static Ratings tiny() {
    SplittableRandom rnd = new SplittableRandom(3);
    int n = 20;
    int[] us = new int[n], is = new int[n];
    float[] vs = new float[n];
    for (int p = 0; p < n; p++) {
      us[p] = p % 7;
      is[p] = (p * 3 + p / 7) % 5;
      vs[p] = 1 + rnd.nextInt(5);
    }
    return Ratings.ofDense(us, is, vs, 7, 5);
  }

  /**
   * Dense and lazy Adam and AdamW against a plain double-precision implementation of the same algorithm
   * (same shuffle, same initial factors) on a tiny problem.
   */
  @Test
  void matchesADoublePrecisionReference() {
    Ratings r = tiny();
    for (boolean lazy : new boolean[] {false, true}) {
      for (boolean adamW : new boolean[] {false, true}) {
        AdamConfig c = new AdamConfig(3, 0.05, 0.9, 0.999, 1e-8, 0.1, adamW, lazy, 6, true, 0.3, 3, 2, 11);
        try (AdamRun run = new AdamTrainer(c).start(r, null)) {
          double[][] u = rows(run.userFactors()), v = rows(run.itemFactors());
          for (int e = 0; e < c.iterations(); e++) run.iterate();
          Reference ref = new Reference(c, r, u, v);
          ref.train();
          String what = (adamW ? "AdamW" : "Adam") + (lazy ? " lazy" : " dense");
          assertClose(ref.u, rows(run.userFactors()), what + " U");
          assertClose(ref.v, rows(run.itemFactors()), what + " V");
          for (int i = 0; i < 7; i++) assertEquals(ref.bu[i], run.userBiases()[i], 1e-4, what + " b_u");
          for (int i = 0; i < 5; i++) assertEquals(ref.bi[i], run.itemBiases()[i], 1e-4, what + " b_i");
        }
      }
    }
  }

  @Test
  void lazyLeavesRowsOutsideTheBatchAloneAndDenseMovesThem() {
    Ratings r = tiny();
    AdamConfig one = new AdamConfig(3, 0.05, 0.9, 0.999, 1e-8, 0.1, false, true, 20, true, 0.3, 1, 1, 11);
    // one batch holding every rating except for user 6 and item 4: build it by dropping their ratings
    int[] keep = java.util.stream.IntStream.range(0, r.size()).filter(p -> r.user(p) != 6 && r.item(p) != 4).toArray();
    Ratings part = r.select(keep, keep.length);
    for (boolean lazy : new boolean[] {true, false}) {
      try (AdamRun run = new AdamTrainer(one.withLazy(lazy)).start(part, null)) {
        double[][] before = rows(run.userFactors());
        run.iterate();
        double[][] after = rows(run.userFactors());
        if (lazy) assertArrayEquals(before[6], after[6], 0.0, "lazy: an absent row keeps its value");
        else assertNotEquals(before[6][0], after[6][0], "dense with weight decay: an absent row shrinks");
        assertNotEquals(before[0][0], after[0][0]);
      }
    }
  }

  @Test
  void adamReachesTheNoiseFloorOnPlantedData() {
    try (AdamRun run = new AdamTrainer(config(0.01, 0, false, false, 2).withIterations(60).withBatchSize(2048)).start(TRAIN, TEST)) {
      for (int e = 1; e <= 60; e++) {
        run.iterate();
        run.checkFinite(e);
      }
      assertTrue(run.testRmse() < 1.3 * SgdTrainerTest.BASE.sigma, "test RMSE " + run.testRmse());
    }
  }

  @Test
  void weightDecayClosesTheOverfittingGap() {
    // Few ratings per row and a large K over-fit without a penalty; weight decay narrows train vs test.
    int[] keep = java.util.stream.IntStream.range(0, TRAIN.size()).filter(p -> p % 4 == 0).toArray();
    Ratings small = TRAIN.select(keep, keep.length);
    double[] gap = new double[2];
    double[] wds = {0, 0.01};
    for (int q = 0; q < 2; q++) {
      AdamConfig c = new AdamConfig(32, 0.01, 0.9, 0.999, 1e-8, wds[q], false, false, 128, true, 0.1, 40, 2, 5);
      try (AdamRun run = new AdamTrainer(c).start(small, TEST)) {
        for (int e = 0; e < 40; e++) run.iterate();
        gap[q] = run.testRmse() - run.trainRmse();
      }
    }
    assertTrue(gap[0] > 0.2, "no over-fitting to cure? gap " + gap[0]);
    assertTrue(gap[1] < 0.5 * gap[0], "weight decay did not narrow the gap: " + gap[0] + " -> " + gap[1]);
  }

  @Test
  void sameFactorsForOneAndThreeThreads() {
    AdamConfig c = config(0.01, 1e-3, true, false, 1).withIterations(2);
    try (FactorModel a = new AdamTrainer(c).fit(TRAIN); FactorModel b = new AdamTrainer(c.withThreads(3)).fit(TRAIN)) {
      assertArrayEquals(SgdTrainerTest.rows(a.userFactors()), SgdTrainerTest.rows(b.userFactors()));
      assertArrayEquals(SgdTrainerTest.rows(a.itemFactors()), SgdTrainerTest.rows(b.itemFactors()));
    }
  }

  @Test
  void divergenceStopsTrainingWithTheEpochAndAHint() {
    try (AdamRun run = new AdamTrainer(new AdamConfig(6, 50, 0.9, 0.999, 1e-8, 0, false, false, 64, true, 1.0, 5, 2, 1)).start(TRAIN, null)) {
      ArithmeticException e = assertThrows(ArithmeticException.class, () -> {
        for (int i = 0; i < 5; i++) run.iterate();
      });
      assertTrue(e.getMessage().matches("epoch \\d: adam diverged \\(mean squared error .* in mini-batch \\d+\\); lower the learning rate \\(now 50.0\\)"),
          e.getMessage());
    }
  }

  static double[][] rows(FactorMatrix m) {
    double[][] a = new double[m.rows()][m.rank()];
    for (int r = 0; r < m.rows(); r++) for (int c = 0; c < m.rank(); c++) a[r][c] = m.get(r, c);
    return a;
  }

  static void assertClose(double[][] expected, double[][] actual, String what) {
    for (int r = 0; r < expected.length; r++) {
      for (int c = 0; c < expected[r].length; c++) {
        assertEquals(expected[r][c], actual[r][c], 1e-4 * (1 + Math.abs(expected[r][c])), what + "[" + r + "][" + c + "]");
      }
    }
  }

  /** Mini-batch Adam written out plainly in double precision. */
  static final class Reference {
    final AdamConfig c;
    final Ratings r;
    final double[][] u, v, mu, su, mv, sv;
    final double[] bu, bi, mbu, sbu, mbi, sbi;
    final double mean;

    Reference(AdamConfig c, Ratings r, double[][] u, double[][] v) {
      this.c = c;
      this.r = r;
      this.u = u;
      this.v = v;
      int k = c.rank();
      mu = new double[u.length][k];
      su = new double[u.length][k];
      mv = new double[v.length][k];
      sv = new double[v.length][k];
      bu = new double[u.length];
      bi = new double[v.length];
      mbu = new double[u.length];
      sbu = new double[u.length];
      mbi = new double[v.length];
      sbi = new double[v.length];
      double s = 0;
      for (int p = 0; p < r.size(); p++) s += r.value(p);
      mean = (float) (s / r.size());
    }

    void train() {
      int n = r.size(), k = c.rank();
      int[] order = new int[n];
      for (int p = 0; p < n; p++) order[p] = p;
      long t = 0;
      for (int epoch = 0; epoch < c.iterations(); epoch++) {
        SplittableRandom rnd = new SplittableRandom(c.seed() * 0x9E3779B97F4A7C15L + epoch);
        for (int i = n - 1; i > 0; i--) {
          int j = rnd.nextInt(i + 1);
          int x = order[i];
          order[i] = order[j];
          order[j] = x;
        }
        for (int from = 0; from < n; from += c.batchSize()) {
          int to = Math.min(n, from + c.batchSize());
          double[][] gu = new double[u.length][k], gv = new double[v.length][k];
          double[] gbu = new double[u.length], gbi = new double[v.length];
          boolean[] tu = new boolean[u.length], ti = new boolean[v.length];
          for (int q = from; q < to; q++) {
            int p = order[q], a = r.user(p), b = r.item(p);
            double pred = mean + bu[a] + bi[b];
            for (int j = 0; j < k; j++) pred += u[a][j] * v[b][j];
            double g = -2 * (r.value(p) - pred) / (to - from);
            for (int j = 0; j < k; j++) {
              gu[a][j] += g * v[b][j];
              gv[b][j] += g * u[a][j];
            }
            gbu[a] += g;
            gbi[b] += g;
            tu[a] = true;
            ti[b] = true;
          }
          t++;
          double c1 = 1 - Math.pow(c.beta1(), t), c2 = 1 - Math.pow(c.beta2(), t);
          for (int a = 0; a < u.length; a++) {
            if (c.lazy() && !tu[a]) continue;
            for (int j = 0; j < k; j++) u[a][j] = step(u[a][j], gu[a][j], mu[a], su[a], j, c1, c2);
            double[] m1 = {mbu[a]}, s1 = {sbu[a]};
            bu[a] = step(bu[a], gbu[a], m1, s1, 0, c1, c2);
            mbu[a] = m1[0];
            sbu[a] = s1[0];
          }
          for (int b = 0; b < v.length; b++) {
            if (c.lazy() && !ti[b]) continue;
            for (int j = 0; j < k; j++) v[b][j] = step(v[b][j], gv[b][j], mv[b], sv[b], j, c1, c2);
            double[] m1 = {mbi[b]}, s1 = {sbi[b]};
            bi[b] = step(bi[b], gbi[b], m1, s1, 0, c1, c2);
            mbi[b] = m1[0];
            sbi[b] = s1[0];
          }
        }
      }
    }

    double step(double x, double grad, double[] m, double[] s, int j, double c1, double c2) {
      double g = grad + (c.decoupled() ? 0 : c.weightDecay() * x);
      m[j] = c.beta1() * m[j] + (1 - c.beta1()) * g;
      s[j] = c.beta2() * s[j] + (1 - c.beta2()) * g * g;
      return x - c.learningRate() * ((m[j] / c1) / (Math.sqrt(s[j] / c2) + c.epsilon()) + (c.decoupled() ? c.weightDecay() * x : 0));
    }
  }
}
