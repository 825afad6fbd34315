package org.mf4j.solver.sgd;

import org.mf4j.api.Ratings;
import org.mf4j.api.SgdConfig;
import org.mf4j.kernel.KernelProvider;
import org.mf4j.kernel.Kernels;
import org.mf4j.model.FactorModel;

/**
 * Biased matrix factorization by stochastic gradient descent on the observed entries (the lecture notes'
 * first training method; LIBMF's and Surprise's SVD): lock-free parallel epochs over a stratified block
 * grid, one fused SIMD update per rating. See {@link SgdConfig} for the update rule and {@link SgdRun}
 * for the schedule.
 *
 * <p>It follows the per-rating gradients of the notes' observed-entries objective with L2 penalties
 * applied at every update of a row, so what it minimises is
 * <pre>
 *   Σ_(u,i) observed (r_ui − μ − b_u − b_i − u_u·v_i)² + λ_U Σ_u n_u‖u_u‖² + λ_V Σ_i n_i‖v_i‖² + λ_b (Σ_u n_u b_u² + Σ_i n_i b_i²)
 * </pre>
 * (n the row's rating count; μ the fixed training mean; without biases r̂ = u·v). Thread-safe: the
 * trainer holds only its config and kernels.
 */
public final class SgdTrainer {
  private final SgdConfig config;
  private final Kernels kernels;

  /** A trainer with {@code config} on the machine's kernels ({@link KernelProvider#get()}). */
  public SgdTrainer(SgdConfig config) { this(config, KernelProvider.get()); }

  /** A trainer with {@code config} computing with {@code kernels} (which the models it makes keep). */
  public SgdTrainer(SgdConfig config, Kernels kernels) {
    this.config = config;
    this.kernels = kernels;
  }

  /**
   * A run to drive epoch by epoch, factors initialized, nothing trained yet; the caller closes it (see
   * {@link org.mf4j.solver.TrainingRun} for the life cycle).
   *
   * @param train the training ratings; their id maps become the model's
   * @param test test ratings in the same dense ids for {@link SgdRun#testRmse()} (all of them count, cold
   *     users and items included), or null
   * @throws IllegalArgumentException when a test rating's user or item lies beyond the training's ids, or
   *     a factor matrix is too large for the Java arrays SGD trains in (over 2³¹ floats)
   */
  public SgdRun start(Ratings train, Ratings test) {
    return new SgdRun(config, kernels, train, test);
  }

  /**
   * Trains {@link SgdConfig#iterations()} epochs and returns the model (rank K + 2 with biases: user rows
   * (u, μ + b_u, 1), item rows (v, 1, b_i)), with the training ratings as its seen items and no settings;
   * the caller closes it. The run is closed before this returns.
   *
   * @throws ArithmeticException when training diverges (an epoch's error NaN, infinite or far above the
   *     ratings' scale, or a factor NaN or infinite): lower the learning rate
   * @throws IllegalArgumentException as {@link #start}
   */
  public FactorModel fit(Ratings train) {
    try (SgdRun run = start(train, null)) {
      for (int e = 1; e <= config.iterations(); e++) {
        run.iterate();
        run.checkFinite(e);
      }
      return run.toModel();
    }
  }
}
