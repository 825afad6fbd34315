package org.mf4j.jmh;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A JMH auxiliary counter: a benchmark adds the floating-point operations each invocation performed,
 * and JMH reports the secondary metric {@code flops} normalized by time, in the primary score's unit
 * (ops/s = FLOP/s). Used where the flops per invocation are known only at run time (they depend on the
 * SIMD width, or on generated data), so {@code @OperationsPerInvocation} cannot express them.
 * {@link Report} prefers this metric whenever a result has it. One add per invocation, on benchmarks
 * whose invocations take microseconds or more.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class FlopCounter {
  /** Floating-point operations done in this iteration (read by JMH). */
  public long flops;

  @Setup(Level.Iteration)
  public void reset() {
    flops = 0;
  }
}
