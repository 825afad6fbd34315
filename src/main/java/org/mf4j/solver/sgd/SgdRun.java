package org.mf4j.solver.sgd;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;
import org.mf4j.api.LearningRateSchedule;
import org.mf4j.api.Ratings;
import org.mf4j.api.SgdConfig;
import org.mf4j.kernel.Kernels;
import org.mf4j.kernel.SgdRule;
import org.mf4j.memory.FactorMatrix;

/**
 * A stochastic-gradient training run, one epoch per {@link #iterate()}. An epoch visits every training
 * rating once: the {@link StratifiedBlocks} grid (b = max(12, 2·threads) strata) is swept in b
 * rounds; in each round the b blocks (s, (s + shift) mod b) share no row, so they are updated in parallel
 * without locks; the shifts are a seeded permutation per epoch. A block waits only for the two blocks of
 * the round before that updated its user and item strata, not for the whole round. Within a block the order is fixed (by
 * user, then item) and sequential, so a seed and a thread count give the same factors every time.
 *
 * <p>A block is one {@link Kernels#sgdSweep} call: per rating the fused step (prediction, error and both
 * rows' updates), the two biases and the AdaGrad sums. The sweeps work on copies of the factors, biases
 * and sums in the blocks' slot order (strata contiguous, see {@link StratifiedBlocks}); after each epoch
 * the factors and biases are scattered back to row order, where evaluation, the model and the other
 * {@link org.mf4j.solver.TrainingRun} accessors read them. Divergence (a block's mean squared error NaN,
 * infinite or 100 × the ratings' mean square) stops the epoch at once with an {@link ArithmeticException}
 * naming the epoch and the value.
 *
 * <p>{@link #objective()} is [Σ e² + λ_U Σ_u n_u‖u‖² + λ_V Σ_i n_i‖v‖² + λ_b(Σ_u n_u b_u² + Σ_i n_i b_i²)] / nnz,
 * what the per-rating updates descend (see {@link SgdTrainer}). Made by {@link SgdTrainer#start}; not
 * thread-safe (its epochs use its own pool); life cycle as {@link org.mf4j.solver.TrainingRun}.
 */
public final class SgdRun extends BiasedRun {
  private final SgdConfig config;
  /** AdaGrad accumulators G per slot (null for the other schedules). */
  private final float[] userG, itemG;
  /**
   * The factors in slot order, which the sweeps update: heap arrays of {@link #stride} floats per row
   * (padding zero), not off-heap matrices. C2 compiles the fused per-rating step on arrays well every time;
   * on a {@link MemorySegment} it re-checks the segment's bounds at each vector access, and slicing the
   * segment per row is fast only in the runs where escape analysis removes the slices (MovieLens-10M
   * shape, K = 64, 2 threads, alternating runs: 0.27–0.29 s per epoch on arrays, 0.33–0.43 s on the
   * segment, 0.27 or 0.55 s on per-row slices).
   */
  private final float[] slotU, slotV;
  private final int stride;
  private final float[] slotUserBias, slotItemBias;
  private final StratifiedBlocks blocks;
  private final double[] blockLoss;
  private final float lambdaU, lambdaV, lambdaBias;

  SgdRun(SgdConfig config, Kernels kernels, Ratings train, Ratings test) {
    super(kernels, train, test, config.rank(), config.biases(), config.initStd(), config.threads(), config.seed());
    this.config = config;
    this.lambdaU = (float) config.lambdaU();
    this.lambdaV = (float) config.lambdaV();
    this.lambdaBias = (float) config.lambdaBias();
    // at least 12 strata even for one thread: with rows in order inside blocks, the random order of the
    // blocks is what keeps the updates stochastic; on MovieLens-10M shape (K = 64, 2 threads) 12 strata
    // gave 0.29 s per epoch, 6 gave 0.36 s and 20 gave 0.30 s
    int strata = Math.max(12, 2 * config.threads());
    this.blocks = StratifiedBlocks.build(byUser, strata, config.seed() ^ 0x5DEECE66DL);
    this.stride = u.stride();
    this.slotU = heapRows(u.rows(), stride, "user");
    this.slotV = heapRows(v.rows(), stride, "item");
    this.slotUserBias = new float[userBias.length];
    this.slotItemBias = new float[itemBias.length];
    permuteRows(u, blocks.userRow, slotU, true);
    permuteRows(v, blocks.itemRow, slotV, true);
    boolean adagrad = config.schedule() == LearningRateSchedule.ADAGRAD;
    this.userG = adagrad ? filled(train.numUsers()) : null;
    this.itemG = adagrad ? filled(train.numItems()) : null;
    this.blockLoss = new double[strata * strata];
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

  private static float[] heapRows(int rows, int stride, String what) {
    long n = (long) rows * stride;
    if (n > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
          "SGD keeps the %s factors in a Java array while it trains: %,d rows × %d floats is more than 2^31; use ALS, or a smaller rank",
          what, rows, stride));
    }
    return new float[(int) n];
  }

  /** Copies row {@code rowOfSlot[q]} of {@code rows} to/from row q of {@code slots}, for every slot q. */
  private static void permuteRows(FactorMatrix rows, int[] rowOfSlot, float[] slots, boolean toSlots) {
    int stride = rows.stride();
    for (int q = 0; q < rowOfSlot.length; q++) {
      long rowAt = rows.rowOffset(rowOfSlot[q]) * Float.BYTES;
      if (toSlots) MemorySegment.copy(rows.segment(), ValueLayout.JAVA_FLOAT, rowAt, slots, q * stride, stride);
      else MemorySegment.copy(slots, q * stride, rows.segment(), ValueLayout.JAVA_FLOAT, rowAt, stride);
    }
  }

  /**
   * One epoch; returns its wall time in seconds. The learning rate is η, η·γ^e for the decay schedule
   * (e the epochs done so far), per row scaled by AdaGrad for the AdaGrad schedule.
   *
   * @throws ArithmeticException when a block diverges; the factors and biases then hold what the epoch
   *     left, and {@link #epoch()} does not advance
   */
  @Override
  public double iterate() {
    long t0 = System.nanoTime();
    for (int q = 0; q < blocks.userRow.length; q++) slotUserBias[q] = userBias[blocks.userRow[q]];
    for (int q = 0; q < blocks.itemRow.length; q++) slotItemBias[q] = itemBias[blocks.itemRow[q]];
    try {
      sweepEpoch();
    } finally { // also after a divergence, so checkFinite and the caller see what the epoch left
      permuteRows(u, blocks.userRow, slotU, false);
      permuteRows(v, blocks.itemRow, slotV, false);
      for (int q = 0; q < blocks.userRow.length; q++) userBias[blocks.userRow[q]] = slotUserBias[q];
      for (int q = 0; q < blocks.itemRow.length; q++) itemBias[blocks.itemRow[q]] = slotItemBias[q];
    }
    epoch++;
    return (System.nanoTime() - t0) * 1e-9;
  }

  private void sweepEpoch() {
    int b = blocks.strata;
    float lr = learningRate(epoch);
    SgdRule rule = new SgdRule(lr, lambdaU, lambdaV, lambdaBias, mean, biases ? slotUserBias : null, biases ? slotItemBias : null,
        userG, itemG);
    int[] shifts = permutation(b, new SplittableRandom(config.seed() * 0x9E3779B97F4A7C15L + epoch));
    // Task r·b + s sweeps block (s, (s + shift_r) mod b) of round r. It waits for the tasks of round r − 1
    // that last touched its user stratum s and its item stratum, nothing else: the order of updates of
    // every row is fixed (so the result does not depend on timing) without a barrier after each round.
    int[][] successors = new int[b * b][];
    for (int r = 0; r < b; r++) {
      for (int st = 0; st < b; st++) {
        if (r + 1 == b) {
          successors[r * b + st] = new int[0];
          continue;
        }
        int item = (st + shifts[r]) % b, nextForItem = Math.floorMod(item - shifts[r + 1], b);
        successors[r * b + st] = nextForItem == st ? new int[] {(r + 1) * b + st}
            : new int[] {(r + 1) * b + st, (r + 1) * b + nextForItem};
      }
    }
    sweep.runGraph(b * b, successors, (task, scratch) -> {
      int r = task / b, st = task % b, item = (st + shifts[r]) % b;
      int from = blocks.blockStart(st, item), to = blocks.blockEnd(st, item);
      double sq = kernels.sgdSweep(k, slotU, stride, slotV, stride, blocks.users, blocks.items, blocks.values, from, to, rule);
      blockLoss[task] = sq;
      if (to > from) checkDivergence(sq / (to - from), "in block (" + st + ", " + item + ") of round " + (r + 1) + " of " + b);
    });
    double total = 0;
    for (double sq : blockLoss) total += sq;
    lastEpochMse = train.size() == 0 ? 0 : total / train.size();
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

  /** Flops of one epoch, per rating: dot 2K, two gradients 4K, two updates 4K (AdaGrad's norms 2K more). */
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
