package org.mf4j.kernel.panama;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;
import org.mf4j.kernel.Kernels;
import org.mf4j.kernel.SgdRule;

/**
 * {@link Kernels} on the Java Vector API: the only class of mf4j that imports
 * {@code jdk.incubator.vector}. Loaded reflectively by {@link org.mf4j.kernel.KernelProvider}.
 *
 * <p>The species is {@link FloatVector#SPECIES_PREFERRED} unless the system property
 * {@code mf4j.vector.bits} (128, 256 or 512) asks for a narrower one; it is a {@code static final}
 * constant because C2 only intrinsifies vector operations whose species it can see as a constant.
 *
 * <p>Design: the Gram build ({@link #syrk}) is a register-blocked micro-kernel, 5 rows × 2 vectors of
 * accumulators (10 of the 16 AVX2 registers: more makes C2 spill), streaming the panel once per tile; small Cholesky systems are solved {@code L} at a time, one system per lane
 * ({@link #choleskyBatch}), because a single small factorization is a chain of dependent divides and
 * square roots that leaves the FMA units idle.
 */
public final class PanamaKernels implements Kernels {
  static final VectorSpecies<Float> F = selectSpecies();
  private static final int L = F.length();
  private static final ByteOrder NATIVE = ByteOrder.nativeOrder();
  /** Lane i ↔ lane i xor h, for the fixed summation tree of {@link #sumLanes} (null where h ≥ L). */
  private static final VectorShuffle<Float> SWAP8 = swap(8), SWAP4 = swap(4), SWAP2 = swap(2), SWAP1 = swap(1);

  public PanamaKernels() {}

  private static VectorSpecies<Float> selectSpecies() {
    VectorSpecies<Float> preferred = FloatVector.SPECIES_PREFERRED;
    String bits = System.getProperty("mf4j.vector.bits");
    if (bits == null || bits.isBlank()) return preferred;
    int b;
    try {
      b = Integer.parseInt(bits.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("mf4j.vector.bits = '" + bits + "' is not 128, 256 or 512");
    }
    if (b != 128 && b != 256 && b != 512) {
      throw new IllegalArgumentException("mf4j.vector.bits = " + b + " is not 128, 256 or 512");
    }
    // Never wider than the hardware: a species C2 cannot map to registers runs in Java, very slowly.
    if (b >= preferred.vectorBitSize()) return preferred;
    return FloatVector.SPECIES_PREFERRED.withShape(VectorShape.forBitSize(b)).check(float.class);
  }

  private static VectorShuffle<Float> swap(int h) {
    return h < L ? VectorShuffle.fromOp(F, i -> i ^ h) : null;
  }

  /**
   * The sum of the lanes in a fixed order: pairwise, halves first. {@code reduceLanes(ADD)} may add in
   * one order when C2 compiled the caller and in another when it runs interpreted, so a row's factors
   * would depend on whether the JIT had reached the kernel when that row came, and so on the thread
   * count. Lanewise adds and shuffles give the same bits in every mode.
   */
  static float sumLanes(FloatVector v) {
    if (L > 8) v = v.add(v.rearrange(SWAP8));
    if (L > 4) v = v.add(v.rearrange(SWAP4));
    if (L > 2) v = v.add(v.rearrange(SWAP2));
    return v.add(v.rearrange(SWAP1)).lane(0);
  }

  /** The vector width in bits this class runs with. */
  public static int vectorBits() { return F.vectorBitSize(); }

  @Override
  public String name() {
    return "panama(" + F.vectorBitSize() + "-bit, " + L + " lanes)";
  }

  @Override
  public int batchLanes() { return L; }

  /*
   * Multiply-add is written a.b.fma(acc) everywhere, not through a helper of our own: the Vector
   * API's methods are force-inlined, while a helper is inlined only within C2's per-method budget, and
   * where the budget ran out (choleskyBatch at K = 64, measured with -prof gc) the vectors were boxed,
   * 75 KB allocated per call.
   */

  // ---------------------------------------------------------------- peak

  @Override
  public float fmaChains(long iterations) {
    // Ten independent chains: more than FMA latency × FMA pipes (4 × 2 on current x86 cores), few
    // enough to stay in registers on AVX2.
    // Distinct starting values, so no two chains could be folded into one.
    FloatVector a0 = FloatVector.broadcast(F, 1.0f), a1 = FloatVector.broadcast(F, 1.1f);
    FloatVector a2 = FloatVector.broadcast(F, 1.2f), a3 = FloatVector.broadcast(F, 1.3f);
    FloatVector a4 = FloatVector.broadcast(F, 1.4f), a5 = FloatVector.broadcast(F, 1.5f);
    FloatVector a6 = FloatVector.broadcast(F, 1.6f), a7 = FloatVector.broadcast(F, 1.7f);
    FloatVector a8 = FloatVector.broadcast(F, 1.8f), a9 = FloatVector.broadcast(F, 1.9f);
    FloatVector m = FloatVector.broadcast(F, 0.999999f), c = FloatVector.broadcast(F, 1e-7f);
    for (long i = 0; i < iterations; i++) {
      a0 = a0.fma(m, c); a1 = a1.fma(m, c); a2 = a2.fma(m, c); a3 = a3.fma(m, c); a4 = a4.fma(m, c);
      a5 = a5.fma(m, c); a6 = a6.fma(m, c); a7 = a7.fma(m, c); a8 = a8.fma(m, c); a9 = a9.fma(m, c);
    }
    return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).reduceLanes(VectorOperators.ADD);
  }

  @Override
  public long fmaChainFlopsPerIteration() { return 10L * 2 * L; }

  // ---------------------------------------------------------------- level 1

  @Override
  public float dot(float[] a, int aOff, float[] b, int bOff, int n) {
    int t = 0;
    float sum = 0f;
    if (n >= L) {
      // Four independent accumulators hide the FMA latency; then one vector at a time; then a tail.
      FloatVector acc0 = FloatVector.zero(F), acc1 = FloatVector.zero(F);
      FloatVector acc2 = FloatVector.zero(F), acc3 = FloatVector.zero(F);
      for (int bound = n - 4 * L; t <= bound; t += 4 * L) {
        acc0 = FloatVector.fromArray(F, a, aOff + t).fma(FloatVector.fromArray(F, b, bOff + t), acc0);
        acc1 = FloatVector.fromArray(F, a, aOff + t + L).fma(FloatVector.fromArray(F, b, bOff + t + L), acc1);
        acc2 = FloatVector.fromArray(F, a, aOff + t + 2 * L).fma(FloatVector.fromArray(F, b, bOff + t + 2 * L), acc2);
        acc3 = FloatVector.fromArray(F, a, aOff + t + 3 * L).fma(FloatVector.fromArray(F, b, bOff + t + 3 * L), acc3);
      }
      for (int bound = n - L; t <= bound; t += L) {
        acc0 = FloatVector.fromArray(F, a, aOff + t).fma(FloatVector.fromArray(F, b, bOff + t), acc0);
      }
      sum = sumLanes(acc0.add(acc1).add(acc2.add(acc3)));
    }
    for (; t < n; t++) sum = Math.fma(a[aOff + t], b[bOff + t], sum);
    return sum;
  }

  @Override
  public float dot(MemorySegment a, long aOff, MemorySegment b, long bOff, int n) {
    long ab = aOff * Float.BYTES, bb = bOff * Float.BYTES;
    int t = 0;
    float sum = 0f;
    if (n >= L) {
      FloatVector acc0 = FloatVector.zero(F), acc1 = FloatVector.zero(F);
      for (int bound = n - 2 * L; t <= bound; t += 2 * L) {
        long o = (long) t * Float.BYTES;
        acc0 = FloatVector.fromMemorySegment(F, a, ab + o, NATIVE)
            .fma(FloatVector.fromMemorySegment(F, b, bb + o, NATIVE), acc0);
        acc1 = FloatVector.fromMemorySegment(F, a, ab + o + L * Float.BYTES, NATIVE)
            .fma(FloatVector.fromMemorySegment(F, b, bb + o + L * Float.BYTES, NATIVE), acc1);
      }
      for (int bound = n - L; t <= bound; t += L) {
        long o = (long) t * Float.BYTES;
        acc0 = FloatVector.fromMemorySegment(F, a, ab + o, NATIVE)
            .fma(FloatVector.fromMemorySegment(F, b, bb + o, NATIVE), acc0);
      }
      sum = sumLanes(acc0.add(acc1));
    }
    for (; t < n; t++) {
      sum = Math.fma(a.getAtIndex(java.lang.foreign.ValueLayout.JAVA_FLOAT, aOff + t),
          b.getAtIndex(java.lang.foreign.ValueLayout.JAVA_FLOAT, bOff + t), sum);
    }
    return sum;
  }

  @Override
  public void gather(MemorySegment src, int stride, int[] rows, int rowsOff, int n, float[] panel, int pOff, int ldp) {
    // Vector-sized copies: a MemorySegment.copy call per row costs more than the copy itself here.
    for (int t = 0; t < n; t++) {
      long base = (long) rows[rowsOff + t] * stride * Float.BYTES;
      int dst = pOff + t * ldp;
      for (int v = 0; v < stride; v += L) {
        FloatVector.fromMemorySegment(F, src, base + (long) v * Float.BYTES, NATIVE).intoArray(panel, dst + v);
      }
    }
  }

  @Override
  public void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
    FloatVector va = FloatVector.broadcast(F, alpha);
    int t = 0;
    for (int bound = n - L; t <= bound; t += L) {
      va.fma(FloatVector.fromArray(F, x, xOff + t), FloatVector.fromArray(F, y, yOff + t)).intoArray(y, yOff + t);
    }
    for (; t < n; t++) y[yOff + t] = Math.fma(alpha, x[xOff + t], y[yOff + t]);
  }

  @Override
  public void scale(int n, float alpha, float[] x, int xOff) {
    int t = 0;
    for (int bound = n - L; t <= bound; t += L) {
      FloatVector.fromArray(F, x, xOff + t).mul(alpha).intoArray(x, xOff + t);
    }
    for (; t < n; t++) x[xOff + t] *= alpha;
  }

  // ---------------------------------------------------------------- Gram and right-hand side

  @Override
  public void syrk(int n, int k, float[] p, int pOff, int ldp, float[] c, int cOff, int ldc) {
    if (n <= 0 || k <= 0) return;
    // Every tile streams its rows of the panel; in blocks of ~16 KiB the panel stays in L1 for all the
    // tiles instead of coming from L2 for each (at K = 64, 256-row panels ran at ~40 % of peak, 64-row
    // ones at ~52 %).
    final int block = Math.max(8, SYRK_BLOCK_FLOATS / ldp);
    for (int t0 = 0; t0 < n; t0 += block) {
      syrkBlock(Math.min(block, n - t0), k, p, pOff + t0 * ldp, ldp, c, cOff, ldc);
    }
  }

  private static final int SYRK_BLOCK_FLOATS = 4096;

  private static void syrkBlock(int n, int k, float[] p, int pOff, int ldp, float[] c, int cOff, int ldc) {
    final int kv = (k + L - 1) / L; // vectors per row of C that hold columns < k
    int i0 = 0;
    // Row blocks of 5; a block's columns start at the vector holding its first diagonal entry (the
    // lower-triangle entries computed on the way are allowed garbage).
    for (; i0 + 5 <= k; i0 += 5) {
      int v = i0 / L;
      for (; v + 2 <= kv; v += 2) tile5x2(n, p, pOff, ldp, i0, v * L, c, cOff, ldc);
      if (v < kv) tile5x1(n, p, pOff, ldp, i0, v * L, c, cOff, ldc);
    }
    for (; i0 < k; i0++) {
      for (int v = i0 / L; v < kv; v++) tile1x1(n, p, pOff, ldp, i0, v * L, c, cOff, ldc);
    }
  }

  /*
   * The micro-kernel: 5 rows × 2 vectors of C in 10 accumulators. Measured on AVX2 (16 vector
   * registers): 5×2 ran at ~90 % of the FMA peak, 4×3 (12 accumulators) at ~43 % because C2 then spills;
   * 10 accumulators also cover the FMA latency × throughput (4 cycles × 2 pipes) with room to spare.
   */
  private static void tile5x2(int n, float[] p, int pOff, int ldp, int i0, int j0,
      float[] c, int cOff, int ldc) {
    FloatVector c00 = FloatVector.zero(F), c01 = FloatVector.zero(F);
    FloatVector c10 = FloatVector.zero(F), c11 = FloatVector.zero(F);
    FloatVector c20 = FloatVector.zero(F), c21 = FloatVector.zero(F);
    FloatVector c30 = FloatVector.zero(F), c31 = FloatVector.zero(F);
    FloatVector c40 = FloatVector.zero(F), c41 = FloatVector.zero(F);
    int row = pOff;
    for (int t = 0; t < n; t++, row += ldp) {
      FloatVector b0 = FloatVector.fromArray(F, p, row + j0);
      FloatVector b1 = FloatVector.fromArray(F, p, row + j0 + L);
      FloatVector a = FloatVector.broadcast(F, p[row + i0]);
      c00 = a.fma(b0, c00); c01 = a.fma(b1, c01);
      a = FloatVector.broadcast(F, p[row + i0 + 1]);
      c10 = a.fma(b0, c10); c11 = a.fma(b1, c11);
      a = FloatVector.broadcast(F, p[row + i0 + 2]);
      c20 = a.fma(b0, c20); c21 = a.fma(b1, c21);
      a = FloatVector.broadcast(F, p[row + i0 + 3]);
      c30 = a.fma(b0, c30); c31 = a.fma(b1, c31);
      a = FloatVector.broadcast(F, p[row + i0 + 4]);
      c40 = a.fma(b0, c40); c41 = a.fma(b1, c41);
    }
    int r0 = cOff + i0 * ldc + j0;
    addInto(c, r0, c00); addInto(c, r0 + L, c01);
    r0 += ldc;
    addInto(c, r0, c10); addInto(c, r0 + L, c11);
    r0 += ldc;
    addInto(c, r0, c20); addInto(c, r0 + L, c21);
    r0 += ldc;
    addInto(c, r0, c30); addInto(c, r0 + L, c31);
    r0 += ldc;
    addInto(c, r0, c40); addInto(c, r0 + L, c41);
  }

  private static void tile5x1(int n, float[] p, int pOff, int ldp, int i0, int j0,
      float[] c, int cOff, int ldc) {
    FloatVector c0 = FloatVector.zero(F), c1 = FloatVector.zero(F), c2 = FloatVector.zero(F);
    FloatVector c3 = FloatVector.zero(F), c4 = FloatVector.zero(F);
    int row = pOff;
    for (int t = 0; t < n; t++, row += ldp) {
      FloatVector b0 = FloatVector.fromArray(F, p, row + j0);
      c0 = FloatVector.broadcast(F, p[row + i0]).fma(b0, c0);
      c1 = FloatVector.broadcast(F, p[row + i0 + 1]).fma(b0, c1);
      c2 = FloatVector.broadcast(F, p[row + i0 + 2]).fma(b0, c2);
      c3 = FloatVector.broadcast(F, p[row + i0 + 3]).fma(b0, c3);
      c4 = FloatVector.broadcast(F, p[row + i0 + 4]).fma(b0, c4);
    }
    int r0 = cOff + i0 * ldc + j0;
    addInto(c, r0, c0);
    addInto(c, r0 + ldc, c1);
    addInto(c, r0 + 2 * ldc, c2);
    addInto(c, r0 + 3 * ldc, c3);
    addInto(c, r0 + 4 * ldc, c4);
  }

  private static void tile1x1(int n, float[] p, int pOff, int ldp, int i0, int j0,
      float[] c, int cOff, int ldc) {
    FloatVector acc0 = FloatVector.zero(F), acc1 = FloatVector.zero(F);
    int row = pOff, t = 0;
    // Two chains so consecutive panel rows do not wait on one FMA latency.
    for (; t + 2 <= n; t += 2, row += 2 * ldp) {
      acc0 = FloatVector.broadcast(F, p[row + i0]).fma(FloatVector.fromArray(F, p, row + j0), acc0);
      acc1 = FloatVector.broadcast(F, p[row + ldp + i0]).fma(FloatVector.fromArray(F, p, row + ldp + j0), acc1);
    }
    if (t < n) acc0 = FloatVector.broadcast(F, p[row + i0]).fma(FloatVector.fromArray(F, p, row + j0), acc0);
    addInto(c, cOff + i0 * ldc + j0, acc0.add(acc1));
  }

  private static void addInto(float[] c, int off, FloatVector v) {
    FloatVector.fromArray(F, c, off).add(v).intoArray(c, off);
  }

  @Override
  public void gemvT(int n, int k, float[] p, int pOff, int ldp, float[] x, int xOff, float[] y, int yOff) {
    if (n <= 0 || k <= 0) return;
    final int kv = (k + L - 1) / L;
    int v = 0;
    // Eight columns of vectors per pass: eight independent FMA chains cover the FMA latency (four ran at
    // half the FMA rate). Each lane still sums its t in order, so the result does not depend on the split.
    for (; v + 8 <= kv; v += 8) {
      int j0 = v * L;
      FloatVector a0 = FloatVector.zero(F), a1 = FloatVector.zero(F), a2 = FloatVector.zero(F), a3 = FloatVector.zero(F);
      FloatVector a4 = FloatVector.zero(F), a5 = FloatVector.zero(F), a6 = FloatVector.zero(F), a7 = FloatVector.zero(F);
      int row = pOff + j0;
      for (int t = 0; t < n; t++, row += ldp) {
        FloatVector xt = FloatVector.broadcast(F, x[xOff + t]);
        a0 = xt.fma(FloatVector.fromArray(F, p, row), a0);
        a1 = xt.fma(FloatVector.fromArray(F, p, row + L), a1);
        a2 = xt.fma(FloatVector.fromArray(F, p, row + 2 * L), a2);
        a3 = xt.fma(FloatVector.fromArray(F, p, row + 3 * L), a3);
        a4 = xt.fma(FloatVector.fromArray(F, p, row + 4 * L), a4);
        a5 = xt.fma(FloatVector.fromArray(F, p, row + 5 * L), a5);
        a6 = xt.fma(FloatVector.fromArray(F, p, row + 6 * L), a6);
        a7 = xt.fma(FloatVector.fromArray(F, p, row + 7 * L), a7);
      }
      addInto(y, yOff + j0, a0);
      addInto(y, yOff + j0 + L, a1);
      addInto(y, yOff + j0 + 2 * L, a2);
      addInto(y, yOff + j0 + 3 * L, a3);
      addInto(y, yOff + j0 + 4 * L, a4);
      addInto(y, yOff + j0 + 5 * L, a5);
      addInto(y, yOff + j0 + 6 * L, a6);
      addInto(y, yOff + j0 + 7 * L, a7);
    }
    for (; v + 4 <= kv; v += 4) {
      int j0 = v * L;
      FloatVector a0 = FloatVector.zero(F), a1 = FloatVector.zero(F);
      FloatVector a2 = FloatVector.zero(F), a3 = FloatVector.zero(F);
      int row = pOff;
      for (int t = 0; t < n; t++, row += ldp) {
        FloatVector xt = FloatVector.broadcast(F, x[xOff + t]);
        a0 = xt.fma(FloatVector.fromArray(F, p, row + j0), a0);
        a1 = xt.fma(FloatVector.fromArray(F, p, row + j0 + L), a1);
        a2 = xt.fma(FloatVector.fromArray(F, p, row + j0 + 2 * L), a2);
        a3 = xt.fma(FloatVector.fromArray(F, p, row + j0 + 3 * L), a3);
      }
      addInto(y, yOff + j0, a0);
      addInto(y, yOff + j0 + L, a1);
      addInto(y, yOff + j0 + 2 * L, a2);
      addInto(y, yOff + j0 + 3 * L, a3);
    }
    for (; v < kv; v++) {
      int j0 = v * L;
      FloatVector a0 = FloatVector.zero(F);
      int row = pOff;
      for (int t = 0; t < n; t++, row += ldp) {
        a0 = FloatVector.broadcast(F, x[xOff + t]).fma(FloatVector.fromArray(F, p, row + j0), a0);
      }
      addInto(y, yOff + j0, a0);
    }
  }

  @Override
  public float sgdStep(int k, MemorySegment u, long uOff, MemorySegment v, long vOff, float bias, float r, float lrU,
      float lrV, float lambdaU, float lambdaV, float[] gradSq) {
    final int kp = (k + L - 1) / L * L; // whole vectors: the rows' padding is zero and stays zero
    final long ub = uOff * Float.BYTES, vb = vOff * Float.BYTES;
    FloatVector d0 = FloatVector.zero(F), d1 = FloatVector.zero(F);
    int j = 0;
    for (; j + 2 * L <= kp; j += 2 * L) {
      long o = (long) j * Float.BYTES, o1 = o + (long) L * Float.BYTES;
      d0 = FloatVector.fromMemorySegment(F, u, ub + o, NATIVE).fma(FloatVector.fromMemorySegment(F, v, vb + o, NATIVE), d0);
      d1 = FloatVector.fromMemorySegment(F, u, ub + o1, NATIVE).fma(FloatVector.fromMemorySegment(F, v, vb + o1, NATIVE), d1);
    }
    if (j < kp) {
      long o = (long) j * Float.BYTES;
      d0 = FloatVector.fromMemorySegment(F, u, ub + o, NATIVE).fma(FloatVector.fromMemorySegment(F, v, vb + o, NATIVE), d0);
    }
    float e = r - (bias + sumLanes(d0.add(d1)));
    // The rows are in L1 after the dot product: the second pass reads both and writes both.
    FloatVector ve = FloatVector.broadcast(F, e), lu = FloatVector.broadcast(F, lrU), lv = FloatVector.broadcast(F, lrV);
    FloatVector mu = FloatVector.broadcast(F, -lambdaU), mv = FloatVector.broadcast(F, -lambdaV);
    FloatVector nu = FloatVector.zero(F), nv = FloatVector.zero(F);
    for (j = 0; j < kp; j += L) {
      long o = (long) j * Float.BYTES;
      FloatVector uj = FloatVector.fromMemorySegment(F, u, ub + o, NATIVE), vj = FloatVector.fromMemorySegment(F, v, vb + o, NATIVE);
      FloatVector gu = vj.fma(ve, uj.mul(mu)), gv = uj.fma(ve, vj.mul(mv));
      gu.fma(lu, uj).intoMemorySegment(u, ub + o, NATIVE);
      gv.fma(lv, vj).intoMemorySegment(v, vb + o, NATIVE);
      if (gradSq != null) {
        nu = gu.fma(gu, nu);
        nv = gv.fma(gv, nv);
      }
    }
    if (gradSq != null) {
      gradSq[0] = sumLanes(nu);
      gradSq[1] = sumLanes(nv);
    }
    return e;
  }

  /** {@link #sgdStep}'s vector body inlined into the rating loop (as one method it is too big for C2 to inline). */
  @Override
  public double sgdSweep(int k, float[] u, int uStride, float[] v, int vStride, int[] users, int[] items,
      float[] ratings, int from, int to, SgdRule rule) {
    final int kp = (k + L - 1) / L * L;
    final float[] bu = rule.userBias(), bi = rule.itemBias(), gUser = rule.userG(), gItem = rule.itemG();
    final boolean biases = bu != null, adaptive = gUser != null;
    final float lr = rule.learningRate(), mean = rule.mean(), lb = rule.lambdaBias(), invK = 1f / k;
    final FloatVector mu = FloatVector.broadcast(F, -rule.lambdaU()), mv = FloatVector.broadcast(F, -rule.lambdaV());
    double sq = 0;
    for (int p = from; p < to; p++) {
      final int uu = users[p], ii = items[p];
      final int ub = uu * uStride, vb = ii * vStride;
      float lrU = lr, lrV = lr;
      if (adaptive) {
        lrU = lr / (float) Math.sqrt(gUser[uu]);
        lrV = lr / (float) Math.sqrt(gItem[ii]);
      }
      float bias = biases ? mean + bu[uu] + bi[ii] : 0f;
      FloatVector d0 = FloatVector.zero(F), d1 = FloatVector.zero(F);
      int j = 0;
      for (; j + 2 * L <= kp; j += 2 * L) {
        int o = j, o1 = j + L;
        d0 = FloatVector.fromArray(F, u, ub + o).fma(FloatVector.fromArray(F, v, vb + o), d0);
        d1 = FloatVector.fromArray(F, u, ub + o1).fma(FloatVector.fromArray(F, v, vb + o1), d1);
      }
      if (j < kp) {
        int o = j;
        d0 = FloatVector.fromArray(F, u, ub + o).fma(FloatVector.fromArray(F, v, vb + o), d0);
      }
      float e = ratings[p] - (bias + sumLanes(d0.add(d1)));
      FloatVector ve = FloatVector.broadcast(F, e), lu = FloatVector.broadcast(F, lrU), lv = FloatVector.broadcast(F, lrV);
      FloatVector nu = FloatVector.zero(F), nv = FloatVector.zero(F);
      for (j = 0; j < kp; j += L) {
        int o = j;
        FloatVector uj = FloatVector.fromArray(F, u, ub + o), vj = FloatVector.fromArray(F, v, vb + o);
        FloatVector gu = vj.fma(ve, uj.mul(mu)), gv = uj.fma(ve, vj.mul(mv));
        gu.fma(lu, uj).intoArray(u, ub + o);
        gv.fma(lv, vj).intoArray(v, vb + o);
        if (adaptive) {
          nu = gu.fma(gu, nu);
          nv = gv.fma(gv, nv);
        }
      }
      if (biases) {
        bu[uu] += lrU * (e - lb * bu[uu]);
        bi[ii] += lrV * (e - lb * bi[ii]);
      }
      if (adaptive) {
        gUser[uu] += sumLanes(nu) * invK;
        gItem[ii] += sumLanes(nv) * invK;
      }
      sq += (double) e * e;
    }
    return sq;
  }

  @Override
  public float accumulateGradient(int k, MemorySegment u, long uOff, MemorySegment v, long vOff, MemorySegment gu, long guOff,
      MemorySegment gv, long gvOff, float bias, float r, float scale) {
    final int kp = (k + L - 1) / L * L;
    final long ub = uOff * Float.BYTES, vb = vOff * Float.BYTES, gub = guOff * Float.BYTES, gvb = gvOff * Float.BYTES;
    FloatVector d = FloatVector.zero(F);
    for (int j = 0; j < kp; j += L) {
      long o = (long) j * Float.BYTES;
      d = FloatVector.fromMemorySegment(F, u, ub + o, NATIVE).fma(FloatVector.fromMemorySegment(F, v, vb + o, NATIVE), d);
    }
    float e = r - (bias + sumLanes(d));
    FloatVector a = FloatVector.broadcast(F, scale * e);
    for (int j = 0; j < kp; j += L) {
      long o = (long) j * Float.BYTES;
      FloatVector uj = FloatVector.fromMemorySegment(F, u, ub + o, NATIVE), vj = FloatVector.fromMemorySegment(F, v, vb + o, NATIVE);
      vj.fma(a, FloatVector.fromMemorySegment(F, gu, gub + o, NATIVE)).intoMemorySegment(gu, gub + o, NATIVE);
      uj.fma(a, FloatVector.fromMemorySegment(F, gv, gvb + o, NATIVE)).intoMemorySegment(gv, gvb + o, NATIVE);
    }
    return e;
  }

  @Override
  public void adamStep(int k, MemorySegment x, long xOff, MemorySegment grad, long gOff, MemorySegment m, long mOff, MemorySegment s,
      long sOff, float lr, float beta1, float beta2, float c1, float c2, float eps, float wd, boolean decoupled) {
    final int kp = (k + L - 1) / L * L; // padding: grad, m, s and x are zero there, and the step keeps them zero
    final long xb = xOff * Float.BYTES, gb = gOff * Float.BYTES, mb = mOff * Float.BYTES, sb = sOff * Float.BYTES;
    FloatVector b1 = FloatVector.broadcast(F, beta1), b2 = FloatVector.broadcast(F, beta2);
    FloatVector a1 = FloatVector.broadcast(F, 1 - beta1), a2 = FloatVector.broadcast(F, 1 - beta2);
    FloatVector ic1 = FloatVector.broadcast(F, 1 / c1), ic2 = FloatVector.broadcast(F, 1 / c2), ve = FloatVector.broadcast(F, eps);
    FloatVector l2 = FloatVector.broadcast(F, decoupled ? 0f : wd), dw = FloatVector.broadcast(F, decoupled ? wd : 0f);
    FloatVector nlr = FloatVector.broadcast(F, -lr);
    for (int j = 0; j < kp; j += L) {
      long o = (long) j * Float.BYTES;
      FloatVector xj = FloatVector.fromMemorySegment(F, x, xb + o, NATIVE);
      FloatVector g = xj.fma(l2, FloatVector.fromMemorySegment(F, grad, gb + o, NATIVE));
      FloatVector mj = FloatVector.fromMemorySegment(F, m, mb + o, NATIVE).mul(b1).add(g.mul(a1));
      FloatVector sj = FloatVector.fromMemorySegment(F, s, sb + o, NATIVE).mul(b2).add(g.mul(g).mul(a2));
      mj.intoMemorySegment(m, mb + o, NATIVE);
      sj.intoMemorySegment(s, sb + o, NATIVE);
      FloatVector step = mj.mul(ic1).div(sj.mul(ic2).sqrt().add(ve)).add(xj.mul(dw));
      step.fma(nlr, xj).intoMemorySegment(x, xb + o, NATIVE);
    }
  }

  @Override
  public void gramTimesVector(int n, int k, float[] p, int pOff, int ldp, float[] w, float[] o, int wOff, float[] x, int xOff,
      float[] y, int yOff) {
    if (n <= 0 || k <= 0) return;
    final int kp = (k + L - 1) / L * L; // whole vectors: the panel's padding lanes are zero
    int t = 0, row = pOff;
    // Two rows at a time: two independent dot products hide the reduction's latency, and y is loaded
    // and stored once for both rows.
    for (; t + 2 <= n; t += 2, row += 2 * ldp) {
      int row1 = row + ldp;
      FloatVector d0 = FloatVector.zero(F), d1 = FloatVector.zero(F);
      FloatVector e0 = FloatVector.zero(F), e1 = FloatVector.zero(F);
      int j = 0;
      for (; j + 2 * L <= kp; j += 2 * L) {
        FloatVector x0 = FloatVector.fromArray(F, x, xOff + j), x1 = FloatVector.fromArray(F, x, xOff + j + L);
        d0 = FloatVector.fromArray(F, p, row + j).fma(x0, d0);
        d1 = FloatVector.fromArray(F, p, row + j + L).fma(x1, d1);
        e0 = FloatVector.fromArray(F, p, row1 + j).fma(x0, e0);
        e1 = FloatVector.fromArray(F, p, row1 + j + L).fma(x1, e1);
      }
      if (j < kp) {
        FloatVector x0 = FloatVector.fromArray(F, x, xOff + j);
        d0 = FloatVector.fromArray(F, p, row + j).fma(x0, d0);
        e0 = FloatVector.fromArray(F, p, row1 + j).fma(x0, e0);
      }
      float s0 = sumLanes(d0.add(d1)), s1 = sumLanes(e0.add(e1));
      if (w != null) {
        s0 *= w[wOff + t];
        s1 *= w[wOff + t + 1];
      }
      if (o != null) {
        s0 += o[wOff + t];
        s1 += o[wOff + t + 1];
      }
      FloatVector b0 = FloatVector.broadcast(F, s0), b1 = FloatVector.broadcast(F, s1);
      for (j = 0; j < kp; j += L) {
        FloatVector acc = FloatVector.fromArray(F, y, yOff + j);
        acc = FloatVector.fromArray(F, p, row + j).fma(b0, acc);
        acc = FloatVector.fromArray(F, p, row1 + j).fma(b1, acc);
        acc.intoArray(y, yOff + j);
      }
    }
    if (t < n) {
      FloatVector d0 = FloatVector.zero(F);
      for (int j = 0; j < kp; j += L) d0 = FloatVector.fromArray(F, p, row + j).fma(FloatVector.fromArray(F, x, xOff + j), d0);
      float s0 = sumLanes(d0);
      if (w != null) s0 *= w[wOff + t];
      if (o != null) s0 += o[wOff + t];
      FloatVector b0 = FloatVector.broadcast(F, s0);
      for (int j = 0; j < kp; j += L) {
        FloatVector.fromArray(F, p, row + j).fma(b0, FloatVector.fromArray(F, y, yOff + j)).intoArray(y, yOff + j);
      }
    }
  }

  // ---------------------------------------------------------------- packed GEMM (scoring)

  @Override
  public int packWidth() { return 2 * L; }

  @Override
  public void gemmPacked(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff,
      float[] c, int cOff, int ldc) {
    if (m <= 0 || n <= 0) return;
    final int w = 2 * L;
    final int panel = k * w;
    final int full = n / w;
    // Panel outer, row tiles inner: a panel (k·W floats, 4 KiB at K = 64 on AVX2) stays in L1 while
    // every tile of A's rows streams past it.
    final int m6 = m - m % 6;
    if (m6 > 0) {
      for (int p = 0; p < full; p++) {
        int bp = bOff + p * panel, cp = cOff + p * w;
        for (int i = 0; i < m6; i += 6) gemmTile6x2(k, a, aOff + i * lda, lda, b, bp, c, cp + i * ldc, ldc);
      }
    }
    // Leftover rows (all of them for a single user): one row × two panels, four chains.
    for (int i = m6; i < m; i++) {
      int ai = aOff + i * lda, ci = cOff + i * ldc, p = 0;
      for (; p + 2 <= full; p += 2) gemmTile1x4(k, a, ai, b, bOff + p * panel, panel, c, ci + p * w);
      if (p < full) gemmTile1x2(k, a, ai, b, bOff + p * panel, c, ci + p * w, w);
    }
    int rest = n - full * w;
    if (rest > 0) {
      int bp = bOff + full * panel, cp = cOff + full * w;
      for (int i = 0; i < m; i++) gemmTile1x2(k, a, aOff + i * lda, b, bp, c, cp + i * ldc, rest);
    }
  }

  /*
   * The scoring micro-kernel: 6 rows of A × one panel (2 vectors) of B in 12 accumulators, each k
   * steps long; per step 2 vector loads, 6 broadcasts and 12 FMAs. 12 accumulators + 2 panel vectors
   * + 1 broadcast use 15 of the 16 AVX2 registers, and 12 independent chains cover FMA latency ×
   * pipes (4 × 2). No lane reduction: each lane of an accumulator is one user-item score.
   */
  private static void gemmTile6x2(int k, float[] a, int a0, int lda, float[] b, int b0,
      float[] c, int c0, int ldc) {
    FloatVector c00 = FloatVector.zero(F), c01 = FloatVector.zero(F);
    FloatVector c10 = FloatVector.zero(F), c11 = FloatVector.zero(F);
    FloatVector c20 = FloatVector.zero(F), c21 = FloatVector.zero(F);
    FloatVector c30 = FloatVector.zero(F), c31 = FloatVector.zero(F);
    FloatVector c40 = FloatVector.zero(F), c41 = FloatVector.zero(F);
    FloatVector c50 = FloatVector.zero(F), c51 = FloatVector.zero(F);
    final int a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda, a4 = a3 + lda, a5 = a4 + lda;
    for (int t = 0, bo = b0; t < k; t++, bo += 2 * L) {
      FloatVector v0 = FloatVector.fromArray(F, b, bo);
      FloatVector v1 = FloatVector.fromArray(F, b, bo + L);
      FloatVector u = FloatVector.broadcast(F, a[a0 + t]);
      c00 = u.fma(v0, c00); c01 = u.fma(v1, c01);
      u = FloatVector.broadcast(F, a[a1 + t]);
      c10 = u.fma(v0, c10); c11 = u.fma(v1, c11);
      u = FloatVector.broadcast(F, a[a2 + t]);
      c20 = u.fma(v0, c20); c21 = u.fma(v1, c21);
      u = FloatVector.broadcast(F, a[a3 + t]);
      c30 = u.fma(v0, c30); c31 = u.fma(v1, c31);
      u = FloatVector.broadcast(F, a[a4 + t]);
      c40 = u.fma(v0, c40); c41 = u.fma(v1, c41);
      u = FloatVector.broadcast(F, a[a5 + t]);
      c50 = u.fma(v0, c50); c51 = u.fma(v1, c51);
    }
    int r = c0;
    c00.intoArray(c, r); c01.intoArray(c, r + L);
    r += ldc;
    c10.intoArray(c, r); c11.intoArray(c, r + L);
    r += ldc;
    c20.intoArray(c, r); c21.intoArray(c, r + L);
    r += ldc;
    c30.intoArray(c, r); c31.intoArray(c, r + L);
    r += ldc;
    c40.intoArray(c, r); c41.intoArray(c, r + L);
    r += ldc;
    c50.intoArray(c, r); c51.intoArray(c, r + L);
  }

  /** One row of A × two consecutive panels (the second {@code panel} floats after the first). */
  private static void gemmTile1x4(int k, float[] a, int a0, float[] b, int b0, int panel, float[] c, int c0) {
    FloatVector c0v = FloatVector.zero(F), c1v = FloatVector.zero(F), c2v = FloatVector.zero(F), c3v = FloatVector.zero(F);
    for (int t = 0, bo = b0; t < k; t++, bo += 2 * L) {
      FloatVector u = FloatVector.broadcast(F, a[a0 + t]);
      c0v = u.fma(FloatVector.fromArray(F, b, bo), c0v);
      c1v = u.fma(FloatVector.fromArray(F, b, bo + L), c1v);
      c2v = u.fma(FloatVector.fromArray(F, b, bo + panel), c2v);
      c3v = u.fma(FloatVector.fromArray(F, b, bo + panel + L), c3v);
    }
    c0v.intoArray(c, c0);
    c1v.intoArray(c, c0 + L);
    c2v.intoArray(c, c0 + 2 * L);
    c3v.intoArray(c, c0 + 3 * L);
  }

  /**
   * One row of A × one panel, storing the first {@code cols} columns (masked when fewer than the
   * panel's): the leftover rows and the last, partial panel. Two chains only (latency-bound), but it
   * covers a small share of any product large enough to matter.
   */
  private static void gemmTile1x2(int k, float[] a, int a0, float[] b, int b0, float[] c, int c0, int cols) {
    FloatVector c0v = FloatVector.zero(F), c1v = FloatVector.zero(F);
    for (int t = 0, bo = b0; t < k; t++, bo += 2 * L) {
      FloatVector u = FloatVector.broadcast(F, a[a0 + t]);
      c0v = u.fma(FloatVector.fromArray(F, b, bo), c0v);
      c1v = u.fma(FloatVector.fromArray(F, b, bo + L), c1v);
    }
    if (cols == 2 * L) {
      c0v.intoArray(c, c0);
      c1v.intoArray(c, c0 + L);
    } else {
      c0v.intoArray(c, c0, F.indexInRange(0, cols));
      c1v.intoArray(c, c0 + L, F.indexInRange(L, cols));
    }
  }

  @Override
  public int firstGreater(float[] x, int from, int to, float threshold) {
    // Two vectors per step, one test of both masks: nearly every block of scores fails the threshold.
    FloatVector th = FloatVector.broadcast(F, threshold);
    int j = from;
    for (int bound = to - 2 * L; j <= bound; j += 2 * L) {
      VectorMask<Float> m0 = FloatVector.fromArray(F, x, j).compare(VectorOperators.GT, th);
      VectorMask<Float> m1 = FloatVector.fromArray(F, x, j + L).compare(VectorOperators.GT, th);
      if (m0.or(m1).anyTrue()) return m0.anyTrue() ? j + m0.firstTrue() : j + L + m1.firstTrue();
    }
    for (; j < to; j++) if (x[j] > threshold) return j;
    return to;
  }

  // ---------------------------------------------------------------- Cholesky

  @Override
  public boolean cholesky(int k, float[] a, int aOff, int lda) {
    // One system: the row-oriented algorithm with the inner sums over p as strided scalar loops would
    // not vectorize; instead update the trailing rows right-looking, row i of U scaling then a rank-1
    // update of the rows below it, each a contiguous vector operation.
    for (int i = 0; i < k; i++) {
      int ri = aOff + i * lda;
      float d = a[ri + i];
      if (!(d > 0f) || !Float.isFinite(d)) return false;
      float uii = (float) Math.sqrt(d);
      float inv = 1f / uii;
      a[ri + i] = uii;
      int len = k - i - 1;
      scale(len, inv, a, ri + i + 1);
      for (int j = i + 1; j < k; j++) {
        float uij = a[ri + j];
        if (uij != 0f) axpy(k - j, -uij, a, ri + j, a, aOff + j * lda + j);
      }
    }
    return true;
  }

  @Override
  public void choleskySolve(int k, float[] u, int uOff, int ldu, float[] b, int bOff) {
    // Uᵀ y = b column-oriented: once y[i] is known, subtract y[i]·U[i][i+1..] from the rest (axpy).
    for (int i = 0; i < k; i++) {
      int ri = uOff + i * ldu;
      float yi = b[bOff + i] / u[ri + i];
      b[bOff + i] = yi;
      axpy(k - i - 1, -yi, u, ri + i + 1, b, bOff + i + 1);
    }
    // U x = y row-oriented: each x[i] is a dot of row i with the x already solved.
    for (int i = k - 1; i >= 0; i--) {
      int ri = uOff + i * ldu;
      float s = b[bOff + i] - dot(u, ri + i + 1, b, bOff + i + 1, k - i - 1);
      b[bOff + i] = s / u[ri + i];
    }
  }

  // The batched Cholesky is split into small methods on purpose: C2 inlines the Vector API only within
  // an inlining budget per compiled method, and one big method exhausted it, leaving vector operations
  // as boxed calls (10× slower). Vectors never cross these method boundaries; positions in the arrays do.

  @Override
  public int choleskyBatch(int k, float[] a, float[] b) {
    long failed = 0;
    for (int i = 0; i < k; i++) {
      failed |= factorDiagonal(k, a, i);
      int j = i + 1;
      for (; j + 8 <= k; j += 8) factorRow8(k, a, i, j);
      for (; j + 4 <= k; j += 4) factorRow4(k, a, i, j);
      for (; j < k; j++) factorRow1(k, a, i, j);
    }
    for (int i = 0; i < k; i++) forwardStep(k, a, b, i);
    for (int i = k - 1; i >= 0; i--) backwardStep(k, a, b, i);
    return (int) failed;
  }

  /** U[i][i] = sqrt(A[i][i] - Σ_p U[p][i]²), stored as its reciprocal; returns the failed lanes. */
  private static long factorDiagonal(int k, float[] a, int i) {
    final int ld = Kernels.batchRowStride(k);
    final int rowStride = ld * L;
    final int ii = (i * ld + i) * L;
    FloatVector d0 = FloatVector.zero(F), d1 = FloatVector.zero(F);
    int p = 0, pi = i * L;
    for (; p + 2 <= i; p += 2, pi += 2 * rowStride) {
      FloatVector u0 = FloatVector.fromArray(F, a, pi);
      FloatVector u1 = FloatVector.fromArray(F, a, pi + rowStride);
      d0 = u0.fma(u0, d0);
      d1 = u1.fma(u1, d1);
    }
    if (p < i) {
      FloatVector u0 = FloatVector.fromArray(F, a, pi);
      d0 = u0.fma(u0, d0);
    }
    FloatVector d = FloatVector.fromArray(F, a, ii).sub(d0.add(d1));
    VectorMask<Float> ok = d.compare(VectorOperators.GT, 0f).and(d.compare(VectorOperators.LT, Float.POSITIVE_INFINITY));
    long failed = 0;
    FloatVector one = FloatVector.broadcast(F, 1f);
    if (!ok.allTrue()) {
      failed = ok.not().toLong();
      d = one.blend(d, ok); // failed lanes continue with 1 so they stay finite
    }
    one.div(d.sqrt()).intoArray(a, ii);
    return failed;
  }

  /**
   * U[i][j..j+7] from eight independent chains: with four, the FMA latency (4 cycles) capped the rate
   * at one FMA per cycle, half of what two FMA pipes can do.
   */
  private static void factorRow8(int k, float[] a, int i, int j) {
    final int ld = Kernels.batchRowStride(k);
    final int rowStride = ld * L;
    FloatVector s0 = FloatVector.zero(F), s1 = FloatVector.zero(F), s2 = FloatVector.zero(F), s3 = FloatVector.zero(F);
    FloatVector s4 = FloatVector.zero(F), s5 = FloatVector.zero(F), s6 = FloatVector.zero(F), s7 = FloatVector.zero(F);
    for (int q = 0, qi = i * L, qj = j * L; q < i; q++, qi += rowStride, qj += rowStride) {
      FloatVector upi = FloatVector.fromArray(F, a, qi);
      s0 = upi.fma(FloatVector.fromArray(F, a, qj), s0);
      s1 = upi.fma(FloatVector.fromArray(F, a, qj + L), s1);
      s2 = upi.fma(FloatVector.fromArray(F, a, qj + 2 * L), s2);
      s3 = upi.fma(FloatVector.fromArray(F, a, qj + 3 * L), s3);
      s4 = upi.fma(FloatVector.fromArray(F, a, qj + 4 * L), s4);
      s5 = upi.fma(FloatVector.fromArray(F, a, qj + 5 * L), s5);
      s6 = upi.fma(FloatVector.fromArray(F, a, qj + 6 * L), s6);
      s7 = upi.fma(FloatVector.fromArray(F, a, qj + 7 * L), s7);
    }
    FloatVector inv = FloatVector.fromArray(F, a, (i * ld + i) * L);
    int ij = (i * ld + j) * L;
    FloatVector.fromArray(F, a, ij).sub(s0).mul(inv).intoArray(a, ij);
    FloatVector.fromArray(F, a, ij + L).sub(s1).mul(inv).intoArray(a, ij + L);
    FloatVector.fromArray(F, a, ij + 2 * L).sub(s2).mul(inv).intoArray(a, ij + 2 * L);
    FloatVector.fromArray(F, a, ij + 3 * L).sub(s3).mul(inv).intoArray(a, ij + 3 * L);
    FloatVector.fromArray(F, a, ij + 4 * L).sub(s4).mul(inv).intoArray(a, ij + 4 * L);
    FloatVector.fromArray(F, a, ij + 5 * L).sub(s5).mul(inv).intoArray(a, ij + 5 * L);
    FloatVector.fromArray(F, a, ij + 6 * L).sub(s6).mul(inv).intoArray(a, ij + 6 * L);
    FloatVector.fromArray(F, a, ij + 7 * L).sub(s7).mul(inv).intoArray(a, ij + 7 * L);
  }

  /** U[i][j..j+3] = (A[i][j..j+3] - Σ_p U[p][i]·U[p][j..j+3]) / U[i][i]: one U[p][i] load feeds four FMAs. */
  private static void factorRow4(int k, float[] a, int i, int j) {
    final int ld = Kernels.batchRowStride(k);
    final int rowStride = ld * L;
    FloatVector s0 = FloatVector.zero(F), s1 = FloatVector.zero(F);
    FloatVector s2 = FloatVector.zero(F), s3 = FloatVector.zero(F);
    for (int q = 0, qi = i * L, qj = j * L; q < i; q++, qi += rowStride, qj += rowStride) {
      FloatVector upi = FloatVector.fromArray(F, a, qi);
      s0 = upi.fma(FloatVector.fromArray(F, a, qj), s0);
      s1 = upi.fma(FloatVector.fromArray(F, a, qj + L), s1);
      s2 = upi.fma(FloatVector.fromArray(F, a, qj + 2 * L), s2);
      s3 = upi.fma(FloatVector.fromArray(F, a, qj + 3 * L), s3);
    }
    FloatVector inv = FloatVector.fromArray(F, a, (i * ld + i) * L);
    int ij = (i * ld + j) * L;
    FloatVector.fromArray(F, a, ij).sub(s0).mul(inv).intoArray(a, ij);
    FloatVector.fromArray(F, a, ij + L).sub(s1).mul(inv).intoArray(a, ij + L);
    FloatVector.fromArray(F, a, ij + 2 * L).sub(s2).mul(inv).intoArray(a, ij + 2 * L);
    FloatVector.fromArray(F, a, ij + 3 * L).sub(s3).mul(inv).intoArray(a, ij + 3 * L);
  }

  private static void factorRow1(int k, float[] a, int i, int j) {
    final int ld = Kernels.batchRowStride(k);
    final int rowStride = ld * L;
    FloatVector s0 = FloatVector.zero(F);
    for (int q = 0, qi = i * L, qj = j * L; q < i; q++, qi += rowStride, qj += rowStride) {
      s0 = FloatVector.fromArray(F, a, qi).fma(FloatVector.fromArray(F, a, qj), s0);
    }
    int ij = (i * ld + j) * L;
    FloatVector.fromArray(F, a, ij).sub(s0).mul(FloatVector.fromArray(F, a, (i * ld + i) * L)).intoArray(a, ij);
  }

  /** Uᵀ y = b, row i: y[i] = (b[i] - Σ_{p<i} U[p][i]·y[p]) · inv[i]. */
  private static void forwardStep(int k, float[] a, float[] b, int i) {
    final int ld = Kernels.batchRowStride(k);
    final int rowStride = ld * L;
    FloatVector s0 = FloatVector.zero(F), s1 = FloatVector.zero(F);
    int p = 0, pi = i * L;
    for (; p + 2 <= i; p += 2, pi += 2 * rowStride) {
      s0 = FloatVector.fromArray(F, a, pi).fma(FloatVector.fromArray(F, b, p * L), s0);
      s1 = FloatVector.fromArray(F, a, pi + rowStride).fma(FloatVector.fromArray(F, b, (p + 1) * L), s1);
    }
    if (p < i) s0 = FloatVector.fromArray(F, a, pi).fma(FloatVector.fromArray(F, b, p * L), s0);
    FloatVector.fromArray(F, b, i * L).sub(s0.add(s1))
        .mul(FloatVector.fromArray(F, a, (i * ld + i) * L)).intoArray(b, i * L);
  }

  /** U x = y, row i: x[i] = (y[i] - Σ_{j>i} U[i][j]·x[j]) · inv[i]. */
  private static void backwardStep(int k, float[] a, float[] b, int i) {
    final int ld = Kernels.batchRowStride(k);
    FloatVector s0 = FloatVector.zero(F), s1 = FloatVector.zero(F);
    int row = i * ld * L;
    int j = i + 1;
    for (; j + 2 <= k; j += 2) {
      s0 = FloatVector.fromArray(F, a, row + j * L).fma(FloatVector.fromArray(F, b, j * L), s0);
      s1 = FloatVector.fromArray(F, a, row + (j + 1) * L).fma(FloatVector.fromArray(F, b, (j + 1) * L), s1);
    }
    if (j < k) s0 = FloatVector.fromArray(F, a, row + j * L).fma(FloatVector.fromArray(F, b, j * L), s0);
    FloatVector.fromArray(F, b, i * L).sub(s0.add(s1))
        .mul(FloatVector.fromArray(F, a, row + i * L)).intoArray(b, i * L);
  }
}
