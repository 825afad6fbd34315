package org.mf4j.serving;

import org.mf4j.kernel.Kernels;
import org.mf4j.memory.FactorMatrix;

/**
 * The rows most similar to a row of the same factor matrix by cosine, (a·b)/(‖a‖·‖b‖): items like an
 * item, users like a user. Keeps a unit-length copy of the rows (a zero row stays zero and is similar to
 * nothing, score 0) and ranks with the same blocked scoring product and selection as {@link TopN}, so a
 * batch over many rows costs one matrix product, not a dot per pair. The row itself is never returned.
 *
 * <p>Rows are dense ids of the matrix given to the constructor, which is copied and not kept: it may be
 * closed afterwards. The copy costs twice the matrix: the unit rows off-heap and their packed heap copy
 * for scoring ({@link ItemScorer}).
 *
 * <p>Thread-safe: immutable after construction. Owns the normalized copy: {@link #close()} frees it;
 * queries after close throw {@link IllegalStateException}.
 */
public final class Similarity implements AutoCloseable {
  private final FactorMatrix unit;
  private final TopN topN;

  /**
   * Copies {@code rows} scaled to unit length (zero rows stay zero) and packs them for scoring with
   * {@code kernels}. {@code rows} is only read.
   */
  public Similarity(Kernels kernels, FactorMatrix rows) {
    this.unit = FactorMatrix.allocate(rows.rows(), rows.rank());
    float[] row = new float[rows.rank()];
    for (int r = 0; r < rows.rows(); r++) {
      rows.getRow(r, row, 0);
      double sq = 0;
      for (float x : row) sq += (double) x * x;
      if (sq > 0) {
        float inv = (float) (1 / Math.sqrt(sq));
        for (int c = 0; c < row.length; c++) row[c] *= inv;
        unit.setRow(r, row, 0);
      }
    }
    this.topN = new TopN(new ItemScorer(kernels, unit), unit, null);
  }

  /** The number of rows. */
  public int size() { return unit.rows(); }

  /**
   * The n rows most similar to {@code row} (scores are cosines, best first; ties: lower row), {@code row}
   * left out; fewer when the matrix has fewer other rows.
   *
   * @throws IndexOutOfBoundsException when {@code row} is out of range
   * @throws IllegalArgumentException when {@code n < 1}
   */
  public Recommendations mostSimilar(int row, int n) {
    if (row < 0 || row >= unit.rows()) throw new IndexOutOfBoundsException("row " + row + " not in [0, " + unit.rows() + ")");
    return topN.forUser(row, n, ItemFilter.INCLUDE_SEEN.withDenied(row));
  }

  /**
   * {@link #mostSimilar} for each of {@code rowList} on {@code threads} threads, as one blocked product; the
   * row itself is left out of its own list by asking for n + 1 and dropping it. Row r of the result is
   * {@code rowList[r]}; {@code n = 0} gives empty rows.
   *
   * @throws IndexOutOfBoundsException when a row is out of range
   * @throws IllegalArgumentException when {@code n < 0} or {@code threads < 1}
   */
  public RecommendationBatch mostSimilar(int[] rowList, int n, int threads) {
    for (int r : rowList) if (r < 0 || r >= unit.rows()) throw new IndexOutOfBoundsException("row " + r + " not in [0, " + unit.rows() + ")");
    RecommendationBatch wide = topN.forUsers(rowList, Math.min(n + 1, Math.max(1, unit.rows())), ItemFilter.INCLUDE_SEEN, threads);
    return wide.without(rowList, n);
  }

  /**
   * Frees the normalized copy. Call once, when no query is running.
   *
   * @throws IllegalStateException when already closed
   */
  @Override
  public void close() {
    unit.close();
  }
}
