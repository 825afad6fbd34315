package org.mf4j.jmh;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link Kernels#dot}: one dot product of length n per op, on heap arrays ({@code array}) and on
 * 64-byte aligned off-heap memory ({@code segment}, the form predictions use on factor rows).
 * <b>Flops per op = 2n.</b> Inputs are in non-final fields and the result is returned, so C2 can
 * neither constant-fold nor drop the work (JMH samples 08, 10).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
    "-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class DotBenchmark {
  @Param({"scalar", "panama"})
  String kernels;

  @Param({"16", "64", "100", "256", "1024"})
  int n;

  Kernels k;
  float[] a, b;
  Arena arena;
  MemorySegment sa, sb;

  @Setup
  public void setup() {
    k = KernelProvider.forName(kernels);
    SplittableRandom rnd = new SplittableRandom(1);
    a = new float[n];
    b = new float[n];
    for (int t = 0; t < n; t++) {
      a[t] = (float) (rnd.nextDouble() - 0.5);
      b[t] = (float) (rnd.nextDouble() - 0.5);
    }
    arena = Arena.ofShared();
    sa = arena.allocate((long) n * Float.BYTES, 64);
    sb = arena.allocate((long) n * Float.BYTES, 64);
    MemorySegment.copy(a, 0, sa, ValueLayout.JAVA_FLOAT, 0, n);
    MemorySegment.copy(b, 0, sb, ValueLayout.JAVA_FLOAT, 0, n);
  }

  @TearDown
  public void tearDown() {
    arena.close();
  }

  @Benchmark
  public float array() {
    return k.dot(a, 0, b, 0, n);
  }

  @Benchmark
  public float segment() {
    return k.dot(sa, 0, sb, 0, n);
  }
}
