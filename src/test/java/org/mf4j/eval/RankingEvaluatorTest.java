package org.mf4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mf4j.kernel.KernelProvider;
import org.mf4j.memory.FactorMatrix;
import org.mf4j.serving.ItemScorer;
import org.mf4j.sparse.CsrMatrix;

class RankingEvaluatorTest {
  private static final double EPS = 1e-12;

  /**
   * Factors whose scores are exactly a given matrix: U is the identity (rank = users) and
   * V[i][u] = S[u][i], so u_u · v_i has one non-zero product, S[u][i], whatever the kernels.
   */
  private static final class Scores implements AutoCloseable {
    final FactorMatrix u, v;
    final ItemScorer scorer;

    Scores(float[][] s) {
      int users = s.length, items = s[0].length;
      u = FactorMatrix.allocate(users, users);
      v = FactorMatrix.allocate(items, users);
      for (int a = 0; a < users; a++) {
        u.set(a, a, 1f);
        for (int i = 0; i < items; i++) v.set(i, a, s[a][i]);
      }
      scorer = new ItemScorer(KernelProvider.get(), v);
    }

    List<RankingMetrics> evaluate(CsrMatrix train, CsrMatrix test, int[] ks, int threads) {
      return RankingEvaluator.evaluate(u, scorer, train, test, ks, threads);
    }

    @Override
    public void close() {
      u.close();
      v.close();
    }
  }

  /** A CSR matrix whose row u holds the items {@code rows[u]} in that order (repeats allowed). */
  private static CsrMatrix csr(int items, int[][] rows) {
    int n = 0;
    for (int[] r : rows) n += r.length;
    int[] ro = new int[n], co = new int[n];
    int k = 0;
    for (int u = 0; u < rows.length; u++) {
      for (int i : rows[u]) {
        ro[k] = u;
        co[k++] = i;
      }
    }
    return CsrMatrix.build(rows.length, items, ro, co, new float[n], n);
  }

  // ---- the reference: written from the definitions, full sort, double precision, O(n²) AUC ----

  private record Expected(double precision, double capped, double recall, double ndcg, double map, double hitRate,
      double auc, long users, long relevant, long aucUsers) {}

  private static Expected bruteForce(float[][] s, int[][] train, int[][] test, int k) {
    int items = s[0].length;
    double precision = 0, recall = 0, ndcg = 0, map = 0, hitUsers = 0, auc = 0;
    long hitsTotal = 0, idealTotal = 0, users = 0, relevantTotal = 0, aucUsers = 0;
    for (int u = 0; u < s.length; u++) {
      Set<Integer> seen = new HashSet<>();
      for (int i : train[u]) seen.add(i);
      Set<Integer> rel = new HashSet<>();
      for (int i : test[u]) if (!seen.contains(i)) rel.add(i);
      if (rel.isEmpty()) continue;
      List<Integer> cands = new ArrayList<>();
      for (int i = 0; i < items; i++) if (!seen.contains(i)) cands.add(i);
      final int uu = u;
      cands.sort((a, b) -> s[uu][a] != s[uu][b] ? Double.compare(s[uu][b], s[uu][a]) : Integer.compare(a, b));
      int len = Math.min(k, cands.size());
      int hits = 0;
      double dcg = 0, ap = 0;
      for (int r = 1; r <= len; r++) {
        if (rel.contains(cands.get(r - 1))) {
          hits++;
          dcg += 1 / (Math.log(r + 1) / Math.log(2));
          ap += hits / (double) r;
        }
      }
      int ideal = Math.min(k, rel.size());
      double idcg = 0;
      for (int r = 1; r <= ideal; r++) idcg += 1 / (Math.log(r + 1) / Math.log(2));
      users++;
      relevantTotal += rel.size();
      precision += hits / (double) k;
      hitsTotal += hits;
      idealTotal += ideal;
      recall += hits / (double) rel.size();
      ndcg += dcg / idcg;
      map += ap / ideal;
      if (hits > 0) hitUsers++;
      double won = 0;
      long pairs = 0;
      for (int p : rel) {
        for (int q : cands) {
          if (rel.contains(q)) continue;
          pairs++;
          double sp = s[u][p], sq = s[u][q];
          won += sp > sq ? 1 : sp == sq ? 0.5 : 0;
        }
      }
      if (pairs > 0) {
        auc += won / pairs;
        aucUsers++;
      }
    }
    return new Expected(precision / users, hitsTotal / (double) idealTotal, recall / users, ndcg / users, map / users,
        hitUsers / users, auc / aucUsers, users, relevantTotal, aucUsers);
  }

  private static void assertMatches(Expected e, RankingMetrics m, String what) {
    assertEquals(e.precision(), m.precision(), EPS, what + " precision");
    assertEquals(e.capped(), m.precisionCapped(), EPS, what + " capped precision");
    assertEquals(e.recall(), m.recall(), EPS, what + " recall");
    assertEquals(e.ndcg(), m.ndcg(), EPS, what + " ndcg");
    assertEquals(e.map(), m.map(), EPS, what + " map");
    assertEquals(e.hitRate(), m.hitRate(), EPS, what + " hit rate");
    assertEquals(e.auc(), m.auc(), EPS, what + " auc");
    assertEquals(e.users(), m.usersEvaluated(), what + " users");
    assertEquals(e.relevant(), m.testInteractions(), what + " relevant items");
    assertEquals(e.aucUsers(), m.aucUsers(), what + " auc users");
  }

  /**
   * Random users covering the cases: no test items, test items all in train (skipped), repeated and
   * train-overlapping test items, more test items than k, all items but a few in train (fewer
   * candidates than k), all but the test items in train (no negatives: no AUC).
   */
  private static int[][][] interactions(Random rnd, int users, int items) {
    int[][] train = new int[users][], test = new int[users][];
    for (int u = 0; u < users; u++) {
      int kind = u % 7;
      List<Integer> perm = new ArrayList<>();
      for (int i = 0; i < items; i++) perm.add(i);
      java.util.Collections.shuffle(perm, rnd);
      if (kind == 0) { // no test items
        train[u] = toArray(perm.subList(0, rnd.nextInt(5)));
        test[u] = new int[0];
      } else if (kind == 1) { // test ⊆ train: skipped
        train[u] = toArray(perm.subList(0, 4));
        test[u] = toArray(perm.subList(1, 3));
      } else if (kind == 2) { // fewer candidates than the larger cutoffs
        train[u] = toArray(perm.subList(0, items - 4));
        test[u] = toArray(perm.subList(items - 6, items - 1)); // two in train
      } else if (kind == 3) { // every candidate relevant: no negatives
        train[u] = toArray(perm.subList(0, items - 3));
        test[u] = toArray(perm.subList(items - 3, items));
      } else if (kind == 4) { // many test items, repeats
        train[u] = toArray(perm.subList(0, 3));
        int[] t = toArray(perm.subList(2, 2 + items / 2));
        int[] rep = Arrays.copyOf(t, t.length + 3);
        rep[t.length] = t[0];
        rep[t.length + 1] = t[1];
        rep[t.length + 2] = t[0];
        test[u] = rep;
      } else {
        int nt = rnd.nextInt(8);
        train[u] = toArray(perm.subList(0, nt));
        test[u] = toArray(perm.subList(Math.max(0, nt - 1), nt + 1 + rnd.nextInt(5)));
      }
    }
    return new int[][][] {train, test};
  }

  private static int[] toArray(List<Integer> l) {
    return l.stream().mapToInt(Integer::intValue).toArray();
  }

  private static float[][] scores(Random rnd, int users, int items, int levels) {
    float[][] s = new float[users][items];
    for (float[] row : s) {
      for (int i = 0; i < items; i++) row[i] = levels > 0 ? rnd.nextInt(levels) - levels / 2 : (float) rnd.nextGaussian();
    }
    return s;
  }

  @Test
  void everyMetricMatchesABruteForceReference() {
    Random rnd = new Random(7);
    int[] ks = {1, 3, 5, 10, 40, 41};
    // levels 3: mostly ties; 0: continuous scores; 150 users: three blocks of 64
    for (int levels : new int[] {3, 0}) {
      int users = 150, items = 37;
      float[][] s = scores(rnd, users, items, levels);
      int[][][] tt = interactions(rnd, users, items);
      try (Scores sc = new Scores(s)) {
        List<RankingMetrics> got = sc.evaluate(csr(items, tt[0]), csr(items, tt[1]), ks, 2);
        assertEquals(ks.length, got.size());
        for (int j = 0; j < ks.length; j++) {
          assertEquals(ks[j], got.get(j).k());
          assertMatches(bruteForce(s, tt[0], tt[1], ks[j]), got.get(j), "levels " + levels + ", k " + ks[j]);
        }
        assertTrue(got.get(0).usersEvaluated() < users, "some users must be skipped");
        assertTrue(got.get(0).aucUsers() < got.get(0).usersEvaluated(), "some users must have no negatives");
      }
    }
  }

  @Test
  void aHandComputedExample() {
    float[][] s = {
        {0.9f, 0.8f, 0.7f, 0.6f, 0.5f, 0.4f},
        {0.5f, 0.5f, 0.5f, 0.1f, 0.9f, 0.2f},
        {0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f},
        {0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f},
    };
    // User 0: item 0 is in train, so the relevant set is {2, 4} and the ranking 1 2 3 4 5.
    // User 1: nothing in train; ranking 4, then 0 1 2 (tied, by index), 5, 3; relevant {1, 4}.
    // User 2 has no test item, user 3's only test item is in train: both skipped.
    int[][] train = {{0}, {}, {1}, {5}};
    int[][] test = {{2, 4, 0}, {1, 4}, {}, {5}};
    double l3 = 1 / (Math.log(3) / Math.log(2)), l5 = 1 / (Math.log(5) / Math.log(2));
    double idcg2 = 1 + l3;
    try (Scores sc = new Scores(s)) {
      List<RankingMetrics> m = sc.evaluate(csr(6, train), csr(6, test), new int[] {10, 3, 1}, 1);
      RankingMetrics at1 = m.get(0), at3 = m.get(1), at10 = m.get(2);
      // top 1: user 0 gets item 1 (miss), user 1 item 4 (hit)
      assertEquals(1, at1.k());
      assertEquals(0.5, at1.precision(), EPS);
      assertEquals(0.5, at1.precisionCapped(), EPS); // 1 hit / (1 + 1)
      assertEquals(0.25, at1.recall(), EPS); // (0 + 1/2) / 2
      assertEquals(0.5, at1.ndcg(), EPS);
      assertEquals(0.5, at1.map(), EPS);
      assertEquals(0.5, at1.hitRate(), EPS);
      // top 3: user 0 gets 1 2 3 (hit at rank 2), user 1 gets 4 0 1 (hits at ranks 1 and 3)
      assertEquals((1 / 3.0 + 2 / 3.0) / 2, at3.precision(), EPS);
      assertEquals(3 / 4.0, at3.precisionCapped(), EPS);
      assertEquals((0.5 + 1) / 2, at3.recall(), EPS);
      assertEquals((l3 / idcg2 + 1.5 / idcg2) / 2, at3.ndcg(), EPS);
      assertEquals(0.6532867981913646, at3.ndcg(), 1e-12);
      assertEquals(((1 / 2.0) / 2 + (1 + 2 / 3.0) / 2) / 2, at3.map(), EPS);
      assertEquals(1.0, at3.hitRate(), EPS);
      // k = 10 is more than the 5 and 6 candidates: whole rankings, precision still over 10
      assertEquals(0.2, at10.precision(), EPS);
      assertEquals(1.0, at10.precisionCapped(), EPS);
      assertEquals(1.0, at10.recall(), EPS);
      assertEquals(((l3 + l5) / idcg2 + 1.5 / idcg2) / 2, at10.ndcg(), EPS);
      assertEquals(0.7853208594776601, at10.ndcg(), 1e-12);
      assertEquals(((1 / 2.0 + 2 / 4.0) / 2 + (1 + 2 / 3.0) / 2) / 2, at10.map(), EPS);
      // AUC: user 0 wins 3 of its 6 pairs; user 1 wins 3 (two ties count half) + 4 of 8
      for (RankingMetrics r : m) {
        assertEquals((3 / 6.0 + 7 / 8.0) / 2, r.auc(), EPS);
        assertEquals(2, r.usersEvaluated());
        assertEquals(4, r.testInteractions());
        assertEquals(2, r.aucUsers());
      }
    }
  }

  @Test
  void theResultDoesNotDependOnTheThreadCount() {
    Random rnd = new Random(11);
    int users = 300, items = 50;
    float[][] s = scores(rnd, users, items, 0);
    int[][][] tt = interactions(rnd, users, items);
    CsrMatrix train = csr(items, tt[0]), test = csr(items, tt[1]);
    int[] ks = {5, 20};
    try (Scores sc = new Scores(s)) {
      List<RankingMetrics> one = sc.evaluate(train, test, ks, 1);
      for (int t : new int[] {2, 3, 8}) assertEquals(one, sc.evaluate(train, test, ks, t), "threads " + t);
      // the same instance evaluated twice (the per-iteration use) gives the same answer
      try (RankingEvaluator e = new RankingEvaluator(train, test, ks, 3)) {
        assertEquals(one, e.evaluate(sc.u, sc.scorer));
        assertEquals(one, e.evaluate(sc.u, sc.scorer));
      }
    }
  }

  @Test
  void theKernelsEntryPointScoresInMemoryFactors() {
    Random rnd = new Random(3);
    int users = 40, items = 25, rank = 5;
    try (FactorMatrix u = FactorMatrix.allocate(users, rank); FactorMatrix v = FactorMatrix.allocate(items, rank)) {
      for (int a = 0; a < users; a++) for (int c = 0; c < rank; c++) u.set(a, c, (float) rnd.nextGaussian());
      for (int i = 0; i < items; i++) for (int c = 0; c < rank; c++) v.set(i, c, (float) rnd.nextGaussian());
      float[] flat = new float[users * items];
      new ItemScorer(KernelProvider.get(), v).scoreUsers(u, java.util.stream.IntStream.range(0, users).toArray(), 0,
          users, flat, items);
      float[][] s = new float[users][items];
      for (int a = 0; a < users; a++) System.arraycopy(flat, a * items, s[a], 0, items);
      int[][][] tt = interactions(rnd, users, items);
      List<RankingMetrics> m = RankingEvaluator.evaluate(KernelProvider.get(), u, v, csr(items, tt[0]),
          csr(items, tt[1]), new int[] {5}, 2);
      assertMatches(bruteForce(s, tt[0], tt[1], 5), m.get(0), "k 5");
    }
  }

  @Test
  void noUsersToEvaluateGivesNaNAndNullInTheReport() {
    try (Scores sc = new Scores(new float[][] {{1, 2}, {3, 4}})) {
      RankingMetrics m = sc.evaluate(csr(2, new int[][] {{0}, {}}), csr(2, new int[][] {{0}, {}}), new int[] {1}, 1).get(0);
      assertEquals(0, m.usersEvaluated());
      assertTrue(Double.isNaN(m.precision()) && Double.isNaN(m.auc()));
      Map<String, Object> r = m.toReport();
      assertNull(r.get("precision_at_1"));
      assertTrue(r.containsKey("ndcg_at_1"));
      assertEquals(0L, r.get("users_evaluated"));
    }
  }

  @Test
  void reportKeysNameTheCutoff() {
    RankingMetrics a = new RankingMetrics(5, .1, .2, .3, .4, .5, .6, .7, 8, 9, 7);
    RankingMetrics b = new RankingMetrics(10, .1, .2, .3, .4, .5, .6, .7, 8, 9, 7);
    assertEquals(List.of("precision_at_5", "precision_at_5_capped", "recall_at_5", "ndcg_at_5", "map_at_5",
        "hit_rate_at_5", "precision_at_10", "precision_at_10_capped", "recall_at_10", "ndcg_at_10", "map_at_10",
        "hit_rate_at_10", "auc", "users_evaluated", "test_interactions", "auc_users"),
        List.copyOf(RankingMetrics.toReport(List.of(a, b)).keySet()));
  }

  @Test
  void badArgumentsAreRejectedWithTheirValues() {
    CsrMatrix t = csr(3, new int[][] {{0}, {1}});
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new RankingEvaluator(t, csr(4, new int[][] {{0}, {1}}), new int[] {1}, 1));
    assertTrue(e.getMessage().contains("2×3") && e.getMessage().contains("2×4"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new RankingEvaluator(t, t, new int[] {5, 0}, 1));
    assertTrue(e.getMessage().contains("k = 0"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new RankingEvaluator(t, t, new int[0], 1));
    try (Scores sc = new Scores(new float[][] {{1, 2, 3}, {3, 4, 5}, {0, 0, 0}})) {
      e = assertThrows(IllegalArgumentException.class, () -> sc.evaluate(t, t, new int[] {1}, 1));
      assertTrue(e.getMessage().contains("3 rows"), e.getMessage());
    }
  }

  @Test
  void aNaNScoreIsReportedWithItsUserAndItem() {
    float[][] s = {{1, 2, 3}, {3, Float.NaN, 5}};
    try (Scores sc = new Scores(s)) {
      CsrMatrix train = csr(3, new int[][] {{}, {}}), test = csr(3, new int[][] {{0}, {0}});
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> sc.evaluate(train, test, new int[] {1}, 1));
      // 0 · NaN is NaN: a NaN in V spoils that item for every user, and the first is named
      assertTrue(e.getMessage().contains("user 0 for item 1 is NaN"), e.getMessage());
    }
  }
}
