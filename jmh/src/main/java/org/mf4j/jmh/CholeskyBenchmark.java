package org.mf4j.jmh;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.mf4j.kernel.KernelProvider;
import org.mf4j.kernel.Kernels;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Small dense SPD solves, K×K, as in the normal equations of ALS.
 *
 * <ul>
 *   <li>{@code single}: {@link Kernels#cholesky} then {@link Kernels#choleskySolve} on one system
 *       (row stride {@code padded(K)}, like a Gram matrix). <b>Flops per op = K³/3 + 2K²</b>.</li>
 *   <li>{@code batched}: {@link Kernels#choleskyBatch}, {@code L = batchLanes()} systems at once in the
 *       lane-interleaved layout. <b>Flops per op = L·(K³/3 + 2K²)</b>; L depends on the kernels and the
 *       SIMD width, so the count is reported as the secondary metric {@code flops} ({@link FlopCounter}).</li>
 * </ul>
 *
 * <p>The kernels factor in place, so each invocation first restores its input from a pristine copy with
 * {@code System.arraycopy} inside the benchmark method (a per-invocation {@code @Setup} would distort
 * timings this short, JMH sample 38). <b>The copy is counted in the time, as overhead</b>: K·padded(K)+K
 * floats for {@code single}, L·(K²+K) for {@code batched} (1 MB at K = 128 with 16 lanes): about K/3
 * flops per float copied, so the copy is a few percent of the time at large K and more at K ≤ 16.
 * {@code batchedCopyOnly} times the copies alone, to subtract. The systems are Gram matrices of 2K random rows
 * plus a ridge (well conditioned, like ALS with λ &gt; 0); {@link #setup} checks that every one factors.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
    "-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class CholeskyBenchmark {
  @Param({"scalar", "panama"})
  String kernels;

  @Param({"10", "16", "32", "50", "64", "100", "128"})
  int K;

  Kernels k;
  int ld, lanes;
  long batchFlops;
  float[] a0, b0, a, b; // single system: pristine and working copies
  float[] ba0, bb0, ba, bb; // batch: pristine and working copies

  @Setup
  public void setup() {
    k = KernelProvider.forName(kernels);
    ld = Kernels.padded(K);
    lanes = k.batchLanes();
    batchFlops = Math.round(lanes * flops(K));
    SplittableRandom rnd = new SplittableRandom(3);

    a0 = new float[K * ld];
    b0 = new float[K];
    double[] g = spd(K, rnd);
    for (int i = 0; i < K; i++) {
      for (int j = 0; j < K; j++) a0[i * ld + j] = (float) g[i * K + j];
      b0[i] = (float) (rnd.nextDouble() - 0.5);
    }
    a = a0.clone();
    b = b0.clone();

    int bld = Kernels.batchRowStride(K);
    ba0 = new float[K * bld * lanes];
    bb0 = new float[K * lanes];
    for (int s = 0; s < lanes; s++) {
      g = spd(K, rnd);
      for (int i = 0; i < K; i++) {
        for (int j = 0; j < K; j++) ba0[(i * bld + j) * lanes + s] = (float) g[i * K + j];
        bb0[i * lanes + s] = (float) (rnd.nextDouble() - 0.5);
      }
    }
    ba = ba0.clone();
    bb = bb0.clone();

    if (!k.cholesky(K, a, 0, ld)) throw new IllegalStateException("single system not SPD for " + k.name());
    int failed = k.choleskyBatch(K, ba, bb);
    if (failed != 0) throw new IllegalStateException("batched lanes " + Integer.toBinaryString(failed) + " not SPD");
  }

  /** K³/3 + 2K²: factorization plus the two triangular solves. */
  static double flops(int k) {
    return k * (double) k * k / 3.0 + 2.0 * k * k;
  }

  /** GᵀG + 0.1·m·I for G of m = 2K rows with entries in [−0.5, 0.5], row-major K×K. */
  private static double[] spd(int k, SplittableRandom rnd) {
    int m = 2 * k;
    double[] gm = new double[m * k], out = new double[k * k];
    for (int t = 0; t < gm.length; t++) gm[t] = rnd.nextDouble() - 0.5;
    for (int t = 0; t < m; t++) {
      for (int i = 0; i < k; i++) {
        for (int j = 0; j < k; j++) out[i * k + j] += gm[t * k + i] * gm[t * k + j];
      }
    }
    for (int i = 0; i < k; i++) out[i * k + i] += 0.1 * m;
    return out;
  }

  @Benchmark
  public float[] single(Blackhole bh) {
    System.arraycopy(a0, 0, a, 0, a0.length);
    System.arraycopy(b0, 0, b, 0, b0.length);
    bh.consume(k.cholesky(K, a, 0, ld));
    k.choleskySolve(K, a, 0, ld, b, 0);
    return b;
  }

  @Benchmark
  public float[] batched(FlopCounter counter, Blackhole bh) {
    System.arraycopy(ba0, 0, ba, 0, ba0.length);
    System.arraycopy(bb0, 0, bb, 0, bb0.length);
    bh.consume(k.choleskyBatch(K, ba, bb));
    counter.flops += batchFlops;
    return bb;
  }

  /** The restoring copies of {@link #batched} alone: the overhead to subtract from its time. */
  @Benchmark
  public float[] batchedCopyOnly() {
    System.arraycopy(ba0, 0, ba, 0, ba0.length);
    System.arraycopy(bb0, 0, bb, 0, bb0.length);
    return bb;
  }
}
