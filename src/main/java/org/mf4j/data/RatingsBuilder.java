package org.mf4j.data;

import it.unimi.dsi.fastutil.floats.FloatArrayList;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.longs.LongArrayList;
import java.util.Iterator;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.mf4j.api.IdIndex;
import org.mf4j.api.Ratings;

/**
 * Builds {@link Ratings} from (user, item, value) triples with external ids — numbers ({@code long}) or
 * text — as a program has them (a database cursor, a Kafka topic, a stream of events): dense ids are
 * given in order of first appearance and the id maps keep the external ones. Repeated (user, item) pairs
 * are merged by a {@link DuplicatePolicy} ({@link DuplicatePolicy#LAST} unless set), as the file readers
 * merge them. Not thread-safe; {@link #build()} once.
 *
 * <p>Ids: an id is kept as a number while every id seen so far is an integer; the first id that is not
 * switches that side's {@link IdIndex} to text, the earlier ids becoming their decimal text (so
 * {@code 17L} and {@code "17"} are the same id). Values must be finite; any value is accepted otherwise.
 *
 * <pre>{@code
 * RatingsBuilder b = new RatingsBuilder();
 * b.add("alice", "sku-0012", 4f);
 * b.add(1017L, 88L, 1f);          // numeric ids (a data set uses one kind or the other consistently)
 * Ratings r = b.build();
 * Ratings s = RatingsBuilder.from(events.iterator(), Event::userId, Event::itemId, Event::strength);
 * }</pre>
 */
public final class RatingsBuilder {
  private final IdIndex userIds = new IdIndex(), itemIds = new IdIndex();
  private final IntArrayList users = new IntArrayList(), items = new IntArrayList();
  private final FloatArrayList values = new FloatArrayList();
  private LongArrayList timestamps; // created by the first add with a timestamp
  private DuplicatePolicy duplicates = DuplicatePolicy.LAST;
  private boolean built;

  /**
   * Builds ratings from {@code rows}: each row's user and item id (a {@link Number} of integer value, or
   * text) and value, duplicates resolved by {@link DuplicatePolicy#LAST}.
   *
   * @param <T> the row type
   * @param rows the rows, consumed to the end
   * @param user a row's user id
   * @param item a row's item id
   * @param value a row's value (narrowed to {@code float})
   * @return the ratings
   * @throws IllegalArgumentException when an id is neither an integer nor text, or a value is not
   *     finite once narrowed to {@code float}; the message names the rating's 1-based position
   */
  public static <T> Ratings from(Iterator<T> rows, Function<? super T, ?> user, Function<? super T, ?> item,
      ToDoubleFunction<? super T> value) {
    RatingsBuilder b = new RatingsBuilder();
    while (rows.hasNext()) {
      T row = rows.next();
      b.add(user.apply(row), item.apply(row), (float) value.applyAsDouble(row));
    }
    return b.build();
  }

  /**
   * Sets how repeated (user, item) pairs are merged ({@link DuplicatePolicy#ERROR}: {@link #build()}
   * throws); {@link DuplicatePolicy#LAST} unless set.
   *
   * @param policy the policy
   * @return this builder
   * @throws NullPointerException when {@code policy} is null
   */
  public RatingsBuilder duplicates(DuplicatePolicy policy) {
    duplicates = Objects.requireNonNull(policy, "policy");
    return this;
  }

  /**
   * Adds a rating with numeric ids.
   *
   * @param user the user's external id
   * @param item the item's external id
   * @param value the rating
   * @return this builder
   * @throws IllegalArgumentException when {@code value} is NaN or infinite
   * @throws IllegalStateException when {@link #build()} was called already
   */
  public RatingsBuilder add(long user, long item, float value) {
    check(value, user, item);
    return append(userIds.add(user), itemIds.add(item), value);
  }

  /**
   * Adds a rating with text ids (ids that are decimal integers are kept as numbers while all ids are).
   *
   * @param user the user's external id
   * @param item the item's external id
   * @param value the rating
   * @return this builder
   * @throws IllegalArgumentException when {@code value} is NaN or infinite
   * @throws NullPointerException when {@code user} or {@code item} is null
   * @throws IllegalStateException when {@link #build()} was called already
   */
  public RatingsBuilder add(String user, String item, float value) {
    check(value, user, item);
    return append(userIds.add(Objects.requireNonNull(user, "user")), itemIds.add(Objects.requireNonNull(item, "item")), value);
  }

  /**
   * Adds a rating whose ids are {@link Number}s of integer value (a {@code Double} {@code 3.0} is the
   * id 3) or {@link CharSequence}s.
   *
   * @param user the user's external id
   * @param item the item's external id
   * @param value the rating
   * @return this builder
   * @throws IllegalArgumentException when {@code value} is NaN or infinite, or an id is null, a
   *     {@code Number} that is not an integer below 2⁶³ in magnitude, or of another type
   * @throws IllegalStateException when {@link #build()} was called already
   */
  public RatingsBuilder add(Object user, Object item, float value) {
    check(value, user, item);
    return append(id(userIds, user, "user"), id(itemIds, item, "item"), value);
  }

  /**
   * Adds a rating with a timestamp (any unit; once one rating has a timestamp, the ratings added without
   * one get 0). Without any timestamp the built ratings have none ({@link Ratings#timestamps()} null).
   *
   * @param user the user's external id, as for {@link #add(Object, Object, float)}
   * @param item the item's external id, likewise
   * @param value the rating
   * @param timestamp the time of the rating
   * @return this builder
   * @throws IllegalArgumentException as {@link #add(Object, Object, float)}
   * @throws IllegalStateException when {@link #build()} was called already
   */
  public RatingsBuilder add(Object user, Object item, float value, long timestamp) {
    add(user, item, value);
    if (timestamps == null) {
      timestamps = new LongArrayList(values.size());
      timestamps.size(values.size()); // zeros for the earlier ratings
    }
    timestamps.set(values.size() - 1, timestamp);
    return this;
  }

  /**
   * The number of ratings added so far (before duplicates are merged).
   *
   * @return the count
   */
  public int size() { return values.size(); }

  /**
   * The ratings, duplicates merged by the {@link #duplicates(DuplicatePolicy) policy}, the survivors
   * in order of first appearance; the builder cannot be used afterwards.
   *
   * @return the ratings, with the builder's id maps
   * @throws IllegalArgumentException for a repeated pair under {@link DuplicatePolicy#ERROR}, naming it
   * @throws IllegalStateException when called twice
   */
  public Ratings build() {
    if (built) throw new IllegalStateException("build() was called already");
    built = true;
    int n = values.size();
    int[] u = users.toIntArray(), i = items.toIntArray();
    float[] v = values.toFloatArray();
    long[] t = null;
    if (timestamps != null) {
      timestamps.size(n);
      t = timestamps.toLongArray();
    }
    try {
      n = Duplicates.resolve(u, i, v, t, null, n, userIds.size(), itemIds.size(), duplicates, "ratings", p -> p + 1L, userIds, itemIds)
          .size();
    } catch (RatingsFormatException e) { // "ratings:<index + 1>: duplicate pair ..."
      throw new IllegalArgumentException(e.getMessage().replaceFirst("^ratings:(\\d+): ", "rating #$1: ").replace(" on line ", " at #"), e);
    }
    return new Ratings(u, i, v, t, n, userIds, itemIds);
  }

  private RatingsBuilder append(int user, int item, float value) {
    users.add(user);
    items.add(item);
    values.add(value);
    return this;
  }

  private void check(float value, Object user, Object item) {
    if (built) throw new IllegalStateException("build() was called already");
    if (!Float.isFinite(value)) {
      throw new IllegalArgumentException("rating #" + (values.size() + 1) + " (user " + user + ", item " + item + "): value " + value
          + " is not finite");
    }
  }

  private static int id(IdIndex ids, Object id, String what) {
    if (id instanceof Long || id instanceof Integer || id instanceof Short || id instanceof Byte) return ids.add(((Number) id).longValue());
    if (id instanceof CharSequence s) return ids.add(s.toString());
    if (id instanceof Number x && x.doubleValue() == Math.rint(x.doubleValue()) && Math.abs(x.doubleValue()) < 0x1p63) {
      return ids.add(x.longValue());
    }
    throw new IllegalArgumentException(what + " id " + id + (id == null ? "" : " (" + id.getClass().getSimpleName() + ")")
        + " is not an integer or text");
  }
}
