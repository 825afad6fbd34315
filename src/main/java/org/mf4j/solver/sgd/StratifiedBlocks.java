package org.mf4j.solver.sgd;

import java.util.SplittableRandom;
import org.mf4j.api.Ratings;

/**
 * The ratings cut into a b × b grid for lock-free parallel SGD (the FPSG / DSGD scheme): users and items
 * are each dealt into b strata of about equal rating counts, in a seeded random order; block (s, t) holds
 * the ratings of user stratum s and item stratum t, ordered by user, then item (FPSG's "partial random"
 * order: the blocks come in random order, the ratings inside them in order, so a user's row stays in L1
 * across its ratings; measured on MovieLens-10M shape, K = 64, 2 threads: an epoch in 0.35 s instead of
 * 0.78 s shuffled, same RMSE after 6 epochs). Few strata are faster (K = 64, one thread: 0.62 s with 6,
 * 0.73 s with 12, 1.0 s with 48): each stratum boundary splits a user's run and reloads its row. Blocks (s, t) and (s', t')
 * with s ≠ s' and t ≠ t' share no user row and no item row, so b such blocks can be updated at once
 * without locks and the result does not depend on timing.
 */
final class StratifiedBlocks {
  final int strata;
  /** Ratings of block (s, t) are [start[s·b + t], start[s·b + t + 1]). */
  final int[] start;
  final int[] users, items;
  final float[] values;

  private StratifiedBlocks(int strata, int[] start, int[] users, int[] items, float[] values) {
    this.strata = strata;
    this.start = start;
    this.users = users;
    this.items = items;
    this.values = values;
  }

  static StratifiedBlocks build(Ratings r, int strata, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int n = r.size();
    int[] userStratum = deal(count(r.users(), n, r.numUsers()), strata, rnd);
    int[] itemStratum = deal(count(r.items(), n, r.numItems()), strata, rnd);
    int[] order = byUserThenItem(r);
    int blocks = strata * strata;
    int[] start = new int[blocks + 1];
    for (int p = 0; p < n; p++) start[userStratum[r.user(p)] * strata + itemStratum[r.item(p)] + 1]++;
    for (int b = 0; b < blocks; b++) start[b + 1] += start[b];
    int[] fill = java.util.Arrays.copyOf(start, blocks);
    int[] users = new int[n], items = new int[n];
    float[] values = new float[n];
    for (int q = 0; q < n; q++) { // a stable counting sort: each block keeps the (user, item) order
      int p = order[q];
      int at = fill[userStratum[r.user(p)] * strata + itemStratum[r.item(p)]]++;
      users[at] = r.user(p);
      items[at] = r.item(p);
      values[at] = r.value(p);
    }
    return new StratifiedBlocks(strata, start, users, items, values);
  }

  int blockStart(int s, int t) { return start[s * strata + t]; }
  int blockEnd(int s, int t) { return start[s * strata + t + 1]; }

  /** Positions of the ratings ordered by user, then item: two stable counting sorts (item, then user). */
  private static int[] byUserThenItem(Ratings r) {
    int n = r.size();
    int[] identity = new int[n];
    for (int p = 0; p < n; p++) identity[p] = p;
    return stableSort(stableSort(identity, r.items(), r.numItems()), r.users(), r.numUsers());
  }

  private static int[] stableSort(int[] order, int[] key, int keys) {
    int[] start = new int[keys + 1];
    for (int p : order) start[key[p] + 1]++;
    for (int c = 0; c < keys; c++) start[c + 1] += start[c];
    int[] out = new int[order.length];
    for (int p : order) out[start[key[p]]++] = p;
    return out;
  }

  private static int[] count(int[] rows, int n, int numRows) {
    int[] c = new int[numRows];
    for (int p = 0; p < n; p++) c[rows[p]]++;
    return c;
  }

  /** Rows in random order, cut into {@code strata} runs of about equal total count. */
  private static int[] deal(int[] counts, int strata, SplittableRandom rnd) {
    long total = 0;
    for (int c : counts) total += c;
    int[] stratum = new int[counts.length];
    long before = 0;
    for (int row : shuffled(counts.length, rnd)) {
      stratum[row] = total == 0 ? 0 : (int) Math.min(strata - 1, before * strata / total);
      before += counts[row];
    }
    return stratum;
  }

  private static int[] shuffled(int n, SplittableRandom rnd) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++) a[i] = i;
    for (int i = n - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    return a;
  }
}
