package org.mf4j.solver.als;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mf4j.api.AlsConfig;
import org.mf4j.api.Confidence;
import org.mf4j.api.LinearSolver;
import org.mf4j.api.PreferenceTarget;
import org.mf4j.api.Ratings;
import org.mf4j.api.RegScaling;
import org.mf4j.api.WalsConfig;
import org.mf4j.memory.FactorMatrix;
import org.mf4j.model.FactorModel;
import org.mf4j.solver.PlantedData;

class WalsTrainerTest {
  /** Implicit-style data: counts on a random 15 % of a 60 × 45 grid, some zeros and negatives. */
  static Ratings counts(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int users = 60, items = 45, n = 0;
    int[] us = new int[users * items], is = new int[us.length];
    float[] vs = new float[us.length], ws = new float[us.length];
    for (int u = 0; u < users; u++) {
      for (int i = 0; i < items; i++) {
        if (rnd.nextDouble() >= 0.15) continue;
        us[n] = u;
        is[n] = i;
        double x = rnd.nextDouble();
        vs[n] = x < 0.05 ? 0f : x < 0.1 ? -2f : (float) Math.floor(1 + 20 * rnd.nextDouble() * rnd.nextDouble());
        ws[n++] = (float) (0.5 + 3 * rnd.nextDouble());
      }
    }
    return Ratings.ofDense(java.util.Arrays.copyOf(us, n), java.util.Arrays.copyOf(is, n),
        java.util.Arrays.copyOf(vs, n), users, items).withWeights(java.util.Arrays.copyOf(ws, n));
  }

  static WalsConfig config(Confidence c, double w0, LinearSolver solver, int steps) {
    return new WalsConfig(5, 0.7, 0.4, RegScaling.FREQUENCY, 0.8, w0, 0, c, 1.5, 2.0, 0.7,
        PreferenceTarget.ONE, solver, steps, 1, 2, 9);
  }

  /**
   * After one iteration, U must be the exact minimizer for the V the run holds: solve each user's dense
   * weighted least squares over all cells in double and compare.
   */
  @ParameterizedTest
  @CsvSource({"LINEAR, 1.0, 0, CHOLESKY, 1", "LOG, 0.05, 0, CHOLESKY, 1", "FREQUENCY, 3.0, 0, CHOLESKY, 1",
      "COLUMN, 1.2, 0, CHOLESKY, 1", "CONSTANT, 0.0, 0, CHOLESKY, 1", "LINEAR, 1.0, 0, CG, 40", "FREQUENCY, 3.0, 0, CG, 40",
      "CONSTANT, 0.0, 0, CG, 40", "LINEAR, 0.5, 0.8, CHOLESKY, 1", "CONSTANT, 0.3, -0.6, CG, 40"})
  void userRowsSolveTheDenseWeightedProblem(Confidence confidence, double w0, double w0Exponent, LinearSolver solver, int steps) {
    Ratings data = counts(3);
    WalsConfig cfg = config(confidence, w0, solver, steps).withUnobservedExponent(w0Exponent);
    WalsTrainer trainer = new WalsTrainer(cfg);
    try (AlternatingRun run = trainer.start(data)) {
      run.iterate();
      assertTrue(trainer.droppedZeros() > 0);
      double[][] expected = bruteForceUsers(data, cfg, run.itemFactors());
      FactorMatrix u = run.userFactors();
      for (int r = 0; r < u.rows(); r++) {
        for (int c = 0; c < cfg.rank(); c++) {
          assertEquals(expected[r][c], u.get(r, c), 2e-3 * (1 + Math.abs(expected[r][c])), "user " + r + " factor " + c);
        }
      }
      assertTrue(u.paddingIsZero() && run.itemFactors().paddingIsZero());
    }
  }

  /**
   * Dense reference: every cell weighted (w0·f_i^c/mean f^c unobserved, w observed), target 1 / 0,
   * frequency λ with Σ_i w0_i = w0·items.
   */
  static double[][] bruteForceUsers(Ratings data, WalsConfig cfg, FactorMatrix v) {
    int users = data.numUsers(), items = data.numItems(), k = cfg.rank();
    double[][] w = new double[users][items], a = new double[users][items];
    int[] nu = new int[users], ni = new int[items];
    boolean[][] obs = new boolean[users][items];
    for (int t = 0; t < data.size(); t++) {
      if (data.value(t) == 0f) continue;
      obs[data.user(t)][data.item(t)] = true;
      nu[data.user(t)]++;
      ni[data.item(t)]++;
    }
    double meanU = mean(nu), meanI = mean(ni);
    double[] rho = new double[items];
    double rhoSum = 0;
    for (int ii = 0; ii < items; ii++) rhoSum += rho[ii] = Math.pow(Math.max(1, ni[ii]), cfg.unobservedExponent());
    for (double[] row : w) for (int ii = 0; ii < items; ii++) row[ii] = cfg.unobservedWeight() * rho[ii] * items / rhoSum;
    for (int t = 0; t < data.size(); t++) {
      float r = data.value(t);
      if (r == 0f) continue;
      int uu = data.user(t), ii = data.item(t);
      double s = Math.abs(r);
      w[uu][ii] = switch (cfg.confidence()) {
        case CONSTANT -> 1;
        case LINEAR -> 1 + cfg.alpha() * s;
        case LOG -> 1 + cfg.alpha() * Math.log(1 + s / cfg.epsilon());
        case FREQUENCY -> 1 + cfg.alpha() * Math.pow(meanU / nu[uu] * (meanI / ni[ii]), cfg.frequencyExponent());
        case COLUMN -> data.weights()[t];
      };
      a[uu][ii] = r > 0 ? 1 : 0;
    }
    double[][] x = new double[users][];
    for (int uu = 0; uu < users; uu++) {
      double[][] m = new double[k][k];
      double[] b = new double[k];
      for (int ii = 0; ii < items; ii++) {
        for (int p = 0; p < k; p++) {
          double vp = v.get(ii, p);
          b[p] += w[uu][ii] * a[uu][ii] * vp;
          for (int q = 0; q < k; q++) m[p][q] += w[uu][ii] * vp * v.get(ii, q);
        }
      }
      double reg = cfg.lambdaU() * Math.pow(nu[uu] + cfg.unobservedWeight() * items, cfg.regExponent());
      for (int p = 0; p < k; p++) m[p][p] += reg;
      x[uu] = nu[uu] == 0 ? new double[k] : solve(m, b);
    }
    return x;
  }

  static double mean(int[] n) {
    long s = 0;
    int c = 0;
    for (int x : n) if (x > 0) { s += x; c++; }
    return (double) s / c;
  }

  /** Gaussian elimination with partial pivoting (double). */
  static double[] solve(double[][] m, double[] b) {
    int n = b.length;
    for (int c = 0; c < n; c++) {
      int piv = c;
      for (int r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[piv][c])) piv = r;
      double[] t = m[c]; m[c] = m[piv]; m[piv] = t;
      double tb = b[c]; b[c] = b[piv]; b[piv] = tb;
      for (int r = c + 1; r < n; r++) {
        double f = m[r][c] / m[c][c];
        for (int q = c; q < n; q++) m[r][q] -= f * m[c][q];
        b[r] -= f * b[c];
      }
    }
    double[] x = new double[n];
    for (int r = n - 1; r >= 0; r--) {
      double s = b[r];
      for (int q = r + 1; q < n; q++) s -= m[r][q] * x[q];
      x[r] = s / m[r][r];
    }
    return x;
  }

  /** Exact alternating minimization never raises the objective; CG steps from a warm start rarely do. */
  @Test
  void objectiveDecreasesEveryIteration() {
    Ratings data = counts(5);
    for (LinearSolver solver : LinearSolver.values()) {
      WalsConfig cfg = config(Confidence.LINEAR, 0.5, solver, 3).withRegScaling(RegScaling.NONE, 1);
      try (AlternatingRun run = new WalsTrainer(cfg).start(data)) {
        double last = Double.POSITIVE_INFINITY;
        for (int it = 0; it < 8; it++) {
          run.iterate();
          double f = run.objective();
          assertTrue(f <= last * (1 + 1e-5), solver + " iteration " + it + ": objective " + f + " > " + last);
          last = f;
        }
      }
    }
  }

  @Test
  void bitIdenticalForOneAndManyThreads() {
    Ratings data = counts(7);
    for (LinearSolver solver : LinearSolver.values()) {
      WalsConfig cfg = config(Confidence.LOG, 1, solver, 3).withIterations(3);
      try (FactorModel a = new WalsTrainer(cfg.withThreads(1)).fit(data);
           FactorModel b = new WalsTrainer(cfg.withThreads(3)).fit(data)) {
        assertArrayEquals(AlsTrainerTest.rows(a.userFactors()), AlsTrainerTest.rows(b.userFactors()));
        assertArrayEquals(AlsTrainerTest.rows(a.itemFactors()), AlsTrainerTest.rows(b.itemFactors()));
      }
    }
  }

  /** Explicit ALS with CG reaches the exact solver's test RMSE on planted data. */
  @Test
  void cgServesExplicitAls() {
    PlantedData d = AlsTrainerTest.DATA;
    AlsConfig exact = new AlsConfig(6, 0.005, 0.005, RegScaling.COUNT, 12, 2, 1);
    double chol, cg;
    try (AlternatingRun a = new AlsTrainer(exact).start(d.train, d.test);
         AlternatingRun b = new AlsTrainer(exact.withSolver(LinearSolver.CG, 3)).start(d.train, d.test)) {
      for (int it = 0; it < 12; it++) {
        a.iterate();
        b.iterate();
      }
      chol = a.testRmse();
      cg = b.testRmse();
    }
    assertTrue(cg < 1.03 * chol, "CG test RMSE " + cg + " vs Cholesky " + chol);
    assertTrue(chol < 1.15 * d.sigma, "Cholesky test RMSE " + chol);
  }

  /** WALS with w0 = 0, unit weights and target value is explicit ALS. */
  @Test
  void observedOnlyUnitWeightsEqualsExplicitAls() {
    PlantedData d = AlsTrainerTest.DATA;
    WalsConfig w = new WalsConfig(6, 0.3, 0.3, RegScaling.COUNT, 1, 0, 0, Confidence.CONSTANT, 0, 1, 0,
        PreferenceTarget.VALUE, LinearSolver.CHOLESKY, 3, 4, 2, 1);
    try (FactorModel a = new WalsTrainer(w).fit(d.train);
         FactorModel b = new AlsTrainer(new AlsConfig(6, 0.3, 0.3, RegScaling.COUNT, 4, 2, 1)).fit(d.train)) {
      float[] x = AlsTrainerTest.rows(a.userFactors()), y = AlsTrainerTest.rows(b.userFactors());
      for (int t = 0; t < x.length; t++) assertEquals(y[t], x[t], 1e-3 * (1 + Math.abs(y[t])));
    }
  }

  /**
   * Implicit positives planted from a low-rank model: WALS ranks each user's held-out positives above
   * the unobserved items far better than chance (AUC), and better than fitting the observed cells only.
   */
  @Test
  void ranksPlantedPositives() {
    SplittableRandom rnd = new SplittableRandom(11);
    int users = 300, items = 200, k = 4;
    double[][] pu = new double[users][k], pi = new double[items][k];
    for (double[] r : pu) for (int c = 0; c < k; c++) r[c] = rnd.nextGaussian();
    for (double[] r : pi) for (int c = 0; c < k; c++) r[c] = rnd.nextGaussian();
    int[] tu = new int[users * items], ti = new int[tu.length];
    boolean[][] test = new boolean[users][items];
    int n = 0;
    for (int u = 0; u < users; u++) {
      for (int i = 0; i < items; i++) {
        double s = 0;
        for (int c = 0; c < k; c++) s += pu[u][c] * pi[i][c];
        if (s < 1.5 || rnd.nextDouble() < 0.5) continue; // positives: high planted affinity, half seen
        if (rnd.nextDouble() < 0.2) test[u][i] = true;
        else { tu[n] = u; ti[n++] = i; }
      }
    }
    float[] ones = new float[n];
    java.util.Arrays.fill(ones, 1f);
    Ratings train = Ratings.ofDense(java.util.Arrays.copyOf(tu, n), java.util.Arrays.copyOf(ti, n), ones, users, items);
    WalsConfig base = new WalsConfig(8, 0.1, 0.1, RegScaling.NONE, 1, 0.1, 0, Confidence.CONSTANT, 0, 1, 0,
        PreferenceTarget.ONE, LinearSolver.CHOLESKY, 3, 10, 2, 3);
    double weighted = auc(base, train, test), observedOnly = auc(base.withUnobservedWeight(0), train, test);
    double cg = auc(base.withSolver(LinearSolver.CG, 3), train, test);
    // measured: 0.891 weighted (Cholesky and CG alike), 0.768 observed-only
    assertTrue(weighted > 0.85, "AUC " + weighted);
    assertTrue(cg > 0.85, "CG AUC " + cg);
    assertTrue(observedOnly < weighted - 0.05, "observed-only AUC " + observedOnly + " vs weighted " + weighted);
  }

  static double auc(WalsConfig cfg, Ratings train, boolean[][] test) {
    try (FactorModel m = new WalsTrainer(cfg).fit(train)) {
      boolean[][] seen = new boolean[m.numUsers()][m.numItems()];
      for (int t = 0; t < train.size(); t++) seen[train.user(t)][train.item(t)] = true;
      double sum = 0;
      int users = 0;
      for (int u = 0; u < m.numUsers(); u++) {
        long good = 0, pairs = 0;
        for (int p = 0; p < m.numItems(); p++) {
          if (!test[u][p]) continue;
          for (int q = 0; q < m.numItems(); q++) {
            if (test[u][q] || seen[u][q]) continue;
            pairs++;
            if (m.predict(u, p) > m.predict(u, q)) good++;
          }
        }
        if (pairs > 0) { sum += (double) good / pairs; users++; }
      }
      return sum / users;
    }
  }

  @Test
  void rejectsBadWeightsAndMissingColumn() {
    Ratings data = counts(3);
    assertThrows(IllegalArgumentException.class, () -> new WalsTrainer(config(Confidence.COLUMN, 1, LinearSolver.CHOLESKY, 3))
        .start(data.withWeights(null)).close());
    float[] w = data.weights().clone();
    w[0] = -1f;
    assertThrows(IllegalArgumentException.class, () -> new WalsTrainer(config(Confidence.COLUMN, 1, LinearSolver.CHOLESKY, 3))
        .start(data.withWeights(w)).close());
    assertThrows(IllegalArgumentException.class, () -> config(Confidence.LINEAR, -1, LinearSolver.CG, 3));
    assertThrows(IllegalArgumentException.class, () -> config(Confidence.LINEAR, 1, LinearSolver.CG, 0));
  }
}
