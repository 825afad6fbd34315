package org.mf4j.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.mf4j.kernel.Kernels;
import org.mf4j.memory.FactorMatrix;
import org.mf4j.parallel.RowSweep;
import org.mf4j.serving.ItemScorer;
import org.mf4j.sparse.CsrMatrix;

/**
 * Top-k ranking evaluation of a factor model: each user's candidates are ranked by score
 * {@code u_u · v_i} (computed by an {@link ItemScorer}) and the ranking is compared with the user's
 * held-out items.
 *
 * <h2>Definitions</h2>
 * For a user u, with n the number of items:
 * <ul>
 *   <li><b>Candidates</b> C_u: every item that is not one of u's training items (a row of the training
 *       matrix; values are ignored, repeated items count once).</li>
 *   <li><b>Relevant items</b> R_u: the distinct items of u's test row that are candidates. A test item
 *       that is also a training item of u cannot be recommended and is not counted. Every test entry is
 *       relevant whatever its value: for explicit ratings the caller filters first.</li>
 *   <li><b>Ranking</b>: candidates by score, highest first; equal scores by lower item index first.
 *       L_u is its first min(k, |C_u|) items (shorter than k when there are fewer candidates);
 *       rel(r) is 1 when the item at rank r (from 1) is relevant, else 0.</li>
 *   <li>hits_u = Σ_{r ≤ |L_u|} rel(r); m_u = min(k, |R_u|).</li>
 * </ul>
 * Users with |R_u| ≥ 1 are evaluated (this implies |C_u| ≥ 1); U is the set of them. Then:
 * <ul>
 *   <li>{@code precision_at_k} = mean over U of hits_u / k (k even when fewer candidates than k).</li>
 *   <li>{@code precision_at_k_capped} = Σ_U hits_u / Σ_U m_u (the {@code implicit} library's
 *       "precision": a user with fewer than k relevant items can reach 1).</li>
 *   <li>{@code recall_at_k} = mean over U of hits_u / |R_u|.</li>
 *   <li>{@code ndcg_at_k} = mean over U of DCG_u / IDCG_u, with DCG_u = Σ_{r ≤ |L_u|} rel(r) / log₂(r+1)
 *       and IDCG_u = Σ_{r=1..m_u} 1 / log₂(r+1) (binary gains).</li>
 *   <li>{@code map_at_k} = mean over U of AP_u = (Σ_{r ≤ |L_u|} rel(r) · hits_u(r) / r) / m_u, where
 *       hits_u(r) is the number of hits among the first r.</li>
 *   <li>{@code hit_rate_at_k} = fraction of U with hits_u ≥ 1.</li>
 *   <li>{@code auc} = mean, over users of U with at least one non-relevant candidate
 *       (N_u = C_u \ R_u non-empty), of AUC_u = (1 / (|R_u|·|N_u|)) Σ_{p ∈ R_u, q ∈ N_u}
 *       ([s_p > s_q] + ½[s_p = s_q]), over the full ranking (no cutoff, so the same for every k).
 *       Computed in O(|C_u| log |R_u|) per user: the relevant scores are sorted and each other
 *       candidate's score is located among them by binary search.</li>
 * </ul>
 *
 * <h2>How</h2>
 * The users of U are scored in blocks (at most {@value #MAX_BLOCK_USERS} users per
 * {@link ItemScorer#scoreUsers} call, fewer when items are many, so a block's score rows stay within
 * {@value #MAX_BLOCK_FLOATS} floats), blocks spread over a {@link RowSweep}. Per user, the top k is
 * kept in a bounded min-heap (O(n log k)), then sorted; all cutoffs come from the one top-max(k) list.
 * Each worker owns its scratch (score rows, item marks, heap), so nothing is allocated per user.
 * Sums are exact integers where they can be; the floating ones are summed per block in user order,
 * then over blocks in block order, and blocks depend only on the number of items: the result is the
 * same, bit for bit, whatever the thread count.
 *
 * <p>An instance fixes the interactions and cutoffs and owns a thread pool: create it once and call
 * {@link #evaluate} with new factors as often as needed (e.g. once per training iteration), then close
 * it. One {@code evaluate} at a time per instance (it is not thread-safe), and none after
 * {@link #close()}. The static {@code evaluate} methods do all three. Keeps the interaction matrices by
 * reference (do not modify them while it is in use); does not own or close the factor matrices. All ids
 * are dense: row u of U, the matrices and the scorer describe the same user, column i the same item.
 */
public final class RankingEvaluator implements AutoCloseable {
  /** Users per {@link ItemScorer#scoreUsers} call, at most. */
  public static final int MAX_BLOCK_USERS = 64;
  /** Floats of score rows per worker, at most (16 MiB): fewer users per block when items are many. */
  public static final int MAX_BLOCK_FLOATS = 1 << 22;

  private static final byte CANDIDATE = 0, TRAINING = 1, RELEVANT = 2;

  private final CsrMatrix train;
  private final CsrMatrix test;
  private final int[] ks;
  private final int numItems;
  /** Row stride of the score block: numItems rounded up to 16 floats, so rows start aligned. */
  private final int ldo;
  /** The users of U (at least one relevant item), ascending. */
  private final int[] users;
  private final int blockUsers;
  private final int blocks;
  /** The longest test row: a bound on |R_u|. */
  private final int maxRelevant;
  /** The heap size: max(k), at most the number of items. */
  private final int topSize;
  /** discount[r] = 1 / log₂(r+1), r = 1..topSize. */
  private final double[] discount;
  /** idealDcg[j] = Σ_{r=1..j} discount[r]. */
  private final double[] idealDcg;
  private final RowSweep<Scratch> sweep;

  /** Per cutoff: hits, Σ m_u, users with a hit; then users, relevant items, AUC users. */
  private final int countsPerBlock;
  /** Per cutoff: Σ recall, Σ NDCG, Σ AP; then Σ AUC. */
  private final int sumsPerBlock;

  /**
   * Prepares an evaluation: finds the users with relevant items and starts the worker threads.
   *
   * @param train training interactions by user (rows = users, columns = items): excluded from ranking
   * @param test test interactions by user, same shape: each entry a relevant item
   * @param ks cutoffs, each ≥ 1; sorted and made distinct (the results follow that order)
   * @param threads worker threads, at most one per block of users used; 0 means one per available
   *     processor
   * @throws IllegalArgumentException when shapes differ, {@code ks} is empty, a cutoff is below 1 or
   *     {@code threads} is negative
   */
  public RankingEvaluator(CsrMatrix train, CsrMatrix test, int[] ks, int threads) {
    if (train.rows() != test.rows() || train.numCols() != test.numCols()) {
      throw new IllegalArgumentException("train is " + train.rows() + "×" + train.numCols() + " but test is "
          + test.rows() + "×" + test.numCols() + " (users × items): they must have the same shape");
    }
    if (ks.length == 0) throw new IllegalArgumentException("ks is empty: give at least one cutoff");
    for (int k : ks) if (k < 1) throw new IllegalArgumentException("cutoff k = " + k + " must be ≥ 1");
    if (threads < 0) throw new IllegalArgumentException("threads = " + threads + " < 0");
    this.train = train;
    this.test = test;
    this.ks = Arrays.stream(ks).sorted().distinct().toArray();
    this.numItems = test.numCols();
    this.ldo = (numItems + 15) / 16 * 16;
    this.users = usersWithRelevantItems(train, test);
    this.blockUsers = Math.clamp(MAX_BLOCK_FLOATS / Math.max(1, ldo), 1, MAX_BLOCK_USERS);
    this.blocks = (users.length + blockUsers - 1) / blockUsers;
    int longest = 0;
    for (int u : users) longest = Math.max(longest, test.rowLength(u));
    this.maxRelevant = longest;
    this.topSize = Math.min(this.ks[this.ks.length - 1], numItems);
    this.discount = new double[topSize + 1];
    this.idealDcg = new double[topSize + 1];
    for (int r = 1; r <= topSize; r++) {
      discount[r] = 1 / (Math.log(r + 1) / Math.log(2));
      idealDcg[r] = idealDcg[r - 1] + discount[r];
    }
    this.countsPerBlock = 3 * this.ks.length + 3;
    this.sumsPerBlock = 3 * this.ks.length + 1;
    int t = threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
    this.sweep = new RowSweep<>(Math.max(1, Math.min(t, blocks)), Scratch::new);
  }

  /** The cutoffs, ascending and distinct, in the order of {@link #evaluate}'s results. */
  public int[] cutoffs() { return ks.clone(); }

  /** The number of users that will be evaluated (those with at least one relevant item). */
  public int usersToEvaluate() { return users.length; }

  /**
   * Ranks every evaluated user's candidates with {@code scorer} and computes the metrics.
   *
   * @param userFactors U, one row per user of the interaction matrices, of the scorer's rank; only read
   * @param scorer scores a user against every item (V), as many items as the matrices have columns
   * @return one {@link RankingMetrics} per cutoff, in {@link #cutoffs()} order
   * @throws IllegalArgumentException when the shapes or ranks do not match, or a candidate's score is NaN
   *     (the factors hold NaN or infinite values); the message names the first such user and item
   */
  public List<RankingMetrics> evaluate(FactorMatrix userFactors, ItemScorer scorer) {
    if (userFactors.rows() != test.rows()) {
      throw new IllegalArgumentException("U has " + userFactors.rows() + " rows but the interactions have "
          + test.rows() + " users");
    }
    if (scorer.numItems() != numItems) {
      throw new IllegalArgumentException("the scorer has " + scorer.numItems() + " items but the interactions have "
          + numItems);
    }
    long[] counts = new long[blocks * countsPerBlock];
    double[] sums = new double[blocks * sumsPerBlock];
    long[] nanAt = new long[blocks]; // per block: user << 32 | item of the first NaN score, or -1
    sweep.run(blocks, b -> 1, (from, to, s) -> {
      for (int b = from; b < to; b++) nanAt[b] = evaluateBlock(b, userFactors, scorer, s, counts, sums);
    });
    for (long at : nanAt) {
      if (at >= 0) {
        throw new IllegalArgumentException("score of user " + (at >>> 32) + " for item " + (int) at
            + " is NaN: the factors hold NaN or infinite values");
      }
    }
    return total(counts, sums);
  }

  /**
   * {@link #evaluate(FactorMatrix, ItemScorer)} once, on a pool of {@code threads} (0: one per processor)
   * started and stopped for it; arguments and exceptions as the constructor and that method.
   */
  public static List<RankingMetrics> evaluate(FactorMatrix userFactors, ItemScorer scorer, CsrMatrix train,
      CsrMatrix test, int[] ks, int threads) {
    try (RankingEvaluator e = new RankingEvaluator(train, test, ks, threads)) {
      return e.evaluate(userFactors, scorer);
    }
  }

  /** {@link #evaluate(FactorMatrix, ItemScorer, CsrMatrix, CsrMatrix, int[], int)} once at one cutoff {@code k}. */
  public static RankingMetrics evaluate(FactorMatrix userFactors, ItemScorer scorer, CsrMatrix train,
      CsrMatrix test, int k, int threads) {
    return evaluate(userFactors, scorer, train, test, new int[] {k}, threads).get(0);
  }

  /**
   * {@link #evaluate} once on in-memory factors, scoring with an {@link ItemScorer} over {@code V}: the
   * entry point for a trainer that reports ranking quality per iteration without files. (A trainer
   * calling it every iteration may keep an instance instead, to set up the users and threads once.) Each
   * call packs a heap copy of V; arguments and exceptions otherwise as
   * {@link #evaluate(FactorMatrix, ItemScorer, CsrMatrix, CsrMatrix, int[], int)}.
   *
   * @param kernels the kernels to score with
   * @param userFactors U (users × rank)
   * @param itemFactors V (items × rank)
   */
  public static List<RankingMetrics> evaluate(Kernels kernels, FactorMatrix userFactors, FactorMatrix itemFactors,
      CsrMatrix train, CsrMatrix test, int[] ks, int threads) {
    return evaluate(userFactors, new ItemScorer(kernels, itemFactors), train, test, ks, threads);
  }

  /** Stops the worker threads. */
  @Override
  public void close() {
    sweep.close();
  }

  /** One worker's reusable state. */
  private final class Scratch {
    final float[] scores = new float[blockUsers * ldo];
    final byte[] mark = new byte[numItems]; // CANDIDATE, TRAINING or RELEVANT; all CANDIDATE between users
    final int[] relevant = new int[maxRelevant];
    final float[] relevantScores = new float[maxRelevant];
    final int[] top = new int[topSize];
  }

  /**
   * Scores block {@code b} and adds its users' values into the block's slots of {@code counts} and
   * {@code sums} (no other block writes there); returns where the first NaN score was, or -1.
   */
  private long evaluateBlock(int b, FactorMatrix userFactors, ItemScorer scorer, Scratch s, long[] counts,
      double[] sums) {
    int from = b * blockUsers, count = Math.min(blockUsers, users.length - from);
    scorer.scoreUsers(userFactors, users, from, count, s.scores, ldo);
    long nanAt = -1;
    for (int r = 0; r < count; r++) {
      long at = evaluateUser(users[from + r], s, r * ldo, counts, b * countsPerBlock, sums, b * sumsPerBlock);
      if (nanAt < 0) nanAt = at;
    }
    return nanAt;
  }

  /** Adds one user's values; returns {@code user << 32 | item} of a NaN score, or -1. */
  private long evaluateUser(int u, Scratch s, int base, long[] counts, int c0, double[] sums, int s0) {
    float[] score = s.scores;
    byte[] mark = s.mark;
    int[] trainItems = train.colIndex(), testItems = test.colIndex();
    int trainFrom = (int) train.rowStart(u), trainTo = (int) train.rowEnd(u);
    int testFrom = (int) test.rowStart(u), testTo = (int) test.rowEnd(u);
    int excluded = 0, m = 0;
    for (int p = trainFrom; p < trainTo; p++) {
      int i = trainItems[p];
      if (mark[i] == CANDIDATE) {
        mark[i] = TRAINING;
        excluded++;
      }
    }
    int[] relevant = s.relevant;
    for (int p = testFrom; p < testTo; p++) {
      int i = testItems[p];
      if (mark[i] == CANDIDATE) {
        mark[i] = RELEVANT;
        relevant[m++] = i;
      }
    }
    // m ≥ 1: users were chosen so. Relevant scores sorted, for counting the pairs each other candidate loses.
    float[] rs = s.relevantScores;
    for (int j = 0; j < m; j++) rs[j] = score[base + relevant[j]];
    Arrays.sort(rs, 0, m);

    int candidates = numItems - excluded;
    int heapSize = Math.min(topSize, candidates);
    int[] top = s.top;
    int size = 0;
    long wonTwice = 0; // Σ over (relevant, other) pairs of 2·[relevant higher] + [equal]
    long nanAt = -1;
    for (int i = 0; i < numItems; i++) {
      byte mi = mark[i];
      if (mi == TRAINING) continue;
      float x = score[base + i];
      if (x != x && nanAt < 0) nanAt = (long) u << 32 | i;
      if (size < heapSize) {
        top[size] = i;
        siftUp(top, size++, score, base);
      } else if (x > score[base + top[0]]) { // equal score: i has the higher index, so ranks below
        top[0] = i;
        siftDown(top, 0, size, score, base);
      }
      if (mi == CANDIDATE) wonTwice += twiceRelevantAbove(rs, m, x);
    }
    // Heap sort: the lowest-ranked goes to the end each time, leaving top[0] the best.
    for (int end = size - 1; end > 0; end--) {
      int t = top[0];
      top[0] = top[end];
      top[end] = t;
      siftDown(top, 0, end, score, base);
    }

    int hits = 0, next = 0;
    double dcg = 0, precisionSum = 0;
    for (int r = 1; r <= size; r++) {
      if (mark[top[r - 1]] == RELEVANT) {
        hits++;
        dcg += discount[r];
        precisionSum += (double) hits / r;
      }
      while (next < ks.length && ks[next] == r) add(next++, hits, m, dcg, precisionSum, counts, c0, sums, s0);
    }
    while (next < ks.length) add(next++, hits, m, dcg, precisionSum, counts, c0, sums, s0); // k > candidates
    int kn = ks.length;
    counts[c0 + 3 * kn]++;
    counts[c0 + 3 * kn + 1] += m;
    int negatives = candidates - m;
    if (negatives > 0) {
      counts[c0 + 3 * kn + 2]++;
      sums[s0 + 3 * kn] += wonTwice / (2.0 * m * negatives);
    }

    for (int p = trainFrom; p < trainTo; p++) mark[trainItems[p]] = CANDIDATE;
    for (int p = testFrom; p < testTo; p++) mark[testItems[p]] = CANDIDATE;
    return nanAt;
  }

  /** Adds one user's values at cutoff {@code ks[j]}. */
  private void add(int j, int hits, int relevant, double dcg, double precisionSum, long[] counts, int c0,
      double[] sums, int s0) {
    int ideal = Math.min(ks[j], relevant);
    counts[c0 + 3 * j] += hits;
    counts[c0 + 3 * j + 1] += ideal;
    if (hits > 0) counts[c0 + 3 * j + 2]++;
    sums[s0 + 3 * j] += (double) hits / relevant;
    sums[s0 + 3 * j + 1] += dcg / idealDcg[ideal]; // ideal ≤ min(max k, items) = topSize
    sums[s0 + 3 * j + 2] += precisionSum / ideal;
  }

  /** 2·#(relevant scores > x) + #(relevant scores = x), by binary search in the sorted {@code rs[0, m)}. */
  private static long twiceRelevantAbove(float[] rs, int m, float x) {
    int lo = 0, hi = m; // first index with rs >= x
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (rs[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    int below = lo;
    hi = m; // first index with rs > x
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (rs[mid] <= x) lo = mid + 1;
      else hi = mid;
    }
    return 2L * (m - lo) + (lo - below);
  }

  /** True when item a ranks below item b: a lower score, or the same score and a higher index. */
  private static boolean ranksBelow(int a, int b, float[] score, int base) {
    float x = score[base + a], y = score[base + b];
    return x < y || (x == y && a > b);
  }

  /** Min-heap by rank: the root is the lowest-ranked item kept. */
  private static void siftUp(int[] heap, int pos, float[] score, int base) {
    int item = heap[pos];
    while (pos > 0) {
      int parent = (pos - 1) >>> 1;
      if (!ranksBelow(item, heap[parent], score, base)) break;
      heap[pos] = heap[parent];
      pos = parent;
    }
    heap[pos] = item;
  }

  private static void siftDown(int[] heap, int pos, int size, float[] score, int base) {
    int item = heap[pos];
    while (true) {
      int child = 2 * pos + 1;
      if (child >= size) break;
      if (child + 1 < size && ranksBelow(heap[child + 1], heap[child], score, base)) child++;
      if (!ranksBelow(heap[child], item, score, base)) break;
      heap[pos] = heap[child];
      pos = child;
    }
    heap[pos] = item;
  }

  /** Sums the blocks in block order into one result per cutoff. */
  private List<RankingMetrics> total(long[] counts, double[] sums) {
    int kn = ks.length;
    long[] c = new long[countsPerBlock];
    double[] d = new double[sumsPerBlock];
    for (int b = 0; b < blocks; b++) {
      for (int j = 0; j < countsPerBlock; j++) c[j] += counts[b * countsPerBlock + j];
      for (int j = 0; j < sumsPerBlock; j++) d[j] += sums[b * sumsPerBlock + j];
    }
    long evaluated = c[3 * kn], relevant = c[3 * kn + 1], aucUsers = c[3 * kn + 2];
    double auc = d[3 * kn] / aucUsers; // NaN when 0 / 0
    List<RankingMetrics> out = new ArrayList<>(kn);
    for (int j = 0; j < kn; j++) {
      double n = evaluated;
      out.add(new RankingMetrics(ks[j], c[3 * j] / (n * ks[j]), (double) c[3 * j] / c[3 * j + 1], d[3 * j] / n,
          d[3 * j + 1] / n, d[3 * j + 2] / n, c[3 * j + 2] / n, auc, evaluated, relevant, aucUsers));
    }
    return out;
  }

  /** The users with at least one test item that is not also one of their training items, ascending. */
  private static int[] usersWithRelevantItems(CsrMatrix train, CsrMatrix test) {
    boolean[] inTrain = new boolean[test.numCols()];
    int[] trainItems = train.colIndex(), testItems = test.colIndex();
    int[] out = new int[test.rows()];
    int n = 0;
    for (int u = 0; u < test.rows(); u++) {
      if (test.rowLength(u) == 0) continue;
      int tf = (int) train.rowStart(u), tt = (int) train.rowEnd(u);
      for (int p = tf; p < tt; p++) inTrain[trainItems[p]] = true;
      for (long p = test.rowStart(u); p < test.rowEnd(u); p++) {
        if (!inTrain[testItems[(int) p]]) {
          out[n++] = u;
          break;
        }
      }
      for (int p = tf; p < tt; p++) inTrain[trainItems[p]] = false;
    }
    return Arrays.copyOf(out, n);
  }
}
