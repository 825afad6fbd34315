package org.mf4j.solver.svd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SymmetricEigenTest {

  /** Checks A·W = W·Λ, WᵀW = I and the order, against the matrix before decomposition. */
  private static void checkDecomposition(int n, double[] original) {
    double[] a = original.clone(), w = new double[n * n], values = new double[n];
    SymmetricEigen.decompose(n, a, w, values);
    double norm = 0;
    for (double x : original) norm = Math.max(norm, Math.abs(x));
    for (int j = 0; j + 1 < n; j++) assertTrue(values[j] >= values[j + 1], "not descending at " + j);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double aw = 0, wtw = 0;
        for (int t = 0; t < n; t++) {
          aw += original[i * n + t] * w[t * n + j];
          wtw += w[t * n + i] * w[t * n + j];
        }
        assertEquals(w[i * n + j] * values[j], aw, 1e-12 * n * Math.max(norm, 1e-300), "A·W at " + i + "," + j + " (n = " + n + ")");
        assertEquals(i == j ? 1 : 0, wtw, 1e-13 * n, "WᵀW at " + i + "," + j + " (n = " + n + ")");
      }
    }
  }

  @Test
  void randomSymmetricMatricesOfManySizes() {
    SplittableRandom rnd = new SplittableRandom(3);
    for (int n : new int[] {1, 2, 3, 5, 16, 17, 33, 40}) {
      double[] a = new double[n * n];
      for (int i = 0; i < n; i++) {
        for (int j = i; j < n; j++) a[i * n + j] = a[j * n + i] = rnd.nextGaussian();
      }
      checkDecomposition(n, a);
    }
  }

  @Test
  void semiDefiniteRankDeficientGramAndItsZeroEigenvalues() {
    // G = XᵀX with X 30 × 12 of rank 4: eight zero eigenvalues, the other four positive.
    int n = 12, m = 30, r = 4;
    SplittableRandom rnd = new SplittableRandom(5);
    double[] f = new double[m * r], h = new double[r * n], x = new double[m * n], g = new double[n * n];
    for (int t = 0; t < f.length; t++) f[t] = rnd.nextGaussian();
    for (int t = 0; t < h.length; t++) h[t] = rnd.nextGaussian();
    for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) for (int t = 0; t < r; t++) x[i * n + j] += f[i * r + t] * h[t * n + j];
    for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) for (int t = 0; t < m; t++) g[i * n + j] += x[t * n + i] * x[t * n + j];
    checkDecomposition(n, g);
    double[] w = new double[n * n], values = new double[n];
    SymmetricEigen.decompose(n, g.clone(), w, values);
    for (int j = 0; j < r; j++) assertTrue(values[j] > 1, "eigenvalue " + j + " = " + values[j]);
    for (int j = r; j < n; j++) assertEquals(0, values[j], 1e-12 * values[0], "eigenvalue " + j);
  }

  @Test
  void diagonalZeroAndIllScaledMatrices() {
    checkDecomposition(4, new double[] {3, 0, 0, 0, 0, -1, 0, 0, 0, 0, 7, 0, 0, 0, 0, 0});
    checkDecomposition(3, new double[9]);
    // A graded matrix D·H·D (D = diag(1e4, 1e-4), H well conditioned): eigenvalues near 1e8 and 7.5e-9; the
    // small one must keep its relative accuracy, as in a Gram matrix of columns of very different sizes.
    double[] a = {1e8, 0.5, 0.5, 1e-8};
    double big = (1e8 + 1e-8 + Math.sqrt((1e8 - 1e-8) * (1e8 - 1e-8) + 1)) / 2, small = (1e8 * 1e-8 - 0.25) / big;
    double[] w = new double[4], values = new double[2];
    SymmetricEigen.decompose(2, a, w, values);
    assertEquals(big, values[0], 1e-15 * big);
    assertEquals(small, values[1], 1e-12 * small, "the small eigenvalue lost its relative accuracy");
  }

  @Test
  void nonFiniteInputIsReportedWithItsPosition() {
    double[] a = {1, 2, 2, Double.NaN};
    ArithmeticException e = assertThrows(ArithmeticException.class, () -> SymmetricEigen.decompose(2, a, new double[4], new double[2]));
    assertTrue(e.getMessage().contains("(1, 1)") && e.getMessage().contains("NaN"), e.getMessage());
  }
}
