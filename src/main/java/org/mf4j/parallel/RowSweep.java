package org.mf4j.parallel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountedCompleter;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
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

  /** Work on one task of {@link #runGraph} with this worker's scratch. */
  @FunctionalInterface
  public interface TaskBody<S> {
    void run(int task, S scratch);
  }

  /**
   * Runs tasks {@code 0..n-1}, each only after its predecessors are done: {@code successors[t]} lists the
   * tasks that wait for t, and a task with no predecessors starts at once. There is no barrier between
   * "levels": a worker that finishes a task goes straight on with whichever successor that made ready,
   * so one slow worker (a busy machine) delays only what waits for its own tasks. Returns when all are
   * done. When a body throws, tasks not yet started are skipped and the first exception is rethrown
   * here, after every started task has finished.
   */
  public void runGraph(int n, int[][] successors, TaskBody<S> body) {
    if (n == 0) return;
    AtomicIntegerArray waiting = new AtomicIntegerArray(n);
    for (int[] next : successors) for (int t : next) waiting.incrementAndGet(t);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    CountedCompleter<Void> all = new CountedCompleter<>() {
      @Override
      public void compute() {
        // The sources first, then fork: once forked, tasks bring their successors' counts to 0 themselves.
        int[] sources = java.util.stream.IntStream.range(0, n).filter(t -> waiting.get(t) == 0).toArray();
        for (int t : sources) new GraphTask<>(this, t, successors, waiting, failure, body).fork();
        tryComplete();
      }
    };
    all.setPendingCount(n); // one count per task, plus the root's own tryComplete
    pool.invoke(all);
    Throwable t = failure.get();
    if (t instanceof RuntimeException e) throw e;
    if (t instanceof Error e) throw e;
    if (t != null) throw new IllegalStateException(t);
  }

  private static final class GraphTask<S> extends CountedCompleter<Void> {
    private final CountedCompleter<Void> all;
    private final int task;
    private final int[][] successors;
    private final AtomicIntegerArray waiting;
    private final AtomicReference<Throwable> failure;
    private final TaskBody<S> body;

    GraphTask(CountedCompleter<Void> all, int task, int[][] successors, AtomicIntegerArray waiting, AtomicReference<Throwable> failure,
        TaskBody<S> body) {
      super(all);
      this.all = all;
      this.task = task;
      this.successors = successors;
      this.waiting = waiting;
      this.failure = failure;
      this.body = body;
    }

    @Override
    public void compute() {
      if (failure.get() == null) {
        try {
          @SuppressWarnings("unchecked")
          Worker<S> w = (Worker<S>) Thread.currentThread();
          body.run(task, w.scratch());
        } catch (Throwable t) {
          failure.compareAndSet(null, t);
        }
      }
      for (int next : successors[task]) {
        if (waiting.decrementAndGet(next) == 0) new GraphTask<>(all, next, successors, waiting, failure, body).fork();
      }
      // Completes this task, which takes one count off the root; skipped tasks count too, so the root
      // completes only when every task has run or been skipped.
      tryComplete();
    }
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
