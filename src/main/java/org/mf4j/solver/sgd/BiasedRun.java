package org.mf4j.solver.sgd;

import java.util.Locale;
import java.util.SplittableRandom;
import org.mf4j.api.Ratings;
import org.mf4j.kernel.Kernels;
import org.mf4j.memory.FactorMatrix;
import org.mf4j.model.FactorModel;
import org.mf4j.parallel.RowSweep;
import org.mf4j.solver.internal.BiasFolding;
import org.mf4j.solver.internal.Residuals;
import org.mf4j.solver.TrainingRun;
import org.mf4j.sparse.CsrMatrix;

/**
 * What the gradient-based runs share: the model r ≈ μ + b_u + b_i + u·v (μ the training mean, fixed; no
 * biases: r ≈ u·v), its off-heap factors and on-heap biases, RMSE, the divergence checks and the model
 * hand-over. Subclasses define an epoch ({@link #iterate()}) and their regularization term.
 */
abstract sealed class BiasedRun implements TrainingRun permits SgdRun, AdamRun {
  final Kernels kernels;
  final Ratings train;
  final int k;
  final boolean biases;
  final FactorMatrix u, v;
  final float mean;
  final float[] userBias, itemBias;
  final CsrMatrix byUser, testByUser;
  /** Workers, each with a float[2] scratch (the AdaGrad gradient norms of {@link Kernels#sgdStep}). */
  final RowSweep<float[]> sweep;
  private final double[] rowSums;
  /** A mean squared error above this means the run diverged (100 × the ratings' mean square, + 100). */
  final double explodeAt;
  int epoch;
  double lastEpochMse = Double.NaN;
  private boolean handedOver;

  BiasedRun(Kernels kernels, Ratings train, Ratings test, int rank, boolean biases, double initStd, int threads, long seed) {
    this.kernels = kernels;
    this.train = train;
    this.k = rank;
    this.biases = biases;
    this.byUser = CsrMatrix.build(train.numUsers(), train.numItems(), train.users(), train.items(), train.values(), train.size());
    this.testByUser = test == null || test.size() == 0 ? null
        : CsrMatrix.build(train.numUsers(), train.numItems(), test.users(), test.items(), test.values(), test.size());
    double sum = 0, sumSq = 0;
    for (int p = 0; p < train.size(); p++) {
      sum += train.value(p);
      sumSq += (double) train.value(p) * train.value(p);
    }
    this.mean = biases && train.size() > 0 ? (float) (sum / train.size()) : 0f;
    this.explodeAt = 100 * (train.size() > 0 ? sumSq / train.size() : 0) + 100;
    this.userBias = new float[train.numUsers()];
    this.itemBias = new float[train.numItems()];
    this.u = FactorMatrix.allocate(train.numUsers(), rank);
    this.v = FactorMatrix.allocate(train.numItems(), rank);
    SplittableRandom rnd = new SplittableRandom(seed);
    initialize(u, rnd, initStd);
    initialize(v, rnd, initStd);
    this.sweep = new RowSweep<>(threads, () -> new float[2]);
    this.rowSums = new double[Math.max(1, train.numUsers())];
  }

  private static void initialize(FactorMatrix m, SplittableRandom rnd, double std) {
    for (int r = 0; r < m.rows(); r++) {
      for (int c = 0; c < m.rank(); c++) m.set(r, c, (float) (rnd.nextGaussian() * std));
    }
  }

  /** The learning rate as the user set it, for the divergence hint. */
  abstract double learningRateSetting();

  /** The penalty term of {@link #objective()} (before dividing by the number of ratings). */
  abstract double regularization();

  /** Throws when a mean squared error measured during an epoch says the run diverged. */
  void checkDivergence(double mse, String where) {
    if (!Double.isFinite(mse) || mse > explodeAt) {
      throw new ArithmeticException(String.format(Locale.ROOT,
          "epoch %d: %s diverged (mean squared error %.4g %s); lower the learning rate (now %s)", epoch + 1, algorithm(), mse, where,
          learningRateSetting()));
    }
  }

  /** The model's name in reports and model files. */
  abstract String algorithm();

  /**
   * Mean squared error of the last completed epoch's updates, each error taken just before its update
   * (a cheap running estimate of the training error); NaN before the first epoch.
   */
  public double lastEpochMse() { return lastEpochMse; }

  /** The number of epochs completed. */
  public int epoch() { return epoch; }

  /**
   * Throws {@link ArithmeticException} naming {@code iteration} and the first user or item factor row or
   * bias that holds NaN or infinity, with a hint to lower the learning rate.
   */
  @Override
  public void checkFinite(int iteration) {
    String what = null;
    int row = u.firstNonFiniteRow();
    if (row >= 0) what = "user factor row " + row;
    else if ((row = v.firstNonFiniteRow()) >= 0) what = "item factor row " + row;
    else if ((row = firstNonFinite(userBias)) >= 0) what = "user bias " + row;
    else if ((row = firstNonFinite(itemBias)) >= 0) what = "item bias " + row;
    if (what != null) {
      throw new ArithmeticException("epoch " + iteration + ": " + what + " holds NaN/Inf; lower the learning rate (now "
          + learningRateSetting() + ")");
    }
  }

  private static int firstNonFinite(float[] a) {
    for (int i = 0; i < a.length; i++) if (!Float.isFinite(a[i])) return i;
    return -1;
  }

  /**
   * The current prediction μ + b_u + b_i + u·v of dense {@code user} for dense {@code item} (u·v without
   * biases). Ids are not checked beyond the array and segment bounds.
   *
   * @throws IndexOutOfBoundsException when an id is out of range
   * @throws IllegalStateException after {@link #toModel()} with biases, which frees these factors
   */
  public float predict(int user, int item) {
    float b = biases ? mean + userBias[user] + itemBias[item] : 0f;
    return b + kernels.dot(u.segment(), u.rowOffset(user), v.segment(), v.rowOffset(item), k);
  }

  /** RMSE of the current predictions (biases included) against the training ratings; 0 without ratings. */
  @Override
  public double trainRmse() { return Math.sqrt(squaredError(byUser) / Math.max(1, byUser.nnz())); }

  /**
   * RMSE against all the test ratings given at the start, cold users and items (no training rating)
   * included; NaN without a test set.
   */
  @Override
  public double testRmse() {
    return testByUser == null ? Double.NaN : Math.sqrt(squaredError(testByUser) / Math.max(1, testByUser.nnz()));
  }

  double squaredError(CsrMatrix data) {
    Residuals.Offset offset = biases ? (r, c) -> mean + userBias[r] + itemBias[c] : null;
    return Residuals.squaredError(data, u, v, offset, kernels, sweep, rowSums);
  }

  /** [Σ e² + the method's penalty] / nnz (the subclass says which penalty); 0 without ratings. */
  @Override
  public double objective() {
    return (squaredError(byUser) + regularization()) / Math.max(1, train.size());
  }

  double squaredNorm(FactorMatrix m, int r) {
    return kernels.dot(m.segment(), m.rowOffset(r), m.segment(), m.rowOffset(r), k);
  }

  /** μ, the training mean (fixed); 0 without biases. */
  public float globalMean() { return mean; }
  /** b_u per dense user: the run's live array (zeros without biases), not a copy; do not modify it. */
  public float[] userBiases() { return userBias; }
  /** b_i per dense item: the run's live array (zeros without biases), not a copy; do not modify it. */
  public float[] itemBiases() { return itemBias; }

  /** The current user factors (users × K, biases not included), owned by the run; do not close them. */
  @Override
  public FactorMatrix userFactors() { return u; }

  /** The current item factors (items × K, biases not included), owned by the run; do not close them. */
  @Override
  public FactorMatrix itemFactors() { return v; }

  /** The training ratings by user (users × items); the run's own matrix: do not modify it. */
  @Override
  public CsrMatrix trainByUser() { return byUser; }

  /** The training ratings as given to the trainer. */
  @Override
  public Ratings train() { return train; }

  /**
   * The trained model. With biases it has rank K + 2: the user row is (u, μ + b_u, 1) and the item row
   * (v, 1, b_i), so u'·v' = μ + b_u + b_i + u·v and every consumer of factor models (prediction, top-N,
   * the model file) serves the biased model unchanged. The model has the training ratings as seen items
   * and no settings; the caller closes it. Without biases it shares this run's U and V (iterating afterwards
   * would change it); with biases it gets new matrices and the run's U and V are freed (the run's factors,
   * {@link #predict} and the RMSE methods then throw {@link IllegalStateException}). Call at most once,
   * then only {@link #close()}.
   */
  @Override
  public FactorModel toModel() {
    handedOver = true;
    if (!biases) return new FactorModel(algorithm(), u, v, train.userIds(), train.itemIds(), kernels, byUser);
    FactorMatrix[] folded = BiasFolding.fold(u, v, mean, userBias, itemBias);
    return new FactorModel(algorithm(), folded[0], folded[1], train.userIds(), train.itemIds(), kernels, byUser);
  }

  /** Frees what subclasses hold off-heap beyond the factors. */
  void closeState() {}

  /** Stops the worker threads and frees the off-heap memory the run still owns. Call once. */
  @Override
  public void close() {
    sweep.close();
    closeState();
    if (!handedOver) {
      u.close();
      v.close();
    }
  }
}
