package org.mf4j.solver;

import org.mf4j.sparse.CsrMatrix;

/**
 * The least-squares problems of one half-sweep: for each row r of {@code data}, with y_t the fixed-side
 * rows it has entries for,
 * <pre>
 *   (s_r·B + Σ_t c_t·y_t y_tᵀ + reg_r·I) x_r = Σ_t b_t·y_t,   B = w0·Yᵀ diag(ρ) Y
 * </pre>
 * where B is shared by all rows (zero in explicit ALS, where w0 = 0), ρ are optional weights of the fixed
 * rows and s_r an optional scale per solved row (both 1 when absent: B = w0·YᵀY, the uniform case), c_t
 * the Gram weights and b_t the right-hand-side weights of the row's entries (aligned with {@code data}'s
 * entries). Explicit ALS: c = 1, b = the ratings. Weighted ALS: c = w − w0_cell, b = w·a. Popularity-
 * weighted unobserved cells (w0_ui = w0·ρ_i) put ρ on the user sweep's fixed items and s = ρ on the item
 * sweep's rows.
 *
 * <p>The trainers build these ({@link org.mf4j.solver.als.AlsTrainer#foldInProblem},
 * {@link org.mf4j.solver.als.WalsTrainer#foldInProblem(org.mf4j.sparse.CsrMatrix)}) and {@link FoldIn}
 * solves them. The arrays are kept, not copied: they must not change while a solve runs.
 *
 * @param side "user" or "item", for messages
 * @param data rows to solve, columns index the fixed side
 * @param gramWeights c per entry, or null when every c is 1
 * @param rhsWeights b per entry
 * @param regularization reg_r per row, ≥ 0
 * @param fixedWeights ρ per fixed-side row (≥ 0), or null for all 1
 * @param baseScale s_r per solved row (≥ 0), or null for all 1
 */
public record RowProblem(String side, CsrMatrix data, float[] gramWeights, float[] rhsWeights, double[] regularization,
    float[] fixedWeights, float[] baseScale) {
  /** A problem with the uniform shared matrix (no ρ, no s). */
  public RowProblem(String side, CsrMatrix data, float[] gramWeights, float[] rhsWeights, double[] regularization) {
    this(side, data, gramWeights, rhsWeights, regularization, null, null);
  }

  /** s_r of solved row {@code r}: 1 without per-row scales. */
  public float baseScale(int r) {
    return baseScale == null ? 1f : baseScale[r];
  }

  /**
   * Checks that the arrays are long enough for {@code data}; their values (the ranges above) and the
   * length of {@code fixedWeights} are not checked.
   *
   * @throws IllegalArgumentException when {@code rhsWeights} or {@code gramWeights} has fewer entries
   *     than {@code data}, or {@code regularization} or {@code baseScale} fewer than its rows
   * @throws NullPointerException when {@code data}, {@code rhsWeights} or {@code regularization} is null
   */
  public RowProblem {
    if (baseScale != null && baseScale.length < data.rows()) throw new IllegalArgumentException("baseScale shorter than the rows");
    if (rhsWeights.length < data.nnz()) throw new IllegalArgumentException("rhsWeights shorter than the entries");
    if (gramWeights != null && gramWeights.length < data.nnz()) throw new IllegalArgumentException("gramWeights shorter than the entries");
    if (regularization.length < data.rows()) throw new IllegalArgumentException("regularization shorter than the rows");
  }
}
