package org.mf4j.serving;

import java.util.Arrays;

/**
 * The top-n items of many users in flat arrays: row {@code r} (the r-th user asked for, dense id
 * {@link #user(int)}) holds {@link #count(int)} ≤ n items, best first, at positions
 * {@code [r*n, r*n + count(r))} of {@link #items()} and {@link #scores()}; unused slots hold item -1 and
 * score NaN. Ties in score are ordered by the lower item id. Arrays are returned without copying:
 * treat them as read-only. Immutable in use and safe to read from any thread. A row index outside
 * {@code [0, size())} throws {@link ArrayIndexOutOfBoundsException}.
 */
public final class RecommendationBatch {
  private final int n;
  private final int[] users;
  private final int[] counts;
  private final int[] items;
  private final float[] scores;

  RecommendationBatch(int n, int[] users, int[] counts, int[] items, float[] scores) {
    this.n = n;
    this.users = users;
    this.counts = counts;
    this.items = items;
    this.scores = scores;
  }

  /** The number of users (rows). */
  public int size() { return users.length; }

  /** The n asked for (the row width of the flat arrays). */
  public int n() { return n; }

  /** Dense id of the user of row r. */
  public int user(int r) { return users[r]; }

  /** How many items row r holds (≤ n). */
  public int count(int r) { return counts[r]; }

  /**
   * The dense id of row r's item at {@code rank} (0 = best).
   *
   * @throws IndexOutOfBoundsException when {@code rank} is not in {@code [0, count(r))}
   */
  public int item(int r, int rank) { return items[checkRank(r, rank)]; }

  /**
   * The score of row r's item at {@code rank}.
   *
   * @throws IndexOutOfBoundsException when {@code rank} is not in {@code [0, count(r))}
   */
  public float score(int r, int rank) { return scores[checkRank(r, rank)]; }

  /** Row r as its own object, {@link #count(int) count(r)} entries (copies). */
  public Recommendations get(int r) {
    int from = r * n, c = counts[r];
    return new Recommendations(Arrays.copyOfRange(items, from, from + c), Arrays.copyOfRange(scores, from, from + c));
  }

  /** Each row r without the item {@code drop[r]} (where present), cut to {@code width} items. */
  RecommendationBatch without(int[] drop, int width) {
    int rows = users.length;
    int[] c2 = new int[rows], i2 = new int[rows * width];
    float[] s2 = new float[rows * width];
    Arrays.fill(i2, -1);
    Arrays.fill(s2, Float.NaN);
    for (int r = 0; r < rows; r++) {
      int kept = 0;
      for (int q = r * n, e = r * n + counts[r]; q < e && kept < width; q++) {
        if (items[q] == drop[r]) continue;
        i2[r * width + kept] = items[q];
        s2[r * width + kept++] = scores[q];
      }
      c2[r] = kept;
    }
    return new RecommendationBatch(width, users, c2, i2, s2);
  }

  /** The dense user of every row ({@code size()} entries; not a copy). */
  public int[] users() { return users; }
  /** The item count of every row ({@code size()} entries; not a copy). */
  public int[] counts() { return counts; }
  /** Every row's items, row r at {@code [r*n, r*n + count(r))}, unused slots -1 ({@code size()·n} entries; not a copy). */
  public int[] items() { return items; }
  /** Every row's scores, aligned with {@link #items()}, unused slots NaN (not a copy). */
  public float[] scores() { return scores; }

  private int checkRank(int r, int rank) {
    if (rank < 0 || rank >= counts[r]) throw new IndexOutOfBoundsException("rank " + rank + " not in [0, " + counts[r] + ") for row " + r);
    return r * n + rank;
  }
}
