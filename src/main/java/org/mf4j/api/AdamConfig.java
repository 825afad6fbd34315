package org.mf4j.api;

/**
 * Settings of mini-batch Adam / AdamW on the observed entries' mean squared error, with PyTorch's
 * meaning of weight decay: Adam adds wd·θ to the gradient (L2), AdamW shrinks θ by lr·wd·θ apart from the
 * adaptive step (decoupled, Loshchilov and Hutter). The model is r ≈ μ + b_u + b_i + u·v with biases,
 * r ≈ u·v without. Trained by {@link org.mf4j.solver.sgd.AdamTrainer}.
 *
 * <p>An immutable value. Every invalid component is rejected by the constructor and by every
 * {@code withX} method with an {@link IllegalArgumentException} whose message names the component and
 * its value (for example {@code beta2 = 1.0 not in [0.0, 1.0)}).
 *
 * @param rank          K, the number of latent factors, 1..4096
 * @param learningRate  lr; finite and &gt; 0
 * @param beta1         first-moment decay (PyTorch default 0.9), in [0, 1)
 * @param beta2         second-moment decay (0.999), in [0, 1)
 * @param epsilon       added to √(second moment) (1e-8); finite and &gt; 0
 * @param weightDecay   wd, applied to the factors and the biases; finite and ≥ 0
 * @param decoupled     AdamW (true) or Adam with L2 (false)
 * @param lazy          update only the rows a mini-batch touched (their moments and weight decay), as
 *                      PyTorch's SparseAdam; false: every row at every step, as Adam on dense embeddings
 *                      (rows absent from the batch see gradient 0, or wd·θ for Adam, and their moments decay)
 * @param batchSize     ratings per mini-batch, ≥ 1 (an epoch's last batch may be smaller)
 * @param biases        learn b_u and b_i around the fixed training mean μ (false: r ≈ u·v)
 * @param initStd       standard deviation of the Gaussian initial factors (PyTorch's nn.Embedding: 1);
 *                      finite and ≥ 0
 * @param iterations    epochs, ≥ 0
 * @param threads       workers for the dense per-row updates and the RMSE evaluation, ≥ 1 (lazy updates
 *                      run on the calling thread); results do not depend on the count
 * @param seed          initial factors and the per-epoch shuffle
 */
public record AdamConfig(int rank, double learningRate, double beta1, double beta2, double epsilon, double weightDecay,
    boolean decoupled, boolean lazy, int batchSize, boolean biases, double initStd, int iterations, int threads, long seed) {

  /**
   * Validates every component.
   *
   * @throws IllegalArgumentException naming the component and its value when one is out of range or not
   *     finite
   */
  public AdamConfig {
    Checks.rank(rank);
    Checks.positive("learningRate", learningRate);
    Checks.halfOpen("beta1", beta1, 0, 1);
    Checks.halfOpen("beta2", beta2, 0, 1);
    Checks.positive("epsilon", epsilon);
    Checks.nonNegative("weightDecay", weightDecay);
    Checks.atLeast("batchSize", batchSize, 1);
    Checks.nonNegative("initStd", initStd);
    Checks.atLeast("iterations", iterations, 0);
    Checks.atLeast("threads", threads, 1);
  }

  /**
   * The notes' setting: K 16, Adam (not AdamW) lr 0.01, β1 0.9, β2 0.999, ε 1e-8, no weight decay, dense,
   * batches of 1024, biases, σ 0.1, 100 epochs, all processors ({@link Runtime#availableProcessors()} at
   * the call), seed 42.
   */
  public static AdamConfig defaults() {
    return new AdamConfig(16, 0.01, 0.9, 0.999, 1e-8, 0, false, false, 1024, true, 0.1, 100, Runtime.getRuntime().availableProcessors(), 42);
  }

  /** This config with weight decay {@code wd}, decoupled (AdamW) when {@code adamW}; other settings unchanged. */
  public AdamConfig withWeightDecay(double wd, boolean adamW) {
    return new AdamConfig(rank, learningRate, beta1, beta2, epsilon, wd, adamW, lazy, batchSize, biases, initStd, iterations, threads, seed);
  }
  /** This config with lazy ({@code l} true) or dense row updates; other settings unchanged. */
  public AdamConfig withLazy(boolean l) {
    return new AdamConfig(rank, learningRate, beta1, beta2, epsilon, weightDecay, decoupled, l, batchSize, biases, initStd, iterations, threads, seed);
  }
  /** This config with {@code n} epochs; other settings unchanged. */
  public AdamConfig withIterations(int n) {
    return new AdamConfig(rank, learningRate, beta1, beta2, epsilon, weightDecay, decoupled, lazy, batchSize, biases, initStd, n, threads, seed);
  }
  /** This config with {@code t} threads; other settings unchanged. */
  public AdamConfig withThreads(int t) {
    return new AdamConfig(rank, learningRate, beta1, beta2, epsilon, weightDecay, decoupled, lazy, batchSize, biases, initStd, iterations, t, seed);
  }
  /** This config with learning rate {@code lr}; other settings unchanged. */
  public AdamConfig withLearningRate(double lr) {
    return new AdamConfig(rank, lr, beta1, beta2, epsilon, weightDecay, decoupled, lazy, batchSize, biases, initStd, iterations, threads, seed);
  }
  /** This config with rank {@code k}; other settings unchanged. */
  public AdamConfig withRank(int k) {
    return new AdamConfig(k, learningRate, beta1, beta2, epsilon, weightDecay, decoupled, lazy, batchSize, biases, initStd, iterations, threads, seed);
  }
  /** This config with mini-batches of {@code b} ratings; other settings unchanged. */
  public AdamConfig withBatchSize(int b) {
    return new AdamConfig(rank, learningRate, beta1, beta2, epsilon, weightDecay, decoupled, lazy, b, biases, initStd, iterations, threads, seed);
  }
}
