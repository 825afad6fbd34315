package org.mf4j.solver.internal;

import org.mf4j.memory.FactorMatrix;

/**
 * Folds a biased model r ≈ μ + b_u + b_i + u·v into plain factors of rank K + 2 — user rows
 * (u, μ + b_u, 1), item rows (v, 1, b_i) — so that everything that serves factor models (prediction,
 * top-N, the model file) serves biased ones unchanged.
 */
public final class BiasFolding {
  private BiasFolding() {}

  /** The folded user and item factors; closes {@code u} and {@code v}. */
  public static FactorMatrix[] fold(FactorMatrix u, FactorMatrix v, float mean, float[] userBias, float[] itemBias) {
    int k = u.rank();
    FactorMatrix ub = FactorMatrix.allocate(u.rows(), k + 2), vb = FactorMatrix.allocate(v.rows(), k + 2);
    float[] row = new float[Math.max(ub.stride(), u.stride())];
    for (int r = 0; r < u.rows(); r++) {
      u.getRow(r, row, 0);
      row[k] = mean + userBias[r];
      row[k + 1] = 1f;
      ub.setRow(r, row, 0);
    }
    for (int i = 0; i < v.rows(); i++) {
      v.getRow(i, row, 0);
      row[k] = 1f;
      row[k + 1] = itemBias[i];
      vb.setRow(i, row, 0);
    }
    u.close();
    v.close();
    return new FactorMatrix[] {ub, vb};
  }
}
