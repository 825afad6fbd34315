package org.mf4j.solver.als;

import org.mf4j.api.Confidence;
import org.mf4j.api.PreferenceTarget;
import org.mf4j.api.Ratings;
import org.mf4j.api.WalsConfig;
import org.mf4j.kernel.KernelProvider;
import org.mf4j.kernel.Kernels;
import org.mf4j.model.FactorModel;
import org.mf4j.solver.RowProblem;
import org.mf4j.sparse.CsrMatrix;

/**
 * Weighted alternating least squares over all cells (WALS; implicit-feedback ALS of Hu, Koren and
 * Volinsky 2008 and the lecture notes' weighted matrix factorization), settings in {@link WalsConfig}.
 *
 * <p>It minimises the lecture notes' weighted objective (notes 002), with confidence weights and
 * regularization:
 * <pre>
 *   Σ_(u,i) observed w_ui (a_ui − u_u·v_i)² + Σ_(u,i) unobserved w0_ui (u_u·v_i)² + λ_U Σ_u s_u‖u_u‖² + λ_V Σ_i s_i‖v_i‖²
 * </pre>
 * with a_ui the target (1, or the value: {@link PreferenceTarget}), w_ui the confidence of the value
 * ({@link Confidence}), w0_ui = w0 (or w0·ρ_i with popularity-weighted unobserved cells) and s the
 * {@link WalsConfig#regScaling()} of the row.
 *
 * <p>Row u's normal equations are
 * <pre>
 *   (w0·VᵀV + Σ_i∈obs(u) (w_ui − w0)·v_i v_iᵀ + λ_U s_u·I) u_u = Σ_i∈obs(u) w_ui a_ui·v_i
 * </pre>
 * — the unobserved cells enter only through w0·VᵀV, formed once per half-sweep (the exact Gramian
 * trick), so a sweep costs O(nnz·K² + rows·K³) with Cholesky and O(nnz·K + rows·K²) per CG step, never
 * O(users·items). Weights below w0 (possible with {@link Confidence#FREQUENCY} or a weight column) are
 * allowed; every weight must be ≥ 0, so every system stays positive semi-definite before λ.
 *
 * <p>Input values: with {@link PreferenceTarget#ONE}, zero values are dropped (no event) and counted
 * ({@link #droppedZeros}); negative values mean a known dislike (a = 0, weight from |r|). Values must be
 * finite: a value whose weight comes out NaN or infinite is rejected, but with the {@code CONSTANT} or
 * {@code FREQUENCY} confidence under target {@code ONE} a NaN value is not detected and counts as a
 * dislike. Results are bit-identical whatever the thread count, as for {@link AlsTrainer}.
 *
 * <p>Use: {@link #fit(Ratings)} returns the model (the caller closes it), with the training
 * interactions as seen items, which fold-in needs; {@link #start} returns a run to drive by hand (the
 * CLI evaluates rankings between iterations). Not thread-safe: {@link #start} records the training
 * statistics that {@link #foldInProblem(CsrMatrix)} and {@link #droppedZeros()} report.
 */
public final class WalsTrainer {
  private final WalsConfig config;
  private final Kernels kernels;
  private int droppedZeros;

  /** A trainer with {@code config} on the machine's kernels ({@link KernelProvider#get()}). */
  public WalsTrainer(WalsConfig config) {
    this(config, KernelProvider.get());
  }

  /** A trainer with {@code config} computing with {@code kernels} (which the models it makes keep). */
  public WalsTrainer(WalsConfig config, Kernels kernels) {
    this.config = config;
    this.kernels = kernels;
  }

  /** The settings this trainer trains with. */
  public WalsConfig config() { return config; }

  /** Zero values the last {@link #start} (or {@link #fit}) dropped (target one only; 0 before any). */
  public int droppedZeros() { return droppedZeros; }

  /**
   * Trains for {@link WalsConfig#iterations()} iterations on {@code train} and returns the model, with the
   * training interactions (zeros dropped under target one) as its seen items and the config's settings;
   * the caller closes it. The run's pool and, on failure, its factors are freed before this returns.
   *
   * @throws IllegalArgumentException as {@link #start}
   * @throws ArithmeticException when a factor becomes NaN or infinite after an iteration
   * @throws org.mf4j.solver.NotPositiveDefiniteException when a row's system is not positive definite
   */
  public FactorModel fit(Ratings train) {
    try (AlternatingRun run = start(train)) {
      for (int it = 1; it <= config.iterations(); it++) {
        run.iterate();
        run.checkFinite(it);
      }
      return run.toModel();
    }
  }

  /**
   * Prepares a run (CSR matrices, weights, factors, pool) without iterating, and records the training
   * statistics for {@link #foldInProblem(CsrMatrix)}. The caller closes the run; see
   * {@link org.mf4j.solver.TrainingRun}. The run has no test set ({@code testRmse()} is NaN).
   *
   * @param train the training ratings; their id maps become the model's
   * @throws IllegalArgumentException when the confidence is {@code COLUMN} and {@code train} has no
   *     weights, or a weight comes out negative or not finite
   */
  public AlternatingRun start(Ratings train) {
    Ratings data = train;
    droppedZeros = 0;
    if (config.target() == PreferenceTarget.ONE) {
      int[] keep = new int[train.size()];
      int n = 0;
      for (int t = 0; t < train.size(); t++) if (train.value(t) != 0f) keep[n++] = t;
      droppedZeros = train.size() - n;
      if (droppedZeros > 0) data = train.select(keep, n);
    }
    if (config.confidence() == Confidence.COLUMN && data.weights() == null) {
      throw new IllegalArgumentException("confidence COLUMN needs a weight column in the input (none was read)");
    }
    int threads = config.threads();
    CsrMatrix.Pair both = CsrMatrix.buildBoth(data.numUsers(), data.numItems(), data.users(), data.items(),
        data.values(), data.size(), threads);
    CsrMatrix.Pair columnWeights = config.confidence() == Confidence.COLUMN
        ? CsrMatrix.buildBoth(data.numUsers(), data.numItems(), data.users(), data.items(), data.weights(), data.size(), threads)
        : null;
    CsrMatrix byUser = both.byRow(), byItem = both.byCol();
    int[] userCounts = rowCounts(byUser), itemCounts = rowCounts(byItem);
    float[] rho = popularityWeights(itemCounts, config.unobservedExponent());
    double meanUser = mean(userCounts), meanItem = mean(itemCounts);
    RowProblem users = problem("user", byUser, columnWeights == null ? null : columnWeights.byRow(),
        userCounts, itemCounts, meanUser, meanItem, config.lambdaU(), byItem.rows(), rho, false);
    RowProblem items = problem("item", byItem, columnWeights == null ? null : columnWeights.byCol(),
        itemCounts, userCounts, meanItem, meanUser, config.lambdaV(), byUser.rows(), rho, true);
    trained = new TrainingCounts(itemCounts, userCounts, meanUser, meanItem, rho);
    double initNorm = config.target() == PreferenceTarget.ONE ? 1.0 : Math.sqrt(AlsTrainer.meanAbs(data));
    return new AlternatingRun("wals", kernels, config.rank(), threads, config.seed(), config.solver(),
        config.cgSteps(), config.unobservedWeight(), data, users, items, null, initNorm, config.settings());
  }

  /** What fold-in needs of the last {@link #start}'s data: item and user counts, mean row counts, ρ. */
  private record TrainingCounts(int[] itemCounts, int[] userCounts, double meanUser, double meanItem, float[] rho) {
    static TrainingCounts of(CsrMatrix trainingByUser, double c) {
      int[] itemCounts = new int[trainingByUser.numCols()];
      for (int col : trainingByUser.colIndex()) itemCounts[col]++;
      int[] userCounts = rowCounts(trainingByUser);
      return new TrainingCounts(itemCounts, userCounts, mean(userCounts), mean(itemCounts), popularityWeights(itemCounts, itemCounts, c));
    }
  }

  private TrainingCounts trained;

  /**
   * The user-side problem this trainer's user half-sweep solves, posed for {@code histories} (users ×
   * the training items, values as in the input) with the statistics of the last {@link #start}'s data
   * (item counts for the frequency confidence and ρ, the mean user count): Gram weights w − w0, right-hand
   * sides w·a, λ_U scaled as in training. For {@link org.mf4j.solver.FoldIn} against the model's item
   * factors with w0 = {@link WalsConfig#unobservedWeight()}. Under target ONE, zero values are not events
   * and must be left out of the histories, as training leaves them out.
   *
   * @param histories one row per user to solve, columns the training items
   * @return the problem, side {@code "user"}
   * @throws IllegalStateException before any {@link #start}
   * @throws UnsupportedOperationException for confidence COLUMN (its weights come with the input)
   * @throws IllegalArgumentException when the histories' column count is not the training's item count,
   *     a value is zero under target one, or a weight comes out negative or not finite
   */
  public RowProblem foldInProblem(CsrMatrix histories) {
    if (trained == null) throw new IllegalStateException("fold-in uses the training data's counts: start() a run first");
    return foldInProblem(histories, trained);
  }

  /**
   * {@link #foldInProblem(CsrMatrix)} with the statistics taken from {@code trainingByUser}, the training
   * interactions by user (a model's seen items), for a trainer that did not run the training itself.
   * Throws as that method, without the {@link IllegalStateException}.
   *
   * @param histories one row per user to solve, columns the training items
   * @param trainingByUser the training interactions by user (users × items)
   * @return the problem, side {@code "user"}
   */
  public RowProblem foldInProblem(CsrMatrix histories, CsrMatrix trainingByUser) {
    return foldInProblem(histories, TrainingCounts.of(trainingByUser, config.unobservedExponent()));
  }

  /**
   * The item-side problem of this trainer's item half-sweep, posed for {@code histories} (items × the
   * training users) with the last {@link #start}'s statistics: as {@link #foldInProblem(CsrMatrix)}, with
   * λ_V, and each item's unobserved weight w0·ρ_i from its history's length against the training items'
   * popularity (for {@link WalsConfig#unobservedExponent()} ≠ 0). For {@link org.mf4j.solver.FoldIn}
   * against the model's user factors.
   *
   * @param histories one row per item to solve, columns the training users
   * @return the problem, side {@code "item"}
   * @throws IllegalStateException before any {@link #start}
   * @throws UnsupportedOperationException for confidence COLUMN
   * @throws IllegalArgumentException when the histories' column count is not the training's user count,
   *     a value is zero under target one, or a weight comes out negative or not finite
   */
  public RowProblem itemFoldInProblem(CsrMatrix histories) {
    if (trained == null) throw new IllegalStateException("fold-in uses the training data's counts: start() a run first");
    return itemFoldInProblem(histories, trained);
  }

  /**
   * {@link #itemFoldInProblem(CsrMatrix)} with the statistics taken from {@code trainingByUser}, the
   * training interactions by user; throws as that method, without the {@link IllegalStateException}.
   *
   * @param histories one row per item to solve, columns the training users
   * @param trainingByUser the training interactions by user (users × items)
   * @return the problem, side {@code "item"}
   */
  public RowProblem itemFoldInProblem(CsrMatrix histories, CsrMatrix trainingByUser) {
    return itemFoldInProblem(histories, TrainingCounts.of(trainingByUser, config.unobservedExponent()));
  }

  private RowProblem itemFoldInProblem(CsrMatrix histories, TrainingCounts trained) {
    checkFoldIn(histories, trained.userCounts().length, "users");
    int[] counts = rowCounts(histories);
    float[] rho = config.unobservedExponent() == 0 ? null : popularityWeights(counts, trained.itemCounts(), config.unobservedExponent());
    return problem("item", histories, null, counts, trained.userCounts(), trained.meanItem(), trained.meanUser(),
        config.lambdaV(), trained.userCounts().length, rho, true);
  }

  private void checkFoldIn(CsrMatrix histories, int columns, String what) {
    if (config.confidence() == Confidence.COLUMN) throw new UnsupportedOperationException("fold-in with confidence COLUMN is not supported yet");
    if (histories.numCols() != columns) {
      throw new IllegalArgumentException("histories over " + histories.numCols() + " " + what + ", the training data has " + columns);
    }
    if (config.target() == PreferenceTarget.ONE) {
      for (float x : histories.values()) if (x == 0f) throw new IllegalArgumentException("a zero value under target ONE: leave it out, as training does");
    }
  }

  private RowProblem foldInProblem(CsrMatrix histories, TrainingCounts trained) {
    checkFoldIn(histories, trained.itemCounts().length, "items");
    return problem("user", histories, null, rowCounts(histories), trained.itemCounts(), trained.meanUser(), trained.meanItem(),
        config.lambdaU(), trained.itemCounts().length, trained.rho(), false);
  }

  /** ρ_i = f_i^c / mean_j f_j^c (f at least 1), or null for c = 0 (uniform unobserved weight). */
  static float[] popularityWeights(int[] itemCounts, double c) {
    return popularityWeights(itemCounts, itemCounts, c);
  }

  /** ρ of rows with {@code counts} entries against the mean f^c of {@code reference} (the training items). */
  static float[] popularityWeights(int[] counts, int[] reference, double c) {
    if (c == 0 || reference.length == 0) return null;
    double sum = 0;
    for (int f : reference) sum += Math.pow(Math.max(1, f), c);
    float[] rho = new float[counts.length];
    for (int i = 0; i < rho.length; i++) rho[i] = (float) (Math.pow(Math.max(1, counts[i]), c) * reference.length / sum);
    return rho;
  }

  private static int[] rowCounts(CsrMatrix m) {
    int[] n = new int[m.rows()];
    for (int r = 0; r < n.length; r++) n[r] = m.rowLength(r);
    return n;
  }

  /**
   * Gram weights c = w − w0 and right-hand-side weights b = w·a for every entry of {@code data}, and
   * each row's regularization.
   */
  private RowProblem problem(String side, CsrMatrix data, CsrMatrix columnWeights, int[] rowCounts, int[] colCounts,
      double meanRow, double meanCol, double lambda, int otherRows, float[] rho, boolean rowsAreItems) {
    double w0 = config.unobservedWeight(), alpha = config.alpha(), eps = config.epsilon(), beta = config.frequencyExponent();
    int[] cols = data.colIndex();
    float[] vals = data.values();
    float[] c = new float[(int) data.nnz()], b = new float[c.length];
    for (int r = 0; r < data.rows(); r++) {
      for (long q = data.rowStart(r), e = data.rowEnd(r); q < e; q++) {
        int p = (int) q;
        double value = vals[p], strength = Math.abs(value);
        double w = switch (config.confidence()) {
          case CONSTANT -> 1.0;
          case LINEAR -> 1.0 + alpha * strength;
          case LOG -> 1.0 + alpha * Math.log1p(strength / eps);
          case FREQUENCY -> 1.0 + alpha * Math.pow((meanRow / rowCounts[r]) * (meanCol / colCounts[cols[p]]), beta);
          case COLUMN -> columnWeights.values()[p];
        };
        if (!(w >= 0) || Double.isInfinite(w)) {
          throw new IllegalArgumentException(side + " " + r + ": weight " + w + " of value " + value
              + " is negative or not finite; weights must be finite and >= 0");
        }
        double a = config.target() == PreferenceTarget.ONE ? (value > 0 ? 1.0 : 0.0) : value;
        double cellW0 = rho == null ? w0 : w0 * rho[rowsAreItems ? r : cols[p]];
        c[p] = (float) (w - cellW0);
        b[p] = (float) (w * a);
      }
    }
    double[] reg = new double[data.rows()];
    for (int r = 0; r < reg.length; r++) {
      double rowW0 = rho != null && rowsAreItems ? w0 * rho[r] : w0; // users: Σ_i w0·ρ_i = w0·N
      reg[r] = lambda * config.regScaling().factor(rowCounts[r], rowW0, otherRows, config.regExponent());
    }
    return new RowProblem(side, data, c, b, reg, rowsAreItems ? null : rho, rowsAreItems ? rho : null);
  }

  private static double mean(int[] counts) {
    long s = 0;
    int nonEmpty = 0;
    for (int n : counts) {
      s += n;
      if (n > 0) nonEmpty++;
    }
    return nonEmpty == 0 ? 1 : (double) s / nonEmpty;
  }
}
