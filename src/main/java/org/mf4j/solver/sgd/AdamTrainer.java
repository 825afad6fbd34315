package org.mf4j.solver.sgd;

import org.mf4j.api.AdamConfig;
import org.mf4j.api.Ratings;
import org.mf4j.kernel.KernelProvider;
import org.mf4j.kernel.Kernels;
import org.mf4j.model.FactorModel;

/**
 * Matrix factorization by mini-batch Adam or AdamW on the observed entries' mean squared error — the
 * lecture notes' PyTorch example (notes 000: Adam, lr 0.01, K = 16, with and without weight decay), on
 * off-heap factors and moments. See {@link AdamRun}.
 *
 * <p>Each step minimises the mini-batch's mean of (r_ui − μ − b_u − b_i − u_u·v_i)² (without biases
 * r̂ = u·v). Adam's weight decay wd adds the L2 penalty (wd/2)(Σ‖u‖² + Σ‖v‖² + Σ b²) to that loss (its
 * gradient wd·θ, the notes' "weight decay"); AdamW decays θ by lr·wd·θ beside the adaptive step instead.
 * Settings: {@link AdamConfig}. Thread-safe: the trainer holds only its config and kernels.
 */
public final class AdamTrainer {
  private final AdamConfig config;
  private final Kernels kernels;

  /** A trainer with {@code config} on the machine's kernels ({@link KernelProvider#get()}). */
  public AdamTrainer(AdamConfig config) { this(config, KernelProvider.get()); }

  /** A trainer with {@code config} computing with {@code kernels} (which the models it makes keep). */
  public AdamTrainer(AdamConfig config, Kernels kernels) {
    this.config = config;
    this.kernels = kernels;
  }

  /**
   * A run to drive epoch by epoch, factors initialized, nothing trained yet; the caller closes it (see
   * {@link org.mf4j.solver.TrainingRun} for the life cycle).
   *
   * @param train the training ratings; their id maps become the model's
   * @param test test ratings in the same dense ids for {@link AdamRun#testRmse()} (all of them count, cold
   *     users and items included), or null
   * @throws IllegalArgumentException when a test rating's user or item lies beyond the training's ids
   */
  public AdamRun start(Ratings train, Ratings test) {
    return new AdamRun(config, kernels, train, test);
  }

  /**
   * Trains {@link AdamConfig#iterations()} epochs and returns the model (rank K + 2 with biases: user rows
   * (u, μ + b_u, 1), item rows (v, 1, b_i)), algorithm {@code "adam"} or {@code "adamw"}, with the
   * training ratings as its seen items and no settings; the caller closes it. The run is closed before
   * this returns.
   *
   * @throws ArithmeticException when training diverges (a mini-batch's error NaN, infinite or far above
   *     the ratings' scale, or a factor NaN or infinite): lower the learning rate
   * @throws IllegalArgumentException as {@link #start}
   */
  public FactorModel fit(Ratings train) {
    try (AdamRun run = start(train, null)) {
      for (int e = 1; e <= config.iterations(); e++) {
        run.iterate();
        run.checkFinite(e);
      }
      return run.toModel();
    }
  }
}
