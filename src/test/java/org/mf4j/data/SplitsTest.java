package org.mf4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mf4j.api.IdIndex;
import org.mf4j.api.Ratings;

class SplitsTest {
  @TempDir Path dir;

  @Test
  void randomSplitFollowsMakeSplit() {
    // 8 ratings; user 3 and item 12 occur once each. Which rows go to test is worked out here with
    // java.util.Random directly, as MakeSplit does: one nextDouble() per rating, in order.
    int[] users = {0, 0, 1, 1, 2, 2, 3, 0};
    int[] items = {0, 1, 0, 1, 0, 1, 0, 2};
    float[] values = {1, 2, 3, 4, 5, 1, 2, 3};
    Ratings all = Ratings.ofDense(users, items, values, 4, 3);
    double fraction = 0.4;
    long seed = 28;
    Random rng = new Random(seed);
    boolean[] test = new boolean[8];
    for (int k = 0; k < 8; k++) test[k] = rng.nextDouble() < fraction;
    boolean[] userInTrain = new boolean[4], itemInTrain = new boolean[3];
    int nTrain = 0;
    for (int k = 0; k < 8; k++) {
      if (!test[k]) {
        userInTrain[users[k]] = itemInTrain[items[k]] = true;
        nTrain++;
      }
    }
    int nTest = 0, cold = 0;
    for (int k = 0; k < 8; k++) {
      if (test[k]) {
        if (userInTrain[users[k]] && itemInTrain[items[k]]) nTest++;
        else cold++;
      }
    }
    // the seed was picked so that the example has every case: train, test and cold rows
    assertEquals("[false, false, true, false, true, false, true, true]", java.util.Arrays.toString(test));
    assertEquals(4, nTrain);
    assertEquals(2, nTest);
    assertEquals(2, cold);

    TrainTestSplit s = Splits.random(all, fraction, seed);
    assertEquals(nTrain, s.train().size());
    assertEquals(nTest, s.test().size());
    assertEquals(cold, s.coldDropped());
    assertSame(all.userIds(), s.test().userIds());
    // train and test keep file order
    assertEquals(2f, s.train().value(1)); // rows 0, 1, 3, 5
    assertEquals(4f, s.train().value(2));
    assertEquals(1, s.test().user(0)); // rows 2, 4; rows 6 (user 3) and 7 (item 2) are cold
    assertEquals(3f, s.test().value(0));
    assertEquals(5f, s.test().value(1));
    assertThrows(IllegalArgumentException.class, () -> Splits.random(all, 1.5, 1));
  }

  @Test
  void givenTestFileUsesTrainMapsAndDropsColdIds() throws IOException {
    Path train = Files.writeString(dir.resolve("train.csv"), "10,100,4\n10,200,3\n20,100,5\n");
    Path test = Files.writeString(dir.resolve("test.csv"), "20,200,4\n30,100,1\n10,300,2\n10,100,5\n");
    Ratings tr = RatingsReader.read(train).ratings();
    TrainTestSplit s = Splits.givenTest(tr, test, ReadOptions.DEFAULT);
    assertSame(tr, s.train());
    assertEquals(2, s.test().size());
    assertEquals(2, s.coldDropped()); // user 30 and item 300 are unknown to train
    assertEquals(2, tr.numUsers()); // the maps were not extended
    assertEquals(2, tr.numItems());
    assertEquals("20", tr.userIds().externalId(s.test().user(0)));
    assertEquals("200", tr.itemIds().externalId(s.test().item(0)));
    assertEquals(5f, s.test().value(1));
  }

  @Test
  void givenTestWithTextIds() throws IOException {
    Ratings tr = RatingsReader.read(Files.writeString(dir.resolve("a.csv"), "ann,x,1\nbob,y,2\n")).ratings();
    Ratings te = RatingsReader.read(Files.writeString(dir.resolve("b.csv"), "bob,x,3\ncid,x,3\n")).ratings();
    TrainTestSplit s = Splits.givenTest(tr, te);
    assertEquals(1, s.test().size());
    assertEquals(1, s.coldDropped());
    assertEquals("bob", tr.userIds().externalId(s.test().user(0)));
  }

  // ---- per-user and temporal splits ----

  /**
   * Users 0..199 with 1..25 rows each, distinct items per user drawn from 1500 (so many items occur
   * once and go cold when held out), timestamps from a small range (many ties), rows shuffled so that
   * a user's rows are spread over the file.
   */
  private static Ratings perUserData(long seed) {
    Random rnd = new Random(seed);
    List<int[]> rows = new ArrayList<>();
    for (int u = 0; u < 200; u++) {
      int n = u % 25 + 1;
      Set<Integer> items = new HashSet<>();
      while (items.size() < n) items.add(rnd.nextInt(1500));
      for (int i : items) rows.add(new int[] {u, i, rnd.nextInt(10)});
    }
    java.util.Collections.shuffle(rows, rnd);
    int n = rows.size();
    int[] users = new int[n], items = new int[n];
    float[] values = new float[n];
    long[] ts = new long[n];
    for (int k = 0; k < n; k++) {
      users[k] = rows.get(k)[0];
      items[k] = rows.get(k)[1];
      values[k] = k; // the value names the row: its position in the input
      ts[k] = rows.get(k)[2];
    }
    return new Ratings(users, items, values, ts, n, IdIndex.identity(200), IdIndex.identity(1500));
  }

  /** Input positions of a split's rows (values are positions in {@link #perUserData}). */
  private static int[] positions(Ratings r) {
    int[] p = new int[r.size()];
    for (int k = 0; k < r.size(); k++) p[k] = (int) r.value(k);
    return p;
  }

  /**
   * Checks what every split must give: train and test disjoint, in input order, sharing the maps; the
   * rows in neither are exactly coldDropped many, each with an item (or user) absent from train; and
   * returns, per user, how many rows were held out (test plus cold).
   */
  private static int[] checkPartition(Ratings all, TrainTestSplit s) {
    int[] tr = positions(s.train()), te = positions(s.test());
    assertSame(all.userIds(), s.train().userIds());
    for (int[] p : new int[][] {tr, te}) for (int k = 1; k < p.length; k++) assertTrue(p[k] > p[k - 1], "input order");
    boolean[] inTrain = new boolean[all.size()], inTest = new boolean[all.size()];
    Set<Integer> trainUsers = new HashSet<>(), trainItems = new HashSet<>();
    for (int p : tr) {
      inTrain[p] = true;
      trainUsers.add(all.user(p));
      trainItems.add(all.item(p));
    }
    for (int p : te) {
      assertTrue(!inTrain[p], "row " + p + " in train and test");
      inTest[p] = true;
      assertTrue(trainUsers.contains(all.user(p)) && trainItems.contains(all.item(p)), "test row " + p + " is cold");
    }
    int[] heldOut = new int[all.numUsers()];
    long cold = 0;
    for (int p = 0; p < all.size(); p++) {
      if (inTrain[p]) continue;
      heldOut[all.user(p)]++;
      if (!inTest[p]) {
        cold++;
        assertTrue(!trainUsers.contains(all.user(p)) || !trainItems.contains(all.item(p)), "row " + p + " lost but not cold");
      }
    }
    assertEquals(cold, s.coldDropped());
    assertEquals(all.size(), s.train().size() + s.test().size() + s.coldDropped());
    return heldOut;
  }

  private static int[] rowsPerUser(Ratings all) {
    int[] n = new int[all.numUsers()];
    for (int k = 0; k < all.size(); k++) n[all.user(k)]++;
    return n;
  }

  @Test
  void perUserFractionHoldsOutTheRoundedFractionOfEachUser() {
    Ratings all = perUserData(1);
    int[] n = rowsPerUser(all);
    TrainTestSplit s = Splits.perUserFraction(all, 0.2, 5, 42);
    int[] held = checkPartition(all, s);
    for (int u = 0; u < n.length; u++) {
      // e.g. 5 rows → 1, 7 → 1 (1.4), 8 → 2 (1.6), 25 → 5; fewer than 5 rows → none
      int expected = n[u] < 5 ? 0 : (int) Math.clamp(Math.round(0.2 * n[u]), 1, n[u] - 1);
      assertEquals(expected, held[u], "user " + u + " with " + n[u] + " rows");
    }
    assertTrue(s.coldDropped() > 0, "the data is meant to have cold test rows");
    assertEquals(1, Splits.heldOut(0.01, 10)); // at least 1
    assertEquals(9, Splits.heldOut(0.99, 10)); // at most n - 1
    assertEquals(3, Splits.heldOut(0.25, 10)); // 2.5 rounds up
    assertThrows(IllegalArgumentException.class, () -> Splits.perUserFraction(all, 0, 5, 1));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Splits.perUserFraction(all, 0.2, 1, 1));
    assertTrue(e.getMessage().contains("minRows = 1"), e.getMessage());
  }

  @Test
  void perUserSplitsDependOnlyOnTheSeedAndEachUsersOwnRows() {
    Ratings all = perUserData(2);
    for (SeededSplit f : List.<SeededSplit>of(
        (r, seed) -> Splits.perUserFraction(r, 0.3, 3, seed), (r, seed) -> Splits.leaveKOut(r, 2, seed))) {
      TrainTestSplit a = f.split(all, 5), b = f.split(all, 5), c = f.split(all, 6);
      assertArrayEquals(positions(a.train()), positions(b.train()));
      assertArrayEquals(positions(a.test()), positions(b.test()));
      assertNotEquals(Arrays.toString(positions(a.train())), Arrays.toString(positions(c.train())), "another seed");
      // Half the users alone: each keeps exactly the same held-out rows.
      int[] half = new int[all.size()];
      int m = 0;
      for (int k = 0; k < all.size(); k++) if (all.user(k) % 2 == 0) half[m++] = k;
      Ratings evens = all.select(half, m);
      Set<Float> heldAll = new HashSet<>(), heldEvens = new HashSet<>();
      for (float v : all.values()) heldAll.add(v);
      for (int p : positions(a.train())) heldAll.remove((float) p);
      heldAll.removeIf(v -> all.user((int) (float) v) % 2 != 0);
      TrainTestSplit e = f.split(evens, 5);
      for (int k = 0; k < evens.size(); k++) heldEvens.add(evens.value(k));
      for (int p : positions(e.train())) heldEvens.remove((float) p);
      assertEquals(heldAll, heldEvens);
    }
  }

  /** A split of some ratings with a seed. */
  private interface SeededSplit {
    TrainTestSplit split(Ratings r, long seed);
  }

  @Test
  void leaveKOutHoldsOutKRowsOfUsersWithMore() {
    Ratings all = perUserData(3);
    int[] n = rowsPerUser(all);
    int[] held = checkPartition(all, Splits.leaveKOut(all, 3, 9));
    for (int u = 0; u < n.length; u++) assertEquals(n[u] > 3 ? 3 : 0, held[u], "user " + u + " with " + n[u] + " rows");
    assertThrows(IllegalArgumentException.class, () -> Splits.leaveKOut(all, 0, 9));
  }

  @Test
  void temporalHoldsOutEachUsersLatestRowsTiesByInputOrder() {
    Ratings all = perUserData(4);
    int[] n = rowsPerUser(all);
    long[] ts = all.timestamps();
    TrainTestSplit s = Splits.temporal(all, 0.25, 4);
    int[] held = checkPartition(all, s);
    Map<Integer, Integer> trainLatest = new HashMap<>(); // user → latest train row by (time, position)
    Set<Integer> trained = new HashSet<>();
    for (int p : positions(s.train())) trained.add(p);
    for (int p = 0; p < all.size(); p++) {
      if (!trained.contains(p)) continue;
      int u = all.user(p);
      Integer q = trainLatest.get(u);
      if (q == null || ts[p] > ts[q] || (ts[p] == ts[q] && p > q)) trainLatest.put(u, p);
    }
    for (int p = 0; p < all.size(); p++) {
      if (trained.contains(p)) continue;
      int q = trainLatest.get(all.user(p));
      assertTrue(ts[p] > ts[q] || (ts[p] == ts[q] && p > q), "held-out row " + p + " is not after train row " + q);
    }
    for (int u = 0; u < n.length; u++) {
      assertEquals(n[u] < 4 ? 0 : (int) Math.clamp(Math.round(0.25 * n[u]), 1, n[u] - 1), held[u], "user " + u);
    }
    // A hand-made case where the cut falls inside a tie: each user holds out one row, the one that is
    // latest in (time, position). User 0: row 2 (time 7, after row 1), cold as item 9 has no other row.
    // User 1: row 5 (time 3, after row 4).
    Ratings small = new Ratings(new int[] {0, 0, 0, 0, 1, 1}, new int[] {1, 2, 9, 3, 1, 2},
        new float[] {0, 1, 2, 3, 4, 5}, new long[] {5, 7, 7, 6, 3, 3}, 6, IdIndex.identity(2), IdIndex.identity(10));
    TrainTestSplit t = Splits.temporal(small, 0.25, 2);
    assertArrayEquals(new int[] {0, 1, 3, 4}, positions(t.train()));
    assertArrayEquals(new int[] {5}, positions(t.test()));
    assertEquals(1, t.coldDropped());
  }

  @Test
  void temporalSplitsNeedTimestamps() {
    Ratings none = Ratings.ofDense(new int[] {0, 0}, new int[] {0, 1}, new float[] {1, 2}, 1, 2);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Splits.temporal(none, 0.5, 2));
    assertTrue(e.getMessage().contains("timestamps"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Splits.temporalCutoff(none, 0));
    assertTrue(e.getMessage().contains("timestamps"), e.getMessage());
  }

  @Test
  void temporalCutoffSendsEverythingFromTheCutoffOnToTest() {
    Ratings all = perUserData(5);
    long[] ts = all.timestamps();
    TrainTestSplit s = Splits.temporalCutoff(all, 7);
    checkPartition(all, s);
    for (int p : positions(s.train())) assertTrue(ts[p] < 7);
    for (int p : positions(s.test())) assertTrue(ts[p] >= 7);
    long late = Arrays.stream(ts).filter(t -> t >= 7).count();
    assertEquals(late, s.test().size() + s.coldDropped());
    // A user seen only after the cutoff is cold.
    Ratings small = new Ratings(new int[] {0, 1, 0}, new int[] {0, 0, 0}, new float[] {0, 1, 2},
        new long[] {1, 9, 9}, 3, IdIndex.identity(2), IdIndex.identity(1));
    TrainTestSplit t = Splits.temporalCutoff(small, 9);
    assertArrayEquals(new int[] {2}, positions(t.test()));
    assertEquals(1, t.coldDropped());
  }

  @Test
  void reindexMapsExternalIdsIntoOtherMapsAndDropsUnknownOnes() throws IOException {
    Ratings model = RatingsReader.read(Files.writeString(dir.resolve("m.csv"), "10,a,1\n20,b,1\n")).ratings();
    Ratings r = RatingsReader.read(Files.writeString(dir.resolve("r.csv"), "20,a,3\n30,a,4\n10,c,5\n10,b,2\n")).ratings();
    Ratings x = Splits.reindex(r, model.userIds(), model.itemIds());
    assertEquals(2, x.size());
    assertSame(model.userIds(), x.userIds());
    assertEquals("20", model.userIds().externalId(x.user(0)));
    assertEquals("a", model.itemIds().externalId(x.item(0)));
    assertEquals(3f, x.value(0));
    assertEquals("10", model.userIds().externalId(x.user(1)));
    assertEquals("b", model.itemIds().externalId(x.item(1)));
    assertEquals(2, model.numUsers()); // not extended
  }
}
