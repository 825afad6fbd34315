package org.mf4j.solver.svd;

import org.mf4j.api.IterationStats;
import org.mf4j.api.Ratings;
import org.mf4j.api.SvdConfig;
import org.mf4j.api.TrainingListener;
import org.mf4j.kernel.KernelProvider;
import org.mf4j.kernel.Kernels;
import org.mf4j.model.FactorModel;

/**
 * The truncated SVD of the zero-filled rating matrix: minimises ‖A − U·Vᵀ‖²_F over all cells, every
 * unobserved one counted as an observed 0 — the lecture notes' contrast to the observed-entries
 * objective (notes 002: "The solution U·Vᵀ … will likely be close to zero, leading to poor
 * generalization performance"). On sparse explicit ratings its predictions are shrunk toward 0, and
 * its RMSE on held-out ratings is far worse than ALS's; it is here to show that, and as a cheap,
 * deterministic, hyper-parameter-free baseline (the rank-K SVD is the optimum of the all-cells objective
 * with w0 = 1 and λ = 0).
 *
 * <p>Computed by a randomized range finder with subspace iteration (Halko, Martinsson and Tropp,
 * "Finding structure with randomness", SIAM Review 2011): see {@link SvdRun} for the steps. Factors:
 * users U_K·Σ_K^(1/2), items V_K·Σ_K^(1/2). Runs {@link SvdConfig#iterations()} = 1 + q iterations on a
 * pool this trainer's run owns; for a seed the factors are bit-identical whatever the thread count.
 *
 * <p>Cost per iteration, with l = K + p: two passes over the ratings at O(nnz·l), plus O((users + items)·l²)
 * for the orthonormalization and the small products, plus O(l³) for the eigen-decompositions.
 */
public final class ZeroFilledSvd {
  private final SvdConfig config;
  private final Kernels kernels;

  public ZeroFilledSvd(SvdConfig config) {
    this(config, KernelProvider.get());
  }

  public ZeroFilledSvd(SvdConfig config, Kernels kernels) {
    this.config = config;
    this.kernels = kernels;
  }

  public SvdConfig config() { return config; }
  public Kernels kernels() { return kernels; }

  /** Decomposes {@code train}; no test set, no listener. */
  public FactorModel fit(Ratings train) {
    return fit(train, null, TrainingListener.NONE);
  }

  /**
   * Decomposes {@code train}, reporting after each iteration the RMSE of u·v on the training ratings
   * and, when given, on {@code test} (whose ratings of users or items without training ratings are
   * left out).
   */
  public FactorModel fit(Ratings train, Ratings test, TrainingListener listener) {
    try (SvdRun run = start(train, test)) {
      for (int it = 1; it <= config.iterations(); it++) {
        double seconds = run.iterate();
        run.checkFinite(it);
        listener.onIteration(new IterationStats(it, seconds, run.flopsPerIteration(), run.trainRmse(), run.testRmse()));
      }
      return run.toModel();
    }
  }

  /**
   * Prepares a run (CSR matrices, sketches, worker pool) without iterating, for callers that drive the
   * iterations themselves. Close it when done.
   *
   * @throws IllegalArgumentException when a training value is NaN or infinite
   */
  public SvdRun start(Ratings train, Ratings test) {
    return new SvdRun(kernels, config, train, test);
  }
}
