package org.mf4j.solver.svd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mf4j.api.AlsConfig;
import org.mf4j.api.IdIndex;
import org.mf4j.api.IterationStats;
import org.mf4j.api.Ratings;
import org.mf4j.api.RegScaling;
import org.mf4j.api.SvdConfig;
import org.mf4j.data.GeneratorConfig;
import org.mf4j.data.PlantedRatingsGenerator;
import org.mf4j.data.Splits;
import org.mf4j.data.TrainTestSplit;
import org.mf4j.memory.FactorMatrix;
import org.mf4j.model.FactorModel;
import org.mf4j.solver.PlantedData;
import org.mf4j.solver.als.AlsTrainer;

class ZeroFilledSvdTest {

  /** A users × items matrix with the given cells observed, dense in double (zeros elsewhere) and as ratings. */
  record Sparse(double[][] dense, Ratings ratings) {}

  /**
   * A planted matrix Σ_t scale_t·x_t·y_tᵀ (scales falling geometrically, so the spectrum has gaps) plus
   * noise, observed on a random fraction {@code density} of the cells.
   */
  static Sparse planted(int users, int items, int rank, double density, double noise, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    double[][] x = new double[users][rank], y = new double[items][rank];
    for (double[] row : x) for (int t = 0; t < rank; t++) row[t] = rnd.nextGaussian();
    for (double[] row : y) for (int t = 0; t < rank; t++) row[t] = rnd.nextGaussian() * Math.pow(0.7, t);
    double[][] a = new double[users][items];
    int[] us = new int[users * items], is = new int[users * items];
    float[] vs = new float[users * items];
    int n = 0;
    for (int u = 0; u < users; u++) {
      for (int i = 0; i < items; i++) {
        if (rnd.nextDouble() >= density) continue;
        double s = noise * rnd.nextGaussian();
        for (int t = 0; t < rank; t++) s += x[u][t] * y[i][t];
        float f = (float) s;
        a[u][i] = f;
        us[n] = u;
        is[n] = i;
        vs[n++] = f;
      }
    }
    return new Sparse(a, Ratings.ofDense(Arrays.copyOf(us, n), Arrays.copyOf(is, n), Arrays.copyOf(vs, n), users, items));
  }

  /**
   * The reference: the top {@code k} eigenpairs of AᵀA (dense, double) by the power method with
   * deflation, each run until the vector stops moving. Returns the singular values; {@code vectors[j]}
   * receives the right singular vectors.
   */
  static double[] referenceSvd(double[][] a, int k, double[][] vectors) {
    int items = a[0].length;
    double[][] ata = new double[items][items];
    for (double[] row : a) for (int i = 0; i < items; i++) for (int j = 0; j < items; j++) ata[i][j] += row[i] * row[j];
    double[] sigma = new double[k], lambda = new double[k];
    SplittableRandom rnd = new SplittableRandom(99);
    for (int j = 0; j < k; j++) {
      double[] v = new double[items];
      for (int i = 0; i < items; i++) v[i] = rnd.nextGaussian();
      normalize(v);
      double lam = 0;
      for (int it = 0; it < 200_000; it++) {
        double[] w = new double[items];
        for (int r = 0; r < items; r++) for (int c = 0; c < items; c++) w[r] += ata[r][c] * v[c];
        for (int d = 0; d < j; d++) { // deflate the pairs found so far
          double dot = 0;
          for (int i = 0; i < items; i++) dot += vectors[d][i] * v[i];
          for (int i = 0; i < items; i++) w[i] -= lambda[d] * dot * vectors[d][i];
        }
        lam = normalize(w);
        double moved = 0;
        for (int i = 0; i < items; i++) moved = Math.max(moved, Math.abs(w[i] - v[i]));
        v = w;
        if (moved < 1e-14) break;
      }
      // Rayleigh quotient, more accurate than the norm of the last step.
      double rq = 0;
      for (int r = 0; r < items; r++) for (int c = 0; c < items; c++) rq += v[r] * ata[r][c] * v[c];
      lambda[j] = rq;
      sigma[j] = Math.sqrt(rq);
      vectors[j] = v;
    }
    return sigma;
  }

  private static double normalize(double[] v) {
    double s = 0;
    for (double x : v) s += x * x;
    s = Math.sqrt(s);
    for (int i = 0; i < v.length; i++) v[i] /= s;
    return s;
  }

  /** A_k = A·V_k·V_kᵀ. */
  static double[][] truncate(double[][] a, double[][] vectors, int k) {
    int items = a[0].length;
    double[][] out = new double[a.length][items];
    for (int u = 0; u < a.length; u++) {
      for (int j = 0; j < k; j++) {
        double c = 0;
        for (int i = 0; i < items; i++) c += a[u][i] * vectors[j][i];
        for (int i = 0; i < items; i++) out[u][i] += c * vectors[j][i];
      }
    }
    return out;
  }

  /** ‖U·Vᵀ − ref‖_F and ‖ref‖_F, the products in double. */
  static double[] distance(FactorMatrix um, FactorMatrix vm, double[][] ref) {
    int k = um.rank();
    float[] u = rows(um), v = rows(vm);
    double d = 0, n = 0;
    for (int a = 0; a < ref.length; a++) {
      for (int i = 0; i < ref[0].length; i++) {
        double p = 0;
        for (int t = 0; t < k; t++) p += (double) u[a * k + t] * v[i * k + t];
        double e = p - ref[a][i];
        d += e * e;
        n += ref[a][i] * ref[a][i];
      }
    }
    return new double[] {Math.sqrt(d), Math.sqrt(n)};
  }

  static double[] distance(FactorModel m, double[][] ref) {
    return distance(m.userFactors(), m.itemFactors(), ref);
  }

  @Test
  void aSketchAsWideAsTheMatrixGivesItsExactTruncatedSvd() {
    // 24 items and a sketch of 5 + 19 = 24 columns: Q spans A's whole range, so the result is the exact
    // rank-5 SVD up to single-precision rounding.
    Sparse s = planted(60, 24, 8, 0.5, 0.3, 1);
    int k = 5;
    double[][] vectors = new double[k][];
    double[] ref = referenceSvd(s.dense(), k, vectors);
    try (SvdRun run = new ZeroFilledSvd(new SvdConfig(k, 19, 1, 2, 7)).start(s.ratings(), null)) {
      run.iterate();
      run.iterate();
      double[] sigma = run.singularValues();
      for (int j = 0; j < k; j++) assertEquals(ref[j], sigma[j], 1e-5 * ref[0], "σ_" + (j + 1));
      try (FactorModel m = run.toModel()) {
        double[] d = distance(m, truncate(s.dense(), vectors, k));
        assertTrue(d[0] < 1e-5 * d[1], "‖UVᵀ − A_5‖ / ‖A_5‖ = " + d[0] / d[1]);
        assertTrue(m.userFactors().paddingIsZero() && m.itemFactors().paddingIsZero(), "padding lanes must stay zero");
      }
    }
  }

  @Test
  void randomizedSketchConvergesToTheReferenceWithPowerIterations() {
    // 200 × 120 zero-filled, K = 6 from a sketch of 12 columns. The spectrum beyond K is flat (the zero
    // pattern's noise), so after 3 power iterations σ_4..σ_6 are still 0.2–0.3 % low while the rank-6 fit is
    // within 0.1 % of the optimum; after 20 (subspace error ~ (σ_13/σ_6)^41 ≈ 3·10⁻⁵) they match the
    // reference to single precision.
    Sparse s = planted(200, 120, 10, 0.4, 0.2, 2);
    int k = 6;
    double[][] vectors = new double[k][];
    double[] ref = referenceSvd(s.dense(), k, vectors);
    double normA2 = 0;
    for (double[] row : s.dense()) for (double x : row) normA2 += x * x;
    double optimal2 = normA2;
    for (double x : ref) optimal2 -= x * x; // ‖A − A_K‖² = ‖A‖² − Σ_{j≤K} σ_j²
    SvdConfig cfg = new SvdConfig(k, 6, 20, 2, 11);
    try (SvdRun run = new ZeroFilledSvd(cfg).start(s.ratings(), null)) {
      for (int it = 1; it <= cfg.iterations(); it++) {
        run.iterate();
        if (it != 4 && it != cfg.iterations()) continue;
        boolean last = it == cfg.iterations();
        double[] sigma = run.singularValues();
        for (int j = 0; j < k; j++) {
          assertTrue(sigma[j] <= ref[j] + 1e-6 * ref[0], "iteration " + it + ": σ_" + (j + 1) + " " + sigma[j] + " above the true " + ref[j]);
          assertEquals(ref[j], sigma[j], (last ? 1e-6 : 3e-3) * ref[0], "iteration " + it + ": σ_" + (j + 1));
        }
        double objective = run.objective();
        {
          double[] d = distance(run.userFactors(), run.itemFactors(), s.dense());
          double err2 = d[0] * d[0];
          assertTrue(err2 <= optimal2 * (1 + (last ? 1e-5 : 1e-3)), "iteration " + it + ": ‖A − UVᵀ‖² = " + err2 + ", optimum " + optimal2);
          assertTrue(err2 >= optimal2 * (1 - 1e-5), "better than the optimum? " + err2 + " < " + optimal2);
          // objective() is the same quantity per observed entry, computed without the dense matrix.
          assertEquals(err2 / s.ratings().size(), objective, 1e-5 * objective);
          if (last) {
            double[] vd = distance(run.userFactors(), run.itemFactors(), truncate(s.dense(), vectors, k));
            assertTrue(vd[0] < 1e-4 * vd[1], "‖UVᵀ − A_K‖ / ‖A_K‖ = " + vd[0] / vd[1]);
          }
        }
      }
    }
  }

  @Test
  void anExactlyLowRankMatrixIsReconstructed() {
    // Fully observed, rank 4. The sketch (4 + 6) is wider than the rank, so orth(Y) has six directions of
    // rounding noise that must be dropped, not amplified; K = 6 > rank asks for two zero singular values.
    Sparse s = planted(80, 50, 4, 1.0, 0, 3);
    for (int[] kp : new int[][] {{4, 6}, {4, 0}, {6, 4}}) {
      try (FactorModel m = new ZeroFilledSvd(new SvdConfig(kp[0], kp[1], 1, 2, 5)).fit(s.ratings())) {
        double[] d = distance(m, s.dense());
        assertTrue(d[0] < 1e-4 * d[1], "K " + kp[0] + " p " + kp[1] + ": relative error " + d[0] / d[1]);
        assertEquals(-1, m.userFactors().firstNonFiniteRow());
        assertEquals(-1, m.itemFactors().firstNonFiniteRow());
      }
    }
    try (SvdRun run = new ZeroFilledSvd(new SvdConfig(6, 4, 1, 1, 5)).start(s.ratings(), null)) {
      run.iterate();
      double[] sigma = run.singularValues();
      assertTrue(sigma[3] > 1, "σ_4 = " + sigma[3]);
      assertTrue(sigma[4] < 1e-4 * sigma[0] && sigma[5] < 1e-4 * sigma[0], Arrays.toString(sigma));
    }
  }

  @Test
  void factorsAreBitIdenticalForOneAndThreeThreads() {
    // 2,500 users: the Gram matrices of Y are summed over three blocks of rows.
    PlantedData data = PlantedData.generate(2_500, 300, 6, 0.02, 0.1, 5);
    SvdConfig one = new SvdConfig(8, 10, 2, 1, 17);
    try (FactorModel a = new ZeroFilledSvd(one).fit(data.train);
         FactorModel b = new ZeroFilledSvd(one.withThreads(3)).fit(data.train)) {
      assertArrayEquals(rows(a.userFactors()), rows(b.userFactors()));
      assertArrayEquals(rows(a.itemFactors()), rows(b.itemFactors()));
      assertTrue(maxAbs(a.userFactors()) > 0, "all-zero factors prove nothing");
    }
    try (FactorModel a = new ZeroFilledSvd(one).fit(data.train);
         FactorModel c = new ZeroFilledSvd(one.withSeed(18)).fit(data.train)) {
      assertTrue(!Arrays.equals(rows(a.userFactors()), rows(c.userFactors())), "the seed must change the sketch");
    }
  }

  @Test
  void onPlantedRatingsItGeneralizesFarWorseThanAls() {
    // Half-star ratings around 3.5 on a 1,000 × 500 matrix, 8 % observed: the zero-filled SVD spends its
    // rank on telling the observed cells from the 92 % zeros, so its predictions are shrunk toward 0.
    GeneratorConfig g = GeneratorConfig.DEFAULT.withSize(1_000, 500, 40_000).withRank(6).withSeed(4).withThreads(1);
    TrainTestSplit split = Splits.random(PlantedRatingsGenerator.generate(g).ratings(), 0.1, 42);
    List<IterationStats> svd = new ArrayList<>(), als = new ArrayList<>();
    SvdConfig sc = new SvdConfig(8, 10, 3, 2, 1);
    try (FactorModel m = new ZeroFilledSvd(sc).fit(split.train(), split.test(), svd::add);
         FactorModel n = new AlsTrainer(new AlsConfig(8, 0.05, 0.05, RegScaling.COUNT, 10, 2, 1)).fit(split.train(), split.test(), als::add)) {
      assertEquals(sc.iterations(), svd.size());
      double svdTest = svd.get(svd.size() - 1).testRmse(), alsTest = als.get(als.size() - 1).testRmse();
      double mean = 0;
      for (int t = 0; t < split.train().size(); t++) mean += split.train().value(t);
      mean /= split.train().size();
      double meanRmse = 0;
      for (int t = 0; t < split.test().size(); t++) meanRmse += Math.pow(split.test().value(t) - mean, 2);
      meanRmse = Math.sqrt(meanRmse / split.test().size());
      assertTrue(svdTest > 2 * alsTest, "SVD test RMSE " + svdTest + ", ALS " + alsTest);
      assertTrue(svdTest > meanRmse, "SVD test RMSE " + svdTest + " should be worse than predicting the mean: " + meanRmse);
      // The training cells fit better than the held-out ones: what SVD fits is the zero pattern.
      assertTrue(svd.get(svd.size() - 1).trainRmse() < svdTest, "train " + svd.get(svd.size() - 1).trainRmse());
      assertEquals("svd", m.algorithm());
    }
  }

  @Test
  void eachIterationIsOneMorePowerIterationAndTheObjectiveIsConsistent() {
    Sparse s = planted(150, 90, 6, 0.3, 0.3, 6);
    SvdConfig cfg = new SvdConfig(5, 5, 4, 2, 3);
    try (SvdRun run = new ZeroFilledSvd(cfg).start(s.ratings(), null)) {
      assertEquals(0, run.singularValues()[0]);
      double normA2 = 0;
      for (double[] row : s.dense()) for (double x : row) normA2 += x * x;
      double first = Double.NaN;
      for (int it = 1; it <= cfg.iterations(); it++) {
        double seconds = run.iterate();
        assertTrue(seconds >= 0);
        double captured = 0;
        for (double x : run.singularValues()) captured += x * x;
        // objective = (‖A‖² − Σ σ_j²) / nnz for orthonormal sketches.
        assertEquals((normA2 - captured) / s.ratings().size(), run.objective(), 1e-4 * run.objective(), "iteration " + it);
        if (it == 1) first = run.objective();
        run.checkFinite(it);
      }
      assertTrue(run.objective() <= first * (1 + 1e-6), "power iterations made it worse: " + first + " -> " + run.objective());
      assertEquals(cfg.iterations(), run.iterations());
      assertTrue(run.flopsPerIteration() > 4.0 * s.ratings().size() * 10);
      assertTrue(Double.isNaN(run.testRmse()), "no test set");
    }
  }

  @Test
  void nonFiniteRatingsAndBadSettingsAreRejected() {
    Ratings bad = new Ratings(new int[] {0, 1}, new int[] {1, 0}, new float[] {2, Float.NaN}, null, 2,
        IdIndex.identity(2), IdIndex.identity(2));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ZeroFilledSvd(new SvdConfig(1, 0, 0, 1, 1)).fit(bad));
    assertTrue(e.getMessage().contains("NaN") && e.getMessage().contains("user 1"), e.getMessage());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new SvdConfig(0, 10, 2, 1, 1)).getMessage().contains("rank = 0"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new SvdConfig(4, -1, 2, 1, 1)).getMessage().contains("oversampling = -1"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new SvdConfig(1000, 30, 2, 1, 1)).getMessage().contains("oversampling = 30"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new SvdConfig(4, 1, -1, 1, 1)).getMessage().contains("powerIterations = -1"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new SvdConfig(4, 1, 1, 0, 1)).getMessage().contains("threads = 0"));
  }

  static float[] rows(FactorMatrix m) {
    float[] all = new float[m.rows() * m.rank()];
    for (int r = 0; r < m.rows(); r++) m.getRow(r, all, r * m.rank());
    return all;
  }

  static float maxAbs(FactorMatrix m) {
    float x = 0;
    for (float f : rows(m)) x = Math.max(x, Math.abs(f));
    return x;
  }
}
