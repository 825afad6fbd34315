package org.mf4j.solver;

import org.mf4j.solver.internal.Gramian;
import org.mf4j.solver.internal.Workspace;
import org.mf4j.kernel.Kernels;
import org.mf4j.memory.FactorMatrix;
import org.mf4j.parallel.RowSweep;

/**
 * Fold-in: factor rows for histories the trainer did not solve (new users, or users whose history
 * changed), against the fixed factors of the other side. The rows are solved exactly by Cholesky from
 * the same normal equations the trainer's half-sweep solves — its regularization and, for weighted
 * models, its w0 Gramian — so folding in a training user's own history against the final item factors
 * gives that user's row of one more half-sweep, never a few conjugate-gradient steps from zero. The
 * trainer poses the problem for the histories
 * ({@link org.mf4j.solver.als.AlsTrainer#foldInProblem(org.mf4j.sparse.CsrMatrix)},
 * {@link org.mf4j.solver.als.WalsTrainer#foldInProblem(org.mf4j.sparse.CsrMatrix, org.mf4j.sparse.CsrMatrix)}
 * and their item-side twins); this class solves it. Most callers use
 * {@link org.mf4j.model.FactorModel#foldInUser} instead. Stateless and thread-safe.
 */
public final class FoldIn {
  private FoldIn() {}

  /**
   * Solves every row of {@code problem} against {@code fixed} (rank K) on a pool of {@code threads}
   * threads started and stopped for the call, and returns the rows as a new off-heap matrix
   * ({@code problem.data().rows()} × K; the caller owns and closes it). {@code w0} is the trainer's weight
   * on unobserved cells (0 for explicit ALS), whose Gramian w0·Yᵀdiag(ρ)Y every row starts from; with
   * {@code w0 ≤ 0} no Gramian is formed. A row without entries gets the zero vector. The result does not
   * depend on the thread count. Nothing stays allocated when it throws.
   *
   * @param kernels the kernels to compute with
   * @param problem the rows to solve; its columns index the rows of {@code fixed}, its
   *     {@link RowProblem#fixedWeights()} (when not null) has one weight per row of {@code fixed}
   * @param fixed the other side's factors Y, only read
   * @param w0 the weight of an unobserved cell, ≥ 0
   * @param threads worker threads, ≥ 1
   * @return the solved rows, one per row of {@code problem.data()}
   * @throws IllegalArgumentException when the problem's column count differs from {@code fixed}'s row
   *     count, or {@code threads < 1}
   * @throws NotPositiveDefiniteException when a row's system is not positive definite (λ = 0 with fewer
   *     entries than K, or NaN/Inf among the weights or factors), naming the side and the row
   */
  public static FactorMatrix solve(Kernels kernels, RowProblem problem, FactorMatrix fixed, double w0, int threads) {
    int k = fixed.rank(), rows = problem.data().rows();
    if (problem.data().numCols() != fixed.rows()) {
      throw new IllegalArgumentException("the histories have " + problem.data().numCols() + " columns, the fixed factors "
          + fixed.rows() + " rows");
    }
    FactorMatrix out = FactorMatrix.allocate(rows, k);
    try (RowSweep<Workspace> sweep = new RowSweep<>(threads, () -> new Workspace(kernels, k))) {
      float[] base = null;
      if (w0 > 0) {
        base = new float[k * fixed.stride()];
        new Gramian(kernels, k, fixed.rows()).compute(sweep, fixed, problem.fixedWeights(), w0, base);
      }
      final float[] shared = base;
      sweep.run(rows, r -> problem.data().rowLength(r) + (long) k * k,
          (from, to, ws) -> ws.cholesky().solveRows(from, to, problem, shared, fixed, out));
      return out;
    } catch (RuntimeException e) {
      out.close();
      throw e;
    }
  }
}
