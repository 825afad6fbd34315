package org.mf4j.solver;

import org.mf4j.sparse.CsrMatrix;

/**
 * The least-squares problems of one half-sweep: for each row r of {@code data}, with y_t the fixed-side
 * rows it has entries for,
 * <pre>
 *   (B + Σ_t c_t·y_t y_tᵀ + reg_r·I) x_r = Σ_t b_t·y_t
 * </pre>
 * where B is a matrix shared by all rows (w0·YᵀY in weighted ALS, zero in explicit ALS), c_t the Gram
 * weights and b_t the right-hand-side weights of the row's entries (aligned with {@code data}'s entries).
 * Explicit ALS: c = 1, b = the ratings. Weighted ALS: c = w − w0, b = w·a.
 *
 * @param side "user" or "item", for messages
 * @param data rows to solve, columns index the fixed side
 * @param gramWeights c per entry, or null when every c is 1
 * @param rhsWeights b per entry
 * @param regularization reg_r per row, ≥ 0
 */
public record RowProblem(String side, CsrMatrix data, float[] gramWeights, float[] rhsWeights, double[] regularization) {
  public RowProblem {
    if (rhsWeights.length < data.nnz()) throw new IllegalArgumentException("rhsWeights shorter than the entries");
    if (gramWeights != null && gramWeights.length < data.nnz()) throw new IllegalArgumentException("gramWeights shorter than the entries");
    if (regularization.length < data.rows()) throw new IllegalArgumentException("regularization shorter than the rows");
  }
}
