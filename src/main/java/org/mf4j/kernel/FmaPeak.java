package org.mf4j.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;

/**
 * Measures the machine's single-precision FMA peak, the yardstick every mf4j throughput figure is
 * divided by: independent FMA chains ({@link Kernels#fmaChains}) on the widest kernels available, on
 * {@code threads} threads at once, best of several short rounds (so a noisy neighbour lowers no more
 * than one round).
 */
public final class FmaPeak {
  private FmaPeak() {}

  /** Peak GFLOP/s with {@code threads} threads, measured now (about half a second). */
  public static double measureGflops(int threads) {
    Kernels k = KernelProvider.panamaUnavailableReason() == null ? KernelProvider.forName("panama") : ScalarKernels.INSTANCE;
    long iterations = 1_000_000; // ~2 ms per thread at 80 GFLOP/s per core: long enough to time, short enough to repeat
    for (int w = 0; w < 20; w++) k.fmaChains(iterations); // compile and warm up
    // Rounds of ~60 ms: new threads first share their parent's core until the scheduler spreads them,
    // and short rounds (~15 ms) measured one core's rate for two threads about half of the time.
    double best = 0;
    for (int round = 0; round < 6; round++) best = Math.max(best, round(k, threads, 36 * iterations));
    return best;
  }

  /**
   * One round: every thread times its own chains; the round's rate is all flops over the span from the
   * first start to the last end. Timing in the workers, not in the caller, matters on a machine with as
   * many cores as workers: the caller may not get a core back until the workers are done.
   */
  private static double round(Kernels k, int threads, long iterations) {
    CyclicBarrier start = new CyclicBarrier(threads);
    long[] begin = new long[threads], end = new long[threads];
    float[] sink = new float[threads];
    List<Thread> ts = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      final int id = t;
      Thread th = new Thread(() -> {
        try {
          start.await();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
        begin[id] = System.nanoTime();
        sink[id] = k.fmaChains(iterations);
        end[id] = System.nanoTime();
      });
      th.setDaemon(true);
      th.start();
      ts.add(th);
    }
    try {
      for (Thread th : ts) th.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    long first = Long.MAX_VALUE, last = Long.MIN_VALUE;
    for (int t = 0; t < threads; t++) {
      first = Math.min(first, begin[t]);
      last = Math.max(last, end[t]);
      if (Float.isNaN(sink[t])) throw new AssertionError("unreachable: keeps the result alive");
    }
    return (double) threads * iterations * k.fmaChainFlopsPerIteration() / (last - first);
  }
}
