package org.mf4j.sparse;

/**
 * A sparse matrix in compressed sparse row form: the entries of row {@code r} are at positions
 * {@code [rowStart(r), rowStart(r+1))} of {@link #cols()} and {@link #values()}. Row pointers are
 * {@code long}, so more than 2³¹ entries fit in the index (each entry array is still a Java array,
 * limited to 2³¹−1 elements; a matrix beyond that would need chunked storage).
 *
 * <p>Built in O(nnz) by a stable counting sort ({@link #build}): entries of a row keep the order they
 * had in the input. Immutable after construction and safe to share between threads.
 */
public final class CsrMatrix {
  private final int rows;
  private final int cols;
  private final long[] rowPtr;
  private final int[] colIdx;
  private final float[] values;

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
   * counting sort: one pass to count, a prefix sum, one pass to place.
   *
   * @throws IllegalArgumentException when an index is out of range
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

  /** The transpose, also in O(nnz). */
  public CsrMatrix transpose() {
    int n = colIdx.length;
    int[] rowOf = new int[n];
    for (int r = 0; r < rows; r++) {
      for (long p = rowPtr[r], e = rowPtr[r + 1]; p < e; p++) rowOf[(int) p] = r;
    }
    return build(cols, rows, colIdx, rowOf, values, n);
  }

  public int rows() { return rows; }
  public int numCols() { return cols; }
  public long nnz() { return rowPtr[rows]; }
  public long rowStart(int r) { return rowPtr[r]; }
  public long rowEnd(int r) { return rowPtr[r + 1]; }
  public int rowLength(int r) { return (int) (rowPtr[r + 1] - rowPtr[r]); }
  /** Column indices of all entries, row after row (read-only by contract). */
  public int[] colIndex() { return colIdx; }
  /** Values of all entries, row after row (read-only by contract). */
  public float[] values() { return values; }
  /** Row pointers (read-only by contract). */
  public long[] rowPointers() { return rowPtr; }
}
