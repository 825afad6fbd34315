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
 *
 * <p>Use: {@link #fit(Ratings)} returns the model (algorithm {@code "svd"}, the training ratings as seen
 * items, no settings, no fold-in; the caller closes it); {@link #start} returns a run to drive by hand.
 * Test ratings must use the training ratings' id maps. Thread-safe: the trainer holds only its config and
 * kernels.
 */
public final class ZeroFilledSvd {
  private final SvdConfig config;
  private final Kernels kernels;

  /** A trainer with {@code config} on the machine's kernels ({@link KernelProvider#get()}). */
  public ZeroFilledSvd(SvdConfig config) {
    this(config, KernelProvider.get());
  }

  /** A trainer with {@code config} computing with {@code kernels} (which the models it makes keep). */
  public ZeroFilledSvd(SvdConfig config, Kernels kernels) {
    this.config = config;
    this.kernels = kernels;
  }

  /** The settings this trainer decomposes with. */
  public SvdConfig config() { return config; }
  /** The kernels this trainer computes with. */
  public Kernels kernels() { return kernels; }

  /** Decomposes {@code train}; no test set, no listener. As {@link #fit(Ratings, Ratings, TrainingListener)}. */
  public FactorModel fit(Ratings train) {
    return fit(train, null, TrainingListener.NONE);
  }

  /**
   * Decomposes {@code train}, reporting after each iteration the RMSE of u·v on the training ratings
   * and, when given, on {@code test} (whose ratings of users or items without training ratings are
   * left out). Returns the model after {@link SvdConfig#iterations()} iterations; the caller closes it.
   * The run is closed before this returns.
   *
   * @param train the training ratings, every value finite; their id maps become the model's
   * @param test test ratings in the same dense ids, or null
   * @param listener receives one {@link IterationStats} per iteration, on this thread; not null
   *     ({@link TrainingListener#NONE})
   * @throws IllegalArgumentException when a training value is NaN or infinite
   * @throws ArithmeticException when the factors overflow to NaN or infinity, or an eigen-decomposition
   *     does not converge
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
   * iterations themselves. The caller closes it; see {@link org.mf4j.solver.TrainingRun} for the life
   * cycle.
   *
   * @param train the training ratings, every value finite; their id maps become the model's
   * @param test test ratings in the same dense ids for {@link SvdRun#testRmse()}, or null
   * @throws IllegalArgumentException when a training value is NaN or infinite
   */
  public SvdRun start(Ratings train, Ratings test) {
    return new SvdRun(kernels, config, train, test);
  }
}
