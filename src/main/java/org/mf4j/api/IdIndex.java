package org.mf4j.api;

import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import it.unimi.dsi.fastutil.longs.LongArrayList;
import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps external ids (integers or strings) to dense ints {@code 0..size-1} in order of first
 * appearance, and back.
 *
 * <p>Starts in numeric mode (ids that parse as a {@code long} are kept unboxed in a fastutil map).
 * The first id that is not a number switches the index to string mode, re-keying the ids seen so
 * far by their decimal text. Not thread-safe while being built; safe to read concurrently after.
 *
 * <p>A text id counts as a number only when it is exactly the decimal text of a {@code long}
 * ({@link Long#toString(long)}'s form: an optional minus, no leading zeros, in range): {@code "7"} is the
 * number 7, while {@code "007"}, {@code "+7"}, {@code "-0"} and a 20-digit id are text (and switch the
 * index to string mode), so two different ids never become one. In string mode ids are compared as given.
 *
 * <p>An {@link #identity(int) identity} index maps {@code 0..n-1} to themselves and is fixed: adding to
 * it throws {@link UnsupportedOperationException}; {@link #copy()} gives a growable one.
 */
public final class IdIndex {
  private Long2IntOpenHashMap numeric;
  private LongArrayList numericIds;
  private Object2IntOpenHashMap<String> text;
  private List<String> textIds;
  private final int identitySize;

  /** An empty index in numeric mode, that grows as ids are added. */
  public IdIndex() { this(0, false); }

  /**
   * An empty index sized for {@code expected} numeric ids, so that adding them does not rehash (a model
   * file's id section: the final size is known). It grows past that like {@link #IdIndex()}.
   *
   * @param expected the number of ids expected; a negative value counts as 0
   * @return an empty index in numeric mode
   */
  public static IdIndex withCapacity(int expected) { return new IdIndex(Math.max(0, expected), false); }

  private IdIndex(int expected, boolean unused) {
    numeric = new Long2IntOpenHashMap(expected);
    numeric.defaultReturnValue(-1);
    numericIds = new LongArrayList(expected);
    identitySize = -1;
  }

  private IdIndex(int identitySize) {
    this.numeric = null;
    this.numericIds = null;
    this.identitySize = identitySize;
  }

  /**
   * The identity map over {@code 0..n-1} (for data that already has dense ids): numeric and fixed.
   *
   * @param n the number of ids
   * @return the identity index of size {@code n}
   * @throws IllegalArgumentException if {@code n} is negative
   */
  public static IdIndex identity(int n) {
    if (n < 0) throw new IllegalArgumentException("n = " + n + " < 0");
    return new IdIndex(n);
  }

  /** The number of ids, {@code n} of the dense ids {@code 0..n-1}. */
  public int size() {
    if (identitySize >= 0) return identitySize;
    return text != null ? textIds.size() : numericIds.size();
  }

  /** True when every external id is an integer (numeric mode; also for an empty or identity index). */
  public boolean isNumeric() { return text == null; }

  /**
   * Dense id for a numeric external id, adding it if new (in string mode, as its decimal text).
   *
   * @param externalId the external id
   * @return its dense id: the existing one, or {@link #size()} before the call when new
   * @throws UnsupportedOperationException for an identity index
   */
  public int add(long externalId) {
    checkMutable();
    if (text != null) return add(Long.toString(externalId));
    int next = numericIds.size();
    int prev = numeric.putIfAbsent(externalId, next);
    if (prev >= 0) return prev;
    numericIds.add(externalId);
    return next;
  }

  /**
   * Dense id for an external id given as text, adding it if new. In numeric mode a number is added as
   * by {@link #add(long)} and any other text switches the index to string mode.
   *
   * @param externalId the external id; not null
   * @return its dense id: the existing one, or {@link #size()} before the call when new
   * @throws UnsupportedOperationException for an identity index
   */
  public int add(String externalId) {
    checkMutable();
    if (text == null) {
      long v;
      if ((v = parseLongOrMin(externalId)) != Long.MIN_VALUE || "-9223372036854775808".equals(externalId)) {
        return add(v);
      }
      switchToText();
    }
    int next = textIds.size();
    int prev = text.putIfAbsent(externalId, next);
    if (prev >= 0) return prev;
    textIds.add(externalId);
    return next;
  }

  /**
   * Dense id of a numeric external id, or -1 when absent (in string mode, looked up by its decimal
   * text).
   */
  public int get(long externalId) {
    if (identitySize >= 0) return externalId >= 0 && externalId < identitySize ? (int) externalId : -1;
    if (text != null) return text.getInt(Long.toString(externalId));
    return numeric.get(externalId);
  }

  /**
   * Dense id of an external id given as text, or -1 when absent. In numeric mode text that is not a
   * number is absent, and a number is looked up as by {@link #get(long)}.
   */
  public int get(String externalId) {
    if (text != null) return text.getInt(externalId);
    long v = parseLongOrMin(externalId);
    if (v == Long.MIN_VALUE && !"-9223372036854775808".equals(externalId)) return -1;
    return get(v);
  }

  /**
   * The external id of dense id {@code dense}, as text (decimal for a numeric id).
   *
   * @param dense a dense id in {@code [0, size())}
   * @return the external id
   * @throws IndexOutOfBoundsException if {@code dense} is not in {@code [0, size())}
   */
  public String externalId(int dense) {
    if (identitySize >= 0) {
      if (dense < 0 || dense >= identitySize) throw new IndexOutOfBoundsException(dense);
      return Integer.toString(dense);
    }
    return text != null ? textIds.get(dense) : Long.toString(numericIds.getLong(dense));
  }

  /**
   * The external id of dense id {@code dense}; only in numeric mode.
   *
   * @param dense a dense id in {@code [0, size())}
   * @return the external id
   * @throws IndexOutOfBoundsException if {@code dense} is not in {@code [0, size())}
   * @throws IllegalStateException if the index is in string mode
   */
  public long numericId(int dense) {
    if (identitySize >= 0) {
      if (dense < 0 || dense >= identitySize) throw new IndexOutOfBoundsException(dense);
      return dense;
    }
    if (text != null) throw new IllegalStateException("ids are strings, not numbers");
    return numericIds.getLong(dense);
  }

  /**
   * An independent copy that can grow (the same ids in the same order and mode; an identity index
   * becomes a numeric one over {@code 0..n-1}): what a partial fit extends with new ids.
   *
   * @return a new, growable index
   */
  public IdIndex copy() {
    int n = size();
    IdIndex c = new IdIndex(n, false);
    for (int d = 0; d < n; d++) {
      if (isNumeric()) c.add(numericId(d));
      else c.add(externalId(d));
    }
    return c;
  }

  private void checkMutable() {
    if (identitySize >= 0) throw new UnsupportedOperationException("identity index is fixed");
  }

  private void switchToText() {
    text = new Object2IntOpenHashMap<>(Math.max(16, numericIds.size() * 2));
    text.defaultReturnValue(-1);
    textIds = new ArrayList<>(Math.max(16, numericIds.size() * 2));
    for (int k = 0; k < numericIds.size(); k++) {
      String s = Long.toString(numericIds.getLong(k));
      text.put(s, k);
      textIds.add(s);
    }
    numeric = null;
    numericIds = null;
  }

  /** The long whose canonical decimal text {@code s} is; Long.MIN_VALUE when it is not one. */
  static long parseLongOrMin(String s) {
    int n = s.length();
    if (n == 0 || n > 20) return Long.MIN_VALUE;
    int k = s.charAt(0) == '-' ? 1 : 0;
    if (k == n) return Long.MIN_VALUE;
    // only the canonical decimal text of a long: "007", "+7" and "-0" stay text, so no two ids merge
    if (s.charAt(k) == '0' && (n > k + 1 || k == 1)) return Long.MIN_VALUE;
    for (int i = k; i < n; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') return Long.MIN_VALUE;
    }
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException overflow) {
      return Long.MIN_VALUE;
    }
  }

}
