package org.mf4j.testing;

import java.lang.management.ManagementFactory;

/** Heap bytes allocated by the calling thread, for tests that bound what a piece of code allocates. */
public final class HeapAllocation {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private HeapAllocation() {}

  /** Bytes this thread has allocated on the heap since it started (a running total). */
  public static long ofThisThread() {
    return THREADS.getCurrentThreadAllocatedBytes();
  }
}
