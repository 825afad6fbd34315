package org.mf4j.model;

import org.mf4j.api.IdIndex;
import org.mf4j.kernel.Kernels;
import org.mf4j.memory.FactorMatrix;
import org.mf4j.serving.ItemFilter;
import org.mf4j.serving.ItemScorer;
import org.mf4j.serving.RecommendationBatch;
import org.mf4j.serving.Recommendations;
import org.mf4j.serving.Similarity;
import org.mf4j.serving.TopN;
import org.mf4j.sparse.CsrMatrix;

/**
 * A trained factorization r̂_ui = u_u·v_i: user factors U, item factors V (off-heap), the id maps and,
 * optionally, the training interactions ("seen items": a {@link CsrMatrix} by user, rows = users,
 * columns = items) that {@link #recommend} excludes by default.
 *
 * <p>Owns U and V: {@link #close()} frees them. Reads are thread-safe; nothing here mutates. The first
 * {@code recommend} packs V for scoring ({@link ItemScorer}: a heap copy the size of V), kept until the
 * model is dropped.
 */
public final class FactorModel implements AutoCloseable {
  private final FactorMatrix userFactors;
  private final FactorMatrix itemFactors;
  private final IdIndex userIds;
  private final IdIndex itemIds;
  private final Kernels kernels;
  private final String algorithm;
  private final CsrMatrix seenItems;
  private volatile TopN topN;
  private volatile Similarity itemSimilarity, userSimilarity;

  /** A model without seen items: {@link #recommend} then excludes nothing. */
  public FactorModel(String algorithm, FactorMatrix userFactors, FactorMatrix itemFactors,
      IdIndex userIds, IdIndex itemIds, Kernels kernels) {
    this(algorithm, userFactors, itemFactors, userIds, itemIds, kernels, null);
  }

  /**
   * @param seenItems the training interactions by user ({@code users × items}; values are kept but
   *     only the pattern is used), or null
   */
  public FactorModel(String algorithm, FactorMatrix userFactors, FactorMatrix itemFactors,
      IdIndex userIds, IdIndex itemIds, Kernels kernels, CsrMatrix seenItems) {
    if (userFactors.rank() != itemFactors.rank()) {
      throw new IllegalArgumentException("rank of U (" + userFactors.rank() + ") != rank of V (" + itemFactors.rank() + ")");
    }
    if (seenItems != null && (seenItems.rows() != userFactors.rows() || seenItems.numCols() != itemFactors.rows())) {
      throw new IllegalArgumentException("seen items are " + seenItems.rows() + " users × " + seenItems.numCols()
          + " items, the factors " + userFactors.rows() + " × " + itemFactors.rows());
    }
    this.seenItems = seenItems;
    this.algorithm = algorithm;
    this.userFactors = userFactors;
    this.itemFactors = itemFactors;
    this.userIds = userIds;
    this.itemIds = itemIds;
    this.kernels = kernels;
  }

  public String algorithm() { return algorithm; }
  public int rank() { return userFactors.rank(); }
  public int numUsers() { return userFactors.rows(); }
  public int numItems() { return itemFactors.rows(); }
  public FactorMatrix userFactors() { return userFactors; }
  public FactorMatrix itemFactors() { return itemFactors; }
  public IdIndex userIds() { return userIds; }
  public IdIndex itemIds() { return itemIds; }
  public Kernels kernels() { return kernels; }

  /** The training interactions by user, or null when the model has none (e.g. read from a version-1 file). */
  public CsrMatrix seenItems() { return seenItems; }

  /** The predicted rating of dense user {@code u} for dense item {@code i}. */
  public float predict(int u, int i) {
    if (u < 0 || u >= numUsers()) throw new IndexOutOfBoundsException("user " + u + " not in [0, " + numUsers() + ")");
    if (i < 0 || i >= numItems()) throw new IndexOutOfBoundsException("item " + i + " not in [0, " + numItems() + ")");
    return kernels.dot(userFactors.segment(), userFactors.rowOffset(u), itemFactors.segment(),
        itemFactors.rowOffset(i), rank());
  }

  /** The n best items for dense user {@code user}, best first, its seen items excluded. */
  public Recommendations recommend(int user, int n) {
    return recommend(user, n, ItemFilter.EXCLUDE_SEEN);
  }

  /** The n best items for dense user {@code user} that {@code filter} allows, best first (ties: lower item id). */
  public Recommendations recommend(int user, int n, ItemFilter filter) {
    return topN().forUser(user, n, filter);
  }

  /** The n best items for each of the dense {@code users}, on {@code threads} threads. */
  public RecommendationBatch recommend(int[] users, int n, ItemFilter filter, int threads) {
    return topN().forUsers(users, n, filter, threads);
  }

  /**
   * The n items most similar to dense item {@code item} by cosine of their factor rows, best first, the
   * item itself left out. The first call builds a unit-length copy of V (as large as V; freed by
   * {@link #close()}).
   */
  public Recommendations similarItems(int item, int n) { return similarity(true).mostSimilar(item, n); }

  /** {@link #similarItems(int, int)} for many items at once, as one blocked product on {@code threads} threads. */
  public RecommendationBatch similarItems(int[] items, int n, int threads) { return similarity(true).mostSimilar(items, n, threads); }

  /** The n users most similar to dense user {@code user} by cosine, best first, the user left out (a copy of U on first use). */
  public Recommendations similarUsers(int user, int n) { return similarity(false).mostSimilar(user, n); }

  /** {@link #similarUsers(int, int)} for many users at once, as one blocked product on {@code threads} threads. */
  public RecommendationBatch similarUsers(int[] users, int n, int threads) { return similarity(false).mostSimilar(users, n, threads); }

  /** The cosine engine over V (ofItems) or U, built on first use. */
  private Similarity similarity(boolean ofItems) {
    Similarity s = ofItems ? itemSimilarity : userSimilarity;
    if (s != null) return s;
    synchronized (this) {
      if (ofItems && itemSimilarity == null) itemSimilarity = new Similarity(kernels, itemFactors);
      if (!ofItems && userSimilarity == null) userSimilarity = new Similarity(kernels, userFactors);
      return ofItems ? itemSimilarity : userSimilarity;
    }
  }

  /**
   * The n items with the most training interactions (the model's seen items), most first (ties: lower
   * item id), that {@code filter}'s allow- and deny-lists let through: what a recommender shows a user
   * it does not know. The scores are the interaction counts.
   *
   * @throws IllegalStateException when the model stores no seen items (a version-1 file)
   */
  public Recommendations popularItems(int n, ItemFilter filter) {
    if (n < 0) throw new IllegalArgumentException("n = " + n + " < 0");
    int[] order = popularity();
    java.util.BitSet allowed = null, denied = new java.util.BitSet();
    if (filter.allowed() != null) {
      allowed = new java.util.BitSet();
      for (int i : filter.allowed()) allowed.set(i);
    }
    if (filter.denied() != null) for (int i : filter.denied()) denied.set(i);
    int[] items = new int[Math.min(n, order.length)];
    float[] scores = new float[items.length];
    int got = 0;
    for (int q = 0; q < order.length && got < items.length; q++) {
      int i = order[q];
      if ((allowed != null && !allowed.get(i)) || denied.get(i)) continue;
      items[got] = i;
      scores[got++] = popularityCount[i];
    }
    return new Recommendations(java.util.Arrays.copyOf(items, got), java.util.Arrays.copyOf(scores, got));
  }

  private volatile int[] popularityOrder;
  private int[] popularityCount;

  /** Items by descending interaction count, ties by id; built on first use. */
  private int[] popularity() {
    int[] order = popularityOrder;
    if (order != null) return order;
    synchronized (this) {
      if (popularityOrder == null) {
        if (seenItems == null) throw new IllegalStateException("the model stores no training interactions, so it knows no popular items");
        int[] count = new int[numItems()];
        for (int c : seenItems.colIndex()) count[c]++;
        popularityCount = count;
        popularityOrder = java.util.stream.IntStream.range(0, count.length).boxed()
            .sorted((a, b) -> count[a] != count[b] ? Integer.compare(count[b], count[a]) : Integer.compare(a, b))
            .mapToInt(Integer::intValue).toArray();
      }
      return popularityOrder;
    }
  }

  /** The top-N engine over this model's factors and seen items, built on first use. */
  public TopN topN() {
    TopN t = topN;
    if (t == null) {
      synchronized (this) {
        t = topN;
        if (t == null) topN = t = new TopN(new ItemScorer(kernels, itemFactors), userFactors, seenItems);
      }
    }
    return t;
  }

  @Override
  public void close() {
    userFactors.close();
    itemFactors.close();
    if (itemSimilarity != null) itemSimilarity.close();
    if (userSimilarity != null) userSimilarity.close();
  }
}
