package org.mf4j.solver.sgd;

import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import org.mf4j.api.LearningRateSchedule;
import org.mf4j.api.Ratings;
import org.mf4j.api.SgdConfig;
import org.mf4j.kernel.Kernels;
import org.mf4j.memory.FactorMatrix;
import org.mf4j.model.FactorModel;
import org.mf4j.solver.TrainingRun;
import org.mf4j.sparse.CsrMatrix;

/**
 * A stochastic-gradient training run, one epoch per {@link #iterate()}. An epoch visits every training
 * rating once: the {@link StratifiedBlocks} grid (b = max(6, 2·threads) strata) is swept in b
 * rounds; in each round the b blocks (s, (s + shift) mod b) share no row, so they are updated in parallel
 * without locks; the shifts are a seeded permutation per epoch. Within a block the order is fixed (by
 * user, then item) and sequential, so a seed and a thread count give the same factors every time.
 *
 * <p>Each update is one fused {@link Kernels#sgdStep} (prediction, error and both rows' updates) plus
 * the two biases. Divergence (a round's mean squared error NaN, infinite or 100 × the ratings' mean
 * square) stops the epoch at once with an {@link ArithmeticException} naming the epoch and the value.
 */
public final class SgdRun implements TrainingRun {
  private final SgdConfig config;
  private final Kernels kernels;
  private final Ratings train;
  private final int k;
  private final FactorMatrix u, v;
  private final float mean;
  private final float[] userBias, itemBias;
  /** AdaGrad accumulators G_r per row (null for the other schedules). */
  private final float[] userG, itemG;
  private final StratifiedBlocks blocks;
  private final CsrMatrix byUser, testByUser;
  private final ForkJoinPool pool;
  private final double[] blockLoss;
  private final double explodeAt;
  private final float lambdaU, lambdaV, lambdaBias;
  private int epoch;
  private double lastEpochMse = Double.NaN;
  private boolean handedOver;

  SgdRun(SgdConfig config, Kernels kernels, Ratings train, Ratings test) {
    this.config = config;
    this.kernels = kernels;
    this.train = train;
    this.k = config.rank();
    this.lambdaU = (float) config.lambdaU();
    this.lambdaV = (float) config.lambdaV();
    this.lambdaBias = (float) config.lambdaBias();
    // at least 6 strata even for one thread: with rows in order inside blocks, the random order of the
    // blocks is what keeps the updates stochastic
    int strata = Math.max(6, 2 * config.threads());
    this.blocks = StratifiedBlocks.build(train, strata, config.seed() ^ 0x5DEECE66DL);
    this.byUser = CsrMatrix.build(train.numUsers(), train.numItems(), train.users(), train.items(), train.values(), train.size());
    this.testByUser = test == null || test.size() == 0 ? null
        : CsrMatrix.build(train.numUsers(), train.numItems(), test.users(), test.items(), test.values(), test.size());
    double sum = 0, sumSq = 0;
    for (int p = 0; p < train.size(); p++) {
      sum += train.value(p);
      sumSq += (double) train.value(p) * train.value(p);
    }
    this.mean = config.biases() && train.size() > 0 ? (float) (sum / train.size()) : 0f;
    this.explodeAt = 100 * (train.size() > 0 ? sumSq / train.size() : 0) + 100;
    this.userBias = new float[train.numUsers()];
    this.itemBias = new float[train.numItems()];
    boolean adagrad = config.schedule() == LearningRateSchedule.ADAGRAD;
    this.userG = adagrad ? filled(train.numUsers()) : null;
    this.itemG = adagrad ? filled(train.numItems()) : null;
    this.u = FactorMatrix.allocate(train.numUsers(), k);
    this.v = FactorMatrix.allocate(train.numItems(), k);
    SplittableRandom rnd = new SplittableRandom(config.seed());
    initialize(u, rnd, config.initStd());
    initialize(v, rnd, config.initStd());
    this.pool = new ForkJoinPool(config.threads());
    this.blockLoss = new double[strata];
  }

  private static float[] filled(int n) {
    float[] a = new float[n];
    java.util.Arrays.fill(a, 1f);
    return a;
  }

  private static void initialize(FactorMatrix m, SplittableRandom rnd, double std) {
    for (int r = 0; r < m.rows(); r++) {
      for (int c = 0; c < m.rank(); c++) m.set(r, c, (float) (rnd.nextGaussian() * std));
    }
  }

  /** The learning rate of epoch {@code e} (before any per-row AdaGrad scaling). */
  float learningRate(int e) {
    double lr = config.learningRate();
    if (config.schedule() == LearningRateSchedule.DECAY) lr *= Math.pow(config.decay(), e);
    return (float) lr;
  }

  @Override
  public double iterate() {
    long t0 = System.nanoTime();
    int b = blocks.strata;
    float lr = learningRate(epoch);
    int[] shifts = permutation(b, new SplittableRandom(config.seed() * 0x9E3779B97F4A7C15L + epoch));
    double total = 0;
    for (int round = 0; round < b; round++) {
      int shift = shifts[round];
      pool.submit(() -> IntStream.range(0, b).parallel().forEach(s -> blockLoss[s] = sweepBlock(s, (s + shift) % b, lr))).join();
      double sq = 0;
      long n = 0;
      for (int s = 0; s < b; s++) {
        sq += blockLoss[s];
        n += blocks.blockEnd(s, (s + shift) % b) - blocks.blockStart(s, (s + shift) % b);
      }
      double mse = n == 0 ? 0 : sq / n;
      if (!Double.isFinite(mse) || mse > explodeAt) {
        throw new ArithmeticException(String.format(Locale.ROOT,
            "epoch %d: SGD diverged (mean squared error %.4g in round %d of %d); lower the learning rate (now %s)",
            epoch + 1, mse, round + 1, b, config.learningRate()));
      }
      total += sq;
    }
    lastEpochMse = train.size() == 0 ? 0 : total / train.size();
    epoch++;
    return (System.nanoTime() - t0) * 1e-9;
  }

  /** Updates every rating of block (s, t) in order; returns the sum of squared errors before each update. */
  private double sweepBlock(int s, int t, float lr) {
    float[] grad = userG != null ? new float[2] : null;
    double sq = 0;
    for (int p = blocks.blockStart(s, t), end = blocks.blockEnd(s, t); p < end; p++) sq += update(p, lr, grad);
    return sq;
  }

  /** One rating's update (factors, biases, AdaGrad sums); returns its squared error before the update. */
  private double update(int p, float lr, float[] grad) {
    int uu = blocks.users[p], ii = blocks.items[p];
    float lrU = lr, lrV = lr;
    if (grad != null) {
      lrU = lr / (float) Math.sqrt(userG[uu]);
      lrV = lr / (float) Math.sqrt(itemG[ii]);
    }
    boolean biases = config.biases();
    float bias = biases ? mean + userBias[uu] + itemBias[ii] : 0f;
    int stride = u.stride();
    float e = kernels.sgdStep(k, u.segment(), (long) uu * stride, v.segment(), (long) ii * stride, bias, blocks.values[p], lrU, lrV,
        lambdaU, lambdaV, grad);
    if (biases) {
      userBias[uu] += lrU * (e - lambdaBias * userBias[uu]);
      itemBias[ii] += lrV * (e - lambdaBias * itemBias[ii]);
    }
    if (grad != null) {
      userG[uu] += grad[0] / k;
      itemG[ii] += grad[1] / k;
    }
    return (double) e * e;
  }

  private static int[] permutation(int n, SplittableRandom rnd) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++) a[i] = i;
    for (int i = n - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    return a;
  }

  /** Fused update: dot 2K, two gradients 4K, two updates 4K (AdaGrad's norms 2K more). */
  @Override
  public double flopsPerIteration() {
    return (double) train.size() * k * (userG != null ? 12 : 10);
  }

  /** Mean squared error of the last epoch's updates, each taken just before its update. */
  public double lastEpochMse() { return lastEpochMse; }

  public int epoch() { return epoch; }

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
          + config.learningRate() + ")");
    }
  }

  private static int firstNonFinite(float[] a) {
    for (int i = 0; i < a.length; i++) if (!Float.isFinite(a[i])) return i;
    return -1;
  }

  /** μ + b_u + b_i + u·v. */
  public float predict(int user, int item) {
    float b = config.biases() ? mean + userBias[user] + itemBias[item] : 0f;
    return b + kernels.dot(u.segment(), u.rowOffset(user), v.segment(), v.rowOffset(item), k);
  }

  @Override
  public double trainRmse() { return Math.sqrt(squaredError(byUser) / Math.max(1, byUser.nnz())); }

  @Override
  public double testRmse() {
    return testByUser == null ? Double.NaN : Math.sqrt(squaredError(testByUser) / Math.max(1, testByUser.nnz()));
  }

  private double squaredError(CsrMatrix data) {
    double[] perUser = new double[data.rows()];
    int[] cols = data.colIndex();
    float[] vals = data.values();
    pool.submit(() -> IntStream.range(0, data.rows()).parallel().forEach(r -> {
      double s = 0;
      for (long p = data.rowStart(r), e = data.rowEnd(r); p < e; p++) {
        double d = vals[(int) p] - predict(r, cols[(int) p]);
        s += d * d;
      }
      perUser[r] = s;
    })).join();
    double total = 0;
    for (double s : perUser) total += s; // in row order: the same sum whatever the threads
    return total;
  }

  /**
   * The objective SGD descends, per rating: [Σ e² + λ_U Σ_u n_u‖u‖² + λ_V Σ_i n_i‖v_i‖² + λ_b(Σ_u n_u b_u² +
   * Σ_i n_i b_i²)] / nnz — the regularization is applied at every update of a row, so it weighs with the
   * row's count (twice the per-update loss ½e² + ½λ‖·‖² whose gradient the kernel follows).
   */
  @Override
  public double objective() {
    double sq = squaredError(byUser);
    double reg = 0;
    for (int r = 0; r < byUser.rows(); r++) {
      double n = byUser.rowLength(r);
      reg += n * (config.lambdaU() * squaredNorm(u, r) + config.lambdaBias() * userBias[r] * userBias[r]);
    }
    int[] itemCount = new int[v.rows()];
    for (int p = 0; p < train.size(); p++) itemCount[train.item(p)]++;
    for (int i = 0; i < v.rows(); i++) {
      reg += itemCount[i] * (config.lambdaV() * squaredNorm(v, i) + config.lambdaBias() * itemBias[i] * itemBias[i]);
    }
    return (sq + reg) / Math.max(1, train.size());
  }

  private double squaredNorm(FactorMatrix m, int r) {
    return kernels.dot(m.segment(), m.rowOffset(r), m.segment(), m.rowOffset(r), k);
  }

  public float globalMean() { return mean; }
  public float[] userBiases() { return userBias; }
  public float[] itemBiases() { return itemBias; }

  @Override
  public FactorMatrix userFactors() { return u; }

  @Override
  public FactorMatrix itemFactors() { return v; }

  @Override
  public CsrMatrix trainByUser() { return byUser; }

  @Override
  public Ratings train() { return train; }

  /**
   * The trained model. With biases it has rank K + 2: the user row is (u, μ + b_u, 1) and the item row
   * (v, 1, b_i), so u'·v' = μ + b_u + b_i + u·v and every consumer of factor models (prediction, top-N,
   * the model file) serves the biased model unchanged.
   */
  @Override
  public FactorModel toModel() {
    handedOver = true;
    if (!config.biases()) return new FactorModel("sgd", u, v, train.userIds(), train.itemIds(), kernels, byUser);
    FactorMatrix ub = FactorMatrix.allocate(u.rows(), k + 2), vb = FactorMatrix.allocate(v.rows(), k + 2);
    float[] row = new float[Math.max(ub.stride(), u.stride())];
    for (int r = 0; r < u.rows(); r++) {
      u.getRow(r, row, 0);
      row[k] = mean + userBias[r];
      row[k + 1] = 1f;
      ub.setRow(r, row, 0);
    }
    for (int i = 0; i < v.rows(); i++) {
      v.getRow(i, row, 0);
      row[k] = 1f;
      row[k + 1] = itemBias[i];
      vb.setRow(i, row, 0);
    }
    u.close();
    v.close();
    return new FactorModel("sgd", ub, vb, train.userIds(), train.itemIds(), kernels, byUser);
  }

  @Override
  public void close() {
    pool.shutdownNow();
    if (!handedOver) {
      u.close();
      v.close();
    }
  }
}
