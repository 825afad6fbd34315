package org.mf4j.jmh;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.mf4j.kernel.KernelProvider;
import org.mf4j.kernel.Kernels;
import org.mf4j.kernel.SgdRule;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-rating kernels of the gradient trainers on off-heap rows that stay in L1: 64 user and 64 item
 * rows of stride padded to 16, visited in a fixed pseudo-random order (so consecutive updates are mostly
 * independent, as in a real block). What the benchmark isolates is the kernel's own cost, not memory.
 *
 * <ul>
 *   <li>{@code sgdStep}: fused SGD update with AdaGrad's gradient norms. <b>Flops per op = 12·K.</b></li>
 *   <li>{@code sgdSweep}: the trainer's block loop over the 1024 ratings, with biases and AdaGrad, on heap
 *       copies of the rows (as the trainer runs it); one op is one rating, so it compares with {@code sgdStep}
 *       directly. <b>Flops per op = 12·K.</b></li>
 *   <li>{@code accumulateGradient}: mini-batch gradient of one rating. <b>Flops per op = 6·K.</b></li>
 *   <li>{@code adamStep}: one row's Adam step. <b>Flops per op = 14·K</b> (one divide and one square
 *       root per element counted as one flop each).</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class SgdBenchmark {
  @Param({"scalar", "panama"})
  String kernels;

  @Param({"16", "64", "128"})
  int K;

  static final int ROWS = 64;
  Kernels k;
  Arena arena;
  MemorySegment u, v, gu, gv, m, s;
  long stride;
  int[] users, items;
  float[] ratings, grad;
  /** The same rows as u and v, on the heap, where the trainer's sweep works. */
  float[] uHeap, vHeap;
  SgdRule rule;
  int next;

  @Setup(Level.Trial)
  public void setup() {
    k = KernelProvider.forName(kernels);
    stride = (K + 15) / 16 * 16;
    arena = Arena.ofConfined();
    SplittableRandom rnd = new SplittableRandom(5);
    u = rows(rnd, 0.1);
    v = rows(rnd, 0.1);
    gu = rows(rnd, 0.01);
    gv = rows(rnd, 0.01);
    m = rows(rnd, 0.0);
    s = rows(rnd, 0.0);
    users = new int[1024];
    items = new int[1024];
    ratings = new float[1024];
    for (int i = 0; i < 1024; i++) {
      users[i] = rnd.nextInt(ROWS);
      items[i] = rnd.nextInt(ROWS);
      ratings[i] = 1 + rnd.nextInt(5);
    }
    uHeap = u.toArray(ValueLayout.JAVA_FLOAT);
    vHeap = v.toArray(ValueLayout.JAVA_FLOAT);
    grad = new float[2];
    float[] ones = new float[ROWS];
    java.util.Arrays.fill(ones, 1f);
    // a small rate keeps the rows bounded however long the run; G starts at 1 and grows slowly
    rule = new SgdRule(1e-4f, 0.05f, 0.05f, 0.05f, 3.5f, new float[ROWS], new float[ROWS], ones, ones.clone());
  }

  private MemorySegment rows(SplittableRandom rnd, double scale) {
    MemorySegment seg = arena.allocate(ROWS * stride * Float.BYTES, 64);
    for (int r = 0; r < ROWS; r++) {
      for (int j = 0; j < K; j++) seg.setAtIndex(ValueLayout.JAVA_FLOAT, r * stride + j, (float) (rnd.nextGaussian() * scale));
    }
    return seg;
  }

  @TearDown(Level.Trial)
  public void tearDown() { arena.close(); }

  @Benchmark
  public float sgdStep() {
    int i = next++ & 1023;
    // a small rate keeps the rows bounded however long the run
    return k.sgdStep(K, u, users[i] * stride, v, items[i] * stride, 3.5f, ratings[i], 1e-4f, 1e-4f, 0.05f, 0.05f, grad);
  }

  @Benchmark
  @OperationsPerInvocation(1024)
  public double sgdSweep() {
    return k.sgdSweep(K, uHeap, (int) stride, vHeap, (int) stride, users, items, ratings, 0, 1024, rule);
  }

  @Benchmark
  public float accumulateGradient() {
    int i = next++ & 1023;
    return k.accumulateGradient(K, u, users[i] * stride, v, items[i] * stride, gu, users[i] * stride, gv, items[i] * stride, 3.5f,
        ratings[i], -1e-9f);
  }

  @Benchmark
  public MemorySegment adamStep() {
    int r = next++ & (ROWS - 1);
    k.adamStep(K, u, r * stride, gu, r * stride, m, r * stride, s, r * stride, 1e-6f, 0.9f, 0.999f, 0.5f, 0.5f, 1e-8f, 0f, false);
    return u;
  }
}
