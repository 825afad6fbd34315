package org.mf4j.solver.svd;

/**
 * Eigen-decomposition of a small dense symmetric matrix in double precision by the cyclic Jacobi method
 * (Golub and Van Loan, "Matrix Computations", 4th ed., §8.5): sweeps of plane rotations, each zeroing one
 * off-diagonal pair, until none is left above the threshold. Slower than a tridiagonal QR for large n
 * but simple, accurate for positive semi-definite matrices (small eigenvalues to high relative accuracy),
 * and plenty fast for the (K + oversampling)² matrices of the randomized SVD. Stateless; allocates only
 * what {@link #decompose} returns.
 */
final class SymmetricEigen {
  /** Sweeps before giving up; Jacobi converges quadratically and needs 6–12 at the sizes used here. */
  static final int MAX_SWEEPS = 60;
  private static final double EPS = 0x1p-52;

  private SymmetricEigen() {}

  /**
   * Decomposes the symmetric {@code n × n} matrix {@code a} (row-major, both triangles read; destroyed)
   * as A = W Λ Wᵀ.
   *
   * @param w receives the orthonormal eigenvectors as columns: component i of vector j at {@code w[i*n + j]}
   * @param values receives the eigenvalues in descending order, vectors permuted to match
   * @return the number of rotations done
   * @throws ArithmeticException when {@code a} holds NaN or infinity, or Jacobi does not converge
   */
  static long decompose(int n, double[] a, double[] w, double[] values) {
    double frob = 0;
    for (int t = 0; t < n * n; t++) {
      if (!Double.isFinite(a[t])) {
        throw new ArithmeticException("eigen-decomposition: entry (" + t / n + ", " + t % n + ") is " + a[t]);
      }
      frob += a[t] * a[t];
    }
    java.util.Arrays.fill(w, 0, n * n, 0.0);
    for (int i = 0; i < n; i++) w[i * n + i] = 1;
    // Off-diagonal entries this small against the whole matrix change no eigenvalue visibly; without this
    // floor, pairs of (numerically) zero rows could rotate forever.
    double floor = EPS * EPS * Math.sqrt(frob);
    long rotations = 0;
    boolean converged = n < 2;
    for (int sweep = 0; sweep < MAX_SWEEPS && !converged; sweep++) {
      converged = true;
      for (int p = 0; p < n - 1; p++) {
        for (int q = p + 1; q < n; q++) {
          double apq = a[p * n + q];
          double app = a[p * n + p], aqq = a[q * n + q];
          // Relative threshold (Demmel–Veselić): keeps the small eigenvalues of a semi-definite matrix accurate.
          if (Math.abs(apq) <= EPS * Math.sqrt(Math.abs(app * aqq)) || Math.abs(apq) <= floor) continue;
          converged = false;
          rotate(n, a, w, p, q, app, aqq, apq);
          rotations++;
        }
      }
    }
    if (!converged) throw new ArithmeticException("eigen-decomposition: Jacobi did not converge in " + MAX_SWEEPS + " sweeps (n = " + n + ")");
    for (int i = 0; i < n; i++) values[i] = a[i * n + i];
    sortDescending(n, w, values);
    return rotations;
  }

  /** A ← JᵀAJ and W ← WJ with the rotation J in the (p, q) plane that zeroes a_pq (GVL Algorithm 8.5.1). */
  private static void rotate(int n, double[] a, double[] w, int p, int q, double app, double aqq, double apq) {
    double tau = (aqq - app) / (2 * apq);
    double t = (tau >= 0 ? 1 : -1) / (Math.abs(tau) + Math.sqrt(1 + tau * tau));
    double c = 1 / Math.sqrt(1 + t * t), s = t * c;
    for (int k = 0; k < n; k++) { // columns p and q
      double akp = a[k * n + p], akq = a[k * n + q];
      a[k * n + p] = c * akp - s * akq;
      a[k * n + q] = s * akp + c * akq;
    }
    for (int k = 0; k < n; k++) { // rows p and q
      double apk = a[p * n + k], aqk = a[q * n + k];
      a[p * n + k] = c * apk - s * aqk;
      a[q * n + k] = s * apk + c * aqk;
    }
    a[p * n + q] = 0;
    a[q * n + p] = 0;
    for (int k = 0; k < n; k++) {
      double wkp = w[k * n + p], wkq = w[k * n + q];
      w[k * n + p] = c * wkp - s * wkq;
      w[k * n + q] = s * wkp + c * wkq;
    }
  }

  /** Selection sort of the eigenpairs, largest first (n is small; ties keep their order). */
  private static void sortDescending(int n, double[] w, double[] values) {
    for (int i = 0; i < n - 1; i++) {
      int best = i;
      for (int j = i + 1; j < n; j++) if (values[j] > values[best]) best = j;
      if (best == i) continue;
      double v = values[i];
      values[i] = values[best];
      values[best] = v;
      for (int k = 0; k < n; k++) {
        double x = w[k * n + i];
        w[k * n + i] = w[k * n + best];
        w[k * n + best] = x;
      }
    }
  }
}
