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
 * A trained factorization r̂_ui = u_u·v_i, the object that is saved, loaded and served: predictions,
 * top-N recommendations, popular items, similar items and users, fold-in of new users and items, and
 * partial fit. It holds the user factors U ({@link #numUsers()} × {@link #rank()}) and item factors V
 * ({@link #numItems()} × {@link #rank()}) off-heap, the two id maps, the trainer's
 * {@link #settings() settings} and, optionally, the training interactions ("seen items").
 *
 * <p><b>Dense and external ids.</b> Every method takes and returns <em>dense</em> ids: users
 * {@code 0..numUsers()-1} (the rows of U) and items {@code 0..numItems()-1} (the rows of V). The ids of the
 * input data ("external" ids, numbers or strings) map to dense ids through {@link #userIds()} and
 * {@link #itemIds()} ({@link IdIndex#get(String)}, -1 for an id the model does not know) and back
 * ({@link IdIndex#externalId(int)}). A user or item argument out of range throws
 * {@link IndexOutOfBoundsException}; an out-of-range id in a filter's lists, {@link IllegalArgumentException}.
 *
 * <p><b>Seen items.</b> The training interactions, a {@link CsrMatrix} by user (rows users, columns
 * items; only the pattern is used), are what {@link #recommend(int, int)} excludes by default
 * ({@link ItemFilter#EXCLUDE_SEEN}) and what {@link #popularItems} counts. The trainers' models have them,
 * and so do models read from a file written with them (format version 2 or later); a model without them
 * ({@link #seenItems()} null: a version-1 file, or built without) excludes nothing.
 *
 * <p><b>Off-heap memory.</b> The model owns U and V: {@link #close()} frees them, together with the
 * unit-length copies that {@link #similarItems} and {@link #similarUsers} build. {@link #userFactors()} and
 * {@link #itemFactors()} return those matrices themselves, not copies: do not close them separately, and do
 * not write to them. A model read from a version-3 file by {@link ModelFile#read} (on a little-endian
 * machine) has read-only, memory-mapped factors: writes to them throw, and closing the model unmaps them.
 * Close a model exactly once (a second {@code close} throws {@link IllegalStateException}), after every
 * thread has finished with it; after close, every method that reads the factors throws
 * {@link IllegalStateException}. The models returned by {@link #updateUsers} and {@link #updateItems} have
 * their own factors: close them too.
 *
 * <p><b>Threads.</b> Thread-safe for reads: any number of threads may predict, recommend, look up similar
 * rows and fold in at once; nothing changes the factors after construction. Helpers are built on first use
 * and kept until the model is dropped: the top-N engine ({@link #topN()}, with a heap copy of V packed for
 * scoring, as large as V), the similarity copies, the popularity order and the fold-in engine.
 */
public final class FactorModel implements AutoCloseable {
  private final FactorMatrix userFactors;
  private final FactorMatrix itemFactors;
  private final IdIndex userIds;
  private final IdIndex itemIds;
  private final Kernels kernels;
  private final String algorithm;
  private final CsrMatrix seenItems;
  private final FactorMatrix userView, itemView; // what callers get: read-only, sharing the memory
  private final Map<String, String> settings;
  private volatile ModelFoldIn foldIn;
  private boolean closed;
  private volatile TopN topN;
  private volatile Similarity itemSimilarity, userSimilarity;

  /**
   * A model without seen items or settings: {@link #recommend} then excludes nothing,
   * {@link #popularItems} throws, and fold-in has no settings to rebuild the trainer from. On success the
   * model owns {@code userFactors} and {@code itemFactors}; when the constructor throws, the caller still
   * owns them.
   *
   * @param algorithm the trainer's name ({@code "als"}, {@code "wals"}, {@code "sgd"}, …), not null
   * @param userFactors U, one row per dense user
   * @param itemFactors V, one row per dense item, of U's rank
   * @param userIds the user id map, of U's row count; shared, not copied
   * @param itemIds the item id map, of V's row count; shared, not copied
   * @param kernels the kernels every computation of the model runs on
   * @throws IllegalArgumentException when the ranks of U and V differ, or an id map's size differs from
   *     its factor matrix's row count
   */
  public FactorModel(String algorithm, FactorMatrix userFactors, FactorMatrix itemFactors,
      IdIndex userIds, IdIndex itemIds, Kernels kernels) {
    this(algorithm, userFactors, itemFactors, userIds, itemIds, kernels, null);
  }

  /**
   * A model with seen items and no settings; ownership as for
   * {@link #FactorModel(String, FactorMatrix, FactorMatrix, IdIndex, IdIndex, Kernels)}.
   *
   * @param algorithm the trainer's name, not null
   * @param userFactors U, one row per dense user
   * @param itemFactors V, one row per dense item, of U's rank
   * @param userIds the user id map, of U's row count; shared, not copied
   * @param itemIds the item id map, of V's row count; shared, not copied
   * @param kernels the kernels every computation of the model runs on
   * @param seenItems the training interactions by user ({@code users × items}; values are kept but
   *     only the pattern is used), or null; shared, not copied
   * @throws IllegalArgumentException when the ranks of U and V differ, an id map's size differs from its
   *     factor matrix's row count, or {@code seenItems} is not {@code numUsers × numItems}
   */
  public FactorModel(String algorithm, FactorMatrix userFactors, FactorMatrix itemFactors,
      IdIndex userIds, IdIndex itemIds, Kernels kernels, CsrMatrix seenItems) {
    this(algorithm, userFactors, itemFactors, userIds, itemIds, kernels, seenItems, Map.of());
  }

  /**
   * A model with seen items and the trainer's settings; ownership as for
   * {@link #FactorModel(String, FactorMatrix, FactorMatrix, IdIndex, IdIndex, Kernels)}.
   *
   * @param algorithm the trainer's name ({@code "als"}, {@code "wals"}, {@code "sgd"}, {@code "adam"},
   *     {@code "adamw"}, {@code "svd"}); fold-in is supported for {@code "als"} and {@code "wals"}; not null
   * @param userFactors U, one row per dense user
   * @param itemFactors V, one row per dense item, of U's rank
   * @param userIds the user id map, of U's row count; shared, not copied
   * @param itemIds the item id map, of V's row count; shared, not copied
   * @param kernels the kernels every computation of the model runs on
   * @param seenItems the training interactions by user ({@code users × items}; values are kept but
   *     only the pattern is used), or null; shared, not copied
   * @param settings the trainer's settings ({@link org.mf4j.api.AlsConfig#settings()} and the like; values
   *     kept as text, {@link String#valueOf(Object)}), which a model file records and fold-in rebuilds the
   *     trainer's equations from; copied; not null (may be empty)
   * @throws IllegalArgumentException when the ranks of U and V differ, an id map's size differs from its
   *     factor matrix's row count, or {@code seenItems} is not {@code numUsers × numItems}
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
    this.userView = userFactors.readOnlyView();
    this.itemView = itemFactors.readOnlyView();
    this.userIds = userIds;
    this.itemIds = itemIds;
    this.kernels = kernels;
  }

  /**
   * The trainer's name: {@code "als"}, {@code "wals"}, {@code "sgd"}, {@code "adam"}, {@code "adamw"} or
   * {@code "svd"}; for a model read from a file, its {@code algorithm} property ({@code "unknown"} when absent).
   */
  public String algorithm() { return algorithm; }
  /** K, the floats per factor row (K + 2 for a model trained with biases: its last two columns carry them). */
  public int rank() { return userFactors.rank(); }
  /** The number of users: the rows of U, dense user ids {@code 0..numUsers()-1}. */
  public int numUsers() { return userFactors.rows(); }
  /** The number of items: the rows of V, dense item ids {@code 0..numItems()-1}. */
  public int numItems() { return itemFactors.rows(); }
  /**
   * U, {@code numUsers() × rank()}: a read-only view of the model's off-heap matrix, no copy (writes
   * through it throw; closing it does nothing). Valid until the model is closed.
   */
  public FactorMatrix userFactors() { return userView; }
  /** V, {@code numItems() × rank()}: a read-only view as {@link #userFactors()}. */
  public FactorMatrix itemFactors() { return itemView; }
  /** The map between external user ids and dense ones (row r of U is user {@code userIds().externalId(r)}); do not add to it. */
  public IdIndex userIds() { return userIds; }
  /** The map between external item ids and dense ones (row i of V is item {@code itemIds().externalId(i)}); do not add to it. */
  public IdIndex itemIds() { return itemIds; }
  /** The kernels this model computes with. */
  public Kernels kernels() { return kernels; }

  /**
   * The trainer's settings as text ({@code lambda_u}, {@code reg_scaling}, …; see
   * {@link org.mf4j.api.AlsConfig#settings()}), or empty when the model was built without them. For a model
   * read from a file: all the file's properties, {@code algorithm} and any extra ones written with it
   * included. Unmodifiable.
   */
  public Map<String, String> settings() { return settings; }

  /**
   * The training interactions by user ({@code numUsers() × numItems()}), or null when the model has none
   * (read from a version-1 file, or built without). The model's own matrix, not a copy: do not modify it.
   */
  public CsrMatrix seenItems() { return seenItems; }

  /**
   * The predicted score u_u·v_i of dense user {@code u} for dense item {@code i}: the predicted rating for
   * explicit models (μ + b_u + b_i included for models trained with biases), a preference score for
   * weighted ones.
   *
   * @throws IndexOutOfBoundsException when {@code u} or {@code i} is out of range
   */
  public float predict(int u, int i) {
    if (u < 0 || u >= numUsers()) throw new IndexOutOfBoundsException("user " + u + " not in [0, " + numUsers() + ")");
    if (i < 0 || i >= numItems()) throw new IndexOutOfBoundsException("item " + i + " not in [0, " + numItems() + ")");
    return kernels.dot(userFactors.segment(), userFactors.rowOffset(u), itemFactors.segment(),
        itemFactors.rowOffset(i), rank());
  }

  /**
   * The predicted scores of dense user {@code user} for each of the dense {@code items}, in their order
   * (repeats allowed): {@code score(u, items)[q] == predict(u, items[q])}.
   *
   * @throws IndexOutOfBoundsException for a user or item id out of range
   */
  public float[] score(int user, int[] items) {
    float[] out = new float[items.length];
    for (int q = 0; q < items.length; q++) out[q] = predict(user, items[q]);
    return out;
  }

  /**
   * The n best items for dense user {@code user} by score, best first (ties: lower item id), its seen items
   * excluded ({@link ItemFilter#EXCLUDE_SEEN}); fewer than n when fewer items remain.
   *
   * @throws IndexOutOfBoundsException when {@code user} is out of range
   * @throws IllegalArgumentException when {@code n < 1}
   */
  public Recommendations recommend(int user, int n) {
    return recommend(user, n, ItemFilter.EXCLUDE_SEEN);
  }

  /**
   * The n best items for dense user {@code user} that {@code filter} allows, best first (ties: lower item
   * id); fewer than n when fewer items qualify. Scores are u·v; NaN scores are never returned.
   *
   * @throws IndexOutOfBoundsException when {@code user} is out of range
   * @throws IllegalArgumentException when {@code n < 1}, or an item of the filter's lists is not in
   *     {@code [0, numItems())}
   */
  public Recommendations recommend(int user, int n, ItemFilter filter) {
    return topN().forUser(user, n, filter);
  }

  /**
   * {@link #recommend(int, int, ItemFilter)} for each of the dense {@code users} (repeats allowed; row r of
   * the result is {@code users[r]}), scored in blocks on a pool of {@code threads} threads started and
   * stopped for the call. The result does not depend on the thread count.
   *
   * @throws IndexOutOfBoundsException when a user is out of range
   * @throws IllegalArgumentException when {@code n < 1}, {@code threads < 1}, or an item of the filter's
   *     lists is not in {@code [0, numItems())}
   * @throws ArithmeticException when {@code users.length · n} overflows an int
   */
  public RecommendationBatch recommend(int[] users, int n, ItemFilter filter, int threads) {
    return topN().forUsers(users, n, filter, threads);
  }

  /**
   * The n items most similar to dense item {@code item} by cosine of their factor rows (scores in
   * [−1, 1]), best first (ties: lower item id), the item itself left out. A zero row has cosine 0 with every
   * item. The first call of {@code similarItems} builds a unit-length off-heap copy of V (freed by
   * {@link #close()}) and a packed heap copy of it for scoring, each as large as V.
   *
   * @throws IndexOutOfBoundsException when {@code item} is out of range
   * @throws IllegalArgumentException when {@code n < 1}
   */
  public Recommendations similarItems(int item, int n) { return similarity(true).mostSimilar(item, n); }

  /**
   * {@link #similarItems(int, int)} for each of {@code items} at once (row r of the result is
   * {@code items[r]}), as one blocked product on a pool of {@code threads} threads started for the call;
   * {@code n = 0} gives empty rows.
   *
   * @throws IndexOutOfBoundsException when an item is out of range
   * @throws IllegalArgumentException when {@code n < 0} or {@code threads < 1}
   */
  public RecommendationBatch similarItems(int[] items, int n, int threads) { return similarity(true).mostSimilar(items, n, threads); }

  /**
   * The n users most similar to dense user {@code user} by cosine of their factor rows, best first (ties:
   * lower user id), the user itself left out; as {@link #similarItems(int, int)}, over U (a unit-length
   * copy of U and a heap copy of it on first use).
   *
   * @throws IndexOutOfBoundsException when {@code user} is out of range
   * @throws IllegalArgumentException when {@code n < 1}
   */
  public Recommendations similarUsers(int user, int n) { return similarity(false).mostSimilar(user, n); }

  /**
   * {@link #similarUsers(int, int)} for each of {@code users} at once, as one blocked product on
   * {@code threads} threads; as {@link #similarItems(int[], int, int)}.
   *
   * @throws IndexOutOfBoundsException when a user is out of range
   * @throws IllegalArgumentException when {@code n < 0} or {@code threads < 1}
   */
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
   * it does not know. The scores are the interaction counts; {@code filter}'s seen-items setting is
   * ignored. {@code n = 0} gives an empty result. List entries are not range-checked here: an id
   * {@code ≥ numItems()} matches nothing, a negative one throws {@link IndexOutOfBoundsException}.
   *
   * @throws IllegalArgumentException when {@code n < 0}
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
   * The vector ({@link #rank()} floats, a new array) of a user the model has not seen, who has
   * {@code items} (dense item ids; a repeated id counts as two entries) with {@code values} (ratings for
   * explicit models; for weighted ones the input values as training read them: event strengths, none zero
   * under target one). Solved exactly by Cholesky from the normal equations the trainer's user half-sweep
   * solves — its λ_U and scaling and, for weighted models, its w0 Gramian and confidence weights, with the
   * training counts taken from the seen items — so a training user folded in from their own history gets
   * their row of one more half-sweep against these item factors. The trainer is rebuilt from
   * {@link #settings()} on the first fold-in. An empty history gives the zero vector. Values are not
   * checked for NaN: a NaN rating of an explicit model gives a NaN vector.
   *
   * @throws UnsupportedOperationException for models other than {@code "als"} and {@code "wals"}
   *     (SGD, Adam, SVD), for ALS models with biases, for weighted models without seen items (a version-1
   *     file) and for weighted models with confidence {@code COLUMN}
   * @throws IllegalArgumentException when the lengths differ, a setting fold-in needs is missing or
   *     unreadable, a value is zero under target one, or a confidence weight comes out negative or not finite
   * @throws IndexOutOfBoundsException for an item id outside {@code [0, numItems())}
   * @throws org.mf4j.solver.NotPositiveDefiniteException when the system is not positive definite (λ = 0
   *     with fewer entries than the rank, or non-finite weights)
   */
  public float[] foldInUser(int[] items, float[] values) { return foldIn().foldIn(true, items, values); }

  /**
   * {@link #foldInUser} for a new item with {@code users} (dense user ids) and {@code values}: the item
   * half-sweep's equations against U, with λ_V (and, for weighted models with popularity-weighted
   * unobserved cells, the item's w0·ρ from its history's length). Throws as {@link #foldInUser}, with
   * {@link IndexOutOfBoundsException} for a user id outside {@code [0, numUsers())}.
   */
  public float[] foldInItem(int[] users, float[] values) { return foldIn().foldIn(false, users, values); }

  /**
   * The n best items, best first, for a new user with {@code items} and {@code values} ({@link #foldInUser}):
   * with a filter that excludes seen items the user's own {@code items} are left out; allow- and deny-lists
   * apply. Throws as {@link #foldInUser} and {@link #recommendForVector}.
   */
  public Recommendations recommendForNewUser(int[] items, float[] values, int n, ItemFilter filter) {
    return recommendForVector(foldInUser(items, values), items, n, filter);
  }

  /**
   * The n best items for a user vector already folded in ({@link #rank()} floats), best first (ties: lower
   * item id); when {@code filter} excludes seen items, {@code seen} (dense item ids; not null, may be empty)
   * is left out, added to the filter's deny-list. A vector holding NaN gives an empty result.
   *
   * @throws IllegalArgumentException when {@code vector.length != rank()}, {@code n < 1}, or an item of
   *     the filter's lists or of the excluded {@code seen} is not in {@code [0, numItems())}
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

  /** {@link #updateUsers(Ratings, int)} on {@link Runtime#availableProcessors()} threads. */
  public FactorModel updateUsers(Ratings histories) { return updateUsers(histories, Runtime.getRuntime().availableProcessors()); }

  /**
   * Partial fit: a new model in which every user of {@code histories} (matched by external id) has the
   * vector folded in ({@link #foldInUser}) from exactly those ratings — their full new history replaces
   * the old one, in the vector and in the seen items — and users this model did not know are appended
   * after the others, in the order of {@code histories.userIds()}. Other users' vectors and all item
   * vectors are copied unchanged: only the named rows are re-solved, against these item factors. The new
   * model has new off-heap factors, a grown copy of the user id map, this model's item id map (shared),
   * algorithm and settings; its seen items are this model's with the named users' rows replaced (only the
   * new histories when this model has none). This model is left as it was, and open; close both. Solved on
   * {@code threads} threads.
   *
   * <p>"Every user of {@code histories}" means every user with at least one rating there: ids of
   * {@code histories.userIds()} without ratings (as a {@link Ratings#select} subset shares its parent's
   * id maps) are left alone, and only the items rated there must be known to the model.
   *
   * @throws IllegalArgumentException naming items of {@code histories.itemIds()} unknown to the model (add
   *     them with {@link #updateItems} first), when {@code threads < 1}, or as {@link #foldInUser}
   * @throws UnsupportedOperationException as {@link #foldInUser}
   * @throws org.mf4j.solver.NotPositiveDefiniteException as {@link #foldInUser}
   */
  public FactorModel updateUsers(Ratings histories, int threads) { return foldIn().update(true, histories, threads); }

  /** {@link #updateItems(Ratings, int)} on {@link Runtime#availableProcessors()} threads. */
  public FactorModel updateItems(Ratings histories) { return updateItems(histories, Runtime.getRuntime().availableProcessors()); }

  /**
   * {@link #updateUsers(Ratings, int)} for items: every item of {@code histories.itemIds()} re-solved
   * against these user factors from exactly those ratings ({@link #foldInItem}; its whole column of seen
   * items replaced), new items appended, every user vector and the other item vectors copied unchanged.
   * The new model shares this model's user id map and has a grown copy of the item id map; close both.
   *
   * @throws IllegalArgumentException naming users of {@code histories.userIds()} unknown to the model (add
   *     them with {@link #updateUsers} first), when {@code threads < 1}, or as {@link #foldInItem}
   * @throws UnsupportedOperationException as {@link #foldInUser}
   * @throws org.mf4j.solver.NotPositiveDefiniteException as {@link #foldInUser}
   */
  public FactorModel updateItems(Ratings histories, int threads) { return foldIn().update(false, histories, threads); }

  private ModelFoldIn foldIn() {
    ModelFoldIn f = foldIn;
    if (f == null) foldIn = f = ModelFoldIn.of(this); // idempotent: a race builds two equal engines
    return f;
  }

  /**
   * The top-N engine over this model's factors and seen items, which the {@code recommend} methods use:
   * built once on first use (packing a heap copy of V, as large as V) and kept. It reads this model's U,
   * so it is valid only while the model is open; it owns no off-heap memory and needs no closing.
   */
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

  /**
   * Frees U and V (unmaps them for a model read from a version-3 file) and the similarity copies built so
   * far; later calls do nothing. Call it when no other thread uses the model.
   */
  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    userFactors.close();
    itemFactors.close();
    if (itemSimilarity != null) itemSimilarity.close();
    if (userSimilarity != null) userSimilarity.close();
  }
}
