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
 */
public final class SgdTrainer {
  private final SgdConfig config;
  private final Kernels kernels;

  public SgdTrainer(SgdConfig config) { this(config, KernelProvider.get()); }

  public SgdTrainer(SgdConfig config, Kernels kernels) {
    this.config = config;
    this.kernels = kernels;
  }

  /** A run to drive epoch by epoch; {@code test} (may be null) is for {@link SgdRun#testRmse()}. */
  public SgdRun start(Ratings train, Ratings test) {
    return new SgdRun(config, kernels, train, test);
  }

  /** Trains {@link SgdConfig#iterations()} epochs and returns the model (rank K + 2 with biases). */
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
