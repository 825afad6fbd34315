package org.mf4j.parallel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.RecursiveAction;
import java.util.function.IntToLongFunction;
import java.util.function.Supplier;

/**
 * Runs a function over the rows {@code [0, rows)} on a {@link ForkJoinPool} it owns, in contiguous
 * row ranges of roughly equal cost.
 *
 * <p>Each pool thread owns one scratch object of type {@code S} (created on first use by the supplier,
 * then reused for every range it runs), so a sweep allocates nothing per row. The body must write only
 * the rows of the range it is given; then no locks are needed and, as long as each row's result depends
 * only on its own inputs, the result does not depend on the number of threads or on which thread ran
 * which range. Close the sweep to stop its threads.
 *
 * @param <S> per-worker scratch type
 */
public final class RowSweep<S> implements AutoCloseable {

  /** Work on rows {@code [from, to)} with this worker's scratch. */
  @FunctionalInterface
  public interface RangeBody<S> {
    void run(int from, int to, S scratch);
  }

  /** Ranges per thread: enough slack for stealing to even out cost estimates that are off. */
  private static final int RANGES_PER_THREAD = 8;

  private final ForkJoinPool pool;
  private final int threads;

  /** A pool of {@code threads} workers, each with scratch from {@code scratchFactory}. */
  public RowSweep(int threads, Supplier<S> scratchFactory) {
    if (threads < 1) throw new IllegalArgumentException("threads = " + threads + " < 1");
    this.threads = threads;
    this.pool = new ForkJoinPool(threads, p -> new Worker<>(p, scratchFactory), null, false);
  }

  public int threads() { return threads; }

  /**
   * Calls {@code body} over ranges covering {@code [0, rows)}, cut so each range has about the same
   * total {@code cost(row)}; returns when all are done. An exception in a body is rethrown here.
   */
  public void run(int rows, IntToLongFunction cost, RangeBody<S> body) {
    if (rows == 0) return;
    int[] bounds = balancedRanges(rows, cost, threads * RANGES_PER_THREAD);
    List<RecursiveAction> tasks = new ArrayList<>(bounds.length - 1);
    for (int r = 0; r + 1 < bounds.length; r++) {
      int from = bounds[r], to = bounds[r + 1];
      tasks.add(new RecursiveAction() {
        @Override
        protected void compute() {
          @SuppressWarnings("unchecked")
          Worker<S> w = (Worker<S>) Thread.currentThread();
          body.run(from, to, w.scratch());
        }
      });
    }
    pool.invoke(new RecursiveAction() {
      @Override
      protected void compute() {
        ForkJoinTask.invokeAll(tasks);
      }
    });
  }

  /** Cuts [0, rows) into at most {@code parts} contiguous ranges of near-equal total cost. */
  static int[] balancedRanges(int rows, IntToLongFunction cost, int parts) {
    long total = 0;
    for (int r = 0; r < rows; r++) total += Math.max(1, cost.applyAsLong(r));
    parts = (int) Math.max(1, Math.min(parts, rows));
    int[] bounds = new int[parts + 1];
    int b = 1;
    long acc = 0;
    for (int r = 0; r < rows && b < parts; r++) {
      acc += Math.max(1, cost.applyAsLong(r));
      // Cut after row r once the running cost reaches the b-th share.
      if (acc * parts >= total * b) bounds[b++] = r + 1;
    }
    while (b <= parts) bounds[b++] = rows;
    // Collapse empty ranges (a single very expensive row can cover several shares).
    int m = 1;
    for (int i = 1; i <= parts; i++) if (bounds[i] > bounds[m - 1]) bounds[m++] = bounds[i];
    return java.util.Arrays.copyOf(bounds, m);
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }

  private static final class Worker<S> extends ForkJoinWorkerThread {
    private final Supplier<S> factory;
    private S scratch;

    Worker(ForkJoinPool pool, Supplier<S> factory) {
      super(pool);
      this.factory = factory;
      setName("mf4j-sweep-" + getPoolIndex());
      setDaemon(true);
    }

    S scratch() {
      S s = scratch;
      if (s == null) scratch = s = factory.get();
      return s;
    }
  }
}
