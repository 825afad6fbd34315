package org.mf4j.api;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Settings of weighted alternating least squares over all cells (the lecture notes' weighted matrix
 * factorization; Hu, Koren, Volinsky 2008 for implicit feedback): minimise
 * <pre>
 *   Σ_(u,i) observed w_ui (a_ui − u_u·v_i)²  +  w0 Σ_(u,i) unobserved (u_u·v_i)²
 *     + λ_U Σ_u s_u ‖u_u‖² + λ_V Σ_i s_i ‖v_i‖²
 * </pre>
 * with w_ui from {@link #confidence()}, a_ui from {@link #target()} and s from {@link #regScaling()}.
 * The unobserved cells are never materialized: w0·VᵀV is formed once per half-sweep.
 *
 * <p>Common settings: Hu–Koren–Volinsky is w0 = 1, {@link Confidence#LINEAR}, target one, plain λ;
 * the TensorFlow WALS / iALS style is a small w0 (e.g. 0.01–0.1) with constant weights and
 * {@link RegScaling#FREQUENCY}. w0 = 0 fits the observed entries only; w0 = 1 with constant weights
 * and target one treats every unobserved cell as an observed zero (the notes' zero-filled contrast).
 * Trained by {@link org.mf4j.solver.als.WalsTrainer}.
 *
 * <p>An immutable value. Every invalid component is rejected by the constructor and by every
 * {@code withX} method with an {@link IllegalArgumentException} whose message names the component and
 * its value (for example {@code epsilon = 0.0 must be finite and > 0}). Settings that the chosen
 * confidence, scaling or solver does not use are still validated.
 *
 * @param rank K, the number of latent factors, 1..4096
 * @param lambdaU λ_U, the user penalty; finite and ≥ 0
 * @param lambdaV λ_V, the item penalty; finite and ≥ 0
 * @param regScaling how λ scales per row; not null
 * @param regExponent ν of {@link RegScaling#FREQUENCY}, finite and ≥ 0 (ignored by the other scalings)
 * @param unobservedWeight w0, the mean weight of an unobserved cell; finite and ≥ 0
 * @param unobservedExponent c: an unobserved cell of item i weighs w0_i = w0·f_i^c / mean_j(f_j^c), f_i
 *     the item's number of entries (He et al., "Fast Matrix Factorization for Online Recommendation with
 *     Implicit Feedback", 2016: popular items not chosen are stronger negatives for c &gt; 0); 0 = the same
 *     w0 everywhere. Finite; items without entries get f = 1.
 * @param confidence how observed weights are computed; not null
 * @param alpha α of the confidence formulas, finite and ≥ 0 (ignored by {@link Confidence#CONSTANT} and
 *     {@link Confidence#COLUMN})
 * @param epsilon ε of {@link Confidence#LOG}, finite and &gt; 0 (checked whatever the confidence)
 * @param frequencyExponent β of {@link Confidence#FREQUENCY}, finite and ≥ 0
 * @param target what observed entries are fitted to; not null
 * @param solver Cholesky or conjugate gradient; not null
 * @param cgSteps CG steps per row and sweep with {@link LinearSolver#CG}, 1..1000 (ignored, but still
 *     checked, with Cholesky)
 * @param iterations full iterations (an item sweep then a user sweep), ≥ 0
 * @param threads worker threads of the trainer's pool, ≥ 1; the factors do not depend on the count
 * @param seed seed of the factor initialization
 */
public record WalsConfig(int rank, double lambdaU, double lambdaV, RegScaling regScaling, double regExponent,
    double unobservedWeight, double unobservedExponent, Confidence confidence, double alpha, double epsilon, double frequencyExponent,
    PreferenceTarget target, LinearSolver solver, int cgSteps, int iterations, int threads, long seed) {

  /**
   * Validates every component.
   *
   * @throws IllegalArgumentException naming the component and its value when one is out of range, not
   *     finite or null
   */
  public WalsConfig {
    Checks.rank(rank);
    Checks.nonNegative("lambdaU", lambdaU);
    Checks.nonNegative("lambdaV", lambdaV);
    Checks.nonNegative("regExponent", regExponent);
    Checks.nonNegative("unobservedWeight", unobservedWeight);
    Checks.finite("unobservedExponent", unobservedExponent);
    Checks.nonNegative("alpha", alpha);
    Checks.nonNegative("frequencyExponent", frequencyExponent);
    Checks.positive("epsilon", epsilon);
    Checks.notNull("regScaling", regScaling);
    Checks.notNull("confidence", confidence);
    Checks.notNull("target", target);
    Checks.notNull("solver", solver);
    Checks.range("cgSteps", cgSteps, 1, 1000);
    Checks.atLeast("iterations", iterations, 0);
    Checks.atLeast("threads", threads, 1);
  }

  /**
   * The settings a model file records, in a fixed order: {@code rank}, {@code lambda_u}, {@code lambda_v},
   * {@code reg_scaling}, {@code reg_exponent} (FREQUENCY scaling), {@code w0}, {@code w0_exponent} (when not
   * 0), {@code confidence}, {@code alpha}, {@code epsilon} (LOG), {@code frequency_exponent} (FREQUENCY
   * confidence), {@code target}, {@code solver}, {@code cg_steps} (CG), {@code seed}; values are Integer,
   * Long, Double or a lower-case constant name. Iterations and threads are not settings of the model.
   * {@link #fromSettings} reads them back (from their text) to an equal config up to iterations, threads
   * and the settings left out, which come back as {@link #implicitDefaults()}'.
   *
   * @return a new, mutable map, in insertion order
   */
  public Map<String, Object> settings() {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("rank", rank);
    s.put("lambda_u", lambdaU);
    s.put("lambda_v", lambdaV);
    s.put("reg_scaling", Settings.lower(regScaling));
    if (regScaling == RegScaling.FREQUENCY) s.put("reg_exponent", regExponent);
    s.put("w0", unobservedWeight);
    if (unobservedExponent != 0) s.put("w0_exponent", unobservedExponent);
    s.put("confidence", Settings.lower(confidence));
    s.put("alpha", alpha);
    if (confidence == Confidence.LOG) s.put("epsilon", epsilon);
    if (confidence == Confidence.FREQUENCY) s.put("frequency_exponent", frequencyExponent);
    s.put("target", Settings.lower(target));
    s.put("solver", Settings.lower(solver));
    if (solver == LinearSolver.CG) s.put("cg_steps", cgSteps);
    s.put("seed", seed);
    return s;
  }

  /**
   * The config of {@link #settings()} as text (a model file's properties): {@code rank}, {@code lambda_u},
   * {@code lambda_v}, {@code reg_scaling}, {@code w0}, {@code confidence}, {@code alpha} and {@code target}
   * are required; the others default as in {@link #implicitDefaults()} ({@code reg_exponent} 1,
   * {@code w0_exponent} 0, {@code epsilon} 1, {@code frequency_exponent} 0.5, {@code solver} cholesky,
   * {@code cg_steps} 3, {@code seed} 42), and iterations and threads are the defaults'. Values are
   * stripped of surrounding white space; constant names are matched ignoring case; other keys are
   * ignored.
   *
   * @param s the settings, keys as {@link #settings()} writes them; not null
   * @return the config
   * @throws IllegalArgumentException naming the key and text of a missing, unreadable or invalid value
   *     (a number that does not parse, an unknown constant name), or naming the component of a value the
   *     constructor rejects
   */
  public static WalsConfig fromSettings(Map<String, String> s) {
    WalsConfig d = implicitDefaults();
    return new WalsConfig(Settings.integer(s, "rank"), Settings.number(s, "lambda_u"), Settings.number(s, "lambda_v"),
        Settings.choice(s, "reg_scaling", RegScaling.class, null), Settings.number(s, "reg_exponent", d.regExponent()),
        Settings.number(s, "w0"), Settings.number(s, "w0_exponent", 0), Settings.choice(s, "confidence", Confidence.class, null),
        Settings.number(s, "alpha"), Settings.number(s, "epsilon", d.epsilon()), Settings.number(s, "frequency_exponent", d.frequencyExponent()),
        Settings.choice(s, "target", PreferenceTarget.class, null), Settings.choice(s, "solver", LinearSolver.class, d.solver()),
        Settings.integer(s, "cg_steps", d.cgSteps()), d.iterations(), d.threads(), Settings.longInteger(s, "seed", d.seed()));
  }


  /**
   * Implicit-feedback defaults: rank 64, Hu–Koren–Volinsky weighting (w0 = 1 uniform, unobserved
   * exponent 0, w = 1 + α·r with α = 4, target one), λ_U = λ_V = 10 unscaled ({@link RegScaling#NONE},
   * ν 1), ε 1, β 0.5, Cholesky (CG steps 3), 15 iterations, all cores
   * ({@link Runtime#availableProcessors()} at the call), seed 42.
   */
  public static WalsConfig implicitDefaults() {
    return new WalsConfig(64, 10, 10, RegScaling.NONE, 1.0, 1.0, 0.0, Confidence.LINEAR, 4.0, 1.0, 0.5,
        PreferenceTarget.ONE, LinearSolver.CHOLESKY, 3, 15, Runtime.getRuntime().availableProcessors(), 42L);
  }

  /** This config with rank {@code k}; other settings unchanged. */
  public WalsConfig withRank(int k) { return new WalsConfig(k, lambdaU, lambdaV, regScaling, regExponent, unobservedWeight, unobservedExponent, confidence, alpha, epsilon, frequencyExponent, target, solver, cgSteps, iterations, threads, seed); }
  /** This config with λ_U = λ_V = {@code l}; other settings unchanged. */
  public WalsConfig withLambda(double l) { return withLambdas(l, l); }
  /** This config with λ_U {@code lu} and λ_V {@code lv}; other settings unchanged. */
  public WalsConfig withLambdas(double lu, double lv) { return new WalsConfig(rank, lu, lv, regScaling, regExponent, unobservedWeight, unobservedExponent, confidence, alpha, epsilon, frequencyExponent, target, solver, cgSteps, iterations, threads, seed); }
  /** This config with regularization scaling {@code s} and exponent ν {@code nu}; other settings unchanged. */
  public WalsConfig withRegScaling(RegScaling s, double nu) { return new WalsConfig(rank, lambdaU, lambdaV, s, nu, unobservedWeight, unobservedExponent, confidence, alpha, epsilon, frequencyExponent, target, solver, cgSteps, iterations, threads, seed); }
  /** This config with unobserved weight w0 {@code w0}; other settings unchanged. */
  public WalsConfig withUnobservedWeight(double w0) { return new WalsConfig(rank, lambdaU, lambdaV, regScaling, regExponent, w0, unobservedExponent, confidence, alpha, epsilon, frequencyExponent, target, solver, cgSteps, iterations, threads, seed); }
  /** This config with unobserved-weight exponent {@code c}; other settings unchanged. */
  public WalsConfig withUnobservedExponent(double c) { return new WalsConfig(rank, lambdaU, lambdaV, regScaling, regExponent, unobservedWeight, c, confidence, alpha, epsilon, frequencyExponent, target, solver, cgSteps, iterations, threads, seed); }
  /** This config with confidence {@code c} and α {@code a}; other settings unchanged. */
  public WalsConfig withConfidence(Confidence c, double a) { return new WalsConfig(rank, lambdaU, lambdaV, regScaling, regExponent, unobservedWeight, unobservedExponent, c, a, epsilon, frequencyExponent, target, solver, cgSteps, iterations, threads, seed); }
  /** This config with ε {@code e} (of {@link Confidence#LOG}); other settings unchanged. */
  public WalsConfig withEpsilon(double e) { return new WalsConfig(rank, lambdaU, lambdaV, regScaling, regExponent, unobservedWeight, unobservedExponent, confidence, alpha, e, frequencyExponent, target, solver, cgSteps, iterations, threads, seed); }
  /** This config with β {@code b} (of {@link Confidence#FREQUENCY}); other settings unchanged. */
  public WalsConfig withFrequencyExponent(double b) { return new WalsConfig(rank, lambdaU, lambdaV, regScaling, regExponent, unobservedWeight, unobservedExponent, confidence, alpha, epsilon, b, target, solver, cgSteps, iterations, threads, seed); }
  /** This config with target {@code t}; other settings unchanged. */
  public WalsConfig withTarget(PreferenceTarget t) { return new WalsConfig(rank, lambdaU, lambdaV, regScaling, regExponent, unobservedWeight, unobservedExponent, confidence, alpha, epsilon, frequencyExponent, t, solver, cgSteps, iterations, threads, seed); }
  /** This config with solver {@code s} and {@code steps} CG steps; other settings unchanged. */
  public WalsConfig withSolver(LinearSolver s, int steps) { return new WalsConfig(rank, lambdaU, lambdaV, regScaling, regExponent, unobservedWeight, unobservedExponent, confidence, alpha, epsilon, frequencyExponent, target, s, steps, iterations, threads, seed); }
  /** This config with {@code n} iterations; other settings unchanged. */
  public WalsConfig withIterations(int n) { return new WalsConfig(rank, lambdaU, lambdaV, regScaling, regExponent, unobservedWeight, unobservedExponent, confidence, alpha, epsilon, frequencyExponent, target, solver, cgSteps, n, threads, seed); }
  /** This config with {@code t} threads; other settings unchanged. */
  public WalsConfig withThreads(int t) { return new WalsConfig(rank, lambdaU, lambdaV, regScaling, regExponent, unobservedWeight, unobservedExponent, confidence, alpha, epsilon, frequencyExponent, target, solver, cgSteps, iterations, t, seed); }
  /** This config with seed {@code s}; other settings unchanged. */
  public WalsConfig withSeed(long s) { return new WalsConfig(rank, lambdaU, lambdaV, regScaling, regExponent, unobservedWeight, unobservedExponent, confidence, alpha, epsilon, frequencyExponent, target, solver, cgSteps, iterations, threads, s); }
}
