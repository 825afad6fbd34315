package org.mf4j.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import org.mf4j.kernel.Kernels;

/**
 * Memory bandwidth by a triad-like stream, y += a·x over arrays far larger than any cache (one pair per
 * thread), through the kernels' own {@link Kernels#axpy}: 12 bytes move per element (x and y read, y
 * written). Best of several rounds, each timed from the first thread's start to the last one's end.
 */
final class Bandwidth {
  private Bandwidth() {}

  static double triad(Kernels k, int threads, boolean quick) throws InterruptedException {
    int n = quick ? 4 << 20 : 16 << 20; // floats per array: 16 or 64 MiB
    float[][] xs = new float[threads][], ys = new float[threads][];
    for (int t = 0; t < threads; t++) {
      xs[t] = new float[n];
      ys[t] = new float[n];
      java.util.Arrays.fill(xs[t], 1e-7f);
    }
    int passes = quick ? 3 : 5;
    double best = 0;
    for (int round = 0; round < (quick ? 3 : 5); round++) {
      CyclicBarrier start = new CyclicBarrier(threads);
      long[] begin = new long[threads], end = new long[threads];
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
          for (int p = 0; p < passes; p++) k.axpy(n, 0.5f, xs[id], 0, ys[id], 0);
          end[id] = System.nanoTime();
        });
        ts.add(th);
        th.start();
      }
      for (Thread th : ts) th.join();
      long from = Long.MAX_VALUE, to = Long.MIN_VALUE;
      for (int t = 0; t < threads; t++) {
        from = Math.min(from, begin[t]);
        to = Math.max(to, end[t]);
      }
      best = Math.max(best, 12.0 * n * passes * threads / ((to - from) / 1e9) * 1e-9);
    }
    return best;
  }
}
