package org.mf4j.solver;

import org.mf4j.api.Ratings;
import org.mf4j.memory.FactorMatrix;
import org.mf4j.model.FactorModel;
import org.mf4j.sparse.CsrMatrix;

/**
 * A training run that a caller drives one iteration (an ALS sweep pair, an SGD epoch) at a time: the CLI
 * prints a row per iteration, tuning stops early, benchmarks time iterations. Implemented by the ALS
 * family's {@code AlternatingRun} and by the SGD trainers' runs. Not thread-safe; close it (or hand its
 * factors over with {@link #toModel()}) to free the off-heap factors.
 */
public interface TrainingRun extends AutoCloseable {
  /** One iteration; returns its wall time in seconds. */
  double iterate();

  /** Floating-point operations of one {@link #iterate()}, for GFLOP/s and the fraction of peak. */
  double flopsPerIteration();

  /** Throws {@link ArithmeticException} naming the iteration and the value when training has diverged. */
  void checkFinite(int iteration);

  /** RMSE of the predictions against the training entries' values. */
  double trainRmse();

  /** RMSE against the test entries given at the start, NaN without them. */
  double testRmse();

  /** The objective being minimised, per observed entry. */
  double objective();

  FactorMatrix userFactors();

  FactorMatrix itemFactors();

  /** The training entries by user (rows users, columns items). */
  CsrMatrix trainByUser();

  /** The training ratings as given to the trainer (after any filtering it did). */
  Ratings train();

  /**
   * The trained model, with the training interactions as its seen items; it owns the factors from now
   * on (closing this run no longer frees them).
   */
  FactorModel toModel();

  @Override
  void close();
}
