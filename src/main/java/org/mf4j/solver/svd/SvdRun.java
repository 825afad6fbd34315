package org.mf4j.solver.svd;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.mf4j.api.Ratings;
import org.mf4j.api.SvdConfig;
import org.mf4j.kernel.Kernels;
import org.mf4j.memory.FactorMatrix;
import org.mf4j.model.FactorModel;
import org.mf4j.parallel.RowSweep;
import org.mf4j.solver.internal.Residuals;
import org.mf4j.solver.TrainingRun;
import org.mf4j.solver.als.AlsTrainer;
import org.mf4j.sparse.CsrMatrix;

/**
 * One randomized truncated SVD of the zero-filled rating matrix A (users × items, every unobserved cell
 * an observed 0; duplicate (user, item) entries add up) in progress: owns the factors (until
 * {@link #toModel()} hands them over), the sketches and the worker pool. Made by
 * {@link ZeroFilledSvd#start}.
 *
 * <p>Each {@link #iterate()} is one pass of subspace iteration followed by the Rayleigh–Ritz extraction
 * (Halko, Martinsson and Tropp 2011, Algorithms 4.4 and 5.1), with l = K + p sketch columns:
 * <ol>
 *   <li>Y = A·P, P the items × l Gaussian test matrix Ω in the first iteration (from the seed) and the
 *       previous iteration's right singular vectors afterwards (a power iteration over A·Aᵀ);
 *   <li>Q = orth(Y) by two passes of Cholesky-QR done through the eigen-decomposition of the Gram
 *       matrix YᵀY in double (Q = Y·W·Λ^(−1/2)), dropping directions with λ below 10⁻¹⁰·λ_max, so a
 *       matrix of rank below l gives zero columns instead of noise;
 *   <li>Z = Aᵀ·Q, that is Bᵀ for the small B = QᵀA (l × items);
 *   <li>B·Bᵀ = ZᵀZ = W·Σ²·Wᵀ by cyclic Jacobi in double ({@link SymmetricEigen}), so B = W·Σ·V_Bᵀ with
 *       V_B = Z·W·Σ⁻¹ and A ≈ (Q·W)·Σ·V_Bᵀ;
 *   <li>user factors Q·W_K·Σ_K^(1/2) and item factors Z·W_K·Σ_K^(−1/2), so that u·v is the rank-K
 *       approximation; V_B is the next iteration's P.
 * </ol>
 * So iteration i gives the randomized SVD with i − 1 power iterations; the RMSE columns show how the
 * subspace settles. Both sparse products run over CSR rows (A by user for A·P, by item for Aᵀ·Q),
 * gathering P's or Q's rows into a panel and using {@link Kernels#gemvT}; products with the small l × l
 * transforms run 64 rows at a time through {@link Kernels#gemmPacked}; Gram matrices are summed over
 * fixed row blocks in block order (float {@link Kernels#syrk} per 64-row panel, double across panels and
 * blocks). Every output row is written by one task and every reduction has a fixed order, so for a seed
 * the factors are bit-identical whatever the thread count.
 *
 * <p>{@link #objective()} is what the SVD minimises: ‖A − U·Vᵀ‖²_F over all cells (observed and
 * zero-filled), divided by the number of observed entries.
 *
 * <p>Besides U and V it owns three sketch matrices (users × l, and items × l twice). Not thread-safe;
 * close it to free the off-heap matrices and stop the workers. Life cycle as {@link TrainingRun}.
 */
public final class SvdRun implements TrainingRun {
  /** Entries gathered per {@link Kernels#gemvT} call, and rows per {@link Kernels#syrk} panel. */
  static final int CHUNK = 64;
  /** Smallest Gram block; blocks grow with the row count so their partial sums fit {@link #PARTIAL_BUDGET}. */
  static final int MIN_BLOCK_ROWS = 1024;
  /** Doubles spent on per-block partial Gram matrices at most (64 MiB), and at most 256 blocks. */
  static final long PARTIAL_BUDGET = 1L << 23;
  /** Eigenvalues of a Gram matrix below this fraction of the largest are rounding noise of float data (σ ratio 10⁻⁵). */
  static final double DROP = 1e-10;

  private final Kernels kernels;
  private final int k, l, ld;
  private final long seed;
  private final Ratings train;
  private final CsrMatrix byUser, byItem, testByUser;
  private final FactorMatrix u, v;
  /** users × l: A·P, then Q in place. */
  private final FactorMatrix y;
  /** items × l: AᵀQ = Bᵀ. */
  private final FactorMatrix z;
  /** items × l: Ω, then the right singular vectors of B. */
  private final FactorMatrix p;
  private final RowSweep<Scratch> sweep;
  private final int maxBlocks;
  private final double[][] partials;
  private final double[] gram, eigenvectors, eigenvalues, sigma, rowSums;
  /** A small l × (≤ l) transform, packed for {@link Kernels#gemmPacked}, rebuilt for each product with it. */
  private final float[] transform;
  private final int packWidth;
  private final double squaredNorm;
  private int iterations;
  private boolean handedOver;

  SvdRun(Kernels kernels, SvdConfig config, Ratings train, Ratings test) {
    this.kernels = kernels;
    this.k = config.rank();
    this.l = config.sketchSize();
    this.ld = FactorMatrix.strideFor(l);
    this.seed = config.seed();
    this.train = train;
    double s = 0;
    for (int t = 0; t < train.size(); t++) {
      float a = train.value(t);
      if (!Float.isFinite(a)) {
        throw new IllegalArgumentException("training rating " + t + " (user " + train.user(t) + ", item " + train.item(t) + ") is " + a);
      }
      s += (double) a * a;
    }
    this.squaredNorm = s;
    CsrMatrix.Pair both = CsrMatrix.buildBoth(train.numUsers(), train.numItems(), train.users(), train.items(),
        train.values(), train.size(), config.threads());
    this.byUser = both.byRow();
    this.byItem = both.byCol();
    this.testByUser = test == null || test.size() == 0 ? null : AlsTrainer.testMatrix(test, byUser, byItem);
    int users = train.numUsers(), items = train.numItems();
    this.maxBlocks = (int) Math.max(1, Math.min(256, PARTIAL_BUDGET / ((long) l * l)));
    int rows = Math.max(users, items);
    this.partials = new double[Math.max(1, (rows + blockRows(rows) - 1) / blockRows(rows))][l * l];
    this.gram = new double[l * l];
    this.eigenvectors = new double[l * l];
    this.eigenvalues = new double[l];
    this.sigma = new double[l];
    this.rowSums = new double[Math.max(1, users)];
    this.packWidth = kernels.packWidth();
    this.transform = new float[l * ((l + packWidth - 1) / packWidth * packWidth)];
    this.sweep = new RowSweep<>(config.threads(), () -> new Scratch(l, ld));
    FactorMatrix[] m = new FactorMatrix[5];
    try { // all or none: a failed allocation must not leak the ones before it
      m[0] = FactorMatrix.allocate(users, k);
      m[1] = FactorMatrix.allocate(items, k);
      m[2] = FactorMatrix.allocate(users, l);
      m[3] = FactorMatrix.allocate(items, l);
      m[4] = FactorMatrix.allocate(items, l);
    } catch (RuntimeException | OutOfMemoryError e) {
      for (FactorMatrix f : m) if (f != null) f.close();
      sweep.close();
      throw e;
    }
    this.u = m[0];
    this.v = m[1];
    this.y = m[2];
    this.z = m[3];
    this.p = m[4];
  }

  /** One worker's buffers: a panel of rows, a panel of results, an accumulator, a float Gram tile. */
  private static final class Scratch {
    final float[] panel, out, acc, tile;

    Scratch(int l, int ld) {
      panel = new float[CHUNK * ld];
      out = new float[CHUNK * ld];
      acc = new float[ld];
      tile = new float[l * ld];
    }
  }

  /**
   * One pass of subspace iteration and the extraction of the rank-K factors (class doc); returns its
   * wall time in seconds.
   *
   * @throws ArithmeticException when an eigen-decomposition meets NaN or infinity, or does not converge
   */
  @Override
  public double iterate() {
    long t0 = System.nanoTime();
    if (iterations == 0) gaussian(p, seed);
    multiply(byUser, p, y);
    orthonormalize(y);
    multiply(byItem, y, z);
    gram(z, gram);
    SymmetricEigen.decompose(l, gram, eigenvectors, eigenvalues);
    double tol = eigenvalues[0] * DROP;
    for (int j = 0; j < l; j++) sigma[j] = Math.sqrt(Math.max(eigenvalues[j], 0));
    // Users: Q·W_K·Σ_K^(1/2).
    buildTransform(k, j -> Math.sqrt(sigma[j]));
    apply(y, k, u);
    // Items: Z·W_K·Σ_K^(−1/2) = V_B,K·Σ_K^(1/2); directions lost in rounding get zero.
    buildTransform(k, j -> eigenvalues[j] > tol ? 1 / Math.sqrt(sigma[j]) : 0);
    apply(z, k, v);
    // The next start: V_B = Z·W·Σ⁻¹, orthonormal.
    buildTransform(l, j -> eigenvalues[j] > tol ? 1 / sigma[j] : 0);
    apply(z, l, p);
    iterations++;
    return (System.nanoTime() - t0) * 1e-9;
  }

  /**
   * T[t][j] = W[t][j]·scale(j) for t &lt; l, j &lt; cols, packed in column panels for
   * {@link Kernels#gemmPacked} (entry (t, j) at (j/W)·l·W + t·W + j%W), spare columns zero.
   */
  private void buildTransform(int cols, java.util.function.IntToDoubleFunction scale) {
    int w = packWidth;
    Arrays.fill(transform, 0f);
    for (int j = 0; j < cols; j++) {
      double f = scale.applyAsDouble(j);
      for (int t = 0; t < l; t++) transform[(j / w) * l * w + t * w + j % w] = (float) (eigenvectors[t * l + j] * f);
    }
  }

  /**
   * Y ← orth(Y): two passes of Y ← Y·W·Λ^(−1/2) with YᵀY = W·Λ·Wᵀ (the second pass restores the
   * orthogonality the first loses to rounding, as in CholeskyQR2); directions with λ ≤ {@link #DROP}·λ_max
   * become zero columns.
   */
  private void orthonormalize(FactorMatrix m) {
    for (int pass = 0; pass < 2; pass++) {
      gram(m, gram);
      SymmetricEigen.decompose(l, gram, eigenvectors, eigenvalues);
      double tol = eigenvalues[0] * DROP;
      buildTransform(l, j -> eigenvalues[j] > tol && eigenvalues[j] > 0 ? 1 / Math.sqrt(eigenvalues[j]) : 0);
      apply(m, l, m);
    }
  }

  /** dst ← A·src over the CSR rows of {@code a}: each row a weighted sum of gathered rows of src. */
  private void multiply(CsrMatrix a, FactorMatrix src, FactorMatrix dst) {
    int[] cols = a.colIndex();
    float[] vals = a.values();
    MemorySegment seg = src.segment();
    sweep.run(a.rows(), r -> (long) a.rowLength(r) * l + l, (from, to, s) -> {
      for (int r = from; r < to; r++) {
        Arrays.fill(s.acc, 0f);
        for (long q = a.rowStart(r), e = a.rowEnd(r); q < e; q += CHUNK) {
          int n = (int) Math.min(CHUNK, e - q);
          kernels.gather(seg, ld, cols, (int) q, n, s.panel, 0, ld);
          kernels.gemvT(n, l, s.panel, 0, ld, vals, (int) q, s.acc, 0);
        }
        dst.setRow(r, s.acc, 0);
      }
    });
  }

  /**
   * dst ← src·T, T the l × {@code cols} packed {@link #transform}, {@link #CHUNK} rows at a time by the
   * register-blocked {@link Kernels#gemmPacked} (each entry one chain in a fixed order, so the result does
   * not depend on how rows are grouped); src and dst may be the same matrix.
   */
  private void apply(FactorMatrix src, int cols, FactorMatrix dst) {
    MemorySegment seg = src.segment();
    sweep.run(src.rows(), r -> 1, (from, to, s) -> {
      for (int r = from; r < to; r += CHUNK) {
        int n = Math.min(CHUNK, to - r);
        MemorySegment.copy(seg, ValueLayout.JAVA_FLOAT, src.rowOffset(r) * Float.BYTES, s.panel, 0, n * ld);
        kernels.gemmPacked(n, cols, l, s.panel, 0, ld, transform, 0, s.out, 0, ld);
        for (int i = 0; i < n; i++) dst.setRow(r + i, s.out, i * ld); // rank values: dst's padding stays zero
      }
    });
  }

  /** Rows per Gram block for a matrix of {@code rows} rows: fixed by the shape, never by the thread count. */
  private int blockRows(int rows) {
    int b = Math.max(MIN_BLOCK_ROWS, (rows + maxBlocks - 1) / maxBlocks);
    return (b + CHUNK - 1) / CHUNK * CHUNK;
  }

  /** out ← XᵀX (c × c, both triangles, c = x.rank()), in double, deterministic (class doc). */
  private void gram(FactorMatrix x, double[] out) {
    int rows = x.rows(), c = x.rank(), st = x.stride();
    int blockRows = blockRows(rows);
    int blocks = (rows + blockRows - 1) / blockRows;
    MemorySegment seg = x.segment();
    sweep.run(blocks, b -> 1, (from, to, s) -> {
      for (int b = from; b < to; b++) {
        double[] part = partials[b];
        Arrays.fill(part, 0, c * c, 0.0);
        int end = Math.min(rows, (b + 1) * blockRows);
        for (int r = b * blockRows; r < end; r += CHUNK) {
          int n = Math.min(CHUNK, end - r);
          MemorySegment.copy(seg, ValueLayout.JAVA_FLOAT, x.rowOffset(r) * Float.BYTES, s.panel, 0, n * st);
          Arrays.fill(s.tile, 0, c * st, 0f);
          kernels.syrk(n, c, s.panel, 0, st, s.tile, 0, st);
          for (int i = 0; i < c; i++) {
            for (int j = i; j < c; j++) part[i * c + j] += s.tile[i * st + j];
          }
        }
      }
    });
    for (int i = 0; i < c; i++) {
      for (int j = i; j < c; j++) {
        double sum = 0;
        for (int b = 0; b < blocks; b++) sum += partials[b][i * c + j];
        out[i * c + j] = sum;
        out[j * c + i] = sum;
      }
    }
  }

  /** Gaussian entries, row after row from one generator: the same Ω for a seed whatever the threads. */
  private static void gaussian(FactorMatrix m, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    float[] row = new float[m.rank()];
    for (int r = 0; r < m.rows(); r++) {
      for (int c = 0; c < row.length; c++) row[c] = (float) rnd.nextGaussian();
      m.setRow(r, row, 0);
    }
  }

  /**
   * Flops of one {@link #iterate()}, with l = K + p: the two sparse products 4·nnz·l; orth(Y), two
   * passes of a Gram (users·l(l+1), upper triangle) and a product (2·users·l²); the Gram of Z
   * items·l(l+1); the factors 2·(users + items)·l·K and the next start 2·items·l². Not counted: the
   * three l × l Jacobi eigen-decompositions (O(l³) each, about 18·l per rotation) and Ω's generation.
   */
  @Override
  public double flopsPerIteration() {
    double nnz = byUser.nnz(), users = byUser.rows(), items = byItem.rows();
    return 4 * nnz * l
        + 2 * (users * l * (l + 1.0) + 2 * users * l * (double) l)
        + items * l * (l + 1.0)
        + 2 * (users + items) * l * (double) k
        + 2 * items * l * (double) l;
  }

  /** RMSE of u·v against the training entries' values (the zero-filled SVD shrinks them toward 0). */
  @Override
  public double trainRmse() { return rmse(byUser); }

  /** Test RMSE, NaN without a test set. */
  @Override
  public double testRmse() { return testByUser == null ? Double.NaN : rmse(testByUser); }

  /**
   * ‖A − U·Vᵀ‖²_F over all cells, the zero-filled ones included, per observed entry, computed exactly as
   * (‖A‖² − 2·Σ_observed a·(u·v) + tr(UᵀU·VᵀV)) / nnz; NaN without entries. For orthonormal sketches it
   * equals (‖A‖² − Σ_{j≤K} σ_j²) / nnz.
   */
  @Override
  public double objective() {
    if (byUser.nnz() == 0) return Double.NaN;
    int[] cols = byUser.colIndex();
    float[] vals = byUser.values();
    sweep.run(byUser.rows(), r -> byUser.rowLength(r) + 1, (from, to, s) -> {
      for (int r = from; r < to; r++) {
        double sum = 0;
        long uo = u.rowOffset(r);
        for (long q = byUser.rowStart(r), e = byUser.rowEnd(r); q < e; q++) {
          sum += vals[(int) q] * (double) kernels.dot(u.segment(), uo, v.segment(), v.rowOffset(cols[(int) q]), k);
        }
        rowSums[r] = sum;
      }
    });
    double cross = 0;
    for (int r = 0; r < byUser.rows(); r++) cross += rowSums[r];
    double[] gu = new double[k * k], gv = new double[k * k];
    gram(u, gu);
    gram(v, gv);
    double fit = 0;
    for (int t = 0; t < k * k; t++) fit += gu[t] * gv[t]; // tr(GU·GV), both symmetric
    return (squaredNorm - 2 * cross + fit) / byUser.nnz();
  }

  /**
   * The singular value estimates σ_1 ≥ … ≥ σ_K of A after the latest iteration (zeros before the
   * first); each is at most the true one and approaches it with the power iterations.
   */
  public double[] singularValues() {
    return Arrays.copyOf(sigma, k);
  }

  /** Iterations done so far. */
  public int iterations() { return iterations; }

  /**
   * Throws {@link ArithmeticException} when the factors hold NaN/Inf after iteration {@code iteration}
   * (the input is checked to be finite, so this means an overflow).
   */
  @Override
  public void checkFinite(int iteration) {
    int bad = u.firstNonFiniteRow();
    String side = "user";
    if (bad < 0) {
      bad = v.firstNonFiniteRow();
      side = "item";
    }
    if (bad >= 0) {
      throw new ArithmeticException("iteration " + iteration + ": " + side + " factor row " + bad
          + " holds NaN/Inf; the ratings' magnitudes overflow single precision");
    }
  }

  /** The current user factors U_K·Σ_K^(1/2) (users × K, zero before the first iteration), owned by the run; do not close them. */
  @Override
  public FactorMatrix userFactors() { return u; }
  /** The current item factors V_K·Σ_K^(1/2) (items × K, zero before the first iteration), owned by the run; do not close them. */
  @Override
  public FactorMatrix itemFactors() { return v; }
  /** A by user (users × items; duplicates not merged); the run's own matrix: do not modify it. */
  @Override
  public CsrMatrix trainByUser() { return byUser; }
  /** The training ratings as given to the trainer. */
  @Override
  public Ratings train() { return train; }
  /** The kernels this run computes with. */
  public Kernels kernels() { return kernels; }

  /**
   * The model u·v (algorithm {@code "svd"}, no settings), with the training entries as seen items; it owns
   * the factors from now on (it shares this run's U and V: iterating afterwards would change it) and the
   * caller closes it. Call at most once, then only {@link #close()}.
   */
  @Override
  public FactorModel toModel() {
    handedOver = true;
    return new FactorModel("svd", u, v, train.userIds(), train.itemIds(), kernels, byUser);
  }

  /** Stops the worker threads and frees the sketches, and U and V unless {@link #toModel()} handed them over. Call once. */
  @Override
  public void close() {
    sweep.close();
    y.close();
    z.close();
    p.close();
    if (!handedOver) {
      u.close();
      v.close();
    }
  }

  /** RMSE of u·v against the entries of {@code data} (rows are users), in parallel, deterministic. */
  private double rmse(CsrMatrix data) {
    if (data.nnz() == 0) return Double.NaN;
    return Math.sqrt(Residuals.squaredError(data, u, v, null, kernels, sweep, rowSums) / data.nnz());
  }
}
