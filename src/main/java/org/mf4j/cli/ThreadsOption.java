package org.mf4j.cli;

import picocli.CommandLine.Option;

/** {@code --threads}, shared by every command that runs on a worker pool (a picocli mixin). */
final class ThreadsOption {
  @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: all cores).")
  Integer threads;

  /** The thread count asked for, or all cores; at least 1. */
  int count() {
    int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
    if (n < 1) throw new IllegalArgumentException("--threads = " + n + " must be at least 1");
    return n;
  }
}
