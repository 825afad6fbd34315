package org.mf4j.solver.internal;

import org.mf4j.solver.RowProblem;
import java.util.Arrays;
import org.mf4j.kernel.Kernels;
import org.mf4j.memory.FactorMatrix;
import org.mf4j.sparse.CsrMatrix;

/**
 * Per-worker scratch and the conjugate-gradient solve of the rows of a {@link RowProblem}, warm-started
 * from the rows' current values in {@code x} (Takács, Pilászy, Tikk, "Applications of the conjugate
 * gradient method for implicit feedback collaborative filtering", 2011).
 *
 * <p>The row's matrix A = B + Σ c_t y_t y_tᵀ + reg·I is never formed: A·p is B·p (one
 * {@link Kernels#gemvT} over the shared full B) plus Yᵀ(c ∘ (Y p)) over the row's gathered entries plus
 * reg·p, O(n·K + K²) per step against O(n·K² + K³) for the exact solve, the panel part in one fused
 * pass ({@link Kernels#gramTimesVector}). A row's entries are gathered once and kept across its steps:
 * gathering is a random walk through the fixed side's factors, while the steps stream the panel. The
 * panel grows to the longest row seen, up to {@link #MAX_PANEL_BYTES}; longer rows are gathered again
 * per step (measured on 10 M implicit ones, 20,000 items: with a 512 KiB panel, half the entries sat in
 * items too long for it, and gathering took most of the time). The first residual is computed while
 * gathering, {@link #CHUNK} entries at a time still in L1, which saves a pass over panels beyond L2
 * (solving rows in groups to share the reads of B was tried too: no faster at K = 128, so not kept).
 *
 * <p>Each row's result depends only on its own data and warm start, so results do not depend on the
 * thread count. Not thread-safe: one instance per worker. Allocates only in the constructor.
 */
public final class ConjugateGradient {
  /** Initial panel size (L2-sized); it grows on demand up to {@link #MAX_PANEL_BYTES}. */
  static final int PANEL_BYTES = 512 * 1024;
  static final long MAX_PANEL_BYTES = 128L << 20;
  /** Entries gathered and used for the first residual at once: 32 rows of K = 128 are 16 KiB. */
  static final int CHUNK = 32;

  private final Kernels kernels;
  private final int k;
  private final int stride;
  private int capacity;
  private float[] panel;
  private final float[] xr, residual, direction, product;

  public ConjugateGradient(Kernels kernels, int rank) {
    this.kernels = kernels;
    this.k = rank;
    this.stride = FactorMatrix.strideFor(rank);
    this.capacity = Math.max(16, PANEL_BYTES / (stride * Float.BYTES));
    this.panel = new float[capacity * stride];
    this.xr = new float[stride];
    this.residual = new float[stride];
    this.direction = new float[stride];
    this.product = new float[stride];
  }

  /** Flops of solving one row of {@code n} entries, {@code steps} steps, with or without B. */
  public static double flops(long n, int k, int steps, boolean base) {
    double multiply = 4.0 * n * k + (base ? 2.0 * k * k : 0) + 2.0 * k;
    return (steps + 1) * multiply + steps * 10.0 * k; // the first residual is one fused product
  }

  /**
   * Runs {@code steps} CG steps on rows {@code [from, to)} of {@code x}, from their current values.
   * {@code base} is the full symmetric B (row-major, leading dimension {@code y.stride()}; scaled per
   * row by the problem's s_r) or null for B = 0. A row without entries gets a zero factor. Stops a row early when its residual vanishes or
   * the curvature pᵀAp is not positive (a system that is not positive definite).
   */
  public void solveRows(int from, int to, RowProblem problem, float[] base, FactorMatrix y, FactorMatrix x,
      int steps) {
    CsrMatrix data = problem.data();
    for (int r = from; r < to; r++) {
      long start = data.rowStart(r), end = data.rowEnd(r);
      if (start == end) {
        Arrays.fill(xr, 0f);
        x.setRow(r, xr, 0);
        continue;
      }
      long length = end - start;
      if (length > capacity && (long) capacity * stride * Float.BYTES < MAX_PANEL_BYTES) grow(length);
      boolean resident = length <= capacity;
      float reg = (float) problem.regularization()[r];
      x.getRowPadded(r, xr, 0);

      // residual = b − A·x in one pass over the panel: Σ_t (b_t + c_t·(y_t·(−x)))·y_t − s·B·x − reg·x
      float scale = problem.baseScale(r);
      for (int j = 0; j < k; j++) direction[j] = -xr[j];
      product(problem, start, end, resident, true, base, scale, reg, y, direction, residual, problem.rhsWeights());
      System.arraycopy(residual, 0, direction, 0, stride);
      float rs = kernels.dot(residual, 0, residual, 0, k);

      for (int step = 0; step < steps && rs > 0f; step++) {
        product(problem, start, end, resident, false, base, scale, reg, y, direction, product, null);
        float curvature = kernels.dot(direction, 0, product, 0, k);
        if (!(curvature > 0f)) break;
        float alpha = rs / curvature;
        kernels.axpy(k, alpha, direction, 0, xr, 0);
        kernels.axpy(k, -alpha, product, 0, residual, 0);
        float rsNext = kernels.dot(residual, 0, residual, 0, k);
        kernels.scale(k, rsNext / rs, direction, 0);
        kernels.axpy(k, 1f, residual, 0, direction, 0);
        rs = rsNext;
      }
      x.setRow(r, xr, 0);
    }
  }

  /** Room for {@code n} rows, or as many as {@link #MAX_PANEL_BYTES} allows (rare: longest row so far). */
  private void grow(long n) {
    capacity = (int) Math.min(n, MAX_PANEL_BYTES / (stride * Float.BYTES));
    panel = new float[capacity * stride];
  }

  /**
   * out = A·v, or with {@code rhs} the weights of b, out = b + A·v (v = −x gives the residual), for the
   * row whose entries are {@code [start, end)}. With {@code gather} a resident row is gathered into the
   * panel first, a chunk at a time, each chunk used while in L1; a row that does not fit is gathered
   * again a panel at a time.
   */
  private void product(RowProblem problem, long start, long end, boolean resident, boolean gather, float[] base,
      float scale, float reg, FactorMatrix y, float[] v, float[] out, float[] rhs) {
    Arrays.fill(out, 0f);
    if (base != null) {
      kernels.gemvT(k, k, base, 0, stride, v, 0, out, 0);
      if (scale != 1f) kernels.scale(k, scale, out, 0);
    }
    float[] c = problem.gramWeights();
    int[] cols = problem.data().colIndex();
    if (resident && !gather) {
      kernels.gramTimesVector((int) (end - start), k, panel, 0, stride, c, rhs, (int) start, v, 0, out, 0);
    } else {
      int chunk = resident ? CHUNK : capacity;
      for (long p = start; p < end; p += chunk) {
        int n = (int) Math.min(chunk, end - p);
        int at = resident ? (int) (p - start) * stride : 0;
        kernels.gather(y.segment(), stride, cols, (int) p, n, panel, at, stride);
        kernels.gramTimesVector(n, k, panel, at, stride, c, rhs, (int) p, v, 0, out, 0);
      }
    }
    kernels.axpy(k, reg, v, 0, out, 0);
  }
}
