package org.mf4j.api;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Settings of explicit alternating least squares: minimise
 * Σ_(u,i)∈Ω (r_ui − u_u·v_i)² + λ_U Σ_u s(n_u)‖u_u‖² + λ_V Σ_i s(n_i)‖v_i‖², s from {@link RegScaling};
 * with {@code biases}, r_ui ≈ μ + b_u + b_i + u_u·v_i (μ the training mean) and λ_b(Σ_u b_u² + Σ_i b_i²) more.
 * Trained by {@link org.mf4j.solver.als.AlsTrainer}.
 *
 * <p>An immutable value. Every invalid component is rejected by the constructors and by every
 * {@code withX} method with an {@link IllegalArgumentException} whose message names the component and
 * its value (for example {@code lambdaU = -0.1 must be finite and >= 0}). Settings a solver does not use
 * are still validated: {@code cgSteps} must be in range with {@link LinearSolver#CHOLESKY} too.
 *
 * @param rank K, the number of latent factors, 1..4096
 * @param lambdaU λ_U, the user penalty; finite and ≥ 0
 * @param lambdaV λ_V, the item penalty; finite and ≥ 0
 * @param regScaling how λ scales with a row's rating count: {@link RegScaling#NONE} or
 *     {@link RegScaling#COUNT}; not null ({@link RegScaling#FREQUENCY} is weighted ALS's and is rejected here)
 * @param iterations full iterations (an item sweep then a user sweep), ≥ 0; 0 leaves the initial factors
 * @param threads worker threads of the trainer's pool, ≥ 1; the factors do not depend on the count
 * @param seed seed of the factor initialization
 * @param solver how each row's normal equations are solved; not null
 * @param cgSteps conjugate-gradient steps per row and sweep when {@code solver} is
 *     {@link LinearSolver#CG}, 1..1000 (ignored, but still checked, with Cholesky)
 * @param biases learn a user and an item bias around the global mean
 * @param lambdaBias λ_b, the biases' penalty (not scaled by row counts); finite and ≥ 0; ignored without
 *     biases
 */
public record AlsConfig(int rank, double lambdaU, double lambdaV, RegScaling regScaling, int iterations,
    int threads, long seed, LinearSolver solver, int cgSteps, boolean biases, double lambdaBias) {

  /**
   * Validates every component.
   *
   * @throws IllegalArgumentException naming the component and its value when one is out of range, not
   *     finite or null, or when {@code regScaling} is {@link RegScaling#FREQUENCY}
   */
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

  /**
   * A config without biases ({@code biases} false, {@code lambdaBias} 0).
   *
   * @throws IllegalArgumentException as the canonical constructor
   */
  public AlsConfig(int rank, double lambdaU, double lambdaV, RegScaling regScaling, int iterations, int threads, long seed,
      LinearSolver solver, int cgSteps) {
    this(rank, lambdaU, lambdaV, regScaling, iterations, threads, seed, solver, cgSteps, false, 0);
  }

  /**
   * A config with Cholesky solves ({@code cgSteps} 3, used only if the solver is switched to CG) and
   * without biases.
   *
   * @throws IllegalArgumentException as the canonical constructor
   */
  public AlsConfig(int rank, double lambdaU, double lambdaV, RegScaling regScaling, int iterations, int threads, long seed) {
    this(rank, lambdaU, lambdaV, regScaling, iterations, threads, seed, LinearSolver.CHOLESKY, 3);
  }

  /**
   * The settings a model file records, in a fixed order: {@code rank}, {@code biases}, {@code lambda_bias}
   * (with biases), {@code lambda_u}, {@code lambda_v}, {@code reg_scaling}, {@code solver}, {@code cg_steps}
   * (with CG), {@code seed}; values are Integer, Long, Double, Boolean or a lower-case constant name.
   * Iterations and threads are not settings of the model. {@link #fromSettings} reads them back (from
   * their text, {@link String#valueOf(Object)}) to an equal config up to iterations, threads and the
   * settings left out ({@code lambdaBias} without biases, {@code cgSteps} with Cholesky).
   *
   * @return a new, mutable map, in insertion order
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
   * {@code lambda_v} and {@code reg_scaling} are required, and {@code lambda_bias} when {@code biases} is
   * true; the others default as in {@link #defaults()} ({@code biases} false, {@code solver} cholesky,
   * {@code cg_steps} 3, {@code seed} 42); iterations and threads are the defaults'. Values are stripped
   * of surrounding white space; constant names and {@code true}/{@code false} are matched ignoring case;
   * other keys are ignored.
   *
   * @param s the settings, keys as {@link #settings()} writes them; not null
   * @return the config
   * @throws IllegalArgumentException naming the key and text of a missing, unreadable or invalid value
   *     (a number that does not parse, a {@code biases} other than true or false, an unknown constant
   *     name), or naming the component of a value the constructor rejects
   */
  public static AlsConfig fromSettings(Map<String, String> s) {
    AlsConfig d = defaults();
    boolean biases = Settings.bool(s, "biases", false);
    return new AlsConfig(Settings.integer(s, "rank"), Settings.number(s, "lambda_u"), Settings.number(s, "lambda_v"),
        Settings.choice(s, "reg_scaling", RegScaling.class, null), d.iterations(), d.threads(), Settings.longInteger(s, "seed", d.seed()),
        Settings.choice(s, "solver", LinearSolver.class, d.solver()), Settings.integer(s, "cg_steps", d.cgSteps()), biases,
        biases ? Settings.number(s, "lambda_bias") : 0);
  }


  /**
   * Rank 10, λ_U = λ_V = 0.1 count-scaled (Spark's defaults), 10 iterations, all cores
   * ({@link Runtime#availableProcessors()} at the call), seed 42, Cholesky (CG steps 3), no biases.
   */
  public static AlsConfig defaults() {
    return new AlsConfig(10, 0.1, 0.1, RegScaling.COUNT, 10, Runtime.getRuntime().availableProcessors(), 42L);
  }

  /** This config with rank {@code k}; other settings unchanged. */
  public AlsConfig withRank(int k) { return new AlsConfig(k, lambdaU, lambdaV, regScaling, iterations, threads, seed, solver, cgSteps, biases, lambdaBias); }
  /** This config with λ_U = λ_V = {@code l}; other settings unchanged. */
  public AlsConfig withLambda(double l) { return new AlsConfig(rank, l, l, regScaling, iterations, threads, seed, solver, cgSteps, biases, lambdaBias); }
  /** This config with λ_U {@code lu} and λ_V {@code lv}; other settings unchanged. */
  public AlsConfig withLambdas(double lu, double lv) { return new AlsConfig(rank, lu, lv, regScaling, iterations, threads, seed, solver, cgSteps, biases, lambdaBias); }
  /** This config with regularization scaling {@code s}; other settings unchanged. */
  public AlsConfig withRegScaling(RegScaling s) { return new AlsConfig(rank, lambdaU, lambdaV, s, iterations, threads, seed, solver, cgSteps, biases, lambdaBias); }
  /** This config with {@code n} iterations; other settings unchanged. */
  public AlsConfig withIterations(int n) { return new AlsConfig(rank, lambdaU, lambdaV, regScaling, n, threads, seed, solver, cgSteps, biases, lambdaBias); }
  /** This config with {@code t} threads; other settings unchanged. */
  public AlsConfig withThreads(int t) { return new AlsConfig(rank, lambdaU, lambdaV, regScaling, iterations, t, seed, solver, cgSteps, biases, lambdaBias); }
  /** This config with seed {@code s}; other settings unchanged. */
  public AlsConfig withSeed(long s) { return new AlsConfig(rank, lambdaU, lambdaV, regScaling, iterations, threads, s, solver, cgSteps, biases, lambdaBias); }
  /**
   * This config with biases around the global mean ({@code b} true) or none, and bias penalty λ_b
   * {@code lb}; other settings unchanged.
   */
  public AlsConfig withBiases(boolean b, double lb) { return new AlsConfig(rank, lambdaU, lambdaV, regScaling, iterations, threads, seed, solver, cgSteps, b, lb); }
  /** This config with solver {@code s} and {@code steps} CG steps; other settings unchanged. */
  public AlsConfig withSolver(LinearSolver s, int steps) { return new AlsConfig(rank, lambdaU, lambdaV, regScaling, iterations, threads, seed, s, steps, biases, lambdaBias); }
}
