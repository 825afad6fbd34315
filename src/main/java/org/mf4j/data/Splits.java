package org.mf4j.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import org.mf4j.api.IdIndex;
import org.mf4j.api.Ratings;

/**
 * Train/test splits. Stateless.
 *
 * <p>{@link #random} is the hold-out of {@code ../shared/tools/MakeSplit.java}, reproduced exactly:
 * {@code java.util.Random(seed)}, one {@code nextDouble()} per rating in order, {@code < fraction}
 * goes to test; test ratings whose user or item then has no training rating are dropped as cold.
 */
public final class Splits {
  private Splits() {}

  /** Random hold-out: each rating goes to test with probability {@code testFraction}, in order. */
  public static TrainTestSplit random(Ratings all, double testFraction, long seed) {
    if (!(testFraction >= 0 && testFraction <= 1)) {
      throw new IllegalArgumentException("testFraction = " + testFraction + " must be in [0, 1]");
    }
    int n = all.size();
    boolean[] isTest = new boolean[n];
    Random rng = new Random(seed);
    for (int k = 0; k < n; k++) isTest[k] = rng.nextDouble() < testFraction;
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

  /**
   * Pairs a training set with a separately read test set: test ids are looked up in the training
   * set's maps (never added to them); test ratings whose user or item has no training rating are
   * dropped and counted as cold.
   */
  public static TrainTestSplit givenTest(Ratings train, Ratings test) {
    int[] userTrain = new int[train.numUsers()], itemTrain = new int[train.numItems()];
    for (int k = 0; k < train.size(); k++) {
      userTrain[train.user(k)]++;
      itemTrain[train.item(k)]++;
    }
    int[] um = translate(test.userIds(), train.userIds(), userTrain);
    int[] im = translate(test.itemIds(), train.itemIds(), itemTrain);
    int n = test.size();
    int[] users = new int[n], items = new int[n];
    float[] values = new float[n];
    long[] ts = test.timestamps() == null ? null : new long[n];
    int kept = 0;
    for (int k = 0; k < n; k++) {
      int u = um[test.user(k)], i = im[test.item(k)];
      if (u < 0 || i < 0) continue;
      users[kept] = u;
      items[kept] = i;
      values[kept] = test.value(k);
      if (ts != null) ts[kept] = test.timestamps()[k];
      kept++;
    }
    Ratings t = new Ratings(users, items, values, ts, kept, train.userIds(), train.itemIds());
    return new TrainTestSplit(train, t, n - kept);
  }

  /** Reads {@code testFile} and pairs it with {@code train} as {@link #givenTest(Ratings, Ratings)} does. */
  public static TrainTestSplit givenTest(Ratings train, Path testFile, ReadOptions options) throws IOException {
    return givenTest(train, RatingsReader.read(testFile, options).ratings());
  }

  /** Test dense id → train dense id, or -1 when the train set has no rating for it. */
  private static int[] translate(IdIndex from, IdIndex to, int[] trainCount) {
    int[] map = new int[from.size()];
    for (int d = 0; d < map.length; d++) {
      int t = from.isNumeric() ? to.get(from.numericId(d)) : to.get(from.externalId(d));
      map[d] = t >= 0 && t < trainCount.length && trainCount[t] > 0 ? t : -1;
    }
    return map;
  }
}
