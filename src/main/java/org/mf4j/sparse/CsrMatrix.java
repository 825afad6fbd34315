package org.mf4j.sparse;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * A sparse matrix in compressed sparse row form: the entries of row {@code r} are at positions
 * {@code [rowStart(r), rowStart(r+1))} of {@link #colIndex()} and {@link #values()}. Row pointers are
 * {@code long}, so more than 2³¹ entries fit in the index (each entry array is still a Java array,
 * limited to 2³¹−1 elements; a matrix beyond that would need chunked storage).
 *
 * <p>Built in O(nnz) by a stable counting sort ({@link #build}): entries of a row keep the order they
 * had in the input. {@link #buildBoth} builds a matrix and its transpose at once, on several threads,
 * with exactly the arrays of {@code build(...)} and {@code build(...).transpose()}. Immutable after
 * construction and safe to share between threads. The arrays are never copied on access: callers
 * must treat them as read-only.
 */
public final class CsrMatrix {
  private final int rows;
  private final int cols;
  private final long[] rowPtr;
  private final int[] colIdx;
  private final float[] values;

  /**
   * Wraps CSR arrays as they are (not copied). Only the lengths are checked: the caller guarantees that
   * {@code rowPtr} is non-decreasing from {@code rowPtr[0] = 0} and that every column index is in
   * {@code [0, cols)}.
   *
   * @param rows the number of rows, at least 0
   * @param cols the number of columns, at least 0
   * @param rowPtr row pointers, {@code rows + 1} of them: row r's entries are at
   *     {@code [rowPtr[r], rowPtr[r+1])}
   * @param colIdx the column index of each entry, row after row
   * @param values the value of each entry, aligned with {@code colIdx}
   * @throws IllegalArgumentException when {@code rowPtr.length != rows + 1}, {@code colIdx} and
   *     {@code values} differ in length, or {@code rowPtr[rows]} is not that length
   * @throws NullPointerException when an array is null
   */
  public CsrMatrix(int rows, int cols, long[] rowPtr, int[] colIdx, float[] values) {
    if (rowPtr.length != rows + 1) throw new IllegalArgumentException("rowPtr length " + rowPtr.length + " != rows + 1 = " + (rows + 1));
    if (colIdx.length != values.length) throw new IllegalArgumentException("cols and values differ in length");
    if (rowPtr[rows] != colIdx.length) throw new IllegalArgumentException("rowPtr[rows] = " + rowPtr[rows] + " != nnz = " + colIdx.length);
    this.rows = rows;
    this.cols = cols;
    this.rowPtr = rowPtr;
    this.colIdx = colIdx;
    this.values = values;
  }

  /**
   * Builds the CSR form of the {@code n} triplets {@code (rowOf[k], colOf[k], val[k])} by a stable
   * counting sort: one pass to count, a prefix sum, one pass to place. The entries are copied; repeated
   * (row, column) pairs are kept as separate entries.
   *
   * @param rows the number of rows, at least 0
   * @param cols the number of columns
   * @param rowOf the row of each triplet
   * @param colOf the column of each triplet
   * @param val the value of each triplet
   * @param n the number of triplets: the first {@code n} entries of each array are used
   * @return the matrix
   * @throws IllegalArgumentException when a row index is not in {@code [0, rows)} or a column index
   *     not in {@code [0, cols)}; the message names the first such triplet
   * @throws ArrayIndexOutOfBoundsException when {@code n} exceeds an array's length
   */
  public static CsrMatrix build(int rows, int cols, int[] rowOf, int[] colOf, float[] val, int n) {
    long[] ptr = new long[rows + 1];
    for (int k = 0; k < n; k++) {
      int r = rowOf[k];
      if (r < 0 || r >= rows) throw new IllegalArgumentException("row index " + r + " at " + k + " not in [0, " + rows + ")");
      int c = colOf[k];
      if (c < 0 || c >= cols) throw new IllegalArgumentException("column index " + c + " at " + k + " not in [0, " + cols + ")");
      ptr[r + 1]++;
    }
    for (int r = 0; r < rows; r++) ptr[r + 1] += ptr[r];
    long[] next = new long[rows];
    System.arraycopy(ptr, 0, next, 0, rows);
    int[] ci = new int[n];
    float[] vs = new float[n];
    for (int k = 0; k < n; k++) {
      int pos = (int) next[rowOf[k]]++;
      ci[pos] = colOf[k];
      vs[pos] = val[k];
    }
    return new CsrMatrix(rows, cols, ptr, ci, vs);
  }

  /**
   * A matrix and its transpose.
   *
   * @param byRow the matrix ({@code rows × cols})
   * @param byCol its transpose ({@code cols × rows})
   */
  public record Pair(CsrMatrix byRow, CsrMatrix byCol) {}

  /** Below this many entries per thread, {@link #buildBoth} uses fewer threads. */
  private static final int MIN_PER_THREAD = 1 << 16;

  /**
   * {@code build(rows, cols, rowOf, colOf, val, n)} and its {@link #transpose()}, identical to those
   * (entries of a row in input order; of a column in row order), built by a parallel stable counting
   * sort: each thread counts the rows and columns of one contiguous slice of the input, a prefix sum
   * over (index, slice) gives every slice its own start in each row, and each thread places its slice.
   * When {@code rowOf} is non-decreasing (data grouped by row, the usual case) the row form is a copy
   * of the input and the column form is placed straight from the input; otherwise the column form is
   * placed from the row form, as {@link #transpose()} does. In the grouped case with {@code n} equal to
   * the length of {@code colOf} and {@code val}, the row form shares those two arrays instead of copying
   * them: like the matrices' own arrays, they must not be modified afterwards.
   *
   * @param rows the number of rows, at least 0
   * @param cols the number of columns
   * @param rowOf the row of each triplet
   * @param colOf the column of each triplet
   * @param val the value of each triplet
   * @param n the number of triplets, at most each array's length
   * @param threads threads to use, at least 0; 0 means one per available processor; fewer are used
   *     when there are under 65,536 triplets per thread
   * @return the matrix and its transpose
   * @throws IllegalArgumentException when {@code threads < 0}, {@code n} is negative or exceeds an
   *     array's length, or an index is out of range (the same message as {@link #build})
   */
  public static Pair buildBoth(int rows, int cols, int[] rowOf, int[] colOf, float[] val, int n, int threads) {
    if (threads < 0) throw new IllegalArgumentException("threads = " + threads + " < 0");
    if (n < 0 || n > rowOf.length || n > colOf.length || n > val.length) {
      throw new IllegalArgumentException("n = " + n + " exceeds an array's length");
    }
    int t = threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
    t = (int) Math.max(1, Math.min(t, (long) n / MIN_PER_THREAD));
    final int slices = t;
    int[] from = new int[slices + 1];
    for (int s = 0; s <= slices; s++) from[s] = (int) ((long) n * s / slices);
    // Per slice: counts per row and per column, turned into start positions below.
    int[][] rowAt = new int[slices][], colAt = new int[slices][];
    long[] firstBad = new long[slices];
    boolean[] sorted = new boolean[slices];
    run(slices, s -> {
      int[] rc = new int[rows], cc = new int[cols];
      long bad = -1;
      boolean up = true;
      int cur = -1, length = 0; // rows counted by runs: rc[r]++ on a repeated r would chain through memory
      for (int k = from[s], end = from[s + 1]; k < end; k++) {
        int r = rowOf[k], c = colOf[k];
        if (r < 0 || r >= rows || c < 0 || c >= cols) {
          bad = k;
          break;
        }
        cc[c]++;
        if (r != cur) {
          if (cur >= 0) rc[cur] += length;
          up &= r > cur;
          cur = r;
          length = 0;
        }
        length++;
      }
      if (cur >= 0) rc[cur] += length;
      rowAt[s] = rc;
      colAt[s] = cc;
      firstBad[s] = bad;
      sorted[s] = up;
    });
    for (int s = 0; s < slices; s++) {
      if (firstBad[s] >= 0) { // the first bad entry in input order, reported as build() does
        int k = (int) firstBad[s];
        checkRow(rowOf[k], rows, k);
        checkCol(colOf[k], cols, k);
      }
    }
    boolean grouped = true;
    for (int s = 0; s < slices; s++) {
      grouped &= sorted[s] && (s == 0 || rowOf[from[s] - 1] <= rowOf[from[s]]); // slices are never empty
    }
    long[] rowPtr = startsBySlice(rowAt, rows);
    if (!grouped) {
      CsrMatrix byRow = placeByRow(rows, cols, rowPtr, rowAt, rowOf, colOf, val, from, slices);
      return new Pair(byRow, byRow.transposeParallel(slices));
    }
    long[] colPtr = startsBySlice(colAt, cols);
    // Grouped by row, the row form is the input itself: shared when the arrays have exactly n entries
    // (both sides are read-only by contract), else copied.
    boolean share = colOf.length == n && val.length == n;
    int[][] outI = new int[2][]; // [0]: column form's row indices, [1]: row form's column indices
    float[][] outV = new float[2][];
    // Allocated on all threads: zeroing fresh memory costs as much as a pass over the data.
    int arrays = share ? 2 : 4, allocators = Math.min(2, slices);
    run(allocators, s -> {
      for (int j = s; j < arrays; j += allocators) {
        if (j % 2 == 0) outI[j / 2] = new int[n];
        else outV[j / 2] = new float[n];
      }
    });
    int[] ri = outI[0], ci = share ? colOf : outI[1];
    float[] vt = outV[0], vs = share ? val : outV[1];
    run(slices, s -> {
      int a = from[s], b = from[s + 1];
      if (!share) {
        System.arraycopy(colOf, a, ci, a, b - a);
        System.arraycopy(val, a, vs, a, b - a);
      }
      int[] at = colAt[s];
      for (int k = a; k < b; k++) {
        int pos = at[colOf[k]]++;
        ri[pos] = rowOf[k];
        vt[pos] = val[k];
      }
    });
    return new Pair(new CsrMatrix(rows, cols, rowPtr, ci, vs), new CsrMatrix(cols, rows, colPtr, ri, vt));
  }

  /**
   * Turns per-slice counts {@code at[s][i]} into the start of slice s's entries of index i (entries of
   * i from slice 0 first, then slice 1, ...) in place; returns the row pointers.
   */
  private static long[] startsBySlice(int[][] at, int size) {
    long[] ptr = new long[size + 1];
    int pos = 0;
    for (int i = 0; i < size; i++) {
      ptr[i] = pos;
      for (int[] a : at) {
        int c = a[i];
        a[i] = pos;
        pos += c;
      }
    }
    ptr[size] = pos;
    return ptr;
  }

  /** The index and value arrays of a matrix's entries. */
  private static final class Entries {
    int[] index;
    float[] values;
  }

  /**
   * Allocates both entry arrays, on two threads when there are: zeroing fresh memory is a visible part
   * of a 10 M-entry build on a VM.
   */
  private static Entries allocateEntries(int n, int slices) {
    Entries e = new Entries();
    run(Math.min(2, slices), s -> {
      if (s == 0) e.index = new int[n];
      if (s == 1 || slices == 1) e.values = new float[n];
    });
    return e;
  }

  /** Places the slices of the triplets by row, each slice from its starts in {@code rowAt}. */
  private static CsrMatrix placeByRow(int rows, int cols, long[] rowPtr, int[][] rowAt, int[] rowOf, int[] colOf,
      float[] val, int[] from, int slices) {
    int n = from[slices];
    Entries out = allocateEntries(n, slices);
    int[] ci = out.index;
    float[] vs = out.values;
    run(slices, s -> {
      int[] at = rowAt[s];
      for (int k = from[s], b = from[s + 1]; k < b; k++) {
        int pos = at[rowOf[k]]++;
        ci[pos] = colOf[k];
        vs[pos] = val[k];
      }
    });
    return new CsrMatrix(rows, cols, rowPtr, ci, vs);
  }

  /** {@link #transpose()} on {@code slices} threads, each placing a contiguous range of this matrix's rows. */
  private CsrMatrix transposeParallel(int slices) {
    int n = colIdx.length;
    int[] rowFrom = new int[slices + 1]; // slice s: rows [rowFrom[s], rowFrom[s+1]), about n / slices entries
    rowFrom[slices] = rows;
    for (int s = 1; s < slices; s++) {
      long target = (long) n * s / slices;
      int lo = rowFrom[s - 1], hi = rows;
      while (lo < hi) { // first row starting at or after target
        int mid = (lo + hi) >>> 1;
        if (rowPtr[mid] < target) lo = mid + 1;
        else hi = mid;
      }
      rowFrom[s] = lo;
    }
    int[][] colAt = new int[slices][];
    run(slices, s -> {
      int[] cc = new int[cols];
      for (long p = rowPtr[rowFrom[s]], e = rowPtr[rowFrom[s + 1]]; p < e; p++) cc[colIdx[(int) p]]++;
      colAt[s] = cc;
    });
    long[] colPtr = startsBySlice(colAt, cols);
    Entries out = allocateEntries(n, slices);
    int[] ri = out.index;
    float[] vt = out.values;
    run(slices, s -> {
      int[] at = colAt[s];
      for (int r = rowFrom[s], e = rowFrom[s + 1]; r < e; r++) {
        for (int p = (int) rowPtr[r], q = (int) rowPtr[r + 1]; p < q; p++) {
          int pos = at[colIdx[p]]++;
          ri[pos] = r;
          vt[pos] = values[p];
        }
      }
    });
    return new CsrMatrix(cols, rows, colPtr, ri, vt);
  }

  /** Runs {@code task(0..count-1)}, task 0 on the calling thread, the others on threads of their own. */
  private static void run(int count, IntConsumer task) {
    List<Thread> started = new ArrayList<>();
    Throwable[] failure = new Throwable[count];
    for (int s = 1; s < count; s++) {
      int ss = s;
      started.add(Thread.ofPlatform().daemon().start(() -> {
        try {
          task.accept(ss);
        } catch (Throwable e) {
          failure[ss] = e;
        }
      }));
    }
    try {
      task.accept(0);
    } finally {
      boolean interrupted = false;
      for (Thread th : started) {
        while (true) {
          try {
            th.join();
            break;
          } catch (InterruptedException e) {
            interrupted = true;
          }
        }
      }
      if (interrupted) Thread.currentThread().interrupt();
    }
    for (Throwable e : failure) {
      if (e instanceof RuntimeException re) throw re;
      if (e instanceof Error err) throw err;
    }
  }

  private static void checkRow(int r, int rows, int k) {
    if (r < 0 || r >= rows) throw new IllegalArgumentException("row index " + r + " at " + k + " not in [0, " + rows + ")");
  }

  private static void checkCol(int c, int cols, int k) {
    if (c < 0 || c >= cols) throw new IllegalArgumentException("column index " + c + " at " + k + " not in [0, " + cols + ")");
  }

  /**
   * The transpose, also in O(nnz): a new {@code numCols() × rows()} matrix whose rows hold the entries
   * of a column in row order.
   *
   * @return the transpose
   */
  public CsrMatrix transpose() {
    int n = colIdx.length;
    int[] rowOf = new int[n];
    for (int r = 0; r < rows; r++) {
      for (long p = rowPtr[r], e = rowPtr[r + 1]; p < e; p++) rowOf[(int) p] = r;
    }
    return build(cols, rows, colIdx, rowOf, values, n);
  }

  /**
   * The number of rows.
   *
   * @return the number of rows
   */
  public int rows() { return rows; }
  /**
   * The number of columns.
   *
   * @return the number of columns
   */
  public int numCols() { return cols; }
  /**
   * The number of stored entries.
   *
   * @return {@code rowPointers()[rows()]}
   */
  public long nnz() { return rowPtr[rows]; }
  /**
   * The position of row {@code r}'s first entry in {@link #colIndex()} and {@link #values()}.
   *
   * @param r a row in {@code [0, rows())}
   * @return the start position
   * @throws ArrayIndexOutOfBoundsException when {@code r} is not in {@code [0, rows()]}
   */
  public long rowStart(int r) { return rowPtr[r]; }
  /**
   * The position just after row {@code r}'s last entry: {@code rowStart(r + 1)}.
   *
   * @param r a row in {@code [0, rows())}
   * @return the end position (exclusive)
   * @throws ArrayIndexOutOfBoundsException when {@code r} is not in {@code [0, rows())}
   */
  public long rowEnd(int r) { return rowPtr[r + 1]; }
  /**
   * The number of entries in row {@code r}.
   *
   * @param r a row in {@code [0, rows())}
   * @return the row's length
   * @throws ArrayIndexOutOfBoundsException when {@code r} is not in {@code [0, rows())}
   */
  public int rowLength(int r) { return (int) (rowPtr[r + 1] - rowPtr[r]); }
  /** Column indices of all entries, row after row (read-only by contract). */
  public int[] colIndex() { return colIdx; }
  /** Values of all entries, row after row (read-only by contract). */
  public float[] values() { return values; }
  /** Row pointers, {@code rows() + 1} of them (read-only by contract). */
  public long[] rowPointers() { return rowPtr; }
}
