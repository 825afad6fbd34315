package org.mf4j.solver.als;

import java.util.Map;
import java.util.SplittableRandom;
import org.mf4j.api.LinearSolver;
import org.mf4j.api.Ratings;
import org.mf4j.kernel.Kernels;
import org.mf4j.memory.FactorMatrix;
import org.mf4j.model.FactorModel;
import org.mf4j.parallel.RowSweep;
import org.mf4j.solver.internal.BiasFolding;
import org.mf4j.solver.internal.ConjugateGradient;
import org.mf4j.solver.internal.Gramian;
import org.mf4j.solver.internal.Residuals;
import org.mf4j.solver.TrainingRun;
import org.mf4j.solver.RowProblem;
import org.mf4j.solver.internal.Workspace;
import org.mf4j.sparse.CsrMatrix;

/**
 * One alternating-least-squares training run in progress, explicit or weighted: owns the factors (until
 * {@link #toModel()} hands them over), the worker pool and the per-side problems. Made by
 * {@link AlsTrainer#start} and {@link WalsTrainer#start}; callers that drive iterations themselves
 * (benchmarks, early stopping, per-iteration evaluation) use it directly.
 *
 * <p>Each iteration solves every item row with U fixed, then every user row with V fixed. With w0 &gt; 0,
 * each half-sweep first forms w0·YᵀY of the fixed side ({@link Gramian}), which every row's system
 * starts from. Rows are solved exactly ({@link org.mf4j.solver.internal.NormalEquations}) or by warm-started
 * conjugate gradient ({@link ConjugateGradient}).
 *
 * <p>The user factors start as seeded Gaussian rows, the item factors at zero. Not thread-safe: drive it
 * from one thread (its sweeps use its own pool). Life cycle as {@link TrainingRun}: iterate, then at most
 * one {@link #toModel()}, then {@link #close()}, always.
 */
public final class AlternatingRun implements TrainingRun {
  private final String algorithm;
  private final Map<String, ?> settings;
  private final Kernels kernels;
  private final int k;
  private final LinearSolver solver;
  private final int cgSteps;
  private final double w0;
  private final Ratings train;
  private final RowProblem users, items;
  private final CsrMatrix testByUser;
  private final FactorMatrix u, v;
  private final RowSweep<Workspace> sweep;
  private final Gramian gramian;
  private final float[] base;
  private final double[] rowSums;
  private boolean handedOver;
  /** Explicit ALS's biases, or null. */
  private ExplicitBiases biases;

  AlternatingRun(String algorithm, Kernels kernels, int k, int threads, long seed, LinearSolver solver, int cgSteps,
      double w0, Ratings train, RowProblem users, RowProblem items, CsrMatrix testByUser, double initNorm, Map<String, ?> settings) {
    this.algorithm = algorithm;
    this.settings = settings;
    this.kernels = kernels;
    this.k = k;
    this.solver = solver;
    this.cgSteps = cgSteps;
    this.w0 = w0;
    this.train = train;
    this.users = users;
    this.items = items;
    this.testByUser = testByUser;
    this.u = FactorMatrix.allocate(train.numUsers(), k);
    this.v = FactorMatrix.allocate(train.numItems(), k);
    this.sweep = new RowSweep<>(threads, () -> new Workspace(kernels, k));
    this.gramian = w0 > 0 ? new Gramian(kernels, k, Math.max(u.rows(), v.rows())) : null;
    this.base = w0 > 0 ? new float[k * u.stride()] : null;
    this.rowSums = new double[Math.max(1, Math.max(u.rows(), v.rows()))];
    initialize(u, seed, initNorm); // V starts at zero: the first item sweep reads only U
  }

  /** Fits biases too (explicit ALS; before the first iteration). */
  void useBiases(ExplicitBiases b) { this.biases = b; }

  /**
   * One iteration (item sweep, then user sweep); returns its wall time in seconds.
   *
   * @throws org.mf4j.solver.NotPositiveDefiniteException when a row's system is not positive definite
   *     (Cholesky solver; λ = 0 with too few entries, or NaN/Inf in the weights)
   */
  @Override
  public double iterate() {
    long t0 = System.nanoTime();
    halfSweep(items, u, v);
    halfSweep(users, v, u);
    return (System.nanoTime() - t0) * 1e-9;
  }

  private void halfSweep(RowProblem problem, FactorMatrix fixed, FactorMatrix solved) {
    float[] b = null;
    if (w0 > 0) {
      gramian.compute(sweep, fixed, problem.fixedWeights(), w0, base);
      b = base;
    }
    final float[] shared = b;
    CsrMatrix data = problem.data();
    if (biases != null) biases.prepare(problem, problem == users, sweep);
    if (solver == LinearSolver.CHOLESKY) {
      sweep.run(data.rows(), r -> choleskyCost(data.rowLength(r), k),
          (from, to, ws) -> ws.cholesky().solveRows(from, to, problem, shared, fixed, solved));
    } else {
      sweep.run(data.rows(), r -> (long) (cgSteps + 2) * (2L * data.rowLength(r) * k + (long) k * k),
          (from, to, ws) -> ws.cg().solveRows(from, to, problem, shared, fixed, solved, cgSteps));
    }
    if (biases != null) biases.solve(problem, problem == users, solved, fixed, kernels, sweep);
  }

  /** Cost estimate of solving one row exactly: Gram build plus factorization, in multiply-adds. */
  static long choleskyCost(int n, int k) {
    return (long) n * k * (k + 1) / 2 + (long) k * k * k / 3 + 1;
  }

  /**
   * Flops of one {@link #iterate()}: per side, the Gramian (w0 &gt; 0) plus, for Cholesky, the Gram
   * corrections 2·nnz·K(K+1)/2·2, right-hand sides 2·nnz·K and rows·(K³/3 + 2K²) for factor and solve;
   * for CG, {@link ConjugateGradient#flops} summed over rows.
   */
  @Override
  public double flopsPerIteration() {
    return sideFlops(items, u.rows()) + sideFlops(users, v.rows());
  }

  private double sideFlops(RowProblem p, int fixedRows) {
    long nnz = p.data().nnz();
    int rows = p.data().rows();
    double f = w0 > 0 ? Gramian.flops(fixedRows, k) : 0;
    if (solver == LinearSolver.CHOLESKY) {
      return f + nnz * (double) k * (k + 1) + 2.0 * nnz * k + rows * (k * (double) k * k / 3.0 + 2.0 * k * k);
    }
    // CG's count is linear in a row's entries, so the total follows from nnz and the row count
    return f + ConjugateGradient.flops(nnz, k, cgSteps, false) + rows * (ConjugateGradient.flops(0, k, cgSteps, w0 > 0));
  }

  /**
   * RMSE of u·v (plus the biases, if any) against the training entries' values (meaningful for explicit
   * ratings; for weighted ALS the values are the raw inputs, not the targets); NaN without entries.
   */
  @Override
  public double trainRmse() { return rmse(users.data()); }

  /** Test RMSE over the test entries whose user and item have training ratings; NaN without a test set. */
  @Override
  public double testRmse() { return testByUser == null ? Double.NaN : rmse(testByUser); }

  /**
   * The weighted objective being minimised, per observed entry: [Σ_obs w(a − ŷ)² + Σ_unobs w0_ui ŷ² +
   * Σ_rows reg‖x‖²] / nnz, with the unobserved sum computed exactly as Σ_all w0_ui ŷ² − Σ_obs w0_ui ŷ²
   * and Σ_all w0_ui ŷ² = w0·Σ_u uᵀ(Vᵀ diag(ρ) V)u. For explicit ALS (w0 = 0, w = 1) it is the penalized mean squared error
   * (the biases' penalty included). NaN without entries.
   */
  @Override
  public double objective() {
    CsrMatrix data = users.data();
    if (data.nnz() == 0) return Double.NaN;
    int[] cols = data.colIndex();
    float[] c = users.gramWeights(), b = biases != null ? data.values() : users.rhsWeights(); // biases: rhs holds residuals
    float[] gram = w0 > 0 ? new float[k * u.stride()] : null;
    float[] rho = users.fixedWeights();
    if (gram != null) gramian.compute(sweep, v, rho, 1.0, gram);
    double[] regU = users.regularization(), regV = items.regularization();
    sweep.run(data.rows(), r -> data.rowLength(r) + k, (from, to, ws) -> {
      float[] row = new float[u.stride()], gu = new float[u.stride()];
      for (int r = from; r < to; r++) {
        double s = 0;
        long uo = u.rowOffset(r);
        for (long p = data.rowStart(r), e = data.rowEnd(r); p < e; p++) {
          int item = cols[(int) p];
          double pred = kernels.dot(u.segment(), uo, v.segment(), v.rowOffset(item), k) + (biases != null ? biases.offset(r, item) : 0);
          double cellW0 = rho == null ? w0 : w0 * rho[item];
          double w = (c == null ? 1.0 : c[(int) p]) + cellW0;
          double a = w == 0 ? 0 : b[(int) p] / w;
          s += w * (a - pred) * (a - pred) - cellW0 * pred * pred;
        }
        u.getRowPadded(r, row, 0);
        double norm = kernels.dot(row, 0, row, 0, k);
        if (gram != null) {
          java.util.Arrays.fill(gu, 0f);
          kernels.gemvT(k, k, gram, 0, u.stride(), row, 0, gu, 0);
          s += w0 * kernels.dot(row, 0, gu, 0, k);
        }
        rowSums[r] = s + regU[r] * norm;
      }
    });
    double total = 0;
    for (int r = 0; r < data.rows(); r++) total += rowSums[r];
    float[] row = new float[v.stride()];
    for (int i = 0; i < v.rows(); i++) {
      v.getRowPadded(i, row, 0);
      total += regV[i] * kernels.dot(row, 0, row, 0, k);
    }
    if (biases != null) total += biases.penalty();
    return total / data.nnz();
  }

  /**
   * Throws {@link ArithmeticException} when the factors hold NaN/Inf after iteration {@code iteration},
   * so that no such model is ever handed out.
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
          + " holds NaN/Inf; check the input values and weights, or raise lambda");
    }
    String badBias = biases == null ? null : biases.firstNonFinite();
    if (badBias != null) throw new ArithmeticException("iteration " + iteration + ": " + badBias + " is NaN/Inf; check the input values");
  }

  /** The current user factors (users × K), owned by the run until {@link #toModel()}; do not close them. */
  @Override
  public FactorMatrix userFactors() { return u; }
  /** The current item factors (items × K), owned by the run until {@link #toModel()}; do not close them. */
  @Override
  public FactorMatrix itemFactors() { return v; }
  /** The training entries by user (rows users, columns items). */
  @Override
  public CsrMatrix trainByUser() { return users.data(); }
  /** The training data by item (items × users); the run's own matrix: do not modify it. */
  public CsrMatrix trainByItem() { return items.data(); }
  /** The kernels this run computes with. */
  public Kernels kernels() { return kernels; }
  /** The training ratings as given to the trainer (after any filtering it did). */
  @Override
  public Ratings train() { return train; }

  /**
   * The trained model, with the training interactions as its seen items (what recommendations exclude
   * by default) and the trainer's settings; it owns the factors from now on (closing this run no longer
   * frees them) and the caller closes it. Without biases the model shares this run's U and V, so iterating
   * afterwards would change it; with biases it gets new rank-K + 2 matrices and the run's U and V are
   * freed. Call at most once, then only {@link #close()}.
   */
  @Override
  public FactorModel toModel() {
    handedOver = true;
    if (biases == null) return new FactorModel(algorithm, u, v, train.userIds(), train.itemIds(), kernels, users.data(), settings);
    FactorMatrix[] folded = BiasFolding.fold(u, v, biases.mean, biases.user, biases.item);
    return new FactorModel(algorithm, folded[0], folded[1], train.userIds(), train.itemIds(), kernels, users.data(), settings);
  }

  /** Stops the worker threads and frees the factors unless {@link #toModel()} handed them over. Call once. */
  @Override
  public void close() {
    sweep.close();
    if (!handedOver) {
      u.close();
      v.close();
    }
  }

  /** RMSE of the model (u·v, plus the biases if any) against the entries of {@code data} (rows are users). */
  private double rmse(CsrMatrix data) {
    if (data.nnz() == 0) return Double.NaN;
    Residuals.Offset offset = biases == null ? null : biases::offset;
    return Math.sqrt(Residuals.squaredError(data, u, v, offset, kernels, sweep, rowSums) / data.nnz());
  }

  /** Gaussian rows of norm {@code targetNorm}, deterministic for the seed. */
  static void initialize(FactorMatrix m, long seed, double targetNorm) {
    SplittableRandom rnd = new SplittableRandom(seed);
    float[] row = new float[m.rank()];
    for (int r = 0; r < m.rows(); r++) {
      double norm = 0;
      for (int c = 0; c < row.length; c++) {
        double g = rnd.nextGaussian();
        row[c] = (float) g;
        norm += g * g;
      }
      float inv = (float) (targetNorm / Math.sqrt(Math.max(norm, 1e-30)));
      for (int c = 0; c < row.length; c++) row[c] *= inv;
      m.setRow(r, row, 0);
    }
  }
}
