package org.mf4j.kernel;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Plain Java kernels: the reference every SIMD implementation is tested against, and the fallback
 * when the Vector API module is absent. Straightforward loops, accumulation in float (as the SIMD
 * kernels do), written so their results are easy to trust rather than fast.
 */
public final class ScalarKernels implements Kernels {
  /** Systems per {@link #choleskyBatch} call; any value works for the scalar code, 8 matches AVX2. */
  private static final int BATCH_LANES = 8;

  /** The one instance: stateless, thread-safe. */
  public static final ScalarKernels INSTANCE = new ScalarKernels();

  private ScalarKernels() {}

  @Override public String name() { return "scalar"; }

  @Override public int batchLanes() { return BATCH_LANES; }

  @Override
  public float fmaChains(long iterations) {
    float a0 = 1, a1 = 1, a2 = 1, a3 = 1, a4 = 1, a5 = 1, a6 = 1, a7 = 1;
    final float m = 0.999999f, c = 1e-7f;
    for (long i = 0; i < iterations; i++) {
      a0 = Math.fma(a0, m, c); a1 = Math.fma(a1, m, c); a2 = Math.fma(a2, m, c); a3 = Math.fma(a3, m, c);
      a4 = Math.fma(a4, m, c); a5 = Math.fma(a5, m, c); a6 = Math.fma(a6, m, c); a7 = Math.fma(a7, m, c);
    }
    return a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7;
  }

  @Override
  public long fmaChainFlopsPerIteration() { return 16; }

  @Override
  public float dot(float[] a, int aOff, float[] b, int bOff, int n) {
    float s = 0f;
    for (int t = 0; t < n; t++) s += a[aOff + t] * b[bOff + t];
    return s;
  }

  @Override
  public float dot(MemorySegment a, long aOff, MemorySegment b, long bOff, int n) {
    float s = 0f;
    for (int t = 0; t < n; t++) {
      s += a.getAtIndex(ValueLayout.JAVA_FLOAT, aOff + t) * b.getAtIndex(ValueLayout.JAVA_FLOAT, bOff + t);
    }
    return s;
  }

  @Override
  public void gather(MemorySegment src, int stride, int[] rows, int rowsOff, int n, float[] panel, int pOff, int ldp) {
    for (int t = 0; t < n; t++) {
      MemorySegment.copy(src, ValueLayout.JAVA_FLOAT, (long) rows[rowsOff + t] * stride * Float.BYTES,
          panel, pOff + t * ldp, stride);
    }
  }

  @Override
  public void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
    for (int t = 0; t < n; t++) y[yOff + t] += alpha * x[xOff + t];
  }

  @Override
  public void scale(int n, float alpha, float[] x, int xOff) {
    for (int t = 0; t < n; t++) x[xOff + t] *= alpha;
  }

  @Override
  public void syrk(int n, int k, float[] p, int pOff, int ldp, float[] c, int cOff, int ldc) {
    for (int t = 0; t < n; t++) {
      int row = pOff + t * ldp;
      for (int i = 0; i < k; i++) {
        float pi = p[row + i];
        if (pi == 0f) continue;
        int ci = cOff + i * ldc;
        for (int j = i; j < k; j++) c[ci + j] += pi * p[row + j];
      }
    }
  }

  @Override
  public void gemvT(int n, int k, float[] p, int pOff, int ldp, float[] x, int xOff, float[] y, int yOff) {
    for (int t = 0; t < n; t++) {
      float xt = x[xOff + t];
      int row = pOff + t * ldp;
      for (int j = 0; j < k; j++) y[yOff + j] += xt * p[row + j];
    }
  }

  @Override
  public float sgdStep(int k, MemorySegment u, long uOff, MemorySegment v, long vOff, float bias, float r, float lrU,
      float lrV, float lambdaU, float lambdaV, float[] gradSq) {
    float dot = 0f;
    for (int j = 0; j < k; j++) dot += u.getAtIndex(ValueLayout.JAVA_FLOAT, uOff + j) * v.getAtIndex(ValueLayout.JAVA_FLOAT, vOff + j);
    float e = r - (bias + dot);
    float nu = 0f, nv = 0f;
    for (int j = 0; j < k; j++) {
      float uj = u.getAtIndex(ValueLayout.JAVA_FLOAT, uOff + j), vj = v.getAtIndex(ValueLayout.JAVA_FLOAT, vOff + j);
      float gu = e * vj - lambdaU * uj, gv = e * uj - lambdaV * vj;
      u.setAtIndex(ValueLayout.JAVA_FLOAT, uOff + j, uj + lrU * gu);
      v.setAtIndex(ValueLayout.JAVA_FLOAT, vOff + j, vj + lrV * gv);
      nu += gu * gu;
      nv += gv * gv;
    }
    if (gradSq != null) {
      gradSq[0] = nu;
      gradSq[1] = nv;
    }
    return e;
  }

  @Override
  public double sgdSweep(int k, float[] u, int uStride, float[] v, int vStride, int[] users, int[] items, float[] ratings,
      int from, int to, SgdRule rule) {
    float[] bu = rule.userBias(), bi = rule.itemBias(), gu = rule.userG(), gi = rule.itemG();
    float lr = rule.learningRate(), invK = 1f / k, lb = rule.lambdaBias(), lamU = rule.lambdaU(), lamV = rule.lambdaV();
    double sq = 0;
    for (int p = from; p < to; p++) {
      int uu = users[p], ii = items[p], ub = uu * uStride, vb = ii * vStride;
      float lrU = gu != null ? lr / (float) Math.sqrt(gu[uu]) : lr, lrV = gi != null ? lr / (float) Math.sqrt(gi[ii]) : lr;
      float bias = bu != null ? rule.mean() + bu[uu] + bi[ii] : 0f;
      float dot = 0f;
      for (int j = 0; j < k; j++) dot += u[ub + j] * v[vb + j];
      float e = ratings[p] - (bias + dot), nu = 0f, nv = 0f;
      for (int j = 0; j < k; j++) { // the same step as sgdStep, on arrays
        float uj = u[ub + j], vj = v[vb + j];
        float gU = e * vj - lamU * uj, gV = e * uj - lamV * vj;
        u[ub + j] = uj + lrU * gU;
        v[vb + j] = vj + lrV * gV;
        nu += gU * gU;
        nv += gV * gV;
      }
      if (bu != null) {
        bu[uu] += lrU * (e - lb * bu[uu]);
        bi[ii] += lrV * (e - lb * bi[ii]);
      }
      if (gu != null) {
        gu[uu] += nu * invK;
        gi[ii] += nv * invK;
      }
      sq += (double) e * e;
    }
    return sq;
  }

  @Override
  public float accumulateGradient(int k, MemorySegment u, long uOff, MemorySegment v, long vOff, MemorySegment gu, long guOff,
      MemorySegment gv, long gvOff, float bias, float r, float scale) {
    float dot = 0f;
    for (int j = 0; j < k; j++) dot += u.getAtIndex(ValueLayout.JAVA_FLOAT, uOff + j) * v.getAtIndex(ValueLayout.JAVA_FLOAT, vOff + j);
    float e = r - (bias + dot), a = scale * e;
    for (int j = 0; j < k; j++) {
      float uj = u.getAtIndex(ValueLayout.JAVA_FLOAT, uOff + j), vj = v.getAtIndex(ValueLayout.JAVA_FLOAT, vOff + j);
      gu.setAtIndex(ValueLayout.JAVA_FLOAT, guOff + j, gu.getAtIndex(ValueLayout.JAVA_FLOAT, guOff + j) + a * vj);
      gv.setAtIndex(ValueLayout.JAVA_FLOAT, gvOff + j, gv.getAtIndex(ValueLayout.JAVA_FLOAT, gvOff + j) + a * uj);
    }
    return e;
  }

  @Override
  public void adamStep(int k, MemorySegment x, long xOff, MemorySegment grad, long gOff, MemorySegment m, long mOff, MemorySegment s,
      long sOff, float lr, float beta1, float beta2, float c1, float c2, float eps, float wd, boolean decoupled) {
    for (int j = 0; j < k; j++) {
      float xj = x.getAtIndex(ValueLayout.JAVA_FLOAT, xOff + j);
      float g = grad.getAtIndex(ValueLayout.JAVA_FLOAT, gOff + j) + (decoupled ? 0f : wd * xj);
      float mj = beta1 * m.getAtIndex(ValueLayout.JAVA_FLOAT, mOff + j) + (1 - beta1) * g;
      float sj = beta2 * s.getAtIndex(ValueLayout.JAVA_FLOAT, sOff + j) + (1 - beta2) * g * g;
      m.setAtIndex(ValueLayout.JAVA_FLOAT, mOff + j, mj);
      s.setAtIndex(ValueLayout.JAVA_FLOAT, sOff + j, sj);
      float step = (mj / c1) / ((float) Math.sqrt(sj / c2) + eps) + (decoupled ? wd * xj : 0f);
      x.setAtIndex(ValueLayout.JAVA_FLOAT, xOff + j, xj - lr * step);
    }
  }

  /** Any width works for the scalar code; 16 is the AVX2 Panama kernels' width. */
  private static final int PACK_WIDTH = 16;

  @Override public int packWidth() { return PACK_WIDTH; }

  @Override
  public void gemmPacked(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, float[] c, int cOff, int ldc) {
    final int w = PACK_WIDTH;
    for (int i = 0; i < m; i++) {
      int ai = aOff + i * lda;
      for (int j = 0; j < n; j++) {
        int bj = bOff + (j / w) * k * w + j % w;
        float s = 0f;
        for (int t = 0; t < k; t++) s += a[ai + t] * b[bj + t * w];
        c[cOff + i * ldc + j] = s;
      }
    }
  }

  @Override
  public int firstGreater(float[] x, int from, int to, float threshold) {
    for (int j = from; j < to; j++) if (x[j] > threshold) return j;
    return to;
  }

  @Override
  public void gramTimesVector(int n, int k, float[] p, int pOff, int ldp, float[] w, float[] o, int wOff, float[] x, int xOff,
      float[] y, int yOff) {
    for (int t = 0; t < n; t++) {
      int row = pOff + t * ldp;
      float d = 0f;
      for (int j = 0; j < k; j++) d += p[row + j] * x[xOff + j];
      if (w != null) d *= w[wOff + t];
      if (o != null) d += o[wOff + t];
      for (int j = 0; j < k; j++) y[yOff + j] += d * p[row + j];
    }
  }

  @Override
  public boolean cholesky(int k, float[] a, int aOff, int lda) {
    // Row-oriented (up-looking) factorization: row i of U from the rows above it.
    for (int i = 0; i < k; i++) {
      int ri = aOff + i * lda;
      float d = a[ri + i];
      for (int p = 0; p < i; p++) {
        float u = a[aOff + p * lda + i];
        d -= u * u;
      }
      if (!(d > 0f) || !Float.isFinite(d)) return false;
      float uii = (float) Math.sqrt(d);
      a[ri + i] = uii;
      float inv = 1f / uii;
      for (int j = i + 1; j < k; j++) {
        float s = a[ri + j];
        for (int p = 0; p < i; p++) {
          int rp = aOff + p * lda;
          s -= a[rp + i] * a[rp + j];
        }
        a[ri + j] = s * inv;
      }
    }
    return true;
  }

  @Override
  public void choleskySolve(int k, float[] u, int uOff, int ldu, float[] b, int bOff) {
    // Uᵀ y = b (forward), then U x = y (backward).
    for (int i = 0; i < k; i++) {
      float s = b[bOff + i];
      for (int p = 0; p < i; p++) s -= u[uOff + p * ldu + i] * b[bOff + p];
      b[bOff + i] = s / u[uOff + i * ldu + i];
    }
    for (int i = k - 1; i >= 0; i--) {
      int ri = uOff + i * ldu;
      float s = b[bOff + i];
      for (int j = i + 1; j < k; j++) s -= u[ri + j] * b[bOff + j];
      b[bOff + i] = s / u[ri + i];
    }
  }

  @Override
  public int choleskyBatch(int k, float[] a, float[] b) {
    final int ld = Kernels.batchRowStride(k);
    final int L = BATCH_LANES;
    int failed = 0;
    for (int s = 0; s < L; s++) {
      for (int i = 0; i < k; i++) {
        float d = a[(i * ld + i) * L + s];
        for (int p = 0; p < i; p++) {
          float u = a[(p * ld + i) * L + s];
          d -= u * u;
        }
        if (!(d > 0f) || !Float.isFinite(d)) {
          failed |= 1 << s;
          d = 1f; // keep the lane finite; its result is reported as failed
        }
        float inv = 1f / (float) Math.sqrt(d);
        a[(i * ld + i) * L + s] = inv;
        for (int j = i + 1; j < k; j++) {
          float acc = a[(i * ld + j) * L + s];
          for (int p = 0; p < i; p++) acc -= a[(p * ld + i) * L + s] * a[(p * ld + j) * L + s];
          a[(i * ld + j) * L + s] = acc * inv;
        }
      }
      for (int i = 0; i < k; i++) {
        float acc = b[i * L + s];
        for (int p = 0; p < i; p++) acc -= a[(p * ld + i) * L + s] * b[p * L + s];
        b[i * L + s] = acc * a[(i * ld + i) * L + s];
      }
      for (int i = k - 1; i >= 0; i--) {
        float acc = b[i * L + s];
        for (int j = i + 1; j < k; j++) acc -= a[(i * ld + j) * L + s] * b[j * L + s];
        b[i * L + s] = acc * a[(i * ld + i) * L + s];
      }
    }
    return failed;
  }
}
