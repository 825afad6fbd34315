package org.mf4j.kernel;

import java.lang.foreign.MemorySegment;

/**
 * The numerical kernels every solver is built on, in BLAS vocabulary, single precision, offsets and
 * leading dimensions in elements (floats), matrices row-major.
 *
 * <p>Implementations: {@link ScalarKernels} (plain Java, the reference and the fallback) and
 * {@code org.mf4j.kernel.panama.PanamaKernels} (Java Vector API). {@link KernelProvider} picks one.
 * Kernels are stateless and thread-safe; they do not allocate. The same inputs give the same bits
 * every time, interpreted or compiled (solvers promise factors that do not depend on the thread count). Argument checks are the caller's job in
 * the hot path: kernels assume valid ranges (array bounds are still enforced by the JVM).
 *
 * <h2>Padded panels</h2>
 * {@link #syrk} and {@link #gemvT} work on a <em>panel</em>: {@code n} rows of a factor matrix gathered
 * into a float array, row {@code t} at {@code p[pOff + t*ldp]}, with {@code ldp >= padded(k)} and the
 * padding lanes {@code [k, padded(k))} of every row zero. This lets SIMD kernels run over whole vectors
 * without tails. {@code padded(k)} is {@code k} rounded up to a multiple of 16 (the row stride of
 * {@link org.mf4j.memory.FactorMatrix}).
 *
 * <h2>Batched Cholesky layout</h2>
 * {@link #choleskyBatch} solves {@link #batchLanes()} independent {@code k×k} systems at once, one per
 * SIMD lane: element {@code (i, j)} of system {@code s} is at {@code a[(i*ld + j)*L + s]} and entry
 * {@code i} of its right-hand side at {@code b[i*L + s]}, where {@code L = batchLanes()} and
 * {@code ld = batchRowStride(k)}; {@code a} holds {@code k*ld*L} floats.
 *
 * <h2>Packed panels of columns</h2>
 * {@link #gemmPacked} multiplies by a matrix B ({@code k × n}) stored in column panels of
 * {@code W = }{@link #packWidth()} columns: panel {@code p} holds columns {@code [p*W, p*W + W)} as
 * {@code k} rows of {@code W} consecutive floats, so entry {@code (t, j)} is at
 * {@code b[bOff + (j/W)*k*W + t*W + j%W]} and a panel is {@code k*W} floats. The last panel is whole
 * even when {@code n} is not a multiple of W; its spare columns are read but their products dropped
 * (keep them zero). Scoring users against items packs B = Vᵀ once: panel p then holds items
 * {@code p*W ..} side by side, and a SIMD kernel loads one row of a panel as whole vectors and never
 * reduces across lanes.
 */
public interface Kernels {

  /** A short name for logs and reports, e.g. {@code "panama(256-bit, 8 lanes)"}. */
  String name();

  /** The number of systems {@link #choleskyBatch} solves at once (the SIMD width in floats). */
  int batchLanes();

  /** Σ a[aOff+t]·b[bOff+t] for t in [0, n). */
  float dot(float[] a, int aOff, float[] b, int bOff, int n);

  /** The same over off-heap memory; offsets are in floats. */
  float dot(MemorySegment a, long aOff, MemorySegment b, long bOff, int n);

  /** y[yOff+t] += alpha·x[xOff+t] for t in [0, n). */
  void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff);

  /** x[xOff+t] *= alpha for t in [0, n). */
  void scale(int n, float alpha, float[] x, int xOff);

  /**
   * Symmetric rank-n update of the upper triangle: C[i][j] += Σ_t P[t][i]·P[t][j] for
   * {@code 0 <= i <= j < k}, where P is a padded panel (see class doc) and C is row-major with
   * {@code ldc >= padded(k)}. Entries of C below the diagonal, and columns {@code [k, padded(k))}
   * of C, may be overwritten with meaningless values; rows {@code >= k} are not touched.
   * Useful flops: n·k·(k+1).
   */
  void syrk(int n, int k, float[] p, int pOff, int ldp, float[] c, int cOff, int ldc);

  /**
   * y[yOff+j] += Σ_t x[xOff+t]·P[t][j] for j in [0, k) (the right-hand side Pᵀx of the normal
   * equations). P is a padded panel; y must have room for {@code padded(k)} values, the ones past
   * {@code k} may be overwritten with zeros.
   */
  void gemvT(int n, int k, float[] p, int pOff, int ldp, float[] x, int xOff, float[] y, int yOff);

  /**
   * One fused stochastic-gradient step on a rating r of the pair of off-heap factor rows u (at float
   * offset {@code uOff} of {@code u}) and v: e = r − (bias + u·v); then, both from the old values,
   * u ← u + lrU·(e·v − λU·u) and v ← v + lrV·(e·u − λV·v). Returns e. The rows are factor-matrix rows
   * (padded to a multiple of 16 floats with zeros, which stay zero). With {@code gradSq} non-null, stores
   * ‖e·v − λU·u‖² and ‖e·u − λV·v‖² in {@code gradSq[0..1]} (for per-row adaptive learning rates).
   * Useful flops: 10·k (12·k with the gradient norms).
   */
  float sgdStep(int k, MemorySegment u, long uOff, MemorySegment v, long vOff, float bias, float r, float lrU,
      float lrV, float lambdaU, float lambdaV, float[] gradSq);

  /**
   * SGD over ratings {@code [from, to)} of the parallel arrays, in that order, each one step of
   * {@link #sgdStep} with the rule's per-row state: lr_u = η/√G_u and lr_v = η/√G_v (η without AdaGrad),
   * bias = μ + b_u + b_i (0 without biases); then b_u += lr_u·(e − λ_b·b_u), b_i += lr_v·(e − λ_b·b_i),
   * G_u += ‖g_u‖²/k and G_v += ‖g_v‖²/k (g the steps' gradients). Rows are {@code users[p]·uStride} floats
   * into {@code u} (likewise v), heap arrays whose rows are padded with zeros to a whole number of vectors
   * (the trainer's working copies; see {@code SgdRun} for why not off-heap). Returns Σ e² of the errors before each update. One call per block lets
   * the per-rating scalar chain (learning rates, biases, sums) run in the same compiled loop as the vector
   * work. Useful flops: {@code (to − from)·}10·k (12·k with AdaGrad).
   */
  double sgdSweep(int k, float[] u, int uStride, float[] v, int vStride, int[] users, int[] items, float[] ratings,
      int from, int to, SgdRule rule);

  /**
   * The mini-batch gradient of one rating, accumulated: e = r − (bias + u·v); gu += (scale·e)·v and
   * gv += (scale·e)·u, the four rows factor-matrix rows of off-heap segments (float offsets; padding zero).
   * Returns e. With scale = −2/B this accumulates the gradient of the batch's mean squared error.
   * Useful flops: 6·k.
   */
  float accumulateGradient(int k, MemorySegment u, long uOff, MemorySegment v, long vOff, MemorySegment gu, long guOff,
      MemorySegment gv, long gvOff, float bias, float r, float scale);

  /**
   * One Adam step on a row: g = grad + wd·x (L2 added to the gradient, Adam; {@code decoupled} false) or
   * g = grad (AdamW); m ← β1·m + (1 − β1)·g, s ← β2·s + (1 − β2)·g²; x ← x − lr·(m/c1)/(√(s/c2) + ε), and
   * for AdamW also x ← x − lr·wd·x (from the old x). c1 = 1 − β1^t and c2 = 1 − β2^t are the bias
   * corrections. All rows off-heap (float offsets, padding zero and kept zero). Useful flops: about 14·k.
   */
  void adamStep(int k, MemorySegment x, long xOff, MemorySegment grad, long gOff, MemorySegment m, long mOff, MemorySegment s,
      long sOff, float lr, float beta1, float beta2, float c1, float c2, float eps, float wd, boolean decoupled);

  /**
   * The product of a weighted Gram matrix with a vector, without forming the matrix, plus an optional
   * combination of the panel's rows: y[yOff+j] += Σ_t (o_t + w_t·(P[t]·x))·P[t][j] for j in [0, k), where
   * w_t = {@code w[wOff+t]} (1 when {@code w} is null) and o_t = {@code o[wOff+t]} (0 when {@code o} is
   * null) — the conjugate-gradient step of the normal equations (o null), or its first residual
   * b − A·x (o the right-hand-side weights, x negated), in one pass over the panel.
   * P is a padded panel; x and y must have room for {@code padded(k)} values, x's padding values
   * finite; y's padding values stay unchanged. Useful flops: 4·n·k.
   */
  void gramTimesVector(int n, int k, float[] p, int pOff, int ldp, float[] w, float[] o, int wOff, float[] x, int xOff,
      float[] y, int yOff);

  /**
   * The panel width W of {@link #gemmPacked}'s packed B (see class doc): a multiple of
   * {@link #batchLanes()}, 2 vectors for the Panama kernels.
   */
  int packWidth();

  /**
   * C = A·B with B packed (class doc): {@code C[i][j] = Σ_{t<k} A[i][t]·B[t][j]} for i in [0, m) and
   * j in [0, n), overwriting C. A is row-major, {@code A[i][t]} at {@code a[aOff + i*lda + t]}, and
   * only its first k columns are read; {@code C[i][j]} is at {@code c[cOff + i*ldc + j]}, and no other
   * element of c is written. With A = m user factor rows and B = Vᵀ of the items, C holds the scores
   * {@code u_i·v_j}.
   *
   * <p>Every entry of C is one multiply-add chain over t = 0, 1, …, k−1 in order, whatever m, n, the
   * offsets and the entry's place in a register tile: a row of scores does not depend on which other
   * rows were scored with it (blocking, thread count). Callers keep A small enough for L1/L2 (about
   * 100 rows): the kernel streams each panel of B once and re-reads A for every panel.
   * Flops: 2·m·n·k.
   */
  void gemmPacked(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, float[] c, int cOff, int ldc);

  /**
   * The first index j in [from, to) with {@code x[j] > threshold}, or {@code to} when there is none
   * (NaN is never greater). Top-N selection runs this over a block of scores with the current heap
   * minimum as threshold, so the few candidates are found without a branch per score.
   */
  int firstGreater(float[] x, int from, int to, float threshold);

  /**
   * Cholesky factorization in place: reads the upper triangle of the symmetric k×k matrix A (row-major,
   * leading dimension lda) and overwrites it with upper-triangular U such that A = UᵀU.
   *
   * @return false if A is not (numerically) positive definite; A's contents are then unspecified
   */
  boolean cholesky(int k, float[] a, int aOff, int lda);

  /** Solves UᵀU x = b in place (b becomes x), U from {@link #cholesky}. */
  void choleskySolve(int k, float[] u, int uOff, int ldu, float[] b, int bOff);

  /**
   * Factors and solves {@link #batchLanes()} systems A_s x_s = b_s at once (layout in the class doc);
   * reads the upper triangles of the A_s, overwrites them with their factors (with the reciprocal of
   * each diagonal entry stored on the diagonal) and overwrites b with the solutions. Lanes not in use
   * must hold a positive-definite system (e.g. the identity) so they do not report failure.
   *
   * @return a bit mask of the lanes whose system is not positive definite (0 when all succeeded);
   *     such lanes' solutions are unspecified but finite values never leak into other lanes
   */
  int choleskyBatch(int k, float[] a, float[] b);

  /**
   * Gathers rows of an off-heap factor matrix into a panel: for t in [0, n), copies the {@code stride}
   * floats of row {@code rows[rowsOff+t]} (at float offset {@code row*stride} in {@code src}) to
   * {@code panel[pOff + t*ldp ..]}. {@code stride} must be a multiple of 16 and {@code ldp >= stride}.
   */
  void gather(MemorySegment src, int stride, int[] rows, int rowsOff, int n, float[] panel, int pOff, int ldp);

  /**
   * Runs {@code iterations} steps of independent FMA chains that keep every FMA unit busy, for
   * measuring the machine's peak ({@link FmaPeak}); returns a value that depends on all chains so the
   * work cannot be optimized away. Flops done: {@code iterations * fmaChainFlopsPerIteration()}.
   */
  float fmaChains(long iterations);

  /** Flops of one {@link #fmaChains} iteration. */
  long fmaChainFlopsPerIteration();

  /**
   * Row stride, in systems' elements, of the batched Cholesky layout: k, made odd. With an even k a
   * column walk strides by a power of two (k·L floats) and hits the same few L1 sets: at k = 64 the
   * batched factorization ran at half the speed it reached at k = 63 or 65.
   */
  static int batchRowStride(int k) {
    return k | 1;
  }

  /** k rounded up to the panel padding, 16 floats. */
  static int padded(int k) {
    return (k + 15) & ~15;
  }
}
