package org.mf4j.solver.internal;

import org.mf4j.solver.RowProblem;
import org.mf4j.solver.NotPositiveDefiniteException;
import java.util.Arrays;
import org.mf4j.kernel.Kernels;
import org.mf4j.memory.FactorMatrix;
import org.mf4j.sparse.CsrMatrix;

/**
 * Per-worker scratch and the exact, batched solve of the rows of a {@link RowProblem} by Cholesky.
 *
 * <p>How: a row's system starts from the shared matrix B (or zero) and gets its observed corrections
 * Σ c_t y_t y_tᵀ panel by panel — a few dozen fixed-side rows gathered into a contiguous array, then
 * {@link Kernels#syrk}; the right-hand side comes from {@link Kernels#gemvT}. Weighted entries are
 * handled by scaling each gathered row by √|c_t| after the right-hand side has used it unscaled;
 * entries with c_t &lt; 0 (weight below w0) go into a second Gram that is subtracted. The upper triangle
 * is moved into lane {@code s} of a batch; once {@link Kernels#batchLanes()} rows are in the batch, one
 * {@link Kernels#choleskyBatch} factors and solves them all. Each row's result depends only on its own
 * data, never on the batch it shared, so results do not depend on how rows were split between threads.
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
  private final float[] gramNegative;
  private final float[] rhs;
  private final float[] batchA;
  private final float[] batchB;
  private final float[] solution;
  private final int[] batchRows;
  // A weighted panel's entries reordered: non-negative weights first, then negative ones.
  private final int[] order;
  private final float[] orderedRhs;
  private final float[] orderedScale;

  public NormalEquations(Kernels kernels, int rank) {
    this.kernels = kernels;
    this.k = rank;
    this.stride = FactorMatrix.strideFor(rank);
    this.lanes = kernels.batchLanes();
    this.chunk = Math.clamp(PANEL_BYTES / (stride * Float.BYTES), 16, 256);
    this.panel = new float[chunk * stride];
    this.gram = new float[k * stride];
    this.gramNegative = new float[k * stride];
    this.rhs = new float[stride];
    this.ld = Kernels.batchRowStride(rank);
    this.batchA = new float[k * ld * lanes];
    this.batchB = new float[k * lanes];
    this.solution = new float[stride];
    this.batchRows = new int[lanes];
    this.order = new int[chunk];
    this.orderedRhs = new float[chunk];
    this.orderedScale = new float[chunk];
  }

  /**
   * Solves rows {@code [from, to)} of {@code x} from the fixed factors {@code y}. {@code base} is B's
   * upper triangle (row-major, leading dimension {@code y.stride()}; scaled per row by the problem's
   * s_r) or null for B = 0. A row without
   * entries gets a zero factor (its right-hand side is zero).
   *
   * @throws NotPositiveDefiniteException naming the side and the row when a system is not SPD
   */
  public void solveRows(int from, int to, RowProblem problem, float[] base, FactorMatrix y, FactorMatrix x) {
    CsrMatrix data = problem.data();
    for (int lo = from; lo < to; lo += lanes) {
      int count = Math.min(lanes, to - lo);
      for (int s = 0; s < lanes; s++) {
        int r = lo + s;
        batchRows[s] = r;
        if (s < count && data.rowLength(r) > 0) {
          buildRow(problem, r, base, y);
          loadLane(s, (float) problem.regularization()[r]);
        } else {
          identityLane(s);
        }
      }
      int failed = kernels.choleskyBatch(k, batchA, batchB);
      if (failed != 0) {
        int r = batchRows[Integer.numberOfTrailingZeros(failed)];
        throw new NotPositiveDefiniteException(problem.side() + " " + r + ": normal equations not positive definite ("
            + data.rowLength(r) + " entries, rank " + k + ", diagonal regularization "
            + problem.regularization()[r] + "); use a positive lambda, or check the input for NaN/Inf");
      }
      for (int s = 0; s < count; s++) {
        for (int i = 0; i < k; i++) solution[i] = batchB[i * lanes + s];
        x.setRow(batchRows[s], solution, 0);
      }
    }
  }

  /** Gram = B + Σ c_t y_t y_tᵀ (upper triangle) and rhs = Σ b_t y_t for row r, panel by panel. */
  private void buildRow(RowProblem problem, int r, float[] base, FactorMatrix y) {
    float scale = problem.baseScale(r);
    if (base == null) {
      Arrays.fill(gram, 0f);
    } else if (scale == 1f) {
      System.arraycopy(base, 0, gram, 0, gram.length);
    } else {
      for (int i = 0; i < gram.length; i++) gram[i] = scale * base[i];
    }
    Arrays.fill(rhs, 0f);
    CsrMatrix data = problem.data();
    int[] cols = data.colIndex();
    float[] c = problem.gramWeights();
    boolean negatives = false;
    long start = data.rowStart(r), end = data.rowEnd(r);
    for (long p = start; p < end; p += chunk) {
      int n = (int) Math.min(chunk, end - p);
      if (c == null) { // unit weights: the rows as gathered, the right-hand side read in place
        kernels.gather(y.segment(), stride, cols, (int) p, n, panel, 0, stride);
        kernels.syrk(n, k, panel, 0, stride, gram, 0, stride);
        kernels.gemvT(n, k, panel, 0, stride, problem.rhsWeights(), (int) p, rhs, 0);
      } else {
        negatives |= addWeightedPanel(cols, c, problem.rhsWeights(), (int) p, n, y, negatives);
      }
    }
    if (negatives) {
      for (int i = 0; i < k; i++) {
        for (int j = i; j < k; j++) gram[i * stride + j] -= gramNegative[i * stride + j];
      }
    }
  }

  /**
   * One panel of weighted entries; returns whether any weight was negative. {@code negativeGramInUse}:
   * an earlier panel of this row already started {@code gramNegative} (else it is cleared first).
   */
  private boolean addWeightedPanel(int[] cols, float[] c, float[] b, int p, int n, FactorMatrix y,
      boolean negativeGramInUse) {
    int front = 0, back = n;
    for (int t = 0; t < n; t++) {
      float w = c[p + t];
      int slot = w >= 0 ? front++ : --back;
      order[slot] = cols[p + t];
      orderedRhs[slot] = b[p + t];
      orderedScale[slot] = (float) Math.sqrt(Math.abs(w));
    }
    kernels.gather(y.segment(), stride, order, 0, n, panel, 0, stride);
    kernels.gemvT(n, k, panel, 0, stride, orderedRhs, 0, rhs, 0); // unscaled rows
    for (int t = 0; t < n; t++) {
      float s = orderedScale[t];
      if (s != 1f) kernels.scale(k, s, panel, t * stride);
    }
    kernels.syrk(front, k, panel, 0, stride, gram, 0, stride);
    if (front == n) return false;
    if (!negativeGramInUse) Arrays.fill(gramNegative, 0f);
    kernels.syrk(n - front, k, panel, front * stride, stride, gramNegative, 0, stride);
    return true;
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
