package org.mf4j.api;

/**
 * Receives per-iteration progress from a trainer, on the thread that called {@code fit}: the
 * {@code fit(train, test, listener)} methods of {@link org.mf4j.solver.als.AlsTrainer} and
 * {@link org.mf4j.solver.svd.ZeroFilledSvd}.
 */
@FunctionalInterface
public interface TrainingListener {
  /**
   * Called once after each iteration, in order, before the next one starts. An exception thrown here
   * ends the training: it propagates out of {@code fit} and the run's resources are released.
   *
   * @param stats what the iteration did
   */
  void onIteration(IterationStats stats);

  /** A listener that ignores every report. */
  TrainingListener NONE = s -> {};
}
