package org.mf4j.parallel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RowSweepTest {
  @Test
  void rangesCoverEveryRowOnceAndBalanceCost() {
    int rows = 1000;
    // Heavy-tailed costs: a few rows cost as much as all others together.
    int[] b = RowSweep.balancedRanges(rows, r -> r % 100 == 0 ? 10_000 : 10, 8);
    assertEquals(0, b[0]);
    assertEquals(rows, b[b.length - 1]);
    for (int i = 1; i < b.length; i++) assertTrue(b[i] > b[i - 1], "empty or reversed range");
    long total = 10 * 1000 + 10 * 9990;
    for (int i = 1; i < b.length; i++) {
      long c = 0;
      for (int r = b[i - 1]; r < b[i]; r++) c += r % 100 == 0 ? 10_000 : 10;
      assertTrue(c <= total / 8 + 10_000, "range " + i + " costs " + c);
    }
    assertEquals(2, RowSweep.balancedRanges(1, r -> 5, 8).length);
  }

  @Test
  void eachWorkerKeepsItsScratchAndEveryRowIsVisitedOnce() {
    AtomicInteger created = new AtomicInteger();
    int rows = 10_000;
    int[] visits = new int[rows];
    try (RowSweep<int[]> s = new RowSweep<>(3, () -> {
      created.incrementAndGet();
      return new int[1];
    })) {
      for (int rep = 0; rep < 5; rep++) {
        s.run(rows, r -> 1 + r % 7, (from, to, scratch) -> {
          scratch[0]++;
          for (int r = from; r < to; r++) visits[r]++;
        });
      }
    }
    for (int v : visits) assertEquals(5, v);
    assertTrue(created.get() <= 3, "scratch created " + created.get() + " times for 3 workers");
  }

  @Test
  void exceptionsInABodyReachTheCaller() {
    try (RowSweep<Object> s = new RowSweep<>(2, Object::new)) {
      RuntimeException e = assertThrows(RuntimeException.class, () -> s.run(100, r -> 1, (from, to, x) -> {
        if (from == 0) throw new IllegalStateException("boom in range starting at 0");
      }));
      assertTrue(String.valueOf(e.getMessage()).contains("boom") || String.valueOf(e.getCause()).contains("boom"), String.valueOf(e));
    }
  }

  /** A random DAG (edges only forward): every task runs once, and only after all its predecessors. */
  @Test
  void graphTasksRunOnceEachAfterTheirPredecessors() {
    int n = 300;
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(4);
    int[][] successors = new int[n][];
    java.util.List<java.util.List<Integer>> preds = new java.util.ArrayList<>();
    for (int t = 0; t < n; t++) preds.add(new java.util.ArrayList<>());
    for (int t = 0; t < n; t++) {
      int m = t + 1 < n ? rnd.nextInt(4) : 0;
      successors[t] = m == 0 ? new int[0] : rnd.ints(m, t + 1, n).distinct().toArray();
      for (int q : successors[t]) preds.get(q).add(t);
    }
    try (RowSweep<Object> s = new RowSweep<>(3, Object::new)) {
      for (int rep = 0; rep < 20; rep++) {
        AtomicInteger clock = new AtomicInteger();
        java.util.concurrent.atomic.AtomicIntegerArray finished = new java.util.concurrent.atomic.AtomicIntegerArray(n);
        java.util.concurrent.atomic.AtomicIntegerArray runs = new java.util.concurrent.atomic.AtomicIntegerArray(n);
        java.util.concurrent.atomic.AtomicIntegerArray started = new java.util.concurrent.atomic.AtomicIntegerArray(n);
        s.runGraph(n, successors, (t, x) -> {
          started.set(t, clock.incrementAndGet());
          runs.incrementAndGet(t);
          finished.set(t, clock.incrementAndGet());
        });
        for (int t = 0; t < n; t++) {
          assertEquals(1, runs.get(t), "task " + t + " runs once");
          for (int p : preds.get(t)) assertTrue(finished.get(p) < started.get(t), "task " + t + " started before its predecessor " + p);
        }
      }
    }
  }

  @Test
  void aFailingGraphTaskSkipsTheRestAndReachesTheCaller() {
    int n = 50;
    int[][] chain = new int[n][];
    for (int t = 0; t < n; t++) chain[t] = t + 1 < n ? new int[] {t + 1} : new int[0];
    AtomicInteger ran = new AtomicInteger();
    try (RowSweep<Object> s = new RowSweep<>(2, Object::new)) {
      ArithmeticException e = assertThrows(ArithmeticException.class, () -> s.runGraph(n, chain, (t, x) -> {
        ran.incrementAndGet();
        if (t == 9) throw new ArithmeticException("diverged at task 9");
      }));
      assertEquals("diverged at task 9", e.getMessage());
      assertEquals(10, ran.get(), "tasks after the failure are skipped");
      s.runGraph(n, chain, (t, x) -> ran.incrementAndGet()); // the sweep still works afterwards
      assertEquals(10 + n, ran.get());
    }
  }
}
