package org.mf4j.solver.internal;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import org.mf4j.kernel.Kernels;
import org.mf4j.memory.FactorMatrix;
import org.mf4j.parallel.RowSweep;

/**
 * The Gramian w0·YᵀY of a whole factor matrix, the weighted-ALS term that stands for every unobserved
 * cell at once (the "exact Gramian trick": O(rows·K²) once per half-sweep instead of O(rows·cols·K²)).
 *
 * <p>Parallel and deterministic: Y is cut into fixed blocks of {@link #BLOCK_ROWS} rows whatever the
 * thread count; each block's partial Gram comes from the register-blocked {@link Kernels#syrk} over
 * contiguous panels copied from off-heap memory, and the partials are summed in block order, in double.
 * Owns its partial sums; not thread-safe (one per training run).
 */
public final class Gramian {
  static final int BLOCK_ROWS = 4096;
  /** Rows per syrk call: 64 rows of K = 64 are the 16 KiB L1 panel the row solvers use too. */
  static final int PANEL_ROWS = 64;

  private final Kernels kernels;
  private final int k;
  private final int stride;
  private final float[][] partials;

  /** For factor matrices of {@code rows} rows and rank {@code k}. */
  public Gramian(Kernels kernels, int k, int rows) {
    this.kernels = kernels;
    this.k = k;
    this.stride = FactorMatrix.strideFor(k);
    int blocks = Math.max(1, (rows + BLOCK_ROWS - 1) / BLOCK_ROWS);
    this.partials = new float[blocks][k * stride];
  }

  /** Flops of one computation over {@code rows} rows (upper triangle). */
  public static double flops(long rows, int k) {
    return (double) rows * k * (k + 1);
  }

  /**
   * Writes {@code scale·YᵀY} into {@code out} (k rows, leading dimension {@code y.stride()}), both
   * triangles filled, padding columns zero.
   */
  public void compute(RowSweep<Workspace> sweep, FactorMatrix y, double scale, float[] out) {
    compute(sweep, y, null, scale, out);
  }

  /**
   * Writes {@code scale·Yᵀ diag(rowWeights) Y} into {@code out}; {@code rowWeights} (≥ 0, one per row
   * of Y) may be null for all 1.
   */
  public void compute(RowSweep<Workspace> sweep, FactorMatrix y, float[] rowWeights, double scale, float[] out) {
    int blocks = (y.rows() + BLOCK_ROWS - 1) / BLOCK_ROWS;
    if (blocks > partials.length) throw new IllegalArgumentException("Y has more rows than this Gramian was made for");
    sweep.run(blocks, b -> 1, (from, to, ws) -> {
      for (int b = from; b < to; b++) block(b, y, rowWeights, ws.gramianPanel());
    });
    for (int i = 0; i < k; i++) {
      for (int j = i; j < k; j++) {
        double s = 0;
        for (int b = 0; b < blocks; b++) s += partials[b][i * stride + j];
        float v = (float) (scale * s);
        out[i * stride + j] = v;
        out[j * stride + i] = v;
      }
      Arrays.fill(out, i * stride + k, (i + 1) * stride, 0f);
    }
  }

  private void block(int b, FactorMatrix y, float[] rowWeights, float[] panel) {
    float[] gram = partials[b];
    Arrays.fill(gram, 0f);
    int end = Math.min(y.rows(), (b + 1) * BLOCK_ROWS);
    MemorySegment src = y.segment();
    for (int r = b * BLOCK_ROWS; r < end; r += PANEL_ROWS) {
      int n = Math.min(PANEL_ROWS, end - r);
      MemorySegment.copy(src, ValueLayout.JAVA_FLOAT, y.rowOffset(r) * Float.BYTES, panel, 0, n * stride);
      if (rowWeights != null) {
        for (int t = 0; t < n; t++) kernels.scale(k, (float) Math.sqrt(rowWeights[r + t]), panel, t * stride);
      }
      kernels.syrk(n, k, panel, 0, stride, gram, 0, stride);
    }
  }
}
