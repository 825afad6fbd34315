package org.mf4j.solver;

import org.mf4j.api.Ratings;
import org.mf4j.memory.FactorMatrix;
import org.mf4j.model.FactorModel;
import org.mf4j.sparse.CsrMatrix;

/**
 * A training run that a caller drives one iteration (an ALS sweep pair, an SGD epoch, an SVD pass) at a
 * time: the CLI prints a row per iteration, tuning stops early, benchmarks time iterations. Made by the
 * trainers' {@code start} methods; implemented by {@link org.mf4j.solver.als.AlternatingRun},
 * {@link org.mf4j.solver.sgd.SgdRun}, {@link org.mf4j.solver.sgd.AdamRun} and
 * {@link org.mf4j.solver.svd.SvdRun}.
 *
 * <p>A run owns off-heap factors (and scratch) and a pool of worker threads. Use it from one thread at
 * a time. The life cycle: {@link #iterate()} as often as wanted, reading the metrics between
 * iterations; then at most one {@link #toModel()}, which hands the factors to the model; then
 * {@link #close()}, always (try-with-resources), which stops the workers and frees whatever the run still
 * owns. After {@code toModel()} call only {@code close()}: the model may share the run's matrices (another
 * iteration would change the model under its readers) or have replaced them with copies (the run's own are
 * then freed and reading them throws {@link IllegalStateException}).
 *
 * <pre>{@code
 * try (AlternatingRun run = new AlsTrainer(config).start(train, test)) {
 *   for (int it = 1; it <= 20; it++) {
 *     run.iterate();
 *     run.checkFinite(it);
 *     System.out.println(it + " " + run.trainRmse() + " " + run.testRmse());
 *   }
 *   model = run.toModel(); // the caller closes the model
 * }
 * }</pre>
 */
public interface TrainingRun extends AutoCloseable {
  /**
   * One iteration; returns its wall time in seconds.
   *
   * @throws ArithmeticException when the run diverges during the iteration (SGD and Adam: a block's or
   *     mini-batch's mean squared error NaN, infinite or far above the ratings' scale;
   *     {@link NotPositiveDefiniteException} for an ALS row system that is not positive definite)
   */
  double iterate();

  /** Floating-point operations of one {@link #iterate()}, for GFLOP/s and the fraction of peak. */
  double flopsPerIteration();

  /**
   * Throws {@link ArithmeticException} when a factor (or bias) holds NaN or infinity, naming
   * {@code iteration} (used only in the message) and the first such row; returns normally otherwise.
   */
  void checkFinite(int iteration);

  /** RMSE of the model's current predictions (biases included) against the training entries' values. */
  double trainRmse();

  /**
   * RMSE against the test entries given at the start, NaN without them. The ALS and SVD runs leave out
   * test entries whose user or item has no training rating; the SGD and Adam runs keep them.
   */
  double testRmse();

  /** The objective being minimised (each run's class says which), divided by the number of observed entries. */
  double objective();

  /** The current user factors U (users × K), owned by the run: a live view that each iteration changes; do not close it. */
  FactorMatrix userFactors();

  /** The current item factors V (items × K), owned by the run: a live view that each iteration changes; do not close it. */
  FactorMatrix itemFactors();

  /** The training entries by user (rows users, columns items); the run's own matrix: do not modify it. */
  CsrMatrix trainByUser();

  /** The training ratings as given to the trainer (after any filtering it did). */
  Ratings train();

  /**
   * The trained model, with the training interactions as its seen items and the training ratings' id
   * maps; it owns the factors from now on (closing this run no longer frees them) and the caller closes
   * it. Call at most once, then only {@link #close()}.
   */
  FactorModel toModel();

  /** Stops the worker threads and frees the off-heap memory the run still owns. Call once. */
  @Override
  void close();
}
