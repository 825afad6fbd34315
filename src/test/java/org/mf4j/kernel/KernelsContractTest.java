package org.mf4j.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract every {@link Kernels} implementation must meet, checked against a double-precision
 * reference on awkward sizes and non-zero offsets. Subclasses supply the implementation.
 *
 * <p>Error bounds grow with the length: a float sum of n terms is within about
 * n·2⁻²⁴·Σ|aᵢbᵢ| of the exact value, so each check allows {@code c·n·ulp·Σ|terms|}.
 */
abstract class KernelsContractTest {
  static final double EPS = Math.ulp(1f); // 2^-23

  abstract Kernels kernels();

  static IntStream sizes() {
    return IntStream.of(0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100, 103, 127,
        128, 129, 255, 257, 1021);
  }

  /** Ranks for the matrix kernels: small, lanes±1 for 4/8/16 lanes, odd, and the ones we ship. */
  static IntStream ranks() {
    return IntStream.of(1, 2, 3, 4, 5, 7, 8, 9, 10, 15, 16, 17, 24, 31, 32, 33, 47, 50, 63, 64, 65, 100, 128, 129);
  }

  static float[] random(SplittableRandom rnd, int n) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) x[i] = (float) (rnd.nextDouble() * 2 - 1);
    return x;
  }

  static void assertClose(double expected, double actual, double bound, String what) {
    assertTrue(Math.abs(expected - actual) <= bound,
        () -> what + ": expected " + expected + " got " + actual + " (bound " + bound + ")");
  }

  @ParameterizedTest
  @MethodSource("sizes")
  void dotMatchesDoubleReference(int n) {
    SplittableRandom rnd = new SplittableRandom(n);
    for (int aOff : new int[] {0, 3}) {
      int bOff = 5;
      float[] a = random(rnd, n + aOff + 1);
      float[] b = random(rnd, n + bOff + 2);
      double exact = 0, mag = 0;
      for (int t = 0; t < n; t++) {
        exact += (double) a[aOff + t] * b[bOff + t];
        mag += Math.abs((double) a[aOff + t] * b[bOff + t]);
      }
      float got = kernels().dot(a, aOff, b, bOff, n);
      assertClose(exact, got, 2 * (n + 1) * EPS * mag + 1e-30, "dot n=" + n + " aOff=" + aOff);
    }
  }

  @ParameterizedTest
  @MethodSource("sizes")
  void dotOnSegmentsMatchesArrays(int n) {
    SplittableRandom rnd = new SplittableRandom(n + 1);
    float[] a = random(rnd, n + 7);
    float[] b = random(rnd, n + 7);
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment sa = arena.allocate((n + 7) * 4L, 64);
      MemorySegment sb = arena.allocate((n + 7) * 4L, 64);
      MemorySegment.copy(a, 0, sa, ValueLayout.JAVA_FLOAT, 0, n + 7);
      MemorySegment.copy(b, 0, sb, ValueLayout.JAVA_FLOAT, 0, n + 7);
      double exact = 0, mag = 0;
      for (int t = 0; t < n; t++) {
        exact += (double) a[3 + t] * b[1 + t];
        mag += Math.abs((double) a[3 + t] * b[1 + t]);
      }
      float got = kernels().dot(sa, 3, sb, 1, n);
      assertClose(exact, got, 2 * (n + 1) * EPS * mag + 1e-30, "segment dot n=" + n);
    }
  }

  @ParameterizedTest
  @MethodSource("sizes")
  void axpyAndScale(int n) {
    SplittableRandom rnd = new SplittableRandom(n + 2);
    float[] x = random(rnd, n + 4);
    float[] y = random(rnd, n + 6);
    float[] y0 = y.clone();
    kernels().axpy(n, 0.75f, x, 4 - 1, y, 2);
    for (int t = 0; t < y.length; t++) {
      boolean in = t >= 2 && t < 2 + n;
      double want = in ? y0[t] + 0.75 * x[t - 2 + 3] : y0[t];
      assertClose(want, y[t], 4 * EPS * (Math.abs(want) + 1), "axpy t=" + t);
    }
    float[] z = y.clone();
    kernels().scale(n, -1.5f, z, 1);
    for (int t = 0; t < z.length; t++) {
      double want = (t >= 1 && t < 1 + n) ? -1.5 * y[t] : y[t];
      assertClose(want, z[t], 2 * EPS * Math.abs(want), "scale t=" + t);
    }
  }

  /** A padded panel of n rows of rank k with row stride ldp, zero padding; offset off. */
  static float[] panel(SplittableRandom rnd, int n, int k, int ldp, int off) {
    float[] p = new float[off + n * ldp + 3];
    for (int t = 0; t < n; t++) {
      for (int j = 0; j < k; j++) p[off + t * ldp + j] = (float) (rnd.nextDouble() * 2 - 1);
    }
    return p;
  }

  @ParameterizedTest
  @MethodSource("ranks")
  void syrkUpperTriangleMatchesReference(int k) {
    int ldp = Kernels.padded(k);
    for (int n : new int[] {0, 1, 2, 3, 7, 16, 33, 100}) {
      SplittableRandom rnd = new SplittableRandom(31L * k + n);
      int pOff = ldp; // a whole row in front: panels start at row offsets in practice
      float[] p = panel(rnd, n, k, ldp, pOff);
      int ldc = ldp + 16, cOff = 7;
      float[] c = new float[cOff + k * ldc + ldc];
      // Start from a non-zero C: syrk accumulates.
      for (int i = 0; i < k; i++) for (int j = i; j < k; j++) c[cOff + i * ldc + j] = 0.25f * (i - j);
      kernels().syrk(n, k, p, pOff, ldp, c, cOff, ldc);
      for (int i = 0; i < k; i++) {
        for (int j = i; j < k; j++) {
          double exact = 0.25 * (i - j), mag = Math.abs(exact);
          for (int t = 0; t < n; t++) {
            double v = (double) p[pOff + t * ldp + i] * p[pOff + t * ldp + j];
            exact += v;
            mag += Math.abs(v);
          }
          assertClose(exact, c[cOff + i * ldc + j], 2 * (n + 2) * EPS * mag + 1e-30,
              "syrk k=" + k + " n=" + n + " C[" + i + "][" + j + "]");
        }
      }
      for (int t = 0; t < cOff; t++) assertEquals(0f, c[t], "syrk wrote before C");
      for (int t = cOff + k * ldc; t < c.length; t++) assertEquals(0f, c[t], "syrk wrote past row k");
    }
  }

  @ParameterizedTest
  @MethodSource("ranks")
  void gemvTMatchesReference(int k) {
    int ldp = Kernels.padded(k);
    for (int n : new int[] {0, 1, 5, 64, 129}) {
      SplittableRandom rnd = new SplittableRandom(17L * k + n);
      float[] p = panel(rnd, n, k, ldp, 0);
      float[] x = random(rnd, n + 2);
      float[] y = new float[ldp + 4];
      for (int j = 0; j < k; j++) y[2 + j] = j;
      kernels().gemvT(n, k, p, 0, ldp, x, 2, y, 2);
      for (int j = 0; j < k; j++) {
        double exact = j, mag = j;
        for (int t = 0; t < n; t++) {
          double v = (double) x[2 + t] * p[t * ldp + j];
          exact += v;
          mag += Math.abs(v);
        }
        assertClose(exact, y[2 + j], 2 * (n + 2) * EPS * mag + 1e-30, "gemvT k=" + k + " n=" + n + " j=" + j);
      }
      assertEquals(0f, y[0]);
      assertEquals(0f, y[1]);
    }
  }

  @ParameterizedTest
  @MethodSource("ranks")
  void sgdStepMatchesDoubleReference(int k) {
    int stride = (k + 15) / 16 * 16;
    SplittableRandom rnd = new SplittableRandom(101L * k);
    try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
      java.lang.foreign.MemorySegment seg = arena.allocate(4L * stride * Float.BYTES, 64);
      for (boolean norms : new boolean[] {false, true}) {
        long uOff = stride, vOff = 3L * stride; // odd rows of one segment
        double[] u = new double[k], v = new double[k];
        for (int j = 0; j < stride; j++) {
          float a = j < k ? (float) (rnd.nextDouble() - 0.5) : 0f, b = j < k ? (float) (rnd.nextDouble() - 0.5) : 0f;
          seg.setAtIndex(java.lang.foreign.ValueLayout.JAVA_FLOAT, uOff + j, a);
          seg.setAtIndex(java.lang.foreign.ValueLayout.JAVA_FLOAT, vOff + j, b);
          if (j < k) {
            u[j] = a;
            v[j] = b;
          }
        }
        float bias = 0.25f, r = 3.5f, lrU = 0.05f, lrV = 0.03f, lu = 0.1f, lv = 0.02f;
        double dot = 0, mag = Math.abs(bias) + Math.abs(r);
        for (int j = 0; j < k; j++) {
          dot += u[j] * v[j];
          mag += Math.abs(u[j] * v[j]);
        }
        double e = r - (bias + dot);
        float[] g = norms ? new float[] {-1, -1} : null;
        float got = kernels().sgdStep(k, seg, uOff, seg, vOff, bias, r, lrU, lrV, lu, lv, g);
        assertClose(e, got, 4 * (k + 2) * EPS * mag, "sgdStep error k=" + k);
        double nu = 0, nv = 0;
        for (int j = 0; j < stride; j++) {
          float gotU = seg.getAtIndex(java.lang.foreign.ValueLayout.JAVA_FLOAT, uOff + j);
          float gotV = seg.getAtIndex(java.lang.foreign.ValueLayout.JAVA_FLOAT, vOff + j);
          if (j >= k) {
            assertEquals(0f, gotU, "padding of u, k=" + k);
            assertEquals(0f, gotV, "padding of v, k=" + k);
            continue;
          }
          double gu = e * v[j] - lu * u[j], gv = e * u[j] - lv * v[j];
          nu += gu * gu;
          nv += gv * gv;
          double tol = 8 * (k + 4) * EPS * (mag + 1);
          assertClose(u[j] + lrU * gu, gotU, tol, "sgdStep u k=" + k + " j=" + j);
          assertClose(v[j] + lrV * gv, gotV, tol, "sgdStep v k=" + k + " j=" + j);
        }
        if (norms) {
          assertClose(nu, g[0], 16 * (k + 4) * EPS * (nu + mag * mag), "gradient norm u k=" + k);
          assertClose(nv, g[1], 16 * (k + 4) * EPS * (nv + mag * mag), "gradient norm v k=" + k);
        }
      }
    }
  }

  /**
   * sgdSweep against the same recurrence run in double: repeated rows (so later steps see earlier updates),
   * with and without biases and AdaGrad sums. Errors compound over the steps, hence a looser bound than one step.
   */
  @ParameterizedTest
  @MethodSource("ranks")
  void sgdSweepMatchesDoubleRecurrence(int k) {
    int stride = (k + 15) / 16 * 16, nu = 3, ni = 4, n = 14;
    SplittableRandom rnd = new SplittableRandom(977L * k);
    int[] users = new int[n], items = new int[n];
    float[] ratings = new float[n];
    for (int p = 0; p < n; p++) {
      users[p] = rnd.nextInt(nu);
      items[p] = rnd.nextInt(ni);
      ratings[p] = 1 + rnd.nextInt(5);
    }
    float lr = 0.05f, lu = 0.1f, lv = 0.02f, lb = 0.03f, mean = 3.2f;
    for (int variant = 0; variant < 4; variant++) {
      boolean biases = (variant & 1) != 0, adaptive = (variant & 2) != 0;
      float[] ua = new float[nu * stride], va = new float[ni * stride]; // the sweep works on heap rows
      MemorySegment us = MemorySegment.ofArray(ua), vs = MemorySegment.ofArray(va);
      double[][] u = new double[nu][k], v = new double[ni][k];
      fillMatrix(us, stride, k, u, rnd);
      fillMatrix(vs, stride, k, v, rnd);
      float[] bu = biases ? random(rnd, nu) : null, bi = biases ? random(rnd, ni) : null;
      float[] gu = adaptive ? new float[] {1f, 1.5f, 2f} : null, gi = adaptive ? new float[] {1f, 1.2f, 3f, 1.1f} : null;
      double[] dbu = toDouble(bu), dbi = toDouble(bi), dgu = toDouble(gu), dgi = toDouble(gi);
      double sq = 0;
      for (int p = 0; p < n; p++) {
        int a = users[p], b = items[p];
        double lrU = adaptive ? lr / Math.sqrt(dgu[a]) : lr, lrV = adaptive ? lr / Math.sqrt(dgi[b]) : lr;
        double e = ratings[p] - ((biases ? mean + dbu[a] + dbi[b] : 0) + dot(u[a], v[b]));
        double normU = 0, normV = 0;
        for (int j = 0; j < k; j++) {
          double gU = e * v[b][j] - lu * u[a][j], gV = e * u[a][j] - lv * v[b][j];
          u[a][j] += lrU * gU;
          v[b][j] += lrV * gV;
          normU += gU * gU;
          normV += gV * gV;
        }
        if (biases) {
          dbu[a] += lrU * (e - lb * dbu[a]);
          dbi[b] += lrV * (e - lb * dbi[b]);
        }
        if (adaptive) {
          dgu[a] += normU / k;
          dgi[b] += normV / k;
        }
        sq += e * e;
      }
      SgdRule rule = new SgdRule(lr, lu, lv, lb, mean, bu, bi, gu, gi);
      double got = kernels().sgdSweep(k, ua, stride, va, stride, users, items, ratings, 0, n, rule);
      String what = "sgdSweep k=" + k + " biases=" + biases + " adagrad=" + adaptive;
      double tol = 1e-4 * Math.sqrt(k);
      assertClose(sq, got, tol * (1 + sq), what + " sum of squares");
      assertMatrix(us, stride, k, u, tol, what + " U");
      assertMatrix(vs, stride, k, v, tol, what + " V");
      for (int q = 0; biases && q < nu; q++) assertClose(dbu[q], bu[q], tol, what + " b_u[" + q + "]");
      for (int q = 0; biases && q < ni; q++) assertClose(dbi[q], bi[q], tol, what + " b_i[" + q + "]");
      for (int q = 0; adaptive && q < nu; q++) assertClose(dgu[q], gu[q], tol * dgu[q], what + " G_u[" + q + "]");
      for (int q = 0; adaptive && q < ni; q++) assertClose(dgi[q], gi[q], tol * dgi[q], what + " G_i[" + q + "]");
    }
  }

  @Test
  void sgdSweepOfAnEmptyRangeChangesNothing() {
    int k = 5, stride = 16;
    float[] us = new float[stride], vs = new float[stride];
    us[0] = 0.5f;
    float[] bu = {0.1f}, bi = {0.2f};
    double sq = kernels().sgdSweep(k, us, stride, vs, stride, new int[] {0}, new int[] {0}, new float[] {4f}, 1, 1,
        new SgdRule(0.1f, 0.1f, 0.1f, 0.1f, 3f, bu, bi, null, null));
    assertEquals(0.0, sq);
    assertEquals(0.5f, us[0]);
    assertEquals(0.1f, bu[0]);
    assertEquals(0.2f, bi[0]);
  }

  private static void fillMatrix(MemorySegment seg, int stride, int k, double[][] rows, SplittableRandom rnd) {
    for (int r = 0; r < rows.length; r++) {
      for (int j = 0; j < k; j++) {
        float x = (float) (rnd.nextDouble() - 0.5);
        seg.setAtIndex(ValueLayout.JAVA_FLOAT, (long) r * stride + j, x);
        rows[r][j] = x;
      }
    }
  }

  private static void assertMatrix(MemorySegment seg, int stride, int k, double[][] rows, double tol, String what) {
    for (int r = 0; r < rows.length; r++) {
      for (int j = 0; j < stride; j++) {
        float got = seg.getAtIndex(ValueLayout.JAVA_FLOAT, (long) r * stride + j);
        if (j >= k) assertEquals(0f, got, what + " padding row " + r);
        else assertClose(rows[r][j], got, tol * (1 + Math.abs(rows[r][j])), what + "[" + r + "][" + j + "]");
      }
    }
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int j = 0; j < a.length; j++) s += a[j] * b[j];
    return s;
  }

  private static double[] toDouble(float[] x) {
    if (x == null) return null;
    double[] d = new double[x.length];
    for (int q = 0; q < x.length; q++) d[q] = x[q];
    return d;
  }

  /** Four off-heap rows (at odd row offsets) of stride {@code stride}, the first {@code k} values random, padding zero. */
  static double[][] fillRows(java.lang.foreign.MemorySegment seg, int stride, int k, SplittableRandom rnd, long... offsets) {
    double[][] rows = new double[offsets.length][k];
    for (int q = 0; q < offsets.length; q++) {
      for (int j = 0; j < stride; j++) {
        float x = j < k ? (float) (rnd.nextDouble() - 0.5) : 0f;
        seg.setAtIndex(java.lang.foreign.ValueLayout.JAVA_FLOAT, offsets[q] + j, x);
        if (j < k) rows[q][j] = x;
      }
    }
    return rows;
  }

  static float at(java.lang.foreign.MemorySegment seg, long i) {
    return seg.getAtIndex(java.lang.foreign.ValueLayout.JAVA_FLOAT, i);
  }

  @ParameterizedTest
  @MethodSource("ranks")
  void accumulateGradientMatchesDoubleReference(int k) {
    int stride = (k + 15) / 16 * 16;
    try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
      java.lang.foreign.MemorySegment seg = arena.allocate(9L * stride * Float.BYTES, 64);
      long u = stride, v = 3L * stride, gu = 5L * stride, gv = 7L * stride;
      double[][] r = fillRows(seg, stride, k, new SplittableRandom(7L * k), u, v, gu, gv);
      float bias = 0.5f, rating = 4f, scale = -2f / 3;
      double dot = 0, mag = 4.5;
      for (int j = 0; j < k; j++) {
        dot += r[0][j] * r[1][j];
        mag += Math.abs(r[0][j] * r[1][j]);
      }
      double e = rating - (bias + dot);
      float got = kernels().accumulateGradient(k, seg, u, seg, v, seg, gu, seg, gv, bias, rating, scale);
      assertClose(e, got, 4 * (k + 2) * EPS * mag, "error k=" + k);
      for (int j = 0; j < stride; j++) {
        if (j >= k) {
          assertEquals(0f, at(seg, gu + j));
          assertEquals(0f, at(seg, gv + j));
          continue;
        }
        double tol = 8 * (k + 4) * EPS * (mag + 1);
        assertClose(r[2][j] + scale * e * r[1][j], at(seg, gu + j), tol, "gu k=" + k + " j=" + j);
        assertClose(r[3][j] + scale * e * r[0][j], at(seg, gv + j), tol, "gv k=" + k + " j=" + j);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("ranks")
  void adamStepMatchesDoubleReference(int k) {
    int stride = (k + 15) / 16 * 16;
    for (boolean decoupled : new boolean[] {false, true}) {
      try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
        java.lang.foreign.MemorySegment seg = arena.allocate(9L * stride * Float.BYTES, 64);
        long x = stride, g = 3L * stride, m = 5L * stride, s = 7L * stride;
        double[][] r = fillRows(seg, stride, k, new SplittableRandom(11L * k), x, g, m, s);
        for (int j = 0; j < k; j++) { // second moments are non-negative
          r[3][j] = Math.abs(r[3][j]);
          seg.setAtIndex(java.lang.foreign.ValueLayout.JAVA_FLOAT, s + j, (float) r[3][j]);
        }
        float lr = 0.01f, b1 = 0.9f, b2 = 0.999f, c1 = 1 - 0.9f * 0.9f, c2 = 1 - 0.999f * 0.999f, eps = 1e-8f, wd = 0.1f;
        kernels().adamStep(k, seg, x, seg, g, seg, m, seg, s, lr, b1, b2, c1, c2, eps, wd, decoupled);
        for (int j = 0; j < stride; j++) {
          if (j >= k) {
            assertEquals(0f, at(seg, x + j), "padding stays zero");
            continue;
          }
          double gj = r[1][j] + (decoupled ? 0 : wd * r[0][j]), gmag = Math.abs(r[1][j]) + (decoupled ? 0 : Math.abs(wd * r[0][j]));
          double mj = b1 * r[2][j] + (1 - (double) b1) * gj, sj = b2 * r[3][j] + (1 - (double) b2) * gj * gj;
          String what = (decoupled ? "AdamW" : "Adam") + " k=" + k + " j=" + j;
          // bounds from the magnitudes of the terms: the sums may cancel
          assertClose(mj, at(seg, m + j), 8 * EPS * (Math.abs(b1 * r[2][j]) + gmag), "m " + what);
          assertClose(sj, at(seg, s + j), 8 * EPS * (b2 * r[3][j] + 3 * gmag * gmag), "s " + what);
          // the step from the kernel's own moments, so only the step's rounding is measured here
          double mf = at(seg, m + j), sf = at(seg, s + j);
          double adam = (mf / c1) / (Math.sqrt(sf / c2) + eps), decay = decoupled ? wd * r[0][j] : 0;
          assertClose(r[0][j] - lr * (adam + decay), at(seg, x + j), 16 * EPS * (Math.abs(r[0][j]) + lr * (Math.abs(adam) + Math.abs(decay))),
              "x " + what);
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("ranks")
  void gatherCopiesWholeStridedRowsToAnOffset(int k) {
    int stride = (k + 15) / 16 * 16; // factor matrices pad rows to 16 floats
    int rows = 7;
    try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
      java.lang.foreign.MemorySegment src = arena.allocate((long) rows * stride * Float.BYTES, 64);
      for (int i = 0; i < rows * stride; i++) src.setAtIndex(java.lang.foreign.ValueLayout.JAVA_FLOAT, i, i + 0.5f);
      int[] which = {9, 6, 0, 6, 3};
      int ldp = stride + 16, pOff = 5;
      float[] panel = new float[pOff + 4 * ldp + 1];
      kernels().gather(src, stride, which, 1, 4, panel, pOff, ldp);
      for (int t = 0; t < 4; t++) {
        for (int j = 0; j < stride; j++) assertEquals(which[1 + t] * stride + j + 0.5f, panel[pOff + t * ldp + j]);
      }
      assertEquals(0f, panel[pOff - 1]);
      assertEquals(0f, panel[pOff + stride]);
    }
  }

  @ParameterizedTest
  @MethodSource("ranks")
  void gramTimesVectorMatchesReference(int k) {
    int ldp = Kernels.padded(k);
    for (int n : new int[] {0, 1, 2, 3, 64, 129}) {
      for (boolean weighted : new boolean[] {false, true}) {
        SplittableRandom rnd = new SplittableRandom(23L * k + n);
        float[] p = panel(rnd, n, k, ldp, 3);
        float[] w = weighted ? random(rnd, n + 1) : null;
        float[] o = weighted ? random(rnd, n + 1) : null;
        float[] x = new float[ldp + 1];
        for (int j = 0; j < k; j++) x[1 + j] = rnd.nextFloat() * 2 - 1;
        float[] y = new float[ldp + 2];
        for (int j = 0; j < k; j++) y[2 + j] = j;
        kernels().gramTimesVector(n, k, p, 3, ldp, w, o, 1, x, 1, y, 2);
        double[] exact = new double[k], mag = new double[k];
        for (int j = 0; j < k; j++) exact[j] = mag[j] = j;
        for (int t = 0; t < n; t++) {
          double d = 0, dm = 0;
          for (int j = 0; j < k; j++) {
            d += (double) p[3 + t * ldp + j] * x[1 + j];
            dm += Math.abs((double) p[3 + t * ldp + j] * x[1 + j]);
          }
          double wt = weighted ? w[1 + t] : 1, ot = weighted ? o[1 + t] : 0;
          for (int j = 0; j < k; j++) {
            exact[j] += (ot + wt * d) * p[3 + t * ldp + j];
            mag[j] += (Math.abs(ot) + Math.abs(wt) * dm) * Math.abs(p[3 + t * ldp + j]);
          }
        }
        for (int j = 0; j < k; j++) {
          assertClose(exact[j], y[2 + j], 2 * (n + k + 2) * EPS * mag[j] + 1e-30, "gramTimesVector k=" + k + " n=" + n + " j=" + j);
        }
        assertEquals(0f, y[0]);
        assertEquals(0f, y[1]);
      }
    }
  }

  /**
   * Packs the n×k matrix V (row j at {@code v[j*k ..]}) transposed into panels of width w, the layout
   * of {@link Kernels#gemmPacked}'s B, at offset off; spare columns of the last panel zero.
   */
  static float[] packTransposed(float[] v, int n, int k, int w, int off) {
    int panels = (n + w - 1) / w;
    float[] b = new float[off + panels * k * w + 5];
    for (int j = 0; j < n; j++) {
      for (int t = 0; t < k; t++) b[off + (j / w) * k * w + t * w + j % w] = v[j * k + t];
    }
    return b;
  }

  static IntStream gemmRanks() {
    return IntStream.of(0, 1, 2, 3, 8, 16, 17, 63, 64, 65);
  }

  @ParameterizedTest
  @MethodSource("gemmRanks")
  void gemmPackedMatchesDoubleReference(int k) {
    int w = kernels().packWidth();
    int lanes = kernels().batchLanes();
    assertEquals(0, w % lanes, "packWidth must be a multiple of the lanes");
    int[] ms = {0, 1, 2, 5, 6, 7, 13};
    int[] ns = {0, 1, lanes - 1, lanes, lanes + 1, w - 1, w, w + 1, 2 * w + 3, 100};
    for (int m : ms) {
      for (int n : ns) {
        SplittableRandom rnd = new SplittableRandom(1_000_003L * k + 1009L * m + n);
        int aOff = 3, lda = k + 5, bOff = 7, cOff = 11, ldc = n + 3;
        float[] a = random(rnd, aOff + m * lda + 2);
        float[] v = random(rnd, n * k);
        float[] b = packTransposed(v, n, k, w, bOff);
        float sentinel = 12345f;
        float[] c = new float[cOff + m * ldc + 4];
        java.util.Arrays.fill(c, sentinel);
        kernels().gemmPacked(m, n, k, a, aOff, lda, b, bOff, c, cOff, ldc);
        for (int i = 0; i < m; i++) {
          for (int j = 0; j < n; j++) {
            double exact = 0, mag = 0;
            for (int t = 0; t < k; t++) {
              double x = (double) a[aOff + i * lda + t] * v[j * k + t];
              exact += x;
              mag += Math.abs(x);
            }
            assertClose(exact, c[cOff + i * ldc + j], 2 * (k + 1) * EPS * mag + 1e-30,
                "gemmPacked k=" + k + " m=" + m + " n=" + n + " C[" + i + "][" + j + "]");
          }
        }
        for (int q = 0; q < c.length; q++) {
          int i = (q - cOff) / ldc, j = (q - cOff) % ldc;
          boolean inside = q >= cOff && i < m && j < n;
          if (!inside) assertEquals(sentinel, c[q], "gemmPacked k=" + k + " m=" + m + " n=" + n + " wrote c[" + q + "]");
        }
      }
    }
  }

  /** A row's scores do not depend on the rows scored with it or on the columns window: one chain each. */
  @ParameterizedTest
  @MethodSource("gemmRanks")
  void gemmPackedRowsDoNotDependOnBlocking(int k) {
    int w = kernels().packWidth();
    int m = 17, n = 3 * w + 5;
    SplittableRandom rnd = new SplittableRandom(77 + k);
    float[] a = random(rnd, m * Math.max(k, 1));
    float[] b = packTransposed(random(rnd, n * k), n, k, w, 0);
    float[] all = new float[m * n];
    kernels().gemmPacked(m, n, k, a, 0, k, b, 0, all, 0, n);
    float[] one = new float[n];
    for (int i = 0; i < m; i++) {
      kernels().gemmPacked(1, n, k, a, i * k, k, b, 0, one, 0, n);
      for (int j = 0; j < n; j++) assertEquals(all[i * n + j], one[j], "row " + i + " alone, column " + j);
      // The columns from the second panel on, reached through bOff.
      int rest = n - w;
      kernels().gemmPacked(1, rest, k, a, i * k, k, b, k * w, one, 0, rest);
      for (int j = 0; j < rest; j++) assertEquals(all[i * n + w + j], one[j], "row " + i + ", panels from 1, column " + j);
    }
  }

  @ParameterizedTest
  @MethodSource("sizes")
  void firstGreaterFindsTheFirstAndSkipsNaN(int n) {
    SplittableRandom rnd = new SplittableRandom(n + 5);
    int off = 3;
    float[] x = random(rnd, off + n + 2);
    for (int q = 0; q < x.length; q += 7) x[q] = Float.NaN;
    for (float th : new float[] {-2f, 0.5f, 0.99f, 2f, Float.NEGATIVE_INFINITY}) {
      for (int from = off; from <= off + Math.min(n, 3 * kernels().batchLanes() + 1); from++) {
        int want = off + n;
        for (int j = from; j < off + n; j++) {
          if (x[j] > th) {
            want = j;
            break;
          }
        }
        assertEquals(want, kernels().firstGreater(x, from, off + n, th), "n=" + n + " from=" + from + " threshold=" + th);
      }
    }
    float[] equal = new float[n + 1];
    assertEquals(n, kernels().firstGreater(equal, 0, n, 0f), "equal is not greater");
  }

  /** A well-conditioned SPD matrix: GᵀG/n + shift·I, upper triangle in row-major with lda. */
  static double[][] spd(SplittableRandom rnd, int k, double shift) {
    int n = k + 8;
    double[][] g = new double[n][k];
    for (double[] row : g) for (int j = 0; j < k; j++) row[j] = rnd.nextDouble() * 2 - 1;
    double[][] a = new double[k][k];
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < k; j++) {
        double s = 0;
        for (double[] row : g) s += row[i] * row[j];
        a[i][j] = s / n + (i == j ? shift : 0);
      }
    }
    return a;
  }

  /** Solves A x = b in double precision (Gaussian elimination with partial pivoting). */
  static double[] solveDouble(double[][] a0, double[] b0) {
    int k = b0.length;
    double[][] a = new double[k][];
    for (int i = 0; i < k; i++) a[i] = a0[i].clone();
    double[] b = b0.clone();
    for (int c = 0; c < k; c++) {
      int piv = c;
      for (int r = c + 1; r < k; r++) if (Math.abs(a[r][c]) > Math.abs(a[piv][c])) piv = r;
      double[] tr = a[c]; a[c] = a[piv]; a[piv] = tr;
      double tb = b[c]; b[c] = b[piv]; b[piv] = tb;
      for (int r = c + 1; r < k; r++) {
        double f = a[r][c] / a[c][c];
        for (int j = c; j < k; j++) a[r][j] -= f * a[c][j];
        b[r] -= f * b[c];
      }
    }
    double[] x = new double[k];
    for (int i = k - 1; i >= 0; i--) {
      double s = b[i];
      for (int j = i + 1; j < k; j++) s -= a[i][j] * x[j];
      x[i] = s / a[i][i];
    }
    return x;
  }

  static double maxAbs(double[] x) {
    double m = 0;
    for (double v : x) m = Math.max(m, Math.abs(v));
    return m;
  }

  @ParameterizedTest
  @MethodSource("ranks")
  void choleskyFactorsAndSolves(int k) {
    SplittableRandom rnd = new SplittableRandom(k);
    double[][] a = spd(rnd, k, 0.1);
    int lda = k + 3, off = 5;
    float[] m = new float[off + k * lda];
    for (int i = 0; i < k; i++) for (int j = i; j < k; j++) m[off + i * lda + j] = (float) a[i][j];
    assertTrue(kernels().cholesky(k, m, off, lda), "SPD matrix rejected, k=" + k);
    // UᵀU reproduces A.
    for (int i = 0; i < k; i++) {
      for (int j = i; j < k; j++) {
        double s = 0, mag = 0;
        for (int p = 0; p <= i; p++) {
          double v = (double) m[off + p * lda + i] * m[off + p * lda + j];
          s += v;
          mag += Math.abs(v);
        }
        assertClose(a[i][j], s, 8 * (k + 2) * EPS * (mag + Math.abs(a[i][j])), "UᵀU k=" + k + " (" + i + "," + j + ")");
      }
    }
    double[] bd = new double[k];
    float[] b = new float[k + 2];
    for (int i = 0; i < k; i++) b[i + 2] = (float) (bd[i] = rnd.nextDouble() * 2 - 1);
    kernels().choleskySolve(k, m, off, lda, b, 2);
    double[] x = solveDouble(a, bd);
    // Condition number of these matrices is at most ~ (1+k/8)/0.1: allow for it.
    double tol = 200 * k * EPS * (1 + k / 8.0) / 0.1 * (maxAbs(x) + 1);
    for (int i = 0; i < k; i++) assertClose(x[i], b[i + 2], tol, "solve k=" + k + " x[" + i + "]");
  }

  @Test
  void choleskyRejectsIndefiniteAndHandlesEmpty() {
    float[] a = {1, 2, 0, 1}; // [[1,2],[2,1]] is indefinite
    assertFalse(kernels().cholesky(2, a, 0, 2));
    float[] nan = {Float.NaN};
    assertFalse(kernels().cholesky(1, nan, 0, 1));
    assertTrue(kernels().cholesky(0, new float[0], 0, 0));
    kernels().choleskySolve(0, new float[0], 0, 0, new float[0], 0);
  }

  @ParameterizedTest
  @MethodSource("ranks")
  void batchedCholeskySolvesEveryLane(int k) {
    int lanes = kernels().batchLanes();
    SplittableRandom rnd = new SplittableRandom(1000 + k);
    int ld = Kernels.batchRowStride(k);
    float[] a = new float[k * ld * lanes];
    float[] b = new float[k * lanes];
    double[][][] as = new double[lanes][][];
    double[][] bs = new double[lanes][k];
    for (int s = 0; s < lanes; s++) {
      as[s] = spd(rnd, k, 0.05 + 0.1 * s);
      for (int i = 0; i < k; i++) {
        for (int j = 0; j < k; j++) a[(i * ld + j) * lanes + s] = (float) as[s][i][j];
        b[i * lanes + s] = (float) (bs[s][i] = rnd.nextDouble() * 2 - 1);
      }
    }
    assertEquals(0, kernels().choleskyBatch(k, a, b), "no lane should fail, k=" + k);
    for (int s = 0; s < lanes; s++) {
      double[] x = solveDouble(as[s], bs[s]);
      double tol = 200 * k * EPS * (1 + k / 8.0) / 0.05 * (maxAbs(x) + 1);
      for (int i = 0; i < k; i++) assertClose(x[i], b[i * lanes + s], tol, "batch k=" + k + " lane " + s + " x[" + i + "]");
    }
  }

  @Test
  void batchedCholeskyReportsOnlyTheFailingLanes() {
    int lanes = kernels().batchLanes();
    int k = 5;
    int ld = Kernels.batchRowStride(k);
    float[] a = new float[k * ld * lanes];
    float[] b = new float[k * lanes];
    for (int s = 0; s < lanes; s++) {
      for (int i = 0; i < k; i++) {
        a[(i * ld + i) * lanes + s] = 2f;
        b[i * lanes + s] = 1f;
      }
    }
    int bad1 = 1, bad2 = lanes - 1;
    a[(3 * ld + 3) * lanes + bad1] = -1f;          // negative pivot
    a[(0 * ld + 0) * lanes + bad2] = Float.NaN;     // NaN
    int mask = kernels().choleskyBatch(k, a, b);
    assertEquals((1 << bad1) | (1 << bad2), mask);
    for (int s = 0; s < lanes; s++) {
      if (s == bad1 || s == bad2) continue;
      for (int i = 0; i < k; i++) assertClose(0.5, b[i * lanes + s], 1e-6, "good lane " + s);
    }
  }
}
