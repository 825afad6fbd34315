package org.mf4j.cli;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.mf4j.kernel.Kernels;
import org.mf4j.memory.FactorMatrix;
import org.mf4j.serving.ItemScorer;

/**
 * Single-thread throughput of each kernel mf4j's solvers and serving spend their time in, at a given rank
 * K, as GFLOP/s of useful work (the flop counts of the {@link Kernels} contracts): dot products of factor
 * rows, the Gram build of a gathered panel, one Cholesky solve and a batch of them, a conjugate-gradient
 * step, fused SGD updates and blocked top-N scoring. Data are sized to stay in L1/L2, so the figure is the
 * kernel's own speed; each case is timed as the median of a few samples after a warm-up that compiles it.
 */
final class KernelBench {
  /** One kernel at one K on one implementation: median GFLOP/s and seconds per operation. */
  record Result(String kernel, String kernels, int k, double gflops, double secondsPerOp) {}

  /** The kernels measured, in report order. */
  static final List<String> NAMES = List.of("dot", "gram", "cholesky", "cholesky_batch", "cg_step", "sgd_update", "topn_scoring");

  private static volatile double sink; // results land here, so the JIT cannot drop the work

  private final double sampleSeconds;
  private final int samples;

  /** @param sampleSeconds the length of one timed sample; @param samples how many (the median is kept) */
  KernelBench(double sampleSeconds, int samples) {
    this.sampleSeconds = sampleSeconds;
    this.samples = samples;
  }

  /**
   * Every kernel of {@link #NAMES} at every K of {@code ks} on {@code kernels}, after one untimed pass
   * over all of them: a kernel's first K otherwise runs while C2 still recompiles it with the profile of
   * later shapes (measured: the first K of the batched Cholesky at 5 % of its speed a second later).
   */
  List<Result> run(Kernels kernels, int[] ks) {
    KernelBench warm = new KernelBench(sampleSeconds / 4, 1);
    for (int k : ks) for (String name : NAMES) warm.measure(kernels, name, k);
    List<Result> out = new ArrayList<>();
    for (int k : ks) for (String name : NAMES) out.add(measure(kernels, name, k));
    return out;
  }

  Result measure(Kernels kernels, String name, int k) {
    Case c = build(kernels, name, k);
    try {
      double seconds = time(c.op);
      return new Result(name, kernels.name(), k, c.flops / seconds * 1e-9, seconds);
    } finally {
      c.close();
    }
  }

  /** One operation to time, its useful flops, and what to free afterwards. */
  private record Case(Runnable op, double flops, AutoCloseable... owned) {
    void close() {
      for (AutoCloseable a : owned) {
        try {
          a.close();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
    }
  }

  private static Case build(Kernels kk, String name, int k) {
    SplittableRandom rnd = new SplittableRandom(17 + k);
    int ld = Kernels.padded(k);
    switch (name) {
      case "dot" -> { // predict-style dots: 512 factor rows against one vector
        int rows = 512;
        float[] a = random(rows * ld, rnd), x = random(ld, rnd);
        return new Case(() -> {
          float s = 0;
          for (int r = 0; r < rows; r++) s += kk.dot(a, r * ld, x, 0, k);
          sink = s;
        }, 2.0 * k * rows);
      }
      case "gram" -> { // PᵀP of a gathered panel of 256 rows: the ALS row solve's dominant cost
        int n = 256;
        float[] p = random(n * ld, rnd), c = new float[k * ld];
        zeroPadding(p, n, k, ld);
        return new Case(() -> {
          Arrays.fill(c, 0f);
          kk.syrk(n, k, p, 0, ld, c, 0, ld);
          sink = c[0];
        }, (double) n * k * (k + 1));
      }
      case "cholesky" -> {
        float[] a0 = spd(k, ld, rnd), b0 = random(k, rnd), a = new float[a0.length], b = new float[k];
        return new Case(() -> {
          System.arraycopy(a0, 0, a, 0, a0.length);
          System.arraycopy(b0, 0, b, 0, k);
          kk.cholesky(k, a, 0, ld);
          kk.choleskySolve(k, a, 0, ld, b, 0);
          sink = b[0];
        }, choleskyFlops(k));
      }
      case "cholesky_batch" -> { // one system per SIMD lane, interleaved
        int lanes = kk.batchLanes(), bld = Kernels.batchRowStride(k);
        float[] a0 = new float[k * bld * lanes], b0 = new float[k * lanes];
        for (int s = 0; s < lanes; s++) {
          float[] g = spd(k, ld, rnd);
          for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) a0[(i * bld + j) * lanes + s] = g[i * ld + j];
            b0[i * lanes + s] = (float) (rnd.nextDouble() - 0.5);
          }
        }
        float[] a = new float[a0.length], b = new float[b0.length];
        return new Case(() -> {
          System.arraycopy(a0, 0, a, 0, a0.length);
          System.arraycopy(b0, 0, b, 0, b0.length);
          sink = kk.choleskyBatch(k, a, b) + b[0];
        }, lanes * choleskyFlops(k));
      }
      case "cg_step" -> { // A·x = Pᵀ diag(w) P x over a 256-row panel: one CG step of a row
        int n = 256;
        float[] p = random(n * ld, rnd), w = random(n, rnd), x = random(ld, rnd), y = new float[ld];
        zeroPadding(p, n, k, ld);
        return new Case(() -> {
          kk.gramTimesVector(n, k, p, 0, ld, w, null, 0, x, 0, y, 0);
          sink = y[0];
        }, 4.0 * n * k);
      }
      case "sgd_update" -> { // 1024 fused updates (with AdaGrad's gradient norms) over 64 + 64 rows that stay in L1
        FactorMatrix u = randomMatrix(64, k, rnd), v = randomMatrix(64, k, rnd);
        int[] us = new int[1024], is = new int[1024];
        float[] r = new float[1024], grad = new float[2];
        for (int t = 0; t < 1024; t++) {
          us[t] = rnd.nextInt(64);
          is[t] = rnd.nextInt(64);
          r[t] = 1 + rnd.nextInt(5);
        }
        MemorySegment su = u.segment(), sv = v.segment();
        return new Case(() -> {
          float e = 0;
          for (int t = 0; t < 1024; t++) {
            e += kk.sgdStep(k, su, u.rowOffset(us[t]), sv, v.rowOffset(is[t]), 0f, r[t] * 1e-3f,
                1e-4f, 1e-4f, 0.05f, 0.05f, grad);
          }
          sink = e;
        }, 1024 * 12.0 * k, u, v);
      }
      case "topn_scoring" -> { // 64 users × 4096 items: the blocked product behind recommend
        FactorMatrix users = randomMatrix(64, k, rnd), items = randomMatrix(4096, k, rnd);
        ItemScorer scorer = new ItemScorer(kk, items);
        int[] ids = new int[64];
        Arrays.setAll(ids, t -> t);
        float[] out = new float[64 * 4096];
        return new Case(() -> {
          scorer.scoreUsers(users, ids, 0, 64, out, 4096);
          sink = out[7];
        }, 2.0 * 64 * 4096 * k, users, items);
      }
      default -> throw new IllegalArgumentException("no kernel benchmark named '" + name + "'");
    }
  }

  /**
   * Median seconds per op over the samples, after a warm-up of at least a quarter second that also finds
   * how many ops fill a sample.
   */
  private double time(Runnable op) {
    long reps = 1;
    long warmEnd = System.nanoTime() + 250_000_000L;
    double perOp;
    while (true) {
      long t0 = System.nanoTime();
      for (long r = 0; r < reps; r++) op.run();
      long dt = System.nanoTime() - t0;
      perOp = dt / 1e9 / reps;
      if (dt > sampleSeconds * 0.25e9 && System.nanoTime() > warmEnd) break;
      if (dt < sampleSeconds * 0.25e9) reps *= 2;
    }
    long n = Math.max(1, (long) (sampleSeconds / perOp));
    double[] s = new double[samples];
    for (int i = 0; i < samples; i++) {
      long t0 = System.nanoTime();
      for (long r = 0; r < n; r++) op.run();
      s[i] = (System.nanoTime() - t0) / 1e9 / n;
    }
    Arrays.sort(s);
    return s[samples / 2];
  }

  static double choleskyFlops(int k) { return k * (double) k * k / 3.0 + 2.0 * k * k; }

  private static float[] random(int n, SplittableRandom rnd) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) a[i] = (float) (rnd.nextDouble() - 0.5);
    return a;
  }

  private static void zeroPadding(float[] p, int rows, int k, int ld) {
    for (int r = 0; r < rows; r++) Arrays.fill(p, r * ld + k, r * ld + ld, 0f);
  }

  private static FactorMatrix randomMatrix(int rows, int k, SplittableRandom rnd) {
    FactorMatrix m = FactorMatrix.allocate(rows, k);
    for (int r = 0; r < rows; r++) for (int c = 0; c < k; c++) m.set(r, c, (float) (rnd.nextDouble() - 0.5) * 0.2f);
    return m;
  }

  /** GᵀG + 0.1·m·I for G of m = 2K random rows: well conditioned, row stride {@code ld}. */
  private static float[] spd(int k, int ld, SplittableRandom rnd) {
    int m = 2 * k;
    double[] g = new double[m * k], out = new double[k * k];
    for (int t = 0; t < g.length; t++) g[t] = rnd.nextDouble() - 0.5;
    for (int t = 0; t < m; t++) for (int i = 0; i < k; i++) for (int j = 0; j < k; j++) out[i * k + j] += g[t * k + i] * g[t * k + j];
    float[] a = new float[k * ld];
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < k; j++) a[i * ld + j] = (float) (out[i * k + j] + (i == j ? 0.1 * m : 0));
    }
    return a;
  }
}
