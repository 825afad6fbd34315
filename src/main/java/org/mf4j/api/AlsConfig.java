package org.mf4j.api;

/**
 * Settings of explicit alternating least squares: minimise
 * Σ_(u,i)∈Ω (r_ui − u_u·v_i)² + λ_U Σ_u s(n_u)‖u_u‖² + λ_V Σ_i s(n_i)‖v_i‖², s from {@link RegScaling}.
 *
 * @param rank K, the number of latent factors, 1..4096
 * @param lambdaU λ_U ≥ 0, the user penalty
 * @param lambdaV λ_V ≥ 0, the item penalty
 * @param regScaling how λ scales with a row's rating count
 * @param iterations full iterations (a user sweep then an item sweep), ≥ 0
 * @param threads worker threads, ≥ 1
 * @param seed seed of the factor initialization
 */
public record AlsConfig(int rank, double lambdaU, double lambdaV, RegScaling regScaling, int iterations,
    int threads, long seed) {

  public AlsConfig {
    if (rank < 1 || rank > 4096) throw new IllegalArgumentException("rank = " + rank + " not in [1, 4096]");
    if (!(lambdaU >= 0) || Double.isInfinite(lambdaU)) throw new IllegalArgumentException("lambdaU = " + lambdaU + " must be finite and >= 0");
    if (!(lambdaV >= 0) || Double.isInfinite(lambdaV)) throw new IllegalArgumentException("lambdaV = " + lambdaV + " must be finite and >= 0");
    if (regScaling == null) throw new IllegalArgumentException("regScaling = null");
    if (iterations < 0) throw new IllegalArgumentException("iterations = " + iterations + " < 0");
    if (threads < 1) throw new IllegalArgumentException("threads = " + threads + " < 1");
  }

  /** Rank 10, λ 0.1 count-scaled (Spark's defaults), 10 iterations, all cores, seed 42. */
  public static AlsConfig defaults() {
    return new AlsConfig(10, 0.1, 0.1, RegScaling.COUNT, 10, Runtime.getRuntime().availableProcessors(), 42L);
  }

  public AlsConfig withRank(int k) { return new AlsConfig(k, lambdaU, lambdaV, regScaling, iterations, threads, seed); }
  public AlsConfig withLambda(double l) { return new AlsConfig(rank, l, l, regScaling, iterations, threads, seed); }
  public AlsConfig withLambdas(double lu, double lv) { return new AlsConfig(rank, lu, lv, regScaling, iterations, threads, seed); }
  public AlsConfig withRegScaling(RegScaling s) { return new AlsConfig(rank, lambdaU, lambdaV, s, iterations, threads, seed); }
  public AlsConfig withIterations(int n) { return new AlsConfig(rank, lambdaU, lambdaV, regScaling, n, threads, seed); }
  public AlsConfig withThreads(int t) { return new AlsConfig(rank, lambdaU, lambdaV, regScaling, iterations, t, seed); }
  public AlsConfig withSeed(long s) { return new AlsConfig(rank, lambdaU, lambdaV, regScaling, iterations, threads, s); }
}
