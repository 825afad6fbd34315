package org.mf4j.serving;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.mf4j.kernel.Kernels;
import org.mf4j.memory.FactorMatrix;

/**
 * Scores users against every item of a fixed item-factor matrix V: the dense block
 * {@code S = U_sel · Vᵀ} that top-N serving and ranking evaluation need.
 *
 * <p>How: the constructor packs Vᵀ once into the column panels of {@link Kernels#gemmPacked} (W =
 * {@link Kernels#packWidth()} items side by side, K rows each), on the Java heap; scoring gathers a
 * block of user rows into a float panel and runs {@code gemmPacked}, a register-blocked matrix product
 * with no per-pair horizontal sum. The packed copy costs as much memory as V itself ({@code items × K}
 * floats, rounded up to whole panels); it is kept in arrays of at most {@value #CHUNK_FLOATS} floats, so
 * any V that fits the heap fits.
 *
 * <p>V is copied when the scorer is built: later changes to V (another training iteration) are not
 * seen; build a new scorer then. Thread-safe: any number of threads may score at once (each with its
 * own output array); {@link #scoreUsers} gathers users into a buffer of its thread, reused, so repeated
 * calls allocate nothing. Does not own V; owns no off-heap memory (nothing to close).
 */
public final class ItemScorer {
  /** Largest packed array, in floats (64 MiB): whole panels, far below the 2³¹ array limit. */
  static final int CHUNK_FLOATS = 1 << 24;
  /** Users gathered per {@code gemmPacked} call in {@link #scoreUsers}. */
  private static final int USER_BLOCK = 120;

  private final Kernels kernels;
  private final int numItems;
  private final int rank;
  private final int width;
  private final int panelsPerChunk;
  private final float[][] chunks;
  /** Each thread's gather buffer for {@link #scoreUsers}, grown on demand. */
  private final ThreadLocal<float[]> gatherBuffer = ThreadLocal.withInitial(() -> new float[0]);

  /**
   * Packs a heap copy of {@code items} (V, items × K) for scoring with {@code kernels}. V is only read
   * here: it may be closed afterwards without affecting this scorer.
   *
   * @throws OutOfMemoryError when the heap cannot hold the packed copy
   */
  public ItemScorer(Kernels kernels, FactorMatrix items) {
    this(kernels, items, CHUNK_FLOATS);
  }

  /** With packed arrays of at most {@code chunkFloats} floats (tests use small ones to cross chunk edges). */
  ItemScorer(Kernels kernels, FactorMatrix items, int chunkFloats) {
    this.kernels = kernels;
    this.numItems = items.rows();
    this.rank = items.rank();
    this.width = kernels.packWidth();
    int panelFloats = rank * width;
    this.panelsPerChunk = Math.max(1, chunkFloats / panelFloats);
    int panels = (numItems + width - 1) / width;
    int nChunks = (panels + panelsPerChunk - 1) / panelsPerChunk;
    this.chunks = new float[nChunks][];
    float[] row = new float[rank];
    for (int c = 0; c < nChunks; c++) {
      int p0 = c * panelsPerChunk, np = Math.min(panelsPerChunk, panels - p0);
      float[] b = chunks[c] = new float[np * panelFloats];
      for (int j = p0 * width, end = Math.min(numItems, (p0 + np) * width); j < end; j++) {
        items.getRow(j, row, 0);
        int base = (j / width - p0) * panelFloats + j % width;
        for (int t = 0; t < rank; t++) b[base + t * width] = row[t];
      }
    }
  }

  /** The number of items scored per user (the columns of a score row). */
  public int numItems() { return numItems; }

  /** The rank K of the item factors (user vectors must have it too). */
  public int rank() { return rank; }

  /**
   * The item alignment of {@link #scoreBlock}: item ranges start at a multiple of this (the packed panel
   * width, 2 SIMD vectors of floats).
   */
  public int panelWidth() { return width; }

  /** The kernels this scorer computes with. */
  public Kernels kernels() { return kernels; }

  /**
   * For r in [0, count): {@code out[r*ldo + i] = U[users[from + r]] · V[i]} for every item i. Nothing
   * else of {@code out} is written; {@code count ≤ 0} does nothing.
   *
   * @param u the user factors, of this scorer's rank; only read
   * @param users dense user ids (rows of {@code u})
   * @param from the first entry of {@code users} to score
   * @param count how many entries of {@code users} to score
   * @param out the scores, row r at {@code r*ldo}
   * @param ldo row stride of {@code out}, at least {@link #numItems()}
   * @throws IllegalArgumentException when U's rank differs from V's, {@code ldo} is below
   *     {@link #numItems()} or {@code out} is too small
   * @throws IndexOutOfBoundsException when a user id is outside {@code [0, u.rows())}
   */
  public void scoreUsers(FactorMatrix u, int[] users, int from, int count, float[] out, int ldo) {
    if (u.rank() != rank) throw new IllegalArgumentException("rank of U (" + u.rank() + ") != rank of V (" + rank + ")");
    if (count <= 0) return;
    if (ldo < numItems) throw new IllegalArgumentException("ldo = " + ldo + " < items = " + numItems);
    if ((long) (count - 1) * ldo + numItems > out.length) {
      throw new IllegalArgumentException("out has " + out.length + " floats, needs " + ((long) (count - 1) * ldo + numItems));
    }
    int stride = u.stride();
    float[] panel = gatherBuffer.get();
    if (panel.length < Math.min(count, USER_BLOCK) * stride) {
      panel = new float[Math.min(count, USER_BLOCK) * stride];
      gatherBuffer.set(panel);
    }
    for (int r = 0; r < count; r += USER_BLOCK) {
      int m = Math.min(USER_BLOCK, count - r);
      for (int q = 0; q < m; q++) {
        int user = users[from + r + q];
        if (user < 0 || user >= u.rows()) throw new IndexOutOfBoundsException("user " + user + " not in [0, " + u.rows() + ")");
      }
      kernels.gather(u.segment(), stride, users, from + r, m, panel, 0, stride);
      scoreBlock(m, panel, 0, stride, 0, numItems, out, r * ldo, ldo);
    }
  }

  /**
   * Scores m user vectors against items {@code [itemFrom, itemFrom + itemCount)}:
   * {@code out[outOff + i*ldo + j] = a_i · V[itemFrom + j]}, where {@code a_i} is the K floats at
   * {@code a[aOff + i*lda]}. Nothing else of out is written. Keep m to about 100 users and
   * {@code itemCount} to a few hundred when the result is consumed block by block (cache).
   * Flops: 2·m·itemCount·K. The arrays' sizes are the caller's to get right (they are not checked
   * beyond the JVM's bounds checks).
   *
   * @param m the number of user vectors
   * @param a the user vectors, K floats each (padding beyond K is not read)
   * @param aOff where the first vector starts in {@code a}
   * @param lda the distance between vectors in {@code a}, at least K
   * @param itemFrom the first item, a multiple of {@link #panelWidth()}
   * @param itemCount how many items to score
   * @param out the scores
   * @param outOff where score (0, 0) goes in {@code out}
   * @param ldo the row stride of {@code out}, at least {@code itemCount}
   * @throws IllegalArgumentException when {@code itemFrom} is not a multiple of {@link #panelWidth()}
   * @throws IndexOutOfBoundsException when the items are not a range within {@code [0, numItems())}
   */
  public void scoreBlock(int m, float[] a, int aOff, int lda, int itemFrom, int itemCount, float[] out, int outOff, int ldo) {
    if (itemFrom % width != 0) throw new IllegalArgumentException("itemFrom = " + itemFrom + " is not a multiple of the panel width " + width);
    if (itemFrom < 0 || itemCount < 0 || itemFrom + itemCount > numItems) {
      throw new IndexOutOfBoundsException("items [" + itemFrom + ", " + ((long) itemFrom + itemCount) + ") not in [0, " + numItems + ")");
    }
    final int panelFloats = rank * width;
    int j = itemFrom, end = itemFrom + itemCount;
    while (j < end) {
      int panel = j / width, c = panel / panelsPerChunk;
      int chunkEnd = (int) Math.min(end, (long) (c + 1) * panelsPerChunk * width);
      kernels.gemmPacked(m, chunkEnd - j, rank, a, aOff, lda, chunks[c], (panel - c * panelsPerChunk) * panelFloats,
          out, outOff + (j - itemFrom), ldo);
      j = chunkEnd;
    }
  }

  /**
   * {@code out[outOff + j] = u · V[j]} for every item j, u the K floats at {@code u[uOff]}; {@code out}
   * needs {@link #numItems()} floats from {@code outOff}.
   */
  public void scoreVector(float[] u, int uOff, float[] out, int outOff) {
    scoreBlock(1, u, uOff, rank, 0, numItems, out, outOff, numItems);
  }

  /** Copies the padded rows {@code [from, from + m)} of U into {@code panel} (row stride U's stride). */
  static void copyRows(FactorMatrix u, int from, int m, float[] panel) {
    MemorySegment.copy(u.segment(), ValueLayout.JAVA_FLOAT, u.rowOffset(from) * Float.BYTES, panel, 0, m * u.stride());
  }
}
