package org.mf4j.data;

import it.unimi.dsi.fastutil.ints.Int2IntMap;
import it.unimi.dsi.fastutil.ints.Int2IntOpenHashMap;
import java.util.Arrays;
import java.util.function.IntToLongFunction;

/**
 * Finds and merges repeated (user, item) pairs in O(rows + users + items) without boxing: rows are
 * grouped by user with a stable counting sort (skipped when the file is already grouped by user,
 * as most dumps are), then one pass with a per-item stamp finds the repeats of each user's items.
 * The survivor keeps the position of the pair's first occurrence; see {@link DuplicatePolicy}.
 * Works in place on the caller's arrays. Stateless.
 */
final class Duplicates {
  private Duplicates() {}

  /** Counts of a resolution. */
  record Outcome(int size, long rows, long pairs) {}

  /**
   * Merges duplicates in {@code [0, n)} of the arrays (ts and weights may be null) and compacts the
   * survivors in file order.
   *
   * @param lineOf row → 1-based line number, for the {@link DuplicatePolicy#ERROR} message
   */
  static Outcome resolve(int[] users, int[] items, float[] values, long[] ts, float[] weights, int n,
      int numUsers, int numItems, DuplicatePolicy policy, String file, IntToLongFunction lineOf,
      org.mf4j.api.IdIndex userIds, org.mf4j.api.IdIndex itemIds) throws RatingsFormatException {
    int[] order = groupedByUser(users, n, numUsers) ? null : orderByUser(users, n, numUsers);
    int[] stamp = new int[numItems];
    Arrays.fill(stamp, -1);
    int[] first = new int[numItems];
    boolean[] removed = null;
    Int2IntOpenHashMap extra = null; // first row of a repeated pair -> number of repeats
    long dupRows = 0;
    for (int k = 0; k < n; k++) {
      int p = order == null ? k : order[k];
      int u = users[p], i = items[p];
      if (stamp[i] != u) {
        stamp[i] = u;
        first[i] = p;
        continue;
      }
      int f = first[i];
      if (policy == DuplicatePolicy.ERROR) {
        throw new RatingsFormatException(file, lineOf.applyAsLong(p), "duplicate pair (user "
            + userIds.externalId(u) + ", item " + itemIds.externalId(i) + "), first on line "
            + lineOf.applyAsLong(f), null);
      }
      if (removed == null) {
        removed = new boolean[n];
        extra = new Int2IntOpenHashMap();
      }
      removed[p] = true;
      dupRows++;
      extra.addTo(f, 1);
      values[f] = combine(policy, values[f], values[p]);
      if (weights != null) weights[f] = combine(policy, weights[f], weights[p]);
      if (ts != null) ts[f] = ts[p];
    }
    if (removed == null) return new Outcome(n, 0, 0);
    if (policy == DuplicatePolicy.MEAN) {
      for (Int2IntMap.Entry en : extra.int2IntEntrySet()) {
        int f = en.getIntKey();
        values[f] /= en.getIntValue() + 1;
        if (weights != null) weights[f] /= en.getIntValue() + 1;
      }
    }
    int w = 0;
    for (int k = 0; k < n; k++) {
      if (removed[k]) continue;
      users[w] = users[k];
      items[w] = items[k];
      values[w] = values[k];
      if (ts != null) ts[w] = ts[k];
      if (weights != null) weights[w] = weights[k];
      w++;
    }
    return new Outcome(w, dupRows, extra.size());
  }

  private static float combine(DuplicatePolicy policy, float kept, float next) {
    return switch (policy) {
      case LAST -> next;
      case SUM, MEAN -> kept + next;
      case MAX -> Math.max(kept, next);
      case ERROR -> throw new AssertionError();
    };
  }

  /** True when each user's rows form one contiguous run. */
  private static boolean groupedByUser(int[] users, int n, int numUsers) {
    boolean[] seen = new boolean[numUsers];
    int prev = -1;
    for (int k = 0; k < n; k++) {
      int u = users[k];
      if (u != prev) {
        if (seen[u]) return false;
        seen[u] = true;
        prev = u;
      }
    }
    return true;
  }

  /** Row positions grouped by user, file order within a user (stable counting sort). */
  private static int[] orderByUser(int[] users, int n, int numUsers) {
    int[] start = new int[numUsers + 1];
    for (int k = 0; k < n; k++) start[users[k] + 1]++;
    for (int u = 0; u < numUsers; u++) start[u + 1] += start[u];
    int[] order = new int[n];
    for (int k = 0; k < n; k++) order[start[users[k]]++] = k;
    return order;
  }
}
