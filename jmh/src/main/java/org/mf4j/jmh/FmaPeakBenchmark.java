package org.mf4j.jmh;

import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The single-core single-precision FMA peak as the Vector API reaches it: {@value #CHAINS} independent
 * chains {@code acc = acc.fma(m, c)} on {@link FloatVector#SPECIES_PREFERRED}, enough to cover FMA
 * latency × FMA ports (4 × 2 on current x86 cores) and few enough to stay in the 16 AVX2 registers.
 *
 * <p>Primary score: vector FMAs per second ({@code @OperationsPerInvocation} = chains × steps).
 * <b>Flops per op = 2 × lanes</b> (a multiply and an add in each lane; lanes = 8 with AVX2, 16 with
 * AVX-512), so GFLOP/s = score × 2 × lanes / 10⁹; the secondary metric {@code flops} ({@link FlopCounter})
 * is that product already. {@link Report} divides every other result by this one. m and c sit in a
 * non-final field so C2 cannot fold the chains; m &lt; 1 keeps them converging to c/(1−m) = 1, far from
 * overflow and denormals.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
    "-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class FmaPeakBenchmark {
  static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
  static final int CHAINS = 12;
  static final int STEPS = 1024;
  /** Floating-point operations of one invocation. */
  static final long FLOPS_PER_INVOCATION = 2L * F.length() * CHAINS * STEPS;

  float m = 0.9999f;
  float c = 1e-4f;

  @Benchmark
  @OperationsPerInvocation(CHAINS * STEPS)
  public float fma(FlopCounter counter) {
    FloatVector vm = FloatVector.broadcast(F, m), vc = FloatVector.broadcast(F, c);
    // Distinct start values, so C2 cannot merge identical chains into one.
    FloatVector a0 = start(0), a1 = start(1), a2 = start(2), a3 = start(3), a4 = start(4), a5 = start(5);
    FloatVector a6 = start(6), a7 = start(7), a8 = start(8), a9 = start(9), a10 = start(10), a11 = start(11);
    for (int s = 0; s < STEPS; s++) {
      a0 = a0.fma(vm, vc); a1 = a1.fma(vm, vc); a2 = a2.fma(vm, vc); a3 = a3.fma(vm, vc);
      a4 = a4.fma(vm, vc); a5 = a5.fma(vm, vc); a6 = a6.fma(vm, vc); a7 = a7.fma(vm, vc);
      a8 = a8.fma(vm, vc); a9 = a9.fma(vm, vc); a10 = a10.fma(vm, vc); a11 = a11.fma(vm, vc);
    }
    counter.flops += FLOPS_PER_INVOCATION;
    FloatVector sum = a0.add(a1).add(a2.add(a3)).add(a4.add(a5).add(a6.add(a7))).add(a8.add(a9).add(a10.add(a11)));
    return sum.reduceLanes(VectorOperators.ADD);
  }

  private FloatVector start(int chain) {
    return FloatVector.broadcast(F, c * chain);
  }
}
