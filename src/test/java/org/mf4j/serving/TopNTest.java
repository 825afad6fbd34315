package org.mf4j.serving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mf4j.kernel.KernelProvider;
import org.mf4j.kernel.Kernels;
import org.mf4j.memory.FactorMatrix;
import org.mf4j.sparse.CsrMatrix;

/**
 * Top-N against a brute-force full sort of double-precision scores with the same tie rule (higher
 * score first, then lower item id), on sizes that cross user and item blocks.
 */
class TopNTest {
  static final double EPS = Math.ulp(1f);
  final Kernels kernels = KernelProvider.get();
  final List<FactorMatrix> open = new ArrayList<>();

  @AfterEach
  void close() {
    open.forEach(FactorMatrix::close);
  }

  /** Factors with entries in [-1, 1), or small integers (exact float scores, many ties) when ints. */
  FactorMatrix factors(SplittableRandom rnd, int rows, int k, boolean ints) {
    FactorMatrix m = FactorMatrix.allocate(rows, k);
    open.add(m);
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < k; c++) m.set(r, c, ints ? rnd.nextInt(-2, 3) : (float) (rnd.nextDouble() * 2 - 1));
    }
    return m;
  }

  /** Random seen items, rows deliberately unsorted; users in {@code full} have seen every item. */
  static CsrMatrix seen(SplittableRandom rnd, int users, int items, double p, int... full) {
    List<int[]> pairs = new ArrayList<>();
    for (int u = 0; u < users; u++) {
      final int uu = u;
      boolean all = Arrays.stream(full).anyMatch(f -> f == uu);
      for (int i = items - 1; i >= 0; i--) if (all || rnd.nextDouble() < p) pairs.add(new int[] {u, i});
    }
    int n = pairs.size();
    int[] us = new int[n], is = new int[n];
    for (int q = 0; q < n; q++) {
      us[q] = pairs.get(q)[0];
      is[q] = pairs.get(q)[1];
    }
    return CsrMatrix.build(users, items, us, is, new float[n], n);
  }

  record Ref(int item, double score, double mag) {}

  /** Every allowed candidate of user u, best first by (double score, then lower id). */
  static List<Ref> bruteForce(FactorMatrix u, int user, FactorMatrix v, CsrMatrix seen, ItemFilter f) {
    boolean[] excluded = new boolean[v.rows()];
    if (seen != null && f.excludesSeen()) {
      for (long p = seen.rowStart(user); p < seen.rowEnd(user); p++) excluded[seen.colIndex()[(int) p]] = true;
    }
    if (f.allowed() != null) {
      boolean[] ok = new boolean[v.rows()];
      for (int i : f.allowed()) ok[i] = true;
      for (int i = 0; i < ok.length; i++) excluded[i] |= !ok[i];
    }
    if (f.denied() != null) for (int i : f.denied()) excluded[i] = true;
    List<Ref> all = new ArrayList<>();
    for (int i = 0; i < v.rows(); i++) {
      if (excluded[i]) continue;
      double s = 0, mag = 0;
      for (int t = 0; t < u.rank(); t++) {
        double x = (double) u.get(user, t) * v.get(i, t);
        s += x;
        mag += Math.abs(x);
      }
      all.add(new Ref(i, s, mag));
    }
    all.sort(Comparator.comparingDouble((Ref r) -> -r.score).thenComparingInt(Ref::item));
    return all;
  }

  /**
   * The result equals the brute force: the same count; each score within float error of its item's
   * exact score and of the exact score at that rank; the same item wherever the exact scores around
   * that rank are further apart than the error (exactly the same when {@code exact}).
   */
  static void assertMatches(List<Ref> ref, int n, int[] items, float[] scores, int count, boolean exact, String what) {
    assertEquals(Math.min(n, ref.size()), count, what + ": count");
    double[] byItem = new double[1 << 16];
    double tolMax = 0;
    for (Ref r : ref) {
      byItem[r.item] = r.score;
      tolMax = Math.max(tolMax, 4 * 64 * EPS * r.mag + 1e-30);
    }
    for (int q = 0; q < count; q++) {
      int item = items[q];
      assertTrue(ref.stream().anyMatch(r -> r.item == item), what + ": item " + item + " at rank " + q + " is not a candidate");
      for (int p = 0; p < q; p++) assertTrue(items[p] != item, what + ": item " + item + " twice");
      if (exact) {
        assertEquals(ref.get(q).item, item, what + ": item at rank " + q);
        assertEquals(ref.get(q).score, scores[q], what + ": score at rank " + q);
        continue;
      }
      assertEquals(byItem[item], scores[q], tolMax, what + ": score of item " + item);
      assertEquals(ref.get(q).score, scores[q], 2 * tolMax, what + ": score at rank " + q);
      boolean clear = (q == 0 || ref.get(q - 1).score - ref.get(q).score > 2 * tolMax)
          && (q + 1 >= ref.size() || ref.get(q).score - ref.get(q + 1).score > 2 * tolMax);
      if (clear) assertEquals(ref.get(q).item, item, what + ": item at rank " + q);
      if (q > 0) {
        assertTrue(scores[q - 1] > scores[q] || (scores[q - 1] == scores[q] && items[q - 1] < item),
            what + ": ranks " + (q - 1) + " and " + q + " out of order");
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3, 17, 64})
  void allUsersMatchBruteForceWithSeenExcluded(int k) {
    SplittableRandom rnd = new SplittableRandom(k);
    int w = kernels.packWidth();
    int users = TopN.USER_BLOCK * 2 + 7, items = 2 * TopN.ITEM_BLOCK + 3 * w + 5;
    FactorMatrix u = factors(rnd, users, k, false), v = factors(rnd, items, k, false);
    CsrMatrix seen = seen(rnd, users, items, 0.05, 3, users - 1);
    TopN top = new TopN(new ItemScorer(kernels, v), u, seen);
    int n = 10;
    RecommendationBatch b = top.forAllUsers(n, ItemFilter.EXCLUDE_SEEN, 2);
    assertEquals(users, b.size());
    for (int r = 0; r < users; r++) {
      List<Ref> ref = bruteForce(u, r, v, seen, ItemFilter.EXCLUDE_SEEN);
      assertMatches(ref, n, Arrays.copyOfRange(b.items(), r * n, r * n + n), Arrays.copyOfRange(b.scores(), r * n, r * n + n),
          b.count(r), false, "k=" + k + " user " + r);
    }
    assertEquals(0, b.count(3), "a user who has seen every item gets nothing");
    assertEquals(-1, b.items()[3 * n]);
    assertTrue(Float.isNaN(b.scores()[3 * n]));
  }

  @Test
  void integerScoresTieByLowerItemIdExactly() {
    SplittableRandom rnd = new SplittableRandom(5);
    int users = 70, items = 3 * TopN.ITEM_BLOCK + 11, k = 3; // 125 distinct scores at most: many ties
    FactorMatrix u = factors(rnd, users, k, true), v = factors(rnd, items, k, true);
    CsrMatrix seen = seen(rnd, users, items, 0.1);
    TopN top = new TopN(new ItemScorer(kernels, v), u, seen);
    for (int n : new int[] {1, 7, 50}) {
      for (ItemFilter f : new ItemFilter[] {ItemFilter.EXCLUDE_SEEN, ItemFilter.INCLUDE_SEEN}) {
        RecommendationBatch b = top.forAllUsers(n, f, 3);
        for (int r = 0; r < users; r++) {
          List<Ref> ref = bruteForce(u, r, v, seen, f);
          assertMatches(ref, n, Arrays.copyOfRange(b.items(), r * n, r * n + n), Arrays.copyOfRange(b.scores(), r * n, r * n + n),
              b.count(r), true, "n=" + n + " " + f + " user " + r);
        }
      }
    }
  }

  @Test
  void allowAndDenyListsAndNLargerThanTheCandidates() {
    SplittableRandom rnd = new SplittableRandom(11);
    int users = 40, items = TopN.ITEM_BLOCK + 37, k = 9;
    FactorMatrix u = factors(rnd, users, k, false), v = factors(rnd, items, k, false);
    CsrMatrix seen = seen(rnd, users, items, 0.2);
    TopN top = new TopN(new ItemScorer(kernels, v), u, seen);
    int[] allow = rnd.ints(60, 0, items).toArray(); // with repeats
    int[] deny = rnd.ints(200, 0, items).toArray();
    List<ItemFilter> filters = List.of(ItemFilter.EXCLUDE_SEEN.withAllowed(allow), ItemFilter.EXCLUDE_SEEN.withDenied(deny),
        ItemFilter.INCLUDE_SEEN.withAllowed(allow).withDenied(deny), ItemFilter.EXCLUDE_SEEN.withAllowed());
    for (ItemFilter f : filters) {
      for (int n : new int[] {5, 45, items + 3}) {
        RecommendationBatch b = top.forAllUsers(n, f, 2);
        for (int r = 0; r < users; r++) {
          List<Ref> ref = bruteForce(u, r, v, seen, f);
          assertMatches(ref, n, Arrays.copyOfRange(b.items(), r * n, r * n + n), Arrays.copyOfRange(b.scores(), r * n, r * n + n),
              b.count(r), false, f + " n=" + n + " user " + r);
          Recommendations one = top.forUser(r, n, f);
          assertArrayEquals(b.get(r).items(), one.items(), "forUser = batch row, user " + r);
          assertArrayEquals(b.get(r).scores(), one.scores(), "forUser = batch row, user " + r);
        }
      }
    }
  }

  @Test
  void sameResultsOnAnyThreadCountAndForListsVectorsAndSingleUsers() {
    SplittableRandom rnd = new SplittableRandom(3);
    int users = 3 * TopN.USER_BLOCK + 1, items = 2 * TopN.ITEM_BLOCK + 1, k = 33;
    FactorMatrix u = factors(rnd, users, k, false), v = factors(rnd, items, k, false);
    CsrMatrix seen = seen(rnd, users, items, 0.03);
    TopN top = new TopN(new ItemScorer(kernels, v), u, seen);
    int n = 20;
    RecommendationBatch one = top.forAllUsers(n, ItemFilter.EXCLUDE_SEEN, 1);
    for (int threads : new int[] {2, 3, 8}) {
      RecommendationBatch b = top.forAllUsers(n, ItemFilter.EXCLUDE_SEEN, threads);
      assertArrayEquals(one.items(), b.items(), "items, " + threads + " threads");
      assertArrayEquals(one.scores(), b.scores(), "scores, " + threads + " threads");
      assertArrayEquals(one.counts(), b.counts(), "counts, " + threads + " threads");
    }
    int[] list = {users - 1, 0, 5, 5, 200, 121};
    RecommendationBatch some = top.forUsers(list, n, ItemFilter.EXCLUDE_SEEN, 2);
    RecommendationBatch range = top.forUserRange(119, 242, n, ItemFilter.EXCLUDE_SEEN, 2);
    for (int r = 0; r < list.length; r++) {
      assertEquals(list[r], some.user(r));
      assertArrayEquals(one.get(list[r]).items(), some.get(r).items());
      assertArrayEquals(one.get(list[r]).scores(), some.get(r).scores());
    }
    for (int r = 0; r < range.size(); r++) {
      assertEquals(119 + r, range.user(r));
      assertArrayEquals(one.get(119 + r).scores(), range.get(r).scores());
    }
    float[] vec = new float[k + 2];
    u.getRow(7, vec, 2);
    Recommendations byVector = top.forVector(vec, 2, n, ItemFilter.INCLUDE_SEEN);
    Recommendations byUser = top.forUser(7, n, ItemFilter.INCLUDE_SEEN);
    assertArrayEquals(byUser.items(), byVector.items());
    assertArrayEquals(byUser.scores(), byVector.scores());
  }

  @Test
  void badQueriesAreRefusedWithTheValue() {
    SplittableRandom rnd = new SplittableRandom(1);
    FactorMatrix u = factors(rnd, 4, 5, false), v = factors(rnd, 6, 5, false);
    TopN top = new TopN(new ItemScorer(kernels, v), u, null);
    assertTrue(!top.hasSeenItems());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> top.forUser(0, 0, ItemFilter.EXCLUDE_SEEN)).getMessage().contains("n = 0"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> top.forUser(0, 3, ItemFilter.EXCLUDE_SEEN.withDenied(6)))
        .getMessage().contains("item 6"));
    assertThrows(IndexOutOfBoundsException.class, () -> top.forUser(4, 3, ItemFilter.EXCLUDE_SEEN));
    assertThrows(IndexOutOfBoundsException.class, () -> top.forUsers(new int[] {1, -1}, 3, ItemFilter.EXCLUDE_SEEN, 1));
    assertThrows(IllegalArgumentException.class, () -> new TopN(new ItemScorer(kernels, v), u, seen(rnd, 3, 6, 0.5)));
    assertEquals(6, top.forUser(2, 10, ItemFilter.EXCLUDE_SEEN).size(), "no seen items known: every item");
    assertEquals(0, top.forUsers(new int[0], 3, ItemFilter.EXCLUDE_SEEN, 2).size());
  }
}
