package org.mf4j.solver.sgd;

import java.util.SplittableRandom;
import org.mf4j.api.LearningRateSchedule;
import org.mf4j.api.Ratings;
import org.mf4j.api.SgdConfig;
import org.mf4j.kernel.Kernels;

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
public final class SgdRun extends BiasedRun {
  private final SgdConfig config;
  /** AdaGrad accumulators G_r per row (null for the other schedules). */
  private final float[] userG, itemG;
  private final StratifiedBlocks blocks;
  private final double[] blockLoss;
  private final float lambdaU, lambdaV, lambdaBias;

  SgdRun(SgdConfig config, Kernels kernels, Ratings train, Ratings test) {
    super(kernels, train, test, config.rank(), config.biases(), config.initStd(), config.threads(), config.seed());
    this.config = config;
    this.lambdaU = (float) config.lambdaU();
    this.lambdaV = (float) config.lambdaV();
    this.lambdaBias = (float) config.lambdaBias();
    // at least 6 strata even for one thread: with rows in order inside blocks, the random order of the
    // blocks is what keeps the updates stochastic
    int strata = Math.max(6, 2 * config.threads());
    this.blocks = StratifiedBlocks.build(train, strata, config.seed() ^ 0x5DEECE66DL);
    boolean adagrad = config.schedule() == LearningRateSchedule.ADAGRAD;
    this.userG = adagrad ? filled(train.numUsers()) : null;
    this.itemG = adagrad ? filled(train.numItems()) : null;
    this.blockLoss = new double[strata];
  }

  private static float[] filled(int n) {
    float[] a = new float[n];
    java.util.Arrays.fill(a, 1f);
    return a;
  }

  @Override
  String algorithm() { return "sgd"; }

  @Override
  double learningRateSetting() { return config.learningRate(); }

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
      sweep.run(b, s -> blocks.blockEnd(s, (s + shift) % b) - blocks.blockStart(s, (s + shift) % b), (from, to, grad) -> {
        for (int s = from; s < to; s++) blockLoss[s] = sweepBlock(s, (s + shift) % b, lr, userG != null ? grad : null);
      });
      double sq = 0;
      long n = 0;
      for (int s = 0; s < b; s++) {
        sq += blockLoss[s];
        n += blocks.blockEnd(s, (s + shift) % b) - blocks.blockStart(s, (s + shift) % b);
      }
      checkDivergence(n == 0 ? 0 : sq / n, "in round " + (round + 1) + " of " + b);
      total += sq;
    }
    lastEpochMse = train.size() == 0 ? 0 : total / train.size();
    epoch++;
    return (System.nanoTime() - t0) * 1e-9;
  }

  /** Updates every rating of block (s, t) in order; returns the sum of squared errors before each update. */
  private double sweepBlock(int s, int t, float lr, float[] grad) {
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

  /**
   * λ_U Σ_u n_u‖u‖² + λ_V Σ_i n_i‖v_i‖² + λ_b(Σ_u n_u b_u² + Σ_i n_i b_i²): the penalty is applied at every
   * update of a row, so it weighs with the row's count (the objective is twice the per-update loss
   * ½e² + ½λ‖·‖² whose gradient the kernel follows).
   */
  @Override
  double regularization() {
    double reg = 0;
    for (int r = 0; r < byUser.rows(); r++) {
      reg += byUser.rowLength(r) * (config.lambdaU() * squaredNorm(u, r) + config.lambdaBias() * userBias[r] * userBias[r]);
    }
    int[] itemCount = new int[v.rows()];
    for (int p = 0; p < train.size(); p++) itemCount[train.item(p)]++;
    for (int i = 0; i < v.rows(); i++) {
      reg += itemCount[i] * (config.lambdaV() * squaredNorm(v, i) + config.lambdaBias() * itemBias[i] * itemBias[i]);
    }
    return reg;
  }
}
