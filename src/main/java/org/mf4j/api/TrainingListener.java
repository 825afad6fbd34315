package org.mf4j.api;

/** Receives per-iteration progress from a trainer, on the thread that called {@code fit}. */
@FunctionalInterface
public interface TrainingListener {
  void onIteration(IterationStats stats);

  TrainingListener NONE = s -> {};
}
