package org.mf4j.api;

/**
 * What a trainer reports after each iteration, to a {@link TrainingListener}. A plain value: the
 * components are not checked.
 *
 * @param iteration the iteration's number, 1-based
 * @param seconds wall time in seconds of this iteration's sweeps, evaluation excluded
 * @param flops floating-point operations the sweeps did by the trainer's count (see its Javadoc)
 * @param trainRmse RMSE on the training ratings after this iteration (NaN if not evaluated)
 * @param testRmse RMSE on the test ratings (NaN when there is no test set)
 */
public record IterationStats(int iteration, double seconds, double flops, double trainRmse, double testRmse) {}
