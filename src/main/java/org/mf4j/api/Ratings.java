package org.mf4j.api;

import java.util.Objects;

/**
 * Rating triplets (user, item, value) in coordinate form, with dense int ids {@code 0..users-1} and
 * {@code 0..items-1}, and the {@link IdIndex} maps back to the external ids they came from.
 *
 * <p>This is what every reader produces and every trainer consumes. Arrays are owned by this object
 * and never copied on access: callers must treat them as read-only. Timestamps are optional
 * ({@code null} when the source had none). Only the first {@link #size()} entries are meaningful.
 */
public final class Ratings {
  private final int[] users;
  private final int[] items;
  private final float[] values;
  private final long[] timestamps;
  private final float[] weights;
  private final int size;
  private final IdIndex userIds;
  private final IdIndex itemIds;

  /**
   * @param users dense user ids, each in {@code [0, userIds.size())}
   * @param items dense item ids, each in {@code [0, itemIds.size())}
   * @param values finite rating values
   * @param timestamps optional (may be null), seconds or whatever unit the source used
   * @param size number of triplets; arrays may be longer
   */
  public Ratings(int[] users, int[] items, float[] values, long[] timestamps, int size,
      IdIndex userIds, IdIndex itemIds) {
    this(users, items, values, timestamps, null, size, userIds, itemIds);
  }

  /**
   * @param weights optional (may be null) per-rating weights, e.g. a weight column of the input, used
   *     by weighted ALS with {@link Confidence#COLUMN}
   */
  public Ratings(int[] users, int[] items, float[] values, long[] timestamps, float[] weights, int size,
      IdIndex userIds, IdIndex itemIds) {
    this.users = Objects.requireNonNull(users, "users");
    this.items = Objects.requireNonNull(items, "items");
    this.values = Objects.requireNonNull(values, "values");
    this.userIds = Objects.requireNonNull(userIds, "userIds");
    this.itemIds = Objects.requireNonNull(itemIds, "itemIds");
    if (size < 0 || size > users.length || size > items.length || size > values.length
        || (timestamps != null && size > timestamps.length) || (weights != null && size > weights.length)) {
      throw new IllegalArgumentException("size " + size + " exceeds an array's length");
    }
    this.timestamps = timestamps;
    this.weights = weights;
    this.size = size;
  }

  /** Builds ratings from dense ids; the id maps are the identity {@code 0..n-1}. */
  public static Ratings ofDense(int[] users, int[] items, float[] values, int numUsers, int numItems) {
    int n = users.length;
    if (items.length != n || values.length != n) {
      throw new IllegalArgumentException("users, items and values must have the same length: "
          + n + ", " + items.length + ", " + values.length);
    }
    for (int k = 0; k < n; k++) {
      if (users[k] < 0 || users[k] >= numUsers) {
        throw new IllegalArgumentException("users[" + k + "] = " + users[k] + " not in [0, " + numUsers + ")");
      }
      if (items[k] < 0 || items[k] >= numItems) {
        throw new IllegalArgumentException("items[" + k + "] = " + items[k] + " not in [0, " + numItems + ")");
      }
      if (!Float.isFinite(values[k])) {
        throw new IllegalArgumentException("values[" + k + "] = " + values[k] + " is not finite");
      }
    }
    return new Ratings(users, items, values, null, n, IdIndex.identity(numUsers), IdIndex.identity(numItems));
  }

  public int size() { return size; }
  public int numUsers() { return userIds.size(); }
  public int numItems() { return itemIds.size(); }
  public int[] users() { return users; }
  public int[] items() { return items; }
  public float[] values() { return values; }
  /** @return timestamps, or null when the source had none */
  public long[] timestamps() { return timestamps; }
  /** @return per-rating weights, or null when there are none */
  public float[] weights() { return weights; }
  public IdIndex userIds() { return userIds; }
  public IdIndex itemIds() { return itemIds; }

  public int user(int k) { return users[k]; }
  public int item(int k) { return items[k]; }
  public float value(int k) { return values[k]; }

  /** The same ratings with these per-rating weights (aligned with the ratings; null for none). */
  public Ratings withWeights(float[] w) {
    return new Ratings(users, items, values, timestamps, w, size, userIds, itemIds);
  }

  /** A subset of these ratings (by position), sharing the id maps. */
  public Ratings select(int[] positions, int count) {
    int[] u = new int[count];
    int[] i = new int[count];
    float[] v = new float[count];
    long[] t = timestamps == null ? null : new long[count];
    float[] w = weights == null ? null : new float[count];
    for (int k = 0; k < count; k++) {
      int p = positions[k];
      u[k] = users[p];
      i[k] = items[p];
      v[k] = values[p];
      if (t != null) t[k] = timestamps[p];
      if (w != null) w[k] = weights[p];
    }
    return new Ratings(u, i, v, t, w, count, userIds, itemIds);
  }

  /** The ratings whose value is at least {@code threshold} (e.g. MovieLens ≥ 4 as positives). */
  public Ratings atLeast(float threshold) {
    int[] keep = new int[size];
    int n = 0;
    for (int k = 0; k < size; k++) if (values[k] >= threshold) keep[n++] = k;
    return n == size ? this : select(keep, n);
  }
}
