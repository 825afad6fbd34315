package org.mf4j.data;

import it.unimi.dsi.fastutil.ints.IntArrays;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.mf4j.api.IdIndex;
import org.mf4j.api.Ratings;

/**
 * Train/test splits. Stateless.
 *
 * <p>{@link #random} is the hold-out of {@code ../shared/tools/MakeSplit.java}, reproduced exactly:
 * {@code java.util.Random(seed)}, one {@code nextDouble()} per rating in order, {@code < fraction}
 * goes to test; test ratings whose user or item then has no training rating are dropped as cold.
 *
 * <p>The per-user splits ({@link #perUserFraction}, {@link #leaveKOut}, {@link #temporal}) hold out
 * rows of each user separately, so every user with enough rows is in both train and test; each user's
 * random choice comes from a generator seeded by (seed, user), so a split depends only on the ratings
 * and the seed. All splits keep file order within train and within test, and drop test rows whose item
 * (or user) has no training row, counting them in {@link TrainTestSplit#coldDropped()}. Train and test
 * share the input's id maps and keep its timestamps and weights (except {@link #reindex} and
 * {@link #givenTest}, which keep timestamps but not weights).
 */
public final class Splits {
  private Splits() {}

  /**
   * Random hold-out: each rating goes to test with probability {@code testFraction}, in order; test
   * ratings whose user or item has no training rating are dropped as cold.
   *
   * @param all the ratings to split
   * @param testFraction the probability of a rating going to test, in [0, 1]
   * @param seed the seed of {@code java.util.Random}
   * @return the split
   * @throws IllegalArgumentException when {@code testFraction} is not in [0, 1] (or is NaN)
   */
  public static TrainTestSplit random(Ratings all, double testFraction, long seed) {
    if (!(testFraction >= 0 && testFraction <= 1)) {
      throw new IllegalArgumentException("testFraction = " + testFraction + " must be in [0, 1]");
    }
    int n = all.size();
    boolean[] isTest = new boolean[n];
    Random rng = new Random(seed);
    for (int k = 0; k < n; k++) isTest[k] = rng.nextDouble() < testFraction;
    return split(all, isTest);
  }

  /**
   * Per-user hold-out: each user with at least {@code minRows} rows gives
   * {@code clamp(round(fraction · n), 1, n − 1)} of its n rows, chosen at random, to test; users with
   * fewer rows stay wholly in train. Test rows whose item has no training row are dropped as cold.
   *
   * @param all the ratings to split
   * @param fraction the share of each user's rows held out, in (0, 1)
   * @param minRows the fewest rows a user needs to be split, at least 2 (a user needs a training row
   *     and a test row)
   * @param seed the seed of the per-user choices
   * @return the split
   * @throws IllegalArgumentException when {@code fraction} is not in (0, 1) or {@code minRows < 2}
   */
  public static TrainTestSplit perUserFraction(Ratings all, double fraction, int minRows, long seed) {
    checkFraction(fraction);
    checkMinRows(minRows);
    ByUser g = ByUser.of(all);
    boolean[] isTest = new boolean[all.size()];
    for (int u = 0; u < g.users(); u++) {
      int n = g.count(u);
      if (n >= minRows) pickAtRandom(g, u, heldOut(fraction, n), seed, isTest);
    }
    return split(all, isTest);
  }

  /**
   * Leave-k-out: each user with more than {@code k} rows gives {@code k} of them, chosen at random, to
   * test; users with {@code k} rows or fewer stay wholly in train. Test rows whose item has no training
   * row are dropped as cold.
   *
   * @param all the ratings to split
   * @param k rows held out per user, at least 1
   * @param seed the seed of the per-user choices
   * @return the split
   * @throws IllegalArgumentException when {@code k < 1}
   */
  public static TrainTestSplit leaveKOut(Ratings all, int k, long seed) {
    if (k < 1) throw new IllegalArgumentException("k = " + k + " must be ≥ 1");
    ByUser g = ByUser.of(all);
    boolean[] isTest = new boolean[all.size()];
    for (int u = 0; u < g.users(); u++) {
      if (g.count(u) > k) pickAtRandom(g, u, k, seed, isTest);
    }
    return split(all, isTest);
  }

  /**
   * Temporal per-user hold-out: each user with at least {@code minRows} rows gives its latest
   * {@code clamp(round(fraction · n), 1, n − 1)} rows by timestamp to test, rows with equal timestamps
   * ordered by their position in the ratings (the later row counts as the later event); users with
   * fewer rows stay wholly in train. Test rows whose item has no training row are dropped as cold.
   *
   * @param all the ratings to split, with timestamps
   * @param fraction the share of each user's rows held out, in (0, 1)
   * @param minRows the fewest rows a user needs to be split, at least 2
   * @return the split
   * @throws IllegalArgumentException when the ratings have no timestamps, {@code fraction} is not in
   *     (0, 1) or {@code minRows < 2}
   */
  public static TrainTestSplit temporal(Ratings all, double fraction, int minRows) {
    checkFraction(fraction);
    checkMinRows(minRows);
    long[] ts = timestamps(all, "temporal");
    ByUser g = ByUser.of(all);
    int[] pos = g.positions();
    boolean[] isTest = new boolean[all.size()];
    for (int u = 0; u < g.users(); u++) {
      int n = g.count(u);
      if (n < minRows) continue;
      int from = g.start(u), to = from + n;
      // (timestamp, position) is a total order, so the sort need not be stable.
      IntArrays.quickSort(pos, from, to, (a, b) -> ts[a] != ts[b] ? Long.compare(ts[a], ts[b]) : Integer.compare(a, b));
      for (int p = to - heldOut(fraction, n); p < to; p++) isTest[pos[p]] = true;
    }
    return split(all, isTest);
  }

  /**
   * Global temporal cutoff: every row with timestamp {@code ≥ cutoff} goes to test, the rest to train.
   * Test rows whose user or item has no training row (a user or item first seen after the cutoff) are
   * dropped as cold.
   *
   * @param all the ratings to split, with timestamps
   * @param cutoff the first timestamp that goes to test, in the ratings' unit
   * @return the split
   * @throws IllegalArgumentException when the ratings have no timestamps
   */
  public static TrainTestSplit temporalCutoff(Ratings all, long cutoff) {
    long[] ts = timestamps(all, "temporalCutoff");
    boolean[] isTest = new boolean[all.size()];
    for (int k = 0; k < all.size(); k++) isTest[k] = ts[k] >= cutoff;
    return split(all, isTest);
  }

  /**
   * The rows of {@code r} whose external ids are in {@code userIds} and {@code itemIds}, re-numbered into
   * those maps (which are not extended); rows with an unknown user or item are left out, the count of
   * which is {@code r.size()} minus the result's size. Maps a file read on its own into a model's or a
   * training set's id space. Timestamps are kept, weights are not.
   *
   * @param r the ratings to map
   * @param userIds the target user ids
   * @param itemIds the target item ids
   * @return the known rows, with {@code userIds} and {@code itemIds} as their maps
   */
  public static Ratings reindex(Ratings r, IdIndex userIds, IdIndex itemIds) {
    int[] um = translate(r.userIds(), userIds, null);
    int[] im = translate(r.itemIds(), itemIds, null);
    return remap(r, um, im, userIds, itemIds);
  }

  /**
   * K-fold cross-validation: the ratings shuffled by {@code seed} and dealt round-robin into {@code folds}
   * folds (sizes differ by at most one); split f tests fold f and trains on the others. Every rating is in
   * exactly one test fold, less the cold ones (user or item without a training row), counted as usual.
   *
   * @param all the ratings to split
   * @param folds the number of folds, in [2, all.size()]
   * @param seed the seed of the shuffle ({@code java.util.Random})
   * @return {@code folds} splits, split f testing fold f
   * @throws IllegalArgumentException when {@code folds < 2} or {@code folds > all.size()}
   */
  public static List<TrainTestSplit> kFold(Ratings all, int folds, long seed) {
    int[] fold = foldOf(all.size(), folds, seed);
    List<TrainTestSplit> out = new ArrayList<>(folds);
    boolean[] isTest = new boolean[all.size()];
    for (int f = 0; f < folds; f++) {
      for (int k = 0; k < isTest.length; k++) isTest[k] = fold[k] == f;
      out.add(split(all, isTest));
    }
    return out;
  }

  /**
   * The fold of each of n ratings for {@link #kFold}: a seeded Fisher–Yates shuffle dealt round-robin.
   *
   * @param n the number of ratings
   * @param folds the number of folds, in [2, n]
   * @param seed the seed of the shuffle ({@code java.util.Random})
   * @return the fold, in [0, folds), of each rating position
   * @throws IllegalArgumentException when {@code folds < 2} or {@code folds > n}
   */
  public static int[] foldOf(int n, int folds, long seed) {
    if (folds < 2) throw new IllegalArgumentException("folds = " + folds + " must be >= 2");
    if (folds > n) throw new IllegalArgumentException("folds = " + folds + " exceeds the " + n + " ratings");
    int[] order = new int[n];
    for (int k = 0; k < n; k++) order[k] = k;
    Random rng = new Random(seed);
    for (int k = n - 1; k > 0; k--) {
      int j = rng.nextInt(k + 1), t = order[k];
      order[k] = order[j];
      order[j] = t;
    }
    int[] fold = new int[n];
    for (int p = 0; p < n; p++) fold[order[p]] = p % folds;
    return fold;
  }

  /** Train = rows not marked; test = marked rows whose user and item have a training row; the rest cold. */
  private static TrainTestSplit split(Ratings all, boolean[] isTest) {
    int n = all.size();
    int[] userTrain = new int[all.numUsers()], itemTrain = new int[all.numItems()];
    int[] train = new int[n], test = new int[n];
    int nTrain = 0, nTest = 0;
    int[] u = all.users(), it = all.items();
    for (int k = 0; k < n; k++) {
      if (!isTest[k]) {
        userTrain[u[k]]++;
        itemTrain[it[k]]++;
        train[nTrain++] = k;
      }
    }
    long cold = 0;
    for (int k = 0; k < n; k++) {
      if (!isTest[k]) continue;
      if (userTrain[u[k]] > 0 && itemTrain[it[k]] > 0) test[nTest++] = k;
      else cold++;
    }
    return new TrainTestSplit(all.select(train, nTrain), all.select(test, nTest), cold);
  }

  /** Rows held out of n: round(fraction · n), at least 1, at most n − 1 (n ≥ 2). */
  static int heldOut(double fraction, int n) {
    return (int) Math.clamp(Math.round(fraction * n), 1, n - 1);
  }

  /** Marks {@code count} of user u's rows, chosen by a partial Fisher–Yates shuffle seeded by (seed, u). */
  private static void pickAtRandom(ByUser g, int u, int count, long seed, boolean[] isTest) {
    int[] pos = g.positions();
    int from = g.start(u), n = g.count(u);
    // SplitMix64 on its own state per user: no object per user, and a user's draw does not depend on others.
    long state = mix64(seed ^ mix64(u + 0x632BE59BD9B4E019L));
    for (int j = 0; j < count; j++) {
      state += 0x9E3779B97F4A7C15L;
      int r = j + (int) (((mix64(state) >>> 32) * (n - j)) >>> 32); // uniform in [j, n), bias < n / 2³²
      int t = pos[from + j];
      pos[from + j] = pos[from + r];
      pos[from + r] = t;
      isTest[pos[from + j]] = true;
    }
  }

  /** Stafford's variant 13 of the MurmurHash3 finalizer, as in SplitMix64. */
  private static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private static void checkFraction(double fraction) {
    if (!(fraction > 0 && fraction < 1)) {
      throw new IllegalArgumentException("fraction = " + fraction + " must be in (0, 1)");
    }
  }

  private static void checkMinRows(int minRows) {
    if (minRows < 2) {
      throw new IllegalArgumentException("minRows = " + minRows + " must be ≥ 2: a user needs a training row and a test row");
    }
  }

  private static long[] timestamps(Ratings all, String split) {
    if (all.timestamps() == null) {
      throw new IllegalArgumentException("a " + split + " split needs timestamps, and these ratings have none"
          + " (read a file with a timestamp column, with ReadOptions.timestamps() true)");
    }
    return all.timestamps();
  }

  /**
   * The row positions grouped by user, in file order within a user (a stable counting sort): user u's
   * rows are {@code positions()[start(u) .. start(u) + count(u))}.
   */
  private record ByUser(int[] ptr, int[] positions) {
    static ByUser of(Ratings all) {
      int n = all.size(), users = all.numUsers();
      int[] ptr = new int[users + 1], u = all.users();
      for (int k = 0; k < n; k++) ptr[u[k] + 1]++;
      for (int a = 0; a < users; a++) ptr[a + 1] += ptr[a];
      int[] next = java.util.Arrays.copyOf(ptr, users), pos = new int[n];
      for (int k = 0; k < n; k++) pos[next[u[k]]++] = k;
      return new ByUser(ptr, pos);
    }

    int users() { return ptr.length - 1; }
    int start(int u) { return ptr[u]; }
    int count(int u) { return ptr[u + 1] - ptr[u]; }
  }

  /**
   * Pairs a training set with a separately read test set: test ids are looked up in the training
   * set's maps (never added to them); test ratings whose user or item has no training rating are
   * dropped and counted as cold (so are those whose external id the training maps lack). The test
   * ratings keep their timestamps but not their weights.
   *
   * @param train the training ratings, returned as the split's train
   * @param test ratings read on their own, with their own id maps
   * @return the split, the test ratings re-numbered into the training maps
   */
  public static TrainTestSplit givenTest(Ratings train, Ratings test) {
    int[] userTrain = new int[train.numUsers()], itemTrain = new int[train.numItems()];
    for (int k = 0; k < train.size(); k++) {
      userTrain[train.user(k)]++;
      itemTrain[train.item(k)]++;
    }
    int[] um = translate(test.userIds(), train.userIds(), userTrain);
    int[] im = translate(test.itemIds(), train.itemIds(), itemTrain);
    Ratings t = remap(test, um, im, train.userIds(), train.itemIds());
    return new TrainTestSplit(train, t, test.size() - t.size());
  }

  /**
   * Reads {@code testFile} and pairs it with {@code train} as {@link #givenTest(Ratings, Ratings)} does.
   *
   * @param train the training ratings
   * @param testFile the test file
   * @param options how to read it ({@link RatingsReader#read(Path, ReadOptions)})
   * @return the split
   * @throws IOException when the file cannot be read, or a {@link RatingsFormatException} for a bad line
   */
  public static TrainTestSplit givenTest(Ratings train, Path testFile, ReadOptions options) throws IOException {
    return givenTest(train, RatingsReader.read(testFile, options).ratings());
  }

  /**
   * Dense id in {@code from} → dense id in {@code to}, or -1 when {@code to} lacks the external id or,
   * given {@code trainCount}, has no training rating for it.
   */
  private static int[] translate(IdIndex from, IdIndex to, int[] trainCount) {
    int[] map = new int[from.size()];
    for (int d = 0; d < map.length; d++) {
      int t = from.isNumeric() ? to.get(from.numericId(d)) : to.get(from.externalId(d));
      boolean known = t >= 0 && t < to.size() && (trainCount == null || (t < trainCount.length && trainCount[t] > 0));
      map[d] = known ? t : -1;
    }
    return map;
  }

  /** The rows of {@code r} whose user and item map to ids ≥ 0, re-numbered, in the target maps. */
  private static Ratings remap(Ratings r, int[] um, int[] im, IdIndex userIds, IdIndex itemIds) {
    int n = r.size();
    int[] users = new int[n], items = new int[n];
    float[] values = new float[n];
    long[] ts = r.timestamps() == null ? null : new long[n];
    int kept = 0;
    for (int k = 0; k < n; k++) {
      int u = um[r.user(k)], i = im[r.item(k)];
      if (u < 0 || i < 0) continue;
      users[kept] = u;
      items[kept] = i;
      values[kept] = r.value(k);
      if (ts != null) ts[kept] = r.timestamps()[k];
      kept++;
    }
    return new Ratings(users, items, values, ts, kept, userIds, itemIds);
  }
}
