package org.mf4j.solver.sgd;

import java.util.SplittableRandom;
import org.mf4j.api.AdamConfig;
import org.mf4j.api.Ratings;
import org.mf4j.kernel.Kernels;
import org.mf4j.memory.FactorMatrix;

/**
 * Mini-batch Adam / AdamW, one epoch per {@link #iterate()}: the ratings in a seeded order reshuffled
 * every epoch, cut into batches of {@link AdamConfig#batchSize()}; per batch the gradient of the batch's
 * mean squared error is accumulated ({@link Kernels#accumulateGradient}) into off-heap gradient rows, then
 * every parameter row takes one {@link Kernels#adamStep}. The first and second moments live off-heap
 * beside the factors, one matrix each per side.
 *
 * <p><b>Dense or lazy.</b> Dense ({@code lazy = false}, the default and what PyTorch's Adam does with
 * dense embeddings, as in the lecture notes) updates every row at every step: a row absent from the batch
 * has gradient 0 (plus wd·θ for Adam), its moments decay and it still moves by its momentum. Lazy updates
 * only the rows the batch touched (PyTorch's SparseAdam): rows absent from a batch keep their moments and
 * values, and weight decay reaches a row only when it appears. It matters: dense costs (users + items)·K
 * per batch whatever the batch size, and with weight decay it shrinks rare rows far more.
 *
 * <p>The batch's gradient is summed in rating order and each row's step is independent of the others,
 * so a seed gives the same factors whatever the thread count.
 *
 * <p>{@link #objective()} is the mean squared error over the training ratings plus
 * (wd/2)(Σ‖u‖² + Σ‖v‖² + Σ b²), the L2 term Adam's weight decay is the gradient of (for AdamW, a measure of
 * what its decoupled decay keeps small). Made by {@link AdamTrainer#start}; not thread-safe; life cycle as
 * {@link org.mf4j.solver.TrainingRun}. Besides the factors it owns six more off-heap matrices of their
 * size (gradients, first and second moments), freed by {@link #close()}.
 */
public final class AdamRun extends BiasedRun {
  private final AdamConfig config;
  private final FactorMatrix gradU, gradV, momentU, momentV, squareU, squareV;
  private final float[] gradUserBias, gradItemBias, momentUserBias, momentItemBias, squareUserBias, squareItemBias;
  private final boolean[] touchedUser, touchedItem;
  private final int[] touchedUsers, touchedItems;
  private int touchedUserCount, touchedItemCount;
  private final int[] order;
  private long step;

  AdamRun(AdamConfig config, Kernels kernels, Ratings train, Ratings test) {
    super(kernels, train, test, config.rank(), config.biases(), config.initStd(), config.threads(), config.seed());
    this.config = config;
    int users = train.numUsers(), items = train.numItems();
    gradU = FactorMatrix.allocate(users, k);
    gradV = FactorMatrix.allocate(items, k);
    momentU = FactorMatrix.allocate(users, k);
    momentV = FactorMatrix.allocate(items, k);
    squareU = FactorMatrix.allocate(users, k);
    squareV = FactorMatrix.allocate(items, k);
    gradUserBias = new float[users];
    gradItemBias = new float[items];
    momentUserBias = new float[users];
    momentItemBias = new float[items];
    squareUserBias = new float[users];
    squareItemBias = new float[items];
    touchedUser = new boolean[users];
    touchedItem = new boolean[items];
    touchedUsers = new int[users];
    touchedItems = new int[items];
    order = new int[train.size()];
    for (int p = 0; p < order.length; p++) order[p] = p;
  }

  @Override
  String algorithm() { return config.decoupled() ? "adamw" : "adam"; }

  @Override
  double learningRateSetting() { return config.learningRate(); }

  /**
   * One epoch: the ratings reshuffled (seeded by the seed and the epoch), then one Adam step per
   * mini-batch; returns its wall time in seconds.
   *
   * @throws ArithmeticException when a mini-batch's mean squared error is NaN, infinite or far above the
   *     ratings' scale (checked before its step); {@link #epoch()} then does not advance
   */
  @Override
  public double iterate() {
    long t0 = System.nanoTime();
    SplittableRandom rnd = new SplittableRandom(config.seed() * 0x9E3779B97F4A7C15L + epoch);
    for (int i = order.length - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    double total = 0;
    int n = order.length, batch = config.batchSize();
    for (int from = 0, b = 1; from < n; from += batch, b++) {
      int to = Math.min(n, from + batch);
      double sq = accumulate(from, to);
      checkDivergence(sq / (to - from), "in mini-batch " + b);
      applyStep();
      total += sq;
    }
    lastEpochMse = n == 0 ? 0 : total / n;
    epoch++;
    return (System.nanoTime() - t0) * 1e-9;
  }

  /** The gradient of the mean squared error over ratings order[from, to); returns Σ e². */
  private double accumulate(int from, int to) {
    float scale = -2f / (to - from);
    int stride = u.stride();
    double sq = 0;
    for (int q = from; q < to; q++) {
      int p = order[q];
      int uu = train.user(p), ii = train.item(p);
      float bias = biases ? mean + userBias[uu] + itemBias[ii] : 0f;
      long uo = (long) uu * stride, io = (long) ii * stride;
      float e = kernels.accumulateGradient(k, u.segment(), uo, v.segment(), io, gradU.segment(), uo, gradV.segment(), io, bias,
          train.value(p), scale);
      if (biases) {
        gradUserBias[uu] += scale * e;
        gradItemBias[ii] += scale * e;
      }
      if (!touchedUser[uu]) {
        touchedUser[uu] = true;
        touchedUsers[touchedUserCount++] = uu;
      }
      if (!touchedItem[ii]) {
        touchedItem[ii] = true;
        touchedItems[touchedItemCount++] = ii;
      }
      sq += (double) e * e;
    }
    return sq;
  }

  /** One Adam step on every row (dense) or on the touched rows (lazy), then clears the gradients. */
  private void applyStep() {
    step++;
    float c1 = (float) (1 - Math.pow(config.beta1(), step)), c2 = (float) (1 - Math.pow(config.beta2(), step));
    if (config.lazy()) {
      for (int q = 0; q < touchedUserCount; q++) stepRow(true, touchedUsers[q], c1, c2);
      for (int q = 0; q < touchedItemCount; q++) stepRow(false, touchedItems[q], c1, c2);
    } else {
      int users = u.rows(), rows = users + v.rows();
      sweep.run(rows, r -> 1, (from, to, scratch) -> {
        for (int r = from; r < to; r++) {
          if (r < users) stepRow(true, r, c1, c2);
          else stepRow(false, r - users, c1, c2);
        }
      });
    }
    for (int q = 0; q < touchedUserCount; q++) {
      int r = touchedUsers[q];
      gradU.zeroRow(r);
      gradUserBias[r] = 0f;
      touchedUser[r] = false;
    }
    for (int q = 0; q < touchedItemCount; q++) {
      int r = touchedItems[q];
      gradV.zeroRow(r);
      gradItemBias[r] = 0f;
      touchedItem[r] = false;
    }
    touchedUserCount = 0;
    touchedItemCount = 0;
  }

  private void stepRow(boolean user, int r, float c1, float c2) {
    FactorMatrix x = user ? u : v, g = user ? gradU : gradV, m = user ? momentU : momentV, s = user ? squareU : squareV;
    long o = x.rowOffset(r);
    float lr = (float) config.learningRate(), wd = (float) config.weightDecay(), eps = (float) config.epsilon();
    float b1 = (float) config.beta1(), b2 = (float) config.beta2();
    kernels.adamStep(k, x.segment(), o, g.segment(), o, m.segment(), o, s.segment(), o, lr, b1, b2, c1, c2, eps, wd, config.decoupled());
    if (biases) {
      float[] xb = user ? userBias : itemBias, gb = user ? gradUserBias : gradItemBias;
      float[] mb = user ? momentUserBias : momentItemBias, sb = user ? squareUserBias : squareItemBias;
      float xv = xb[r], gv = gb[r] + (config.decoupled() ? 0f : wd * xv);
      mb[r] = b1 * mb[r] + (1 - b1) * gv;
      sb[r] = b2 * sb[r] + (1 - b2) * gv * gv;
      xb[r] = xv - lr * ((mb[r] / c1) / ((float) Math.sqrt(sb[r] / c2) + eps) + (config.decoupled() ? wd * xv : 0f));
    }
  }

  /**
   * Flops of one epoch: gradients 6K per rating, plus about 14K per row step: every row at every batch
   * (dense), or at most the batch's 2·B rows (lazy).
   */
  @Override
  public double flopsPerIteration() {
    long n = train.size(), batches = (n + config.batchSize() - 1) / config.batchSize();
    double rowSteps = config.lazy() ? 2.0 * n : (double) batches * (u.rows() + v.rows());
    return 6.0 * k * n + 14.0 * k * rowSteps;
  }

  /**
   * nnz·(wd/2)·(Σ‖u‖² + Σ‖v‖² + Σ b²): the L2 term Adam's weight decay is the gradient of, on the mean
   * squared error; for AdamW the same term measures what its decoupled decay keeps small.
   */
  @Override
  double regularization() {
    double norms = 0;
    for (int r = 0; r < u.rows(); r++) norms += squaredNorm(u, r) + userBias[r] * userBias[r];
    for (int i = 0; i < v.rows(); i++) norms += squaredNorm(v, i) + itemBias[i] * itemBias[i];
    return train.size() * config.weightDecay() / 2 * norms;
  }

  @Override
  void closeState() {
    for (FactorMatrix m : new FactorMatrix[] {gradU, gradV, momentU, momentV, squareU, squareV}) m.close();
  }
}
