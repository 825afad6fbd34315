package org.mf4j.serving;

/**
 * One user's top items, best first: {@code items[r]} (dense item id) has score {@code scores[r]};
 * ties in score are ordered by the lower item id. Fewer than n entries when fewer items qualified.
 * The arrays are owned by this object: treat them as read-only.
 */
public record Recommendations(int[] items, float[] scores) {
  public Recommendations {
    if (items.length != scores.length) {
      throw new IllegalArgumentException("items (" + items.length + ") and scores (" + scores.length + ") differ in length");
    }
  }

  /** The number of items recommended. */
  public int size() { return items.length; }
}
