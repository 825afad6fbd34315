package org.mf4j.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mf4j.api.IdIndex;
import org.mf4j.api.Ratings;
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
  private final Map<String, String> settings;
  private volatile ModelFoldIn foldIn;
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
    this(algorithm, userFactors, itemFactors, userIds, itemIds, kernels, seenItems, Map.of());
  }

  /**
   * @param settings the trainer's settings ({@link org.mf4j.api.AlsConfig#settings()} and the like; values
   *     kept as text), which a model file records and fold-in rebuilds the trainer's equations from
   */
  public FactorModel(String algorithm, FactorMatrix userFactors, FactorMatrix itemFactors,
      IdIndex userIds, IdIndex itemIds, Kernels kernels, CsrMatrix seenItems, Map<String, ?> settings) {
    if (userFactors.rank() != itemFactors.rank()) {
      throw new IllegalArgumentException("rank of U (" + userFactors.rank() + ") != rank of V (" + itemFactors.rank() + ")");
    }
    if (seenItems != null && (seenItems.rows() != userFactors.rows() || seenItems.numCols() != itemFactors.rows())) {
      throw new IllegalArgumentException("seen items are " + seenItems.rows() + " users × " + seenItems.numCols()
          + " items, the factors " + userFactors.rows() + " × " + itemFactors.rows());
    }
    if (userIds.size() != userFactors.rows() || itemIds.size() != itemFactors.rows()) {
      throw new IllegalArgumentException(userIds.size() + " user ids and " + itemIds.size() + " item ids for factors of "
          + userFactors.rows() + " users and " + itemFactors.rows() + " items");
    }
    Map<String, String> text = new LinkedHashMap<>();
    settings.forEach((key, v) -> text.put(key, String.valueOf(v)));
    this.settings = Collections.unmodifiableMap(text);
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

  /**
   * The trainer's settings as text ({@code lambda_u}, {@code reg_scaling}, …; see {@code AlsConfig.settings()}),
   * or empty when the model was built without them. Unmodifiable.
   */
  public Map<String, String> settings() { return settings; }

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

  // ---- fold-in and partial fit (explicit and weighted ALS models) ----

  /**
   * The vector (K floats) of a user the model has not seen, who has {@code items} (dense item ids) with
   * {@code values} (ratings for explicit models; event strengths for weighted ones, none zero under target
   * one). Solved exactly by Cholesky from the normal equations the trainer's user half-sweep solves — its
   * λ_U and scaling and, for weighted models, its w0 Gramian and confidence weights — so a training user
   * folded in from their own history gets their row of one more half-sweep against these item factors.
   * An empty history gives the zero vector (or, with λ = 0, an error).
   *
   * @throws UnsupportedOperationException for SGD, Adam, SVD and biased ALS models, and for weighted
   *     models without seen items (a version-1 file): they have no such equations to solve
   * @throws IllegalArgumentException when the lengths differ or a setting fold-in needs is missing
   * @throws IndexOutOfBoundsException for an item id outside {@code [0, numItems())}
   */
  public float[] foldInUser(int[] items, float[] values) { return foldIn().foldIn(true, items, values); }

  /** {@link #foldInUser} for a new item with {@code users} (dense user ids) and {@code values}, against U, with λ_V. */
  public float[] foldInItem(int[] users, float[] values) { return foldIn().foldIn(false, users, values); }

  /**
   * The n best items, best first, for a new user with {@code items} and {@code values} ({@link #foldInUser}):
   * with {@link ItemFilter#EXCLUDE_SEEN} the user's own {@code items} are left out; allow- and deny-lists apply.
   */
  public Recommendations recommendForNewUser(int[] items, float[] values, int n, ItemFilter filter) {
    return recommendForVector(foldInUser(items, values), items, n, filter);
  }

  /**
   * The n best items for a user vector already folded in (K floats), best first; with
   * {@link ItemFilter#EXCLUDE_SEEN}, {@code seen} (dense item ids; may be empty) is left out.
   */
  public Recommendations recommendForVector(float[] vector, int[] seen, int n, ItemFilter filter) {
    if (vector.length != rank()) throw new IllegalArgumentException("a vector of " + vector.length + " floats for a rank-" + rank() + " model");
    ItemFilter f = filter;
    if (filter.excludesSeen() && seen.length > 0) {
      int[] denied = filter.denied(), all = seen;
      if (denied != null) {
        all = java.util.Arrays.copyOf(denied, denied.length + seen.length);
        System.arraycopy(seen, 0, all, denied.length, seen.length);
      }
      f = filter.withDenied(all);
    }
    return topN().forVector(vector, 0, n, f);
  }

  /** {@link #updateUsers(Ratings, int)} on all cores. */
  public FactorModel updateUsers(Ratings histories) { return updateUsers(histories, Runtime.getRuntime().availableProcessors()); }

  /**
   * Partial fit: a new model in which every user of {@code histories} (matched by external id) has the
   * vector folded in ({@link #foldInUser}) from exactly those ratings — their full new history replaces
   * the old one, in the vector and in the seen items — and users this model did not know are appended
   * after the others. Other users' vectors and all item vectors are copied unchanged: only the named rows
   * are re-solved, against these item factors. This model is left as it was, and open; close both.
   * Solved on {@code threads} threads.
   *
   * @throws IllegalArgumentException naming items of {@code histories} unknown to the model (add them
   *     with {@link #updateItems} first)
   * @throws UnsupportedOperationException as {@link #foldInUser}
   */
  public FactorModel updateUsers(Ratings histories, int threads) { return foldIn().update(true, histories, threads); }

  /** {@link #updateItems(Ratings, int)} on all cores. */
  public FactorModel updateItems(Ratings histories) { return updateItems(histories, Runtime.getRuntime().availableProcessors()); }

  /**
   * {@link #updateUsers(Ratings, int)} for items: every item of {@code histories} re-solved against these
   * user factors from exactly those ratings (its whole column of seen items replaced), new items appended,
   * every user vector and the other item vectors copied unchanged.
   *
   * @throws IllegalArgumentException naming users of {@code histories} unknown to the model
   */
  public FactorModel updateItems(Ratings histories, int threads) { return foldIn().update(false, histories, threads); }

  private ModelFoldIn foldIn() {
    ModelFoldIn f = foldIn;
    if (f == null) foldIn = f = ModelFoldIn.of(this); // idempotent: a race builds two equal engines
    return f;
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
