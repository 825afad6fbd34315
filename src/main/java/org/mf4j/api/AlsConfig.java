package org.mf4j.api;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Settings of explicit alternating least squares: minimise
 * Σ_(u,i)∈Ω (r_ui − u_u·v_i)² + λ_U Σ_u s(n_u)‖u_u‖² + λ_V Σ_i s(n_i)‖v_i‖², s from {@link RegScaling};
 * with {@code biases}, r_ui ≈ μ + b_u + b_i + u_u·v_i (μ the training mean) and λ_b(Σ_u b_u² + Σ_i b_i²) more.
 *
 * @param rank K, the number of latent factors, 1..4096
 * @param lambdaU λ_U ≥ 0, the user penalty
 * @param lambdaV λ_V ≥ 0, the item penalty
 * @param regScaling how λ scales with a row's rating count ({@link RegScaling#FREQUENCY} is weighted
 *     ALS's and is rejected here)
 * @param iterations full iterations (an item sweep then a user sweep), ≥ 0
 * @param threads worker threads, ≥ 1
 * @param seed seed of the factor initialization
 * @param solver how each row's normal equations are solved
 * @param cgSteps conjugate-gradient steps per row and sweep when {@code solver} is CG, 1..1000
 * @param biases learn a user and an item bias around the global mean
 * @param lambdaBias λ_b ≥ 0, the biases' penalty
 */
public record AlsConfig(int rank, double lambdaU, double lambdaV, RegScaling regScaling, int iterations,
    int threads, long seed, LinearSolver solver, int cgSteps, boolean biases, double lambdaBias) {

  public AlsConfig {
    Checks.rank(rank);
    Checks.nonNegative("lambdaU", lambdaU);
    Checks.nonNegative("lambdaV", lambdaV);
    Checks.notNull("regScaling", regScaling);
    if (regScaling == RegScaling.FREQUENCY) {
      throw new IllegalArgumentException("regScaling = FREQUENCY applies to weighted ALS only; use NONE or COUNT");
    }
    Checks.atLeast("iterations", iterations, 0);
    Checks.atLeast("threads", threads, 1);
    Checks.notNull("solver", solver);
    Checks.range("cgSteps", cgSteps, 1, 1000);
    Checks.nonNegative("lambdaBias", lambdaBias);
  }

  /** No biases. */
  public AlsConfig(int rank, double lambdaU, double lambdaV, RegScaling regScaling, int iterations, int threads, long seed,
      LinearSolver solver, int cgSteps) {
    this(rank, lambdaU, lambdaV, regScaling, iterations, threads, seed, solver, cgSteps, false, 0);
  }

  /** Cholesky solves (CG steps 3, used only if the solver is switched to CG). */
  public AlsConfig(int rank, double lambdaU, double lambdaV, RegScaling regScaling, int iterations, int threads, long seed) {
    this(rank, lambdaU, lambdaV, regScaling, iterations, threads, seed, LinearSolver.CHOLESKY, 3);
  }

  /**
   * The settings a model file records, in a fixed order: {@code rank}, {@code biases}, {@code lambda_bias}
   * (with biases), {@code lambda_u}, {@code lambda_v}, {@code reg_scaling}, {@code solver}, {@code cg_steps}
   * (with CG), {@code seed}; values are Integer, Long, Double, Boolean or a lower-case constant name.
   * Iterations and threads are not settings of the model. {@link #fromSettings} reads them back.
   */
  public Map<String, Object> settings() {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("rank", rank);
    s.put("biases", biases);
    if (biases) s.put("lambda_bias", lambdaBias);
    s.put("lambda_u", lambdaU);
    s.put("lambda_v", lambdaV);
    s.put("reg_scaling", Settings.lower(regScaling));
    s.put("solver", Settings.lower(solver));
    if (solver == LinearSolver.CG) s.put("cg_steps", cgSteps);
    s.put("seed", seed);
    return s;
  }

  /**
   * The config of {@link #settings()} as text (a model file's properties): {@code rank}, {@code lambda_u},
   * {@code lambda_v} and {@code reg_scaling} are required, the others default as in {@link #defaults()};
   * iterations and threads are the defaults'.
   *
   * @throws IllegalArgumentException naming the key and text of a missing, unreadable or invalid value
   */
  public static AlsConfig fromSettings(Map<String, String> s) {
    AlsConfig d = defaults();
    boolean biases = Settings.bool(s, "biases", false);
    return new AlsConfig(Settings.integer(s, "rank"), Settings.number(s, "lambda_u"), Settings.number(s, "lambda_v"),
        Settings.choice(s, "reg_scaling", RegScaling.class, null), d.iterations(), d.threads(), Settings.longInteger(s, "seed", d.seed()),
        Settings.choice(s, "solver", LinearSolver.class, d.solver()), Settings.integer(s, "cg_steps", d.cgSteps()), biases,
        biases ? Settings.number(s, "lambda_bias") : 0);
  }


  /** Rank 10, λ 0.1 count-scaled (Spark's defaults), 10 iterations, all cores, seed 42, Cholesky. */
  public static AlsConfig defaults() {
    return new AlsConfig(10, 0.1, 0.1, RegScaling.COUNT, 10, Runtime.getRuntime().availableProcessors(), 42L);
  }

  public AlsConfig withRank(int k) { return new AlsConfig(k, lambdaU, lambdaV, regScaling, iterations, threads, seed, solver, cgSteps, biases, lambdaBias); }
  public AlsConfig withLambda(double l) { return new AlsConfig(rank, l, l, regScaling, iterations, threads, seed, solver, cgSteps, biases, lambdaBias); }
  public AlsConfig withLambdas(double lu, double lv) { return new AlsConfig(rank, lu, lv, regScaling, iterations, threads, seed, solver, cgSteps, biases, lambdaBias); }
  public AlsConfig withRegScaling(RegScaling s) { return new AlsConfig(rank, lambdaU, lambdaV, s, iterations, threads, seed, solver, cgSteps, biases, lambdaBias); }
  public AlsConfig withIterations(int n) { return new AlsConfig(rank, lambdaU, lambdaV, regScaling, n, threads, seed, solver, cgSteps, biases, lambdaBias); }
  public AlsConfig withThreads(int t) { return new AlsConfig(rank, lambdaU, lambdaV, regScaling, iterations, t, seed, solver, cgSteps, biases, lambdaBias); }
  public AlsConfig withSeed(long s) { return new AlsConfig(rank, lambdaU, lambdaV, regScaling, iterations, threads, s, solver, cgSteps, biases, lambdaBias); }
  /** Biases around the global mean with penalty λ_b (or none). */
  public AlsConfig withBiases(boolean b, double lb) { return new AlsConfig(rank, lambdaU, lambdaV, regScaling, iterations, threads, seed, solver, cgSteps, b, lb); }
  public AlsConfig withSolver(LinearSolver s, int steps) { return new AlsConfig(rank, lambdaU, lambdaV, regScaling, iterations, threads, seed, s, steps, biases, lambdaBias); }
}
