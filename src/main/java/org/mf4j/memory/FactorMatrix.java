package org.mf4j.memory;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;

/**
 * A dense {@code rows × rank} float matrix in one off-heap {@link MemorySegment}: row {@code r} starts
 * at float offset {@code r * stride}, every row 64-byte aligned, {@code stride} = rank rounded up to 16
 * floats (one AVX-512 register, two AVX2 ones), and the padding lanes {@code [rank, stride)} kept at
 * zero so kernels may run over whole strides.
 *
 * <p>Owns its memory through a shared {@link Arena}: any thread may read or write rows (a trainer's
 * workers write disjoint rows), and {@link #close()} frees it once; use after close throws
 * {@link IllegalStateException}. Not synchronized: callers coordinate writers.
 */
public final class FactorMatrix implements AutoCloseable {
  /** Row alignment in bytes: one cache line, one AVX-512 register. */
  public static final int ALIGN_BYTES = 64;
  /** Stride granularity in floats. */
  public static final int STRIDE_FLOATS = ALIGN_BYTES / Float.BYTES;

  private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT;

  private final Arena arena;
  private final MemorySegment segment;
  private final int rows;
  private final int rank;
  private final int stride;

  private FactorMatrix(Arena arena, MemorySegment segment, int rows, int rank) {
    this.arena = arena;
    this.segment = segment;
    this.rows = rows;
    this.rank = rank;
    this.stride = strideFor(rank);
  }

  /** A zero-filled matrix. */
  public static FactorMatrix allocate(int rows, int rank) {
    if (rows < 0) throw new IllegalArgumentException("rows = " + rows + " < 0");
    if (rank < 1) throw new IllegalArgumentException("rank = " + rank + " < 1");
    long bytes = (long) rows * strideFor(rank) * Float.BYTES;
    Arena arena = Arena.ofShared();
    MemorySegment seg = arena.allocate(Math.max(bytes, ALIGN_BYTES), ALIGN_BYTES); // zeroed by allocate
    return new FactorMatrix(arena, seg, rows, rank);
  }

  /**
   * A read-only view of {@code rows} rows of {@code strideFor(rank)} little-endian floats mapped from
   * {@code file} at byte {@code offset} (a multiple of {@link #ALIGN_BYTES}), so a model file is served
   * without being copied into memory. Writes throw {@link IllegalArgumentException} (the FFM API's answer for a read-only segment); {@link #close()}
   * unmaps. The caller has checked that the region lies inside the file and that the machine is
   * little-endian.
   */
  public static FactorMatrix mapped(FileChannel file, long offset, int rows, int rank) throws IOException {
    if (rows < 0) throw new IllegalArgumentException("rows = " + rows + " < 0");
    if (rank < 1) throw new IllegalArgumentException("rank = " + rank + " < 1");
    if (offset % ALIGN_BYTES != 0) throw new IllegalArgumentException("offset " + offset + " is not a multiple of " + ALIGN_BYTES);
    if (rows == 0) return allocate(0, rank);
    Arena arena = Arena.ofShared();
    try {
      MemorySegment seg = file.map(FileChannel.MapMode.READ_ONLY, offset, (long) rows * strideFor(rank) * Float.BYTES, arena);
      return new FactorMatrix(arena, seg, rows, rank);
    } catch (IOException | RuntimeException e) {
      arena.close();
      throw e;
    }
  }

  /** True for a {@link #mapped} view. */
  public boolean isReadOnly() { return segment.isReadOnly(); }

  /** Rank rounded up to a multiple of {@link #STRIDE_FLOATS}. */
  public static int strideFor(int rank) {
    return (rank + STRIDE_FLOATS - 1) / STRIDE_FLOATS * STRIDE_FLOATS;
  }

  /** The number of rows. */
  public int rows() { return rows; }
  /** K, the meaningful floats per row. */
  public int rank() { return rank; }
  /** Floats from one row's start to the next: K rounded up to {@link #STRIDE_FLOATS}; padding floats are zero. */
  public int stride() { return stride; }

  /** The whole matrix; offsets are in bytes, row r at {@code r * stride * 4}. */
  public MemorySegment segment() { return segment; }

  /** Float offset of row {@code r} in {@link #segment()}. */
  public long rowOffset(int r) { return (long) r * stride; }

  /** Entry (r, c), c in {@code [0, rank())}; out-of-range indexes fail with the segment's exception. */
  public float get(int r, int c) {
    return segment.getAtIndex(FLOAT, (long) r * stride + checkCol(c));
  }

  /** Sets entry (r, c); fails on a read-only matrix (mapped, or a {@link #readOnlyView() view}). */
  public void set(int r, int c, float v) {
    segment.setAtIndex(FLOAT, (long) r * stride + checkCol(c), v);
  }

  /** Copies row {@code r}'s {@code rank} values into {@code dst[off..off+rank)}. */
  public void getRow(int r, float[] dst, int off) {
    MemorySegment.copy(segment, FLOAT, (long) r * stride * Float.BYTES, dst, off, rank);
  }

  /** Copies the whole stride of row {@code r} (padding included) into {@code dst[off..off+stride)}. */
  public void getRowPadded(int r, float[] dst, int off) {
    MemorySegment.copy(segment, FLOAT, (long) r * stride * Float.BYTES, dst, off, stride);
  }

  /** Writes {@code src[off..off+rank)} into row {@code r}; the padding stays zero. */
  public void setRow(int r, float[] src, int off) {
    MemorySegment.copy(src, off, segment, FLOAT, (long) r * stride * Float.BYTES, rank);
  }

  /** Sets every element of row {@code r} to zero. */
  public void zeroRow(int r) {
    segment.asSlice((long) r * stride * Float.BYTES, (long) stride * Float.BYTES).fill((byte) 0);
  }

  /** Copies all of {@code other} (same shape) into this matrix. */
  public void copyFrom(FactorMatrix other) {
    if (other.rows != rows || other.rank != rank) {
      throw new IllegalArgumentException("shape " + other.rows + "x" + other.rank + " != " + rows + "x" + rank);
    }
    MemorySegment.copy(other.segment, 0, segment, 0, (long) rows * stride * Float.BYTES);
  }

  /** True when every padding lane is zero (an invariant kernels must keep). */
  public boolean paddingIsZero() {
    for (int r = 0; r < rows; r++) {
      for (int c = rank; c < stride; c++) {
        if (segment.getAtIndex(FLOAT, (long) r * stride + c) != 0f) return false;
      }
    }
    return true;
  }

  /** Index of the first row holding a NaN or infinite value, or -1. */
  public int firstNonFiniteRow() {
    for (int r = 0; r < rows; r++) {
      long base = (long) r * stride;
      for (int c = 0; c < rank; c++) {
        if (!Float.isFinite(segment.getAtIndex(FLOAT, base + c))) return r;
      }
    }
    return -1;
  }

  private int checkCol(int c) {
    if (c < 0 || c >= rank) throw new IndexOutOfBoundsException("column " + c + " not in [0, " + rank + ")");
    return c;
  }

  /** Frees the memory; further access throws. Closing twice is an error of the caller's, reported. */
  @Override
  public void close() {
    if (arena != null) arena.close(); // a view owns nothing
  }

  /**
   * A read-only view of this matrix: the same off-heap memory, no copy, and writes through it throw
   * ({@code set}, {@code setRow}, … fail with the segment's exception). Valid while this matrix is open;
   * closing the view does nothing.
   */
  public FactorMatrix readOnlyView() {
    return new FactorMatrix(null, segment.asReadOnly(), rows, rank);
  }

  /** Whether the memory is still valid (not closed). */
  public boolean isAlive() {
    return segment.scope().isAlive();
  }
}
