package org.mf4j.serving;

/**
 * One user's top items, best first: {@code items[r]} (dense item id) has score {@code scores[r]};
 * ties in score are ordered by the lower item id. Fewer than n entries when fewer items qualified.
 * The arrays are owned by this object and returned without copying: treat them as read-only. Map the
 * ids back with the model's {@link org.mf4j.model.FactorModel#itemIds()}.
 *
 * @param items the dense ids, best first
 * @param scores their scores, aligned with {@code items}: u·v, a cosine or an interaction count, by the
 *     query (the queries never return NaN)
 */
public record Recommendations(int[] items, float[] scores) {
  /**
   * Wraps the arrays without copying them.
   *
   * @throws IllegalArgumentException when the arrays differ in length
   */
  public Recommendations {
    if (items.length != scores.length) {
      throw new IllegalArgumentException("items (" + items.length + ") and scores (" + scores.length + ") differ in length");
    }
  }

  /** The number of items recommended. */
  public int size() { return items.length; }
}
