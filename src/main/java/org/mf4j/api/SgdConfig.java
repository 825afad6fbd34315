package org.mf4j.api;

/**
 * Settings of stochastic gradient descent on the observed entries: per rating, e = r − (μ + b_u + b_i + u·v),
 * u ← u + η(e·v − λ_U u), v ← v + η(e·u − λ_V v), b_u ← b_u + η(e − λ_b b_u), b_i likewise.
 *
 * @param rank          K
 * @param lambdaU       λ_U, applied at every update of a user row (so effectively weighted by its count)
 * @param lambdaV       λ_V, likewise for item rows
 * @param lambdaBias    λ_b for the user and item biases
 * @param learningRate  η
 * @param schedule      how η changes over epochs and rows
 * @param decay         γ for {@link LearningRateSchedule#DECAY}
 * @param biases        learn μ, b_u and b_i (false: r ≈ u·v)
 * @param initStd       standard deviation of the Gaussian initial factors
 * @param iterations    epochs
 * @param threads       workers; results are reproducible for a seed and a thread count
 * @param seed          initial factors, block assignment and update order
 */
public record SgdConfig(int rank, double lambdaU, double lambdaV, double lambdaBias, double learningRate,
    LearningRateSchedule schedule, double decay, boolean biases, double initStd, int iterations, int threads, long seed) {

  public SgdConfig {
    Checks.rank(rank);
    Checks.nonNegative("lambdaU", lambdaU);
    Checks.nonNegative("lambdaV", lambdaV);
    Checks.nonNegative("lambdaBias", lambdaBias);
    Checks.positive("learningRate", learningRate);
    Checks.notNull("schedule", schedule);
    if (!(decay > 0 && decay <= 1)) throw new IllegalArgumentException("decay = " + decay + " not in (0, 1]");
    Checks.nonNegative("initStd", initStd);
    Checks.atLeast("iterations", iterations, 0);
    Checks.atLeast("threads", threads, 1);
  }

  /** K 64, λ 0.05, λ_b 0.05, η 0.05 with AdaGrad rates, biases, σ 0.1, 20 epochs, all processors. */
  public static SgdConfig defaults() {
    return new SgdConfig(64, 0.05, 0.05, 0.05, 0.05, LearningRateSchedule.ADAGRAD, 0.9, true, 0.1, 20,
        Runtime.getRuntime().availableProcessors(), 42);
  }

  public SgdConfig withRank(int k) { return new SgdConfig(k, lambdaU, lambdaV, lambdaBias, learningRate, schedule, decay, biases, initStd, iterations, threads, seed); }
  public SgdConfig withLambda(double l) { return new SgdConfig(rank, l, l, lambdaBias, learningRate, schedule, decay, biases, initStd, iterations, threads, seed); }
  public SgdConfig withLambdas(double lu, double lv, double lb) { return new SgdConfig(rank, lu, lv, lb, learningRate, schedule, decay, biases, initStd, iterations, threads, seed); }
  public SgdConfig withLearningRate(double lr, LearningRateSchedule s) { return new SgdConfig(rank, lambdaU, lambdaV, lambdaBias, lr, s, decay, biases, initStd, iterations, threads, seed); }
  public SgdConfig withDecay(double g) { return new SgdConfig(rank, lambdaU, lambdaV, lambdaBias, learningRate, schedule, g, biases, initStd, iterations, threads, seed); }
  public SgdConfig withBiases(boolean b) { return new SgdConfig(rank, lambdaU, lambdaV, lambdaBias, learningRate, schedule, decay, b, initStd, iterations, threads, seed); }
  public SgdConfig withIterations(int n) { return new SgdConfig(rank, lambdaU, lambdaV, lambdaBias, learningRate, schedule, decay, biases, initStd, n, threads, seed); }
  public SgdConfig withThreads(int t) { return new SgdConfig(rank, lambdaU, lambdaV, lambdaBias, learningRate, schedule, decay, biases, initStd, iterations, t, seed); }
  public SgdConfig withSeed(long s) { return new SgdConfig(rank, lambdaU, lambdaV, lambdaBias, learningRate, schedule, decay, biases, initStd, iterations, threads, s); }
}
