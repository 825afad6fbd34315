package org.mf4j.solver;

import java.util.Arrays;
import org.mf4j.kernel.Kernels;
import org.mf4j.memory.FactorMatrix;
import org.mf4j.sparse.CsrMatrix;

/**
 * Per-worker scratch and the batched solve of regularized least-squares rows:
 * for each row r, (Y_rᵀY_r + reg_r·I) x_r = Y_rᵀ a_r, where Y_r are the rows of the fixed factor matrix
 * that row r has entries for and a_r those entries.
 *
 * <p>How: a row's Gram matrix and right-hand side are accumulated panel by panel (a few dozen fixed-side
 * rows gathered into a contiguous array, then {@link Kernels#syrk} and {@link Kernels#gemvT}); its upper
 * triangle is moved into lane {@code s} of a batch; once {@link Kernels#batchLanes()} rows are in the
 * batch, one {@link Kernels#choleskyBatch} factors and solves them all. Each row's result depends only
 * on its own data, never on the batch it shared, so results do not depend on how rows were split
 * between threads.
 *
 * <p>Not thread-safe: one instance per worker. Allocates only in the constructor.
 */
public final class NormalEquations {
  /**
   * Bytes of one gathered panel: 16 KiB stays in L1 next to the Gram rows being updated (64 rows at
   * K = 64). Measured at K = 64: 256-row panels (64 KiB, from L2) made the Gram build ~20 % slower.
   */
  static final int PANEL_BYTES = 16 * 1024;

  private final Kernels kernels;
  private final int k;
  private final int stride;
  private final int lanes;
  private final int ld;
  private final int chunk;
  private final float[] panel;
  private final float[] gram;
  private final float[] rhs;
  private final float[] batchA;
  private final float[] batchB;
  private final float[] solution;
  private final int[] batchRows;

  public NormalEquations(Kernels kernels, int rank) {
    this.kernels = kernels;
    this.k = rank;
    this.stride = FactorMatrix.strideFor(rank);
    this.lanes = kernels.batchLanes();
    this.chunk = Math.clamp(PANEL_BYTES / (stride * Float.BYTES), 16, 256);
    this.panel = new float[chunk * stride];
    this.gram = new float[k * stride];
    this.rhs = new float[stride];
    this.ld = Kernels.batchRowStride(rank);
    this.batchA = new float[k * ld * lanes];
    this.batchB = new float[k * lanes];
    this.solution = new float[stride];
    this.batchRows = new int[lanes];
  }

  /** Supplies the per-row regularization: the value added to the Gram matrix's diagonal. */
  @FunctionalInterface
  public interface Regularization {
    double diagonal(int row, int count);
  }

  /**
   * Solves rows {@code [from, to)} of {@code x} from the fixed factors {@code y} and the entries of
   * {@code data} (row r of {@code data} lists the rows of {@code y} and the values). A row without
   * entries gets a zero factor.
   *
   * @throws NotPositiveDefiniteException naming {@code side} and the row when a system is not SPD
   */
  public void solveRows(int from, int to, CsrMatrix data, FactorMatrix y, FactorMatrix x,
      Regularization reg, String side) {
    int[] cols = data.colIndex();
    float[] vals = data.values();
    for (int base = from; base < to; base += lanes) {
      int count = Math.min(lanes, to - base);
      for (int s = 0; s < lanes; s++) {
        if (s < count) {
          int r = base + s;
          batchRows[s] = r;
          buildRow(data, r, cols, vals, y);
          double diag = reg.diagonal(r, data.rowLength(r));
          if (data.rowLength(r) == 0) diag = 1.0; // empty row: x = 0 from an identity system
          loadLane(s, (float) diag);
        } else {
          identityLane(s);
        }
      }
      int failed = kernels.choleskyBatch(k, batchA, batchB);
      if (failed != 0) {
        int s = Integer.numberOfTrailingZeros(failed);
        int r = batchRows[s];
        throw new NotPositiveDefiniteException(side + " " + r + ": normal equations not positive definite ("
            + data.rowLength(r) + " entries, rank " + k + ", diagonal regularization "
            + reg.diagonal(r, data.rowLength(r)) + "); use a positive lambda, or check the input for NaN/Inf");
      }
      for (int s = 0; s < count; s++) {
        for (int i = 0; i < k; i++) solution[i] = batchB[i * lanes + s];
        x.setRow(batchRows[s], solution, 0);
      }
    }
  }

  /** Gram = Y_rᵀY_r (upper triangle) and rhs = Y_rᵀa_r for row r, panel by panel. */
  private void buildRow(CsrMatrix data, int r, int[] cols, float[] vals, FactorMatrix y) {
    Arrays.fill(gram, 0f);
    Arrays.fill(rhs, 0f);
    long start = data.rowStart(r), end = data.rowEnd(r);
    for (long p = start; p < end; p += chunk) {
      int n = (int) Math.min(chunk, end - p);
      kernels.gather(y.segment(), stride, cols, (int) p, n, panel, stride);
      kernels.syrk(n, k, panel, 0, stride, gram, 0, stride);
      kernels.gemvT(n, k, panel, 0, stride, vals, (int) p, rhs, 0); // ratings read in place
    }
  }

  /** Moves the Gram's upper triangle plus {@code diag} on the diagonal, and rhs, into lane s. */
  private void loadLane(int s, float diag) {
    final int L = lanes;
    for (int i = 0; i < k; i++) {
      int gi = i * stride;
      int ai = (i * ld) * L + s;
      batchA[ai + i * L] = gram[gi + i] + diag;
      for (int j = i + 1; j < k; j++) batchA[ai + j * L] = gram[gi + j];
      batchB[i * L + s] = rhs[i];
    }
  }

  private void identityLane(int s) {
    final int L = lanes;
    for (int i = 0; i < k; i++) {
      int ai = (i * ld) * L + s;
      batchA[ai + i * L] = 1f;
      for (int j = i + 1; j < k; j++) batchA[ai + j * L] = 0f;
      batchB[i * L + s] = 0f;
    }
  }
}
