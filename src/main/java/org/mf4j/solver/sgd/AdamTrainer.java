package org.mf4j.solver.sgd;

import org.mf4j.api.AdamConfig;
import org.mf4j.api.Ratings;
import org.mf4j.kernel.KernelProvider;
import org.mf4j.kernel.Kernels;
import org.mf4j.model.FactorModel;

/**
 * Matrix factorization by mini-batch Adam or AdamW on the observed entries' mean squared error — the
 * lecture notes' PyTorch example, on off-heap factors and moments. See {@link AdamRun}.
 */
public final class AdamTrainer {
  private final AdamConfig config;
  private final Kernels kernels;

  public AdamTrainer(AdamConfig config) { this(config, KernelProvider.get()); }

  public AdamTrainer(AdamConfig config, Kernels kernels) {
    this.config = config;
    this.kernels = kernels;
  }

  /** A run to drive epoch by epoch; {@code test} (may be null) is for {@link AdamRun#testRmse()}. */
  public AdamRun start(Ratings train, Ratings test) {
    return new AdamRun(config, kernels, train, test);
  }

  /** Trains {@link AdamConfig#iterations()} epochs and returns the model (rank K + 2 with biases). */
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
