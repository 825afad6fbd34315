package org.mf4j.serving;

import java.util.Arrays;
import org.mf4j.kernel.Kernels;
import org.mf4j.memory.FactorMatrix;
import org.mf4j.parallel.RowSweep;
import org.mf4j.sparse.CsrMatrix;

/**
 * The n best items per user by score {@code u·v}: for one user, one vector, a list of users or all
 * users (in parallel over blocks of users).
 *
 * <p>Algorithm: users in blocks of up to {@value #USER_BLOCK}, items in blocks of about
 * {@value #ITEM_BLOCK}. A block of scores comes from {@link ItemScorer#scoreBlock} (a packed matrix
 * product) into per-worker scratch; the user's seen items in it are overwritten with NaN; then
 * {@link Kernels#firstGreater} skips to the next score above the user's current n-th best (the minimum
 * of a bounded min-heap of size n), so only the few scores that can enter the heap cost a heap
 * operation, and the allow/deny lists are checked only for those. Items are visited in increasing id
 * order, so an item that ties the heap minimum loses to the one already there: ties go to the lower
 * item id. The heap is heap-sorted best-first at the end.
 *
 * <p>Results are deterministic: a user's scores do not depend on the users scored with it
 * ({@link Kernels#gemmPacked}'s contract), so they do not depend on the thread count. A batch query
 * allocates its result arrays and one scratch per worker, nothing per user. NaN scores are never
 * returned.
 *
 * <p>Seen items come from a {@link CsrMatrix} by user (row = dense user, column = dense item); its rows
 * are sorted once here (a copy when they are not already sorted). Without one, {@link ItemFilter}'s
 * {@code excludeSeen} has nothing to exclude.
 *
 * <p>Ids are dense: users are rows of the user factors, items rows of the scorer's V. Every query checks
 * its arguments first: a user out of range throws {@link IndexOutOfBoundsException}, {@code n < 1}, a
 * thread count below 1 or a filter list naming an item outside {@code [0, numItems())} throws
 * {@link IllegalArgumentException}. n is not capped at the number of items: a batch allocates
 * {@code rows × n} result slots.
 *
 * <p>Thread-safe: immutable; any number of queries may run at once. Owns no off-heap memory; does not
 * own the user factors, which must stay open while it is used (after they are closed, queries that read
 * them throw {@link IllegalStateException}).
 */
public final class TopN {
  /** Users scored per {@code gemmPacked} call: ~30 KiB of user rows at K = 64, a multiple of the 6-row tile. */
  static final int USER_BLOCK = 120;
  /** Items per block of scores: 120 users × 512 items of scratch (240 KiB) stay in L2 for the selection. */
  static final int ITEM_BLOCK = 512;

  private final ItemScorer scorer;
  private final Kernels kernels;
  private final FactorMatrix users;
  private final CsrMatrix seen;
  private final int numItems;
  private final int itemBlock;

  /**
   * An engine over {@code userFactors} (kept, not copied) and the items of {@code scorer}.
   *
   * @param scorer the packed item factors V
   * @param userFactors U, of the scorer's rank; must stay open while this engine is used
   * @param seenItems the users' training items by user (rows = users, columns = items), or null; kept as
   *     they are when each row's items are sorted, else copied sorted
   * @throws IllegalArgumentException when the ranks or the shape of {@code seenItems} do not match
   */
  public TopN(ItemScorer scorer, FactorMatrix userFactors, CsrMatrix seenItems) {
    if (userFactors.rank() != scorer.rank()) {
      throw new IllegalArgumentException("rank of U (" + userFactors.rank() + ") != rank of V (" + scorer.rank() + ")");
    }
    if (seenItems != null && (seenItems.rows() != userFactors.rows() || seenItems.numCols() != scorer.numItems())) {
      throw new IllegalArgumentException("seen items are " + seenItems.rows() + " users × " + seenItems.numCols()
          + " items, the model " + userFactors.rows() + " × " + scorer.numItems());
    }
    this.scorer = scorer;
    this.kernels = scorer.kernels();
    this.users = userFactors;
    this.seen = seenItems == null ? null : sortedRows(seenItems);
    this.numItems = scorer.numItems();
    int w = scorer.panelWidth();
    this.itemBlock = Math.max(w, ITEM_BLOCK / w * w);
  }

  /** The number of users: the rows of the user factors. */
  public int numUsers() { return users.rows(); }
  /** The number of items: the rows of the scorer's V. */
  public int numItems() { return numItems; }

  /** True when seen items are known (and excluded unless a filter says otherwise). */
  public boolean hasSeenItems() { return seen != null; }

  /**
   * The n best items for dense user {@code user} under {@code filter}, best first (ties: lower item id);
   * fewer when fewer items qualify.
   *
   * @throws IndexOutOfBoundsException when {@code user} is out of range
   * @throws IllegalArgumentException when {@code n < 1} or a filter list names an item out of range
   */
  public Recommendations forUser(int user, int n, ItemFilter filter) {
    checkUser(user);
    Query q = query(n, filter);
    Scratch s = new Scratch(1, n);
    ItemScorer.copyRows(users, user, 1, s.a);
    topBlock(s, 1, null, 0, user, q);
    return single(s, n);
  }

  /**
   * The n best items for a user vector not in the model (e.g. folded in): its K floats from
   * {@code u[uOff]}. Only the filter's lists apply; there are no seen items. A vector holding NaN gives an
   * empty result.
   *
   * @throws IllegalArgumentException when {@code n < 1} or a filter list names an item out of range
   * @throws IndexOutOfBoundsException when {@code u} holds fewer than K floats from {@code uOff}
   */
  public Recommendations forVector(float[] u, int uOff, int n, ItemFilter filter) {
    Query q = query(n, filter);
    Scratch s = new Scratch(1, n);
    System.arraycopy(u, uOff, s.a, 0, scorer.rank());
    topBlock(s, 1, null, 0, -1, q);
    return single(s, n);
  }

  /**
   * The n best items for each of {@code userList} (dense ids; repeats allowed), on a pool of
   * {@code threads} threads started and stopped for the call; row r of the result is {@code userList[r]}.
   * The result does not depend on the thread count.
   *
   * @throws IndexOutOfBoundsException when a user is out of range
   * @throws IllegalArgumentException when {@code n < 1}, {@code threads < 1} or a filter list names an
   *     item out of range
   * @throws ArithmeticException when {@code userList.length · n} overflows an int
   */
  public RecommendationBatch forUsers(int[] userList, int n, ItemFilter filter, int threads) {
    int[] list = userList.clone();
    for (int u : list) checkUser(u);
    return batch(list, n, filter, threads);
  }

  /**
   * The n best items for every user, row r = dense user r, on {@code threads} threads; as
   * {@link #forUsers}. The result holds {@code numUsers() · n} slots: for many users, ask in pieces with
   * {@link #forUserRange}.
   *
   * @throws IllegalArgumentException when {@code n < 1}, {@code threads < 1} or a filter list names an
   *     item out of range
   * @throws ArithmeticException when {@code numUsers() · n} overflows an int
   */
  public RecommendationBatch forAllUsers(int n, ItemFilter filter, int threads) {
    return batch(null, n, filter, threads);
  }

  /**
   * Like {@link #forAllUsers} for the users {@code [from, to)} only: a long list in pieces, each with
   * result arrays of {@code (to - from)·n} entries; row r of the result is user {@code from + r}.
   *
   * @throws IndexOutOfBoundsException when {@code [from, to)} is not a range within {@code [0, numUsers()]}
   * @throws IllegalArgumentException when {@code n < 1}, {@code threads < 1} or a filter list names an
   *     item out of range
   */
  public RecommendationBatch forUserRange(int from, int to, int n, ItemFilter filter, int threads) {
    if (from < 0 || to > users.rows() || from > to) {
      throw new IndexOutOfBoundsException("users [" + from + ", " + to + ") not in [0, " + users.rows() + ")");
    }
    return batch(null, from, to, n, filter, threads);
  }

  private RecommendationBatch batch(int[] list, int n, ItemFilter filter, int threads) {
    return batch(list, 0, list == null ? users.rows() : list.length, n, filter, threads);
  }

  /** Rows [0, to - from): users list[r] when list != null, else from + r. */
  private RecommendationBatch batch(int[] list, int from, int to, int n, ItemFilter filter, int threads) {
    if (threads < 1) throw new IllegalArgumentException("threads = " + threads + " < 1");
    Query q = query(n, filter);
    int rows = to - from;
    int[] userOf = list != null ? list : new int[rows];
    if (list == null) for (int r = 0; r < rows; r++) userOf[r] = from + r;
    int[] counts = new int[rows];
    int[] items = new int[Math.multiplyExact(rows, n)];
    float[] scores = new float[items.length];
    Arrays.fill(items, -1);
    Arrays.fill(scores, Float.NaN);
    if (rows == 0) return new RecommendationBatch(n, userOf, counts, items, scores);
    int stride = users.stride();
    // The sweep hands out whole blocks of users: only the last block of all may be short.
    int blocks = (rows + USER_BLOCK - 1) / USER_BLOCK;
    try (RowSweep<Scratch> sweep = new RowSweep<>(threads, () -> new Scratch(USER_BLOCK, n))) {
      sweep.run(blocks, blk -> 1, (q0, q1, s) -> {
        for (int r0 = q0 * USER_BLOCK, b = Math.min(rows, q1 * USER_BLOCK); r0 < b; r0 += USER_BLOCK) {
          int m = Math.min(USER_BLOCK, b - r0);
          if (list != null) kernels.gather(users.segment(), stride, list, r0, m, s.a, 0, stride);
          else ItemScorer.copyRows(users, from + r0, m, s.a);
          topBlock(s, m, list, r0, from + r0, q);
          for (int r = 0; r < m; r++) counts[r0 + r] = s.drain(r, items, scores, (r0 + r) * n);
        }
      });
    }
    return new RecommendationBatch(n, userOf, counts, items, scores);
  }

  /** What a query asks for, checked once. */
  private record Query(int n, boolean excludeSeen, long[] blocked) {}

  private Query query(int n, ItemFilter filter) {
    if (n < 1) throw new IllegalArgumentException("n = " + n + " < 1");
    return new Query(n, filter.excludesSeen() && seen != null, filter.blockedBits(numItems));
  }

  private void checkUser(int user) {
    if (user < 0 || user >= users.rows()) throw new IndexOutOfBoundsException("user " + user + " not in [0, " + users.rows() + ")");
  }

  private static Recommendations single(Scratch s, int n) {
    int[] items = new int[n];
    float[] scores = new float[n];
    int c = s.drain(0, items, scores, 0);
    return new Recommendations(Arrays.copyOf(items, c), Arrays.copyOf(scores, c));
  }

  /**
   * Leaves in the heaps of s the best items of the m users whose rows are in {@code s.a} (row stride
   * U's stride): user r is {@code list[listOff + r]}, or {@code firstUser + r} when list is null
   * (-1: a vector, no seen items).
   */
  private void topBlock(Scratch s, int m, int[] list, int listOff, int firstUser, Query q) {
    int[] col = seen == null ? null : seen.colIndex();
    for (int r = 0; r < m; r++) {
      s.size[r] = 0;
      int user = list != null ? list[listOff + r] : firstUser < 0 ? -1 : firstUser + r;
      boolean hasSeen = q.excludeSeen && user >= 0;
      s.seenAt[r] = hasSeen ? seen.rowStart(user) : 0;
      s.seenEnd[r] = hasSeen ? seen.rowEnd(user) : 0;
    }
    int lda = users.stride(), ldc = s.ldc;
    float[] c = s.c;
    for (int ib = 0; ib < numItems; ib += itemBlock) {
      int nb = Math.min(itemBlock, numItems - ib);
      scorer.scoreBlock(m, s.a, 0, lda, ib, nb, c, 0, ldc);
      for (int r = 0; r < m; r++) {
        int off = r * ldc;
        // Seen items of this block (rows sorted by item): NaN, which never passes a threshold.
        long p = s.seenAt[r], e = s.seenEnd[r];
        for (int end = ib + nb; p < e && col[(int) p] < end; p++) c[off + col[(int) p] - ib] = Float.NaN;
        s.seenAt[r] = p;
        select(s, r, c, off, nb, ib, q.blocked);
      }
    }
  }

  /** Offers the scores {@code c[off ..off+nb)} of items {@code ib..} to user r's heap. */
  private void select(Scratch s, int r, float[] c, int off, int nb, int ib, long[] blocked) {
    final int n = s.n, h = r * n;
    final float[] hs = s.heapScores;
    final int[] hi = s.heapItems;
    int size = s.size[r];
    int j = off;
    final int end = off + nb;
    // Filling: every scored (not NaN) item that the lists allow, until the heap holds n.
    for (; size < n && j < end; j++) {
      float v = c[j];
      int item = ib + j - off;
      if (v != v || isBlocked(blocked, item)) continue;
      siftUp(hs, hi, h, size++, v, item);
    }
    s.size[r] = size;
    if (size < n) return;
    // Full: only a score above the current n-th best can enter; equal ones lose (higher item id).
    float min = hs[h];
    while ((j = kernels.firstGreater(c, j, end, min)) < end) {
      int item = ib + j - off;
      float v = c[j++];
      if (isBlocked(blocked, item)) continue;
      siftDown(hs, hi, h, n, v, item);
      min = hs[h];
    }
  }

  private static boolean isBlocked(long[] blocked, int item) {
    return blocked != null && (blocked[item >>> 6] & (1L << item)) != 0;
  }

  /** True when (sa, ia) ranks below (sb, ib): a lower score, or the same score and a higher item id. */
  private static boolean worse(float sa, int ia, float sb, int ib) {
    return sa < sb || (sa == sb && ia > ib);
  }

  /** Adds (v, item) at heap slot {@code size} and restores the heap (worst at the root). */
  private static void siftUp(float[] hs, int[] hi, int h, int size, float v, int item) {
    int i = size;
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (!worse(v, item, hs[h + parent], hi[h + parent])) break;
      hs[h + i] = hs[h + parent];
      hi[h + i] = hi[h + parent];
      i = parent;
    }
    hs[h + i] = v;
    hi[h + i] = item;
  }

  /** Replaces the root of a heap of {@code size} by (v, item) and restores the heap. */
  private static void siftDown(float[] hs, int[] hi, int h, int size, float v, int item) {
    int i = 0;
    while (true) {
      int child = 2 * i + 1;
      if (child >= size) break;
      if (child + 1 < size && worse(hs[h + child + 1], hi[h + child + 1], hs[h + child], hi[h + child])) child++;
      if (!worse(hs[h + child], hi[h + child], v, item)) break;
      hs[h + i] = hs[h + child];
      hi[h + i] = hi[h + child];
      i = child;
    }
    hs[h + i] = v;
    hi[h + i] = item;
  }

  /** Rows of seen items sorted by item: the rows as they are when already sorted, else a sorted copy. */
  static CsrMatrix sortedRows(CsrMatrix m) {
    int[] col = m.colIndex();
    for (int r = 0; r < m.rows(); r++) {
      for (long p = m.rowStart(r) + 1, e = m.rowEnd(r); p < e; p++) {
        if (col[(int) p - 1] > col[(int) p]) return m.transpose().transpose(); // stable counting sorts: rows by column
      }
    }
    return m;
  }

  /** One worker's buffers, sized for blocks of {@code rows} users and top-n heaps. */
  private final class Scratch {
    final int n;
    final int ldc;
    final float[] a;
    final float[] c;
    final float[] heapScores;
    final int[] heapItems;
    final int[] size;
    final long[] seenAt;
    final long[] seenEnd;

    Scratch(int rows, int n) {
      this.n = n;
      this.ldc = itemBlock;
      this.a = new float[rows * users.stride()];
      this.c = new float[rows * itemBlock];
      this.heapScores = new float[Math.multiplyExact(rows, n)];
      this.heapItems = new int[rows * n];
      this.size = new int[rows];
      this.seenAt = new long[rows];
      this.seenEnd = new long[rows];
    }

    /**
     * Heap-sorts row r's heap best-first into {@code items/scores[at ..]} and returns its size; the
     * heap is consumed.
     */
    int drain(int r, int[] items, float[] scores, int at) {
      int h = r * n, count = size[r];
      for (int last = count - 1; last > 0; last--) {
        float v = heapScores[h + last];
        int item = heapItems[h + last];
        heapScores[h + last] = heapScores[h];
        heapItems[h + last] = heapItems[h];
        siftDown(heapScores, heapItems, h, last, v, item);
      }
      System.arraycopy(heapItems, h, items, at, count);
      System.arraycopy(heapScores, h, scores, at, count);
      size[r] = 0;
      return count;
    }
  }
}
