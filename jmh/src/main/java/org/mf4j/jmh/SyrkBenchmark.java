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

/**
 * The Gram build of a normal-equations row, as {@link org.mf4j.solver.internal.NormalEquations} calls it on one
 * gathered panel: n rows × K columns, row stride {@code padded(K)} (padding zero), 64-byte row
 * multiples, everything in L1/L2.
 *
 * <ul>
 *   <li>{@code syrk}: C += PᵀP, upper triangle. <b>Flops per op = n·K·(K+1)</b> (the useful ones: the
 *       K(K+1)/2 upper entries, 2 flops per panel row each; SIMD tiles also compute some lower entries,
 *       not counted).</li>
 *   <li>{@code gemvT}: y += Pᵀx, the right-hand side. <b>Flops per op = 2·n·K.</b></li>
 * </ul>
 *
 * C and y accumulate across invocations instead of being cleared (clearing is the caller's cost, not
 * the kernel's); with entries in [−0.5, 0.5] they stay finite and normal for far longer than any run.
 * The result arrays are returned, so the stores cannot be dropped.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
    "-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class SyrkBenchmark {
  @Param({"scalar", "panama"})
  String kernels;

  /** Panel rows: 256 is a full {@code NormalEquations.CHUNK}; 32 a typical light user. */
  @Param({"256", "32"})
  int n;

  @Param({"10", "16", "32", "50", "64", "100", "128", "200", "256"})
  int K;

  Kernels k;
  int ld;
  float[] panel, c, x, y;

  @Setup
  public void setup() {
    k = KernelProvider.forName(kernels);
    ld = Kernels.padded(K);
    SplittableRandom rnd = new SplittableRandom(2);
    panel = new float[n * ld];
    for (int t = 0; t < n; t++) {
      for (int j = 0; j < K; j++) panel[t * ld + j] = (float) (rnd.nextDouble() - 0.5);
    }
    x = new float[n];
    for (int t = 0; t < n; t++) x[t] = (float) (rnd.nextDouble() - 0.5);
    c = new float[K * ld];
    y = new float[ld];
  }

  @Benchmark
  public float[] syrk() {
    k.syrk(n, K, panel, 0, ld, c, 0, ld);
    return c;
  }

  @Benchmark
  public float[] gemvT() {
    k.gemvT(n, K, panel, 0, ld, x, 0, y, 0);
    return y;
  }
}
