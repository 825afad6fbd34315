package org.mf4j.serving;

import java.util.Arrays;

/**
 * Which items a top-N query may return: by default every item but the user's training ("seen") items;
 * optionally only those of an allow-list, and never those of a deny-list (dense item ids). Immutable and
 * thread-safe; the lists are copied, in and out. List entries are checked against the model's items when
 * a top-N query uses the filter ({@link IllegalArgumentException} for one outside {@code [0, numItems)}), not
 * here; repeats are harmless. Start from {@link #EXCLUDE_SEEN} or {@link #INCLUDE_SEEN}, then narrow:
 * {@code ItemFilter.EXCLUDE_SEEN.withAllowed(inStock).withDenied(banned)}.
 *
 * <p>The lists are checked only for the few items whose score beats the current n-th best, so a
 * narrow allow-list still pays for scoring every item.
 */
public final class ItemFilter {
  /** Every item except the user's seen ones: the default of {@code recommend}. */
  public static final ItemFilter EXCLUDE_SEEN = new ItemFilter(true, null, null);
  /** Every item, seen ones included. */
  public static final ItemFilter INCLUDE_SEEN = new ItemFilter(false, null, null);

  private final boolean excludeSeen;
  private final int[] allowed;
  private final int[] denied;

  private ItemFilter(boolean excludeSeen, int[] allowed, int[] denied) {
    this.excludeSeen = excludeSeen;
    this.allowed = allowed;
    this.denied = denied;
  }

  /** This filter with seen items excluded ({@code true}) or included ({@code false}); lists unchanged. */
  public ItemFilter withSeenExcluded(boolean exclude) {
    return new ItemFilter(exclude, allowed, denied);
  }

  /**
   * This filter restricted to {@code items} (replacing an earlier allow-list; an empty one allows
   * nothing). An item on both lists is denied.
   *
   * @throws NullPointerException when {@code items} is null
   */
  public ItemFilter withAllowed(int... items) {
    return new ItemFilter(excludeSeen, items.clone(), denied);
  }

  /**
   * This filter with {@code items} never returned (replacing an earlier deny-list; an empty one denies
   * nothing).
   *
   * @throws NullPointerException when {@code items} is null
   */
  public ItemFilter withDenied(int... items) {
    return new ItemFilter(excludeSeen, allowed, items.clone());
  }

  /** True when the user's seen items are excluded (where the model knows them). */
  public boolean excludesSeen() { return excludeSeen; }

  /** A copy of the allow-list, or null when every item is allowed. */
  public int[] allowed() { return allowed == null ? null : allowed.clone(); }

  /** A copy of the deny-list, or null when none. */
  public int[] denied() { return denied == null ? null : denied.clone(); }

  /**
   * The items this filter blocks regardless of user, as a bit set over {@code [0, numItems)} (bit i
   * of word i/64), or null when it blocks none.
   *
   * @throws IllegalArgumentException naming a listed item outside {@code [0, numItems)}
   */
  long[] blockedBits(int numItems) {
    if (allowed == null && denied == null) return null;
    long[] bits = new long[(numItems + 63) >>> 6];
    if (allowed != null) {
      Arrays.fill(bits, -1L);
      for (int i : allowed) bits[check(i, numItems, "allow")] &= ~(1L << i);
    }
    if (denied != null) for (int i : denied) bits[check(i, numItems, "deny")] |= 1L << i;
    return bits;
  }

  private static int check(int item, int numItems, String list) {
    if (item < 0 || item >= numItems) {
      throw new IllegalArgumentException(list + "-list item " + item + " not in [0, " + numItems + ")");
    }
    return item >>> 6;
  }

  @Override
  public String toString() {
    return "ItemFilter[excludeSeen=" + excludeSeen + (allowed == null ? "" : ", allowed " + allowed.length + " items")
        + (denied == null ? "" : ", denied " + denied.length + " items") + "]";
  }
}
