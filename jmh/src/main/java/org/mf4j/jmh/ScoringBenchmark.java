package org.mf4j.jmh;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.mf4j.kernel.KernelProvider;
import org.mf4j.kernel.Kernels;
import org.mf4j.memory.FactorMatrix;
import org.mf4j.parallel.RowSweep;
import org.mf4j.serving.ItemFilter;
import org.mf4j.serving.ItemScorer;
import org.mf4j.serving.RecommendationBatch;
import org.mf4j.serving.Recommendations;
import org.mf4j.serving.TopN;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Top-N serving: the scoring product {@code S = U·Vᵀ} and the whole top-N query, by default for the
 * shape of MovieLens 20M (138,000 users × 20,000 items, the items' V packed once by
 * {@link ItemScorer}), on {@code threads} workers of a {@link RowSweep}.
 *
 * <ul>
 *   <li>{@code product}: the scoring of {@code batch} consecutive users against every item, as
 *       {@link TopN} does it (users gathered in blocks of {@code userBlock}, items in blocks of
 *       {@code itemBlock} into per-worker scratch) with no selection; each invocation takes the next
 *       users, cycling through all of U. <b>Flops per op = 2·batch·items·K</b> (secondary metric
 *       {@code flops}); the fraction of peak is against threads × the one-core FMA peak.</li>
 *   <li>{@code topN}: {@link TopN#forUserRange} with n = 10 on the same users (seen items are not
 *       given): the product plus selection, pool start-up and result arrays; flops counted as for
 *       {@code product}, so its %-of-peak shows what the rest costs.</li>
 *   <li>{@code peak}: FMA chains on the same workers, the yardstick measured in the same fork layout.</li>
 *   <li>{@code oneUser}: the latency (sample time, µs) of one user's top-10 on one thread.</li>
 *   <li>{@code kernel}: one {@link Kernels#gemmPacked} call, {@code userBlock × itemBlock} scores, one
 *       thread, operands in cache: the micro-kernel alone (its {@code gc.alloc.rate.norm} must be 0).</li>
 * </ul>
 * Scalar kernels take seconds per op at the default batch: a few iterations are enough there.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 3, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
    "-Xms3g", "-Xmx3g", "-XX:+AlwaysPreTouch"})
public class ScoringBenchmark {
  @Param({"scalar", "panama"})
  String kernels;

  @Param({"64"})
  int K;

  @Param({"138000"})
  int users;

  @Param({"20000"})
  int items;

  @Param({"2"})
  int threads;

  /** Users per invocation of product and topN. */
  @Param({"4080"})
  int batch;

  @Param({"120"})
  int userBlock;

  @Param({"512"})
  int itemBlock;

  Kernels k, peakKernels;
  FactorMatrix u, v;
  ItemScorer scorer;
  TopN top;
  RowSweep<Scratch> sweep;
  int next;
  float[] a, b, c;

  /** One worker's blocks, as in TopN. */
  final class Scratch {
    final float[] a = new float[userBlock * u.stride()];
    final float[] c = new float[userBlock * itemBlock];
    float sink;
  }

  @Setup
  public void setup() {
    k = KernelProvider.forName(kernels);
    peakKernels = KernelProvider.forName("panama");
    SplittableRandom rnd = new SplittableRandom(7);
    u = FactorMatrix.allocate(users, K);
    v = FactorMatrix.allocate(items, K);
    float[] row = new float[K];
    for (FactorMatrix m : new FactorMatrix[] {u, v}) {
      for (int r = 0; r < m.rows(); r++) {
        for (int t = 0; t < K; t++) row[t] = (float) (rnd.nextDouble() - 0.5);
        m.setRow(r, row, 0);
      }
    }
    scorer = new ItemScorer(k, v);
    top = new TopN(scorer, u, null);
    sweep = new RowSweep<>(threads, Scratch::new);
    int w = k.packWidth();
    if (itemBlock % w != 0) throw new IllegalArgumentException("itemBlock " + itemBlock + " is not a multiple of " + w);
    a = new float[userBlock * u.stride()];
    b = new float[(itemBlock / w) * K * w];
    for (int q = 0; q < b.length; q++) b[q] = (float) (rnd.nextDouble() - 0.5);
    for (int q = 0; q < userBlock; q++) for (int t = 0; t < K; t++) a[q * u.stride() + t] = (float) (rnd.nextDouble() - 0.5);
    c = new float[userBlock * itemBlock];
  }

  @TearDown
  public void tearDown() {
    sweep.close();
    u.close();
    v.close();
  }

  private int nextUsers() {
    int from = next;
    next = from + 2 * batch > users ? 0 : from + batch;
    return from;
  }

  @Benchmark
  public int product(FlopCounter counter) {
    final int from = nextUsers(), stride = u.stride();
    final MemorySegment seg = u.segment();
    // The scores land in the workers' scratch arrays, which outlive the call: the stores stay.
    sweep.run((batch + userBlock - 1) / userBlock, q -> 1, (q0, q1, s) -> {
      for (int r0 = q0 * userBlock, hi = Math.min(batch, q1 * userBlock); r0 < hi; r0 += userBlock) {
        int m = Math.min(userBlock, hi - r0);
        MemorySegment.copy(seg, ValueLayout.JAVA_FLOAT, u.rowOffset(from + r0) * Float.BYTES, s.a, 0, m * stride);
        for (int ib = 0; ib < items; ib += itemBlock) {
          int nb = Math.min(itemBlock, items - ib);
          scorer.scoreBlock(m, s.a, 0, stride, ib, nb, s.c, 0, itemBlock);
          s.sink += s.c[0];
        }
      }
    });
    counter.flops += 2L * batch * items * K;
    return from;
  }

  /**
   * The FMA peak of {@code threads} workers of the same {@link RowSweep}, measured beside product and
   * topN (Panama chains whatever {@code kernels} is): the yardstick for their fraction of peak on a
   * machine whose cores are shared, where twice the one-core peak overstates what two threads get.
   */
  @Benchmark
  public float peak(FlopCounter counter) {
    final int ranges = 8 * threads;
    sweep.run(ranges, q -> 1, (q0, q1, s) -> {
      for (int q = q0; q < q1; q++) s.sink += peakKernels.fmaChains(PEAK_STEPS);
    });
    counter.flops += ranges * PEAK_STEPS * peakKernels.fmaChainFlopsPerIteration();
    return ranges;
  }

  /** Steps of one range of {@link #peak}: ~1 ms per range at the peak. */
  static final long PEAK_STEPS = 400_000;

  @Benchmark
  public RecommendationBatch topN(FlopCounter counter) {
    int from = nextUsers();
    RecommendationBatch r = top.forUserRange(from, from + batch, 10, ItemFilter.INCLUDE_SEEN, threads);
    counter.flops += 2L * batch * items * K;
    return r;
  }

  /**
   * The latency of one user's top-10 ({@link TopN#forUser}, the serving call behind
   * {@code FactorModel.recommend(user, 10)}) on the calling thread: one scoring row against every item
   * plus the selection; users taken in turn.
   */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public Recommendations oneUser() {
    int user = next;
    next = user + 1 == users ? 0 : user + 1;
    return top.forUser(user, 10, ItemFilter.INCLUDE_SEEN);
  }

  @Benchmark
  public float[] kernel(FlopCounter counter) {
    k.gemmPacked(userBlock, itemBlock, K, a, 0, u.stride(), b, 0, c, 0, itemBlock);
    counter.flops += 2L * userBlock * itemBlock * K;
    return c;
  }
}
