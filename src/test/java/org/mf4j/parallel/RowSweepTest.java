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
}
