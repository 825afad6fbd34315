package org.mf4j.api;

import java.util.Objects;

/**
 * Rating triplets (user, item, value) in coordinate form, with dense int ids {@code 0..users-1} and
 * {@code 0..items-1}, and the {@link IdIndex} maps back to the external ids they came from.
 *
 * <p>This is what every reader produces and every trainer consumes. Arrays are owned by this object
 * and never copied on access: callers must treat them as read-only. Timestamps are optional
 * ({@code null} when the source had none), and so are per-rating weights. Only the first {@link #size()}
 * entries are meaningful. Build one with {@link org.mf4j.data.RatingsBuilder}, read one with
 * {@link org.mf4j.data.RatingsReader}, or wrap dense ids with {@link #ofDense}.
 *
 * <p>The constructors check only that the arrays and id maps are present and long enough; they do not
 * check the ids against the id maps nor that values are finite ({@link #ofDense} does). Instances are
 * immutable as far as this class goes and safe to read from several threads.
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
   * Wraps the given arrays, without copying them, as ratings without weights.
   *
   * @param users dense user ids, each in {@code [0, userIds.size())} (not checked)
   * @param items dense item ids, each in {@code [0, itemIds.size())} (not checked)
   * @param values finite rating values (not checked)
   * @param timestamps optional (may be null), seconds or whatever unit the source used
   * @param size number of triplets; arrays may be longer
   * @param userIds the external ids of the users; its size is {@link #numUsers()}
   * @param itemIds the external ids of the items; its size is {@link #numItems()}
   * @throws NullPointerException if {@code users}, {@code items}, {@code values}, {@code userIds} or
   *     {@code itemIds} is null
   * @throws IllegalArgumentException if {@code size} is negative or longer than a given array
   */
  public Ratings(int[] users, int[] items, float[] values, long[] timestamps, int size,
      IdIndex userIds, IdIndex itemIds) {
    this(users, items, values, timestamps, null, size, userIds, itemIds);
  }

  /**
   * Wraps the given arrays, without copying them, as ratings with optional per-rating weights.
   *
   * @param users dense user ids, each in {@code [0, userIds.size())} (not checked)
   * @param items dense item ids, each in {@code [0, itemIds.size())} (not checked)
   * @param values finite rating values (not checked)
   * @param timestamps optional (may be null), seconds or whatever unit the source used
   * @param weights optional (may be null) per-rating weights, e.g. a weight column of the input, used
   *     by weighted ALS with {@link Confidence#COLUMN} (which requires them finite and ≥ 0)
   * @param size number of triplets; arrays may be longer
   * @param userIds the external ids of the users; its size is {@link #numUsers()}
   * @param itemIds the external ids of the items; its size is {@link #numItems()}
   * @throws NullPointerException if {@code users}, {@code items}, {@code values}, {@code userIds} or
   *     {@code itemIds} is null
   * @throws IllegalArgumentException if {@code size} is negative or longer than a given array
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

  /**
   * Builds ratings from dense ids, without copying the arrays; the id maps are
   * {@link IdIndex#identity identities} over {@code 0..numUsers-1} and {@code 0..numItems-1}. No
   * timestamps, no weights; the size is the arrays' length.
   *
   * @param users user ids, each in {@code [0, numUsers)}
   * @param items item ids, each in {@code [0, numItems)}
   * @param values finite rating values
   * @param numUsers the number of users, ≥ 0
   * @param numItems the number of items, ≥ 0
   * @return the ratings
   * @throws IllegalArgumentException if the arrays' lengths differ, an id is out of range (naming its
   *     position and value), a value is not finite, or a count is negative
   * @throws NullPointerException if an array is null
   */
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

  /** The number of ratings, ≥ 0. */
  public int size() { return size; }
  /** The number of users in the user id map; users without a rating here count too. */
  public int numUsers() { return userIds.size(); }
  /** The number of items in the item id map; items without a rating here count too. */
  public int numItems() { return itemIds.size(); }
  /** The dense user ids, not a copy; only the first {@link #size()} are meaningful. */
  public int[] users() { return users; }
  /** The dense item ids, not a copy; only the first {@link #size()} are meaningful. */
  public int[] items() { return items; }
  /** The rating values, not a copy; only the first {@link #size()} are meaningful. */
  public float[] values() { return values; }
  /**
   * The ratings' timestamps, not a copy; only the first {@link #size()} are meaningful.
   *
   * @return timestamps, or null when the source had none
   */
  public long[] timestamps() { return timestamps; }
  /**
   * The per-rating weights, not a copy; only the first {@link #size()} are meaningful.
   *
   * @return per-rating weights, or null when there are none
   */
  public float[] weights() { return weights; }
  /** The map between dense and external user ids. */
  public IdIndex userIds() { return userIds; }
  /** The map between dense and external item ids. */
  public IdIndex itemIds() { return itemIds; }

  /**
   * The dense user id of rating {@code k}, for {@code k} in {@code [0, size())} (not checked against
   * the size; an index outside the array throws {@link ArrayIndexOutOfBoundsException}).
   */
  public int user(int k) { return users[k]; }
  /** The dense item id of rating {@code k}; {@code k} as for {@link #user(int)}. */
  public int item(int k) { return items[k]; }
  /** The value of rating {@code k}; {@code k} as for {@link #user(int)}. */
  public float value(int k) { return values[k]; }

  /**
   * The same ratings, sharing this one's arrays and id maps, with these per-rating weights.
   *
   * @param w the weights, aligned with the ratings, not copied; null for none
   * @return new ratings
   * @throws IllegalArgumentException if {@code w} is shorter than {@link #size()}
   */
  public Ratings withWeights(float[] w) {
    return new Ratings(users, items, values, timestamps, w, size, userIds, itemIds);
  }

  /**
   * A subset of these ratings, in the given order, in new arrays of exactly {@code count} entries, sharing
   * the id maps (so {@link #numUsers()} and {@link #numItems()} are unchanged). Timestamps and weights
   * come along when present. Positions may repeat.
   *
   * @param positions the ratings to keep, each in {@code [0, size())} (not checked against the size)
   * @param count how many of {@code positions} to use, from the first
   * @return new ratings of size {@code count}
   * @throws ArrayIndexOutOfBoundsException if {@code count} exceeds {@code positions.length} or a
   *     position lies outside the arrays
   * @throws NegativeArraySizeException if {@code count} is negative
   */
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

  /**
   * The ratings whose value is at least {@code threshold} (e.g. MovieLens ≥ 4 as positives), in their
   * order, sharing the id maps; {@code this} itself when every rating qualifies. A NaN threshold keeps
   * none.
   *
   * @param threshold the smallest value kept
   * @return the ratings kept
   */
  public Ratings atLeast(float threshold) {
    int[] keep = new int[size];
    int n = 0;
    for (int k = 0; k < size; k++) if (values[k] >= threshold) keep[n++] = k;
    return n == size ? this : select(keep, n);
  }
}
