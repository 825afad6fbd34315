package org.mf4j.api;

/**
 * Settings of stochastic gradient descent on the observed entries: per rating, e = r − (μ + b_u + b_i + u·v),
 * u ← u + η(e·v − λ_U u), v ← v + η(e·u − λ_V v), b_u ← b_u + η(e − λ_b b_u), b_i likewise; μ is the
 * training mean, fixed, and the biases start at 0. Trained by {@link org.mf4j.solver.sgd.SgdTrainer}.
 *
 * <p>An immutable value. Every invalid component is rejected by the constructor and by every
 * {@code withX} method with an {@link IllegalArgumentException} whose message names the component and
 * its value (for example {@code decay = 0.0 not in (0, 1]}).
 *
 * @param rank          K, the number of latent factors, 1..4096
 * @param lambdaU       λ_U, applied at every update of a user row (so effectively weighted by its count);
 *                      finite and ≥ 0
 * @param lambdaV       λ_V, likewise for item rows; finite and ≥ 0
 * @param lambdaBias    λ_b for the user and item biases; finite and ≥ 0
 * @param learningRate  η; finite and &gt; 0
 * @param schedule      how η changes over epochs and rows; not null
 * @param decay         γ for {@link LearningRateSchedule#DECAY}, in (0, 1] (checked whatever the schedule)
 * @param biases        use the training mean μ and learn b_u and b_i (false: r ≈ u·v)
 * @param initStd       standard deviation of the Gaussian initial factors; finite and ≥ 0
 * @param iterations    epochs, ≥ 0
 * @param threads       workers, ≥ 1; results are reproducible for a seed and a thread count
 * @param seed          initial factors, block assignment and update order
 */
public record SgdConfig(int rank, double lambdaU, double lambdaV, double lambdaBias, double learningRate,
    LearningRateSchedule schedule, double decay, boolean biases, double initStd, int iterations, int threads, long seed) {

  /**
   * Validates every component.
   *
   * @throws IllegalArgumentException naming the component and its value when one is out of range, not
   *     finite or null
   */
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

  /**
   * K 64, λ_U = λ_V = 0.05, λ_b 0.05, η 0.05 with {@link LearningRateSchedule#ADAGRAD} rates (decay 0.9,
   * unused), biases, σ 0.1, 20 epochs, all processors ({@link Runtime#availableProcessors()} at the
   * call), seed 42.
   */
  public static SgdConfig defaults() {
    return new SgdConfig(64, 0.05, 0.05, 0.05, 0.05, LearningRateSchedule.ADAGRAD, 0.9, true, 0.1, 20,
        Runtime.getRuntime().availableProcessors(), 42);
  }

  /** This config with rank {@code k}; other settings unchanged. */
  public SgdConfig withRank(int k) { return new SgdConfig(k, lambdaU, lambdaV, lambdaBias, learningRate, schedule, decay, biases, initStd, iterations, threads, seed); }
  /** This config with λ_U = λ_V = {@code l} (λ_b unchanged); other settings unchanged. */
  public SgdConfig withLambda(double l) { return new SgdConfig(rank, l, l, lambdaBias, learningRate, schedule, decay, biases, initStd, iterations, threads, seed); }
  /** This config with λ_U {@code lu}, λ_V {@code lv} and λ_b {@code lb}; other settings unchanged. */
  public SgdConfig withLambdas(double lu, double lv, double lb) { return new SgdConfig(rank, lu, lv, lb, learningRate, schedule, decay, biases, initStd, iterations, threads, seed); }
  /** This config with learning rate η {@code lr} and schedule {@code s}; other settings unchanged. */
  public SgdConfig withLearningRate(double lr, LearningRateSchedule s) { return new SgdConfig(rank, lambdaU, lambdaV, lambdaBias, lr, s, decay, biases, initStd, iterations, threads, seed); }
  /** This config with decay γ {@code g}; other settings unchanged. */
  public SgdConfig withDecay(double g) { return new SgdConfig(rank, lambdaU, lambdaV, lambdaBias, learningRate, schedule, g, biases, initStd, iterations, threads, seed); }
  /** This config with biases ({@code b} true) or without; other settings unchanged. */
  public SgdConfig withBiases(boolean b) { return new SgdConfig(rank, lambdaU, lambdaV, lambdaBias, learningRate, schedule, decay, b, initStd, iterations, threads, seed); }
  /** This config with {@code n} epochs; other settings unchanged. */
  public SgdConfig withIterations(int n) { return new SgdConfig(rank, lambdaU, lambdaV, lambdaBias, learningRate, schedule, decay, biases, initStd, n, threads, seed); }
  /** This config with {@code t} threads; other settings unchanged. */
  public SgdConfig withThreads(int t) { return new SgdConfig(rank, lambdaU, lambdaV, lambdaBias, learningRate, schedule, decay, biases, initStd, iterations, t, seed); }
  /** This config with seed {@code s}; other settings unchanged. */
  public SgdConfig withSeed(long s) { return new SgdConfig(rank, lambdaU, lambdaV, lambdaBias, learningRate, schedule, decay, biases, initStd, iterations, threads, s); }
}
