package org.mf4j.api;

/**
 * Settings of the truncated SVD of the zero-filled rating matrix (every unobserved cell taken as an
 * observed 0: the lecture notes' contrast to the observed-entries objective), computed by a randomized
 * range finder with subspace iteration (Halko, Martinsson and Tropp, "Finding structure with
 * randomness", SIAM Review 2011, Algorithms 4.4 and 5.1). Run by
 * {@link org.mf4j.solver.svd.ZeroFilledSvd}.
 *
 * <p>An immutable value. Every invalid component is rejected by the constructor and by every
 * {@code withX} method with an {@link IllegalArgumentException} whose message names the component and
 * its value (for example {@code powerIterations = 101 not in [0, 100]}).
 *
 * @param rank K, the number of singular triplets kept, 1..{@value #MAX_SKETCH}
 * @param oversampling p, extra sketch columns beyond K (the sketch has K + p ≤ 1024 columns), ≥ 0;
 *     Halko et al. recommend 5–10
 * @param powerIterations q, passes of subspace iteration over (A·Aᵀ) after the first sketch, 0..100;
 *     the run makes 1 + q iterations, the i-th giving the decomposition after i − 1 of them
 * @param threads worker threads, ≥ 1; the factors do not depend on the count
 * @param seed seed of the Gaussian test matrix
 */
public record SvdConfig(int rank, int oversampling, int powerIterations, int threads, long seed) {
  /** Largest sketch K + p: the small dense eigen-decompositions cost O((K + p)³) each. */
  public static final int MAX_SKETCH = 1024;

  /**
   * Validates every component.
   *
   * @throws IllegalArgumentException naming the component and its value when {@code rank} is not in
   *     1..1024, {@code oversampling} is negative or {@code rank + oversampling} exceeds 1024,
   *     {@code powerIterations} is not in 0..100 or {@code threads} is below 1
   */
  public SvdConfig {
    if (rank < 1 || rank > MAX_SKETCH) throw new IllegalArgumentException("rank = " + rank + " not in [1, " + MAX_SKETCH + "]");
    if (oversampling < 0 || rank + oversampling > MAX_SKETCH) {
      throw new IllegalArgumentException("oversampling = " + oversampling + " must be >= 0 with rank + oversampling <= " + MAX_SKETCH
          + " (rank = " + rank + ")");
    }
    if (powerIterations < 0 || powerIterations > 100) {
      throw new IllegalArgumentException("powerIterations = " + powerIterations + " not in [0, 100]");
    }
    Checks.atLeast("threads", threads, 1);
  }

  /**
   * Rank 10, oversampling 10, 3 power iterations, all cores ({@link Runtime#availableProcessors()} at
   * the call), seed 42.
   */
  public static SvdConfig defaults() {
    return new SvdConfig(10, 10, 3, Runtime.getRuntime().availableProcessors(), 42L);
  }

  /** Columns of the sketch, K + p. */
  public int sketchSize() { return rank + oversampling; }

  /** Iterations of the run: the first sketch plus the power iterations. */
  public int iterations() { return 1 + powerIterations; }

  /** This config with rank {@code k}; other settings unchanged. */
  public SvdConfig withRank(int k) { return new SvdConfig(k, oversampling, powerIterations, threads, seed); }
  /** This config with oversampling {@code p}; other settings unchanged. */
  public SvdConfig withOversampling(int p) { return new SvdConfig(rank, p, powerIterations, threads, seed); }
  /** This config with {@code q} power iterations; other settings unchanged. */
  public SvdConfig withPowerIterations(int q) { return new SvdConfig(rank, oversampling, q, threads, seed); }
  /** This config with {@code t} threads; other settings unchanged. */
  public SvdConfig withThreads(int t) { return new SvdConfig(rank, oversampling, powerIterations, t, seed); }
  /** This config with seed {@code s}; other settings unchanged. */
  public SvdConfig withSeed(long s) { return new SvdConfig(rank, oversampling, powerIterations, threads, s); }
}
