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
 *
 * @param rank K, 1..4096
 * @param lambdaU λ_U ≥ 0
 * @param lambdaV λ_V ≥ 0
 * @param regScaling how λ scales per row
 * @param regExponent ν of {@link RegScaling#FREQUENCY}, ≥ 0
 * @param unobservedWeight w0 ≥ 0, the mean weight of an unobserved cell
 * @param unobservedExponent c: an unobserved cell of item i weighs w0_i = w0·f_i^c / mean_j(f_j^c), f_i
 *     the item's number of entries (He et al., "Fast Matrix Factorization for Online Recommendation with
 *     Implicit Feedback", 2016: popular items not chosen are stronger negatives for c &gt; 0); 0 = the same
 *     w0 everywhere. Finite; items without entries get f = 1.
 * @param confidence how observed weights are computed
 * @param alpha α ≥ 0 of the confidence formulas
 * @param epsilon ε &gt; 0 of {@link Confidence#LOG}
 * @param frequencyExponent β ≥ 0 of {@link Confidence#FREQUENCY}
 * @param target what observed entries are fitted to
 * @param solver Cholesky or conjugate gradient
 * @param cgSteps CG steps per row and sweep, 1..1000
 * @param iterations ≥ 0
 * @param threads ≥ 1
 * @param seed seed of the initialization
 */
public record WalsConfig(int rank, double lambdaU, double lambdaV, RegScaling regScaling, double regExponent,
    double unobservedWeight, double unobservedExponent, Confidence confidence, double alpha, double epsilon, double frequencyExponent,
    PreferenceTarget target, LinearSolver solver, int cgSteps, int iterations, int threads, long seed) {

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
   * Long, Double or a lower-case constant name. {@link #fromSettings} reads them back.
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
   * are required, the others default as in {@link #implicitDefaults()}.
   *
   * @throws IllegalArgumentException naming the key and text of a missing, unreadable or invalid value
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
   * Implicit-feedback defaults: rank 64, Hu–Koren–Volinsky weighting (w0 = 1, w = 1 + α·r, α = 4,
   * target one), λ = 10 unscaled, Cholesky, 15 iterations, all cores, seed 42.
   */
  public static WalsConfig implicitDefaults() {
    return new WalsConfig(64, 10, 10, RegScaling.NONE, 1.0, 1.0, 0.0, Confidence.LINEAR, 4.0, 1.0, 0.5,
        PreferenceTarget.ONE, LinearSolver.CHOLESKY, 3, 15, Runtime.getRuntime().availableProcessors(), 42L);
  }

  public WalsConfig withRank(int k) { return new WalsConfig(k, lambdaU, lambdaV, regScaling, regExponent, unobservedWeight, unobservedExponent, confidence, alpha, epsilon, frequencyExponent, target, solver, cgSteps, iterations, threads, seed); }
  public WalsConfig withLambda(double l) { return withLambdas(l, l); }
  public WalsConfig withLambdas(double lu, double lv) { return new WalsConfig(rank, lu, lv, regScaling, regExponent, unobservedWeight, unobservedExponent, confidence, alpha, epsilon, frequencyExponent, target, solver, cgSteps, iterations, threads, seed); }
  public WalsConfig withRegScaling(RegScaling s, double nu) { return new WalsConfig(rank, lambdaU, lambdaV, s, nu, unobservedWeight, unobservedExponent, confidence, alpha, epsilon, frequencyExponent, target, solver, cgSteps, iterations, threads, seed); }
  public WalsConfig withUnobservedWeight(double w0) { return new WalsConfig(rank, lambdaU, lambdaV, regScaling, regExponent, w0, unobservedExponent, confidence, alpha, epsilon, frequencyExponent, target, solver, cgSteps, iterations, threads, seed); }
  public WalsConfig withUnobservedExponent(double c) { return new WalsConfig(rank, lambdaU, lambdaV, regScaling, regExponent, unobservedWeight, c, confidence, alpha, epsilon, frequencyExponent, target, solver, cgSteps, iterations, threads, seed); }
  public WalsConfig withConfidence(Confidence c, double a) { return new WalsConfig(rank, lambdaU, lambdaV, regScaling, regExponent, unobservedWeight, unobservedExponent, c, a, epsilon, frequencyExponent, target, solver, cgSteps, iterations, threads, seed); }
  public WalsConfig withEpsilon(double e) { return new WalsConfig(rank, lambdaU, lambdaV, regScaling, regExponent, unobservedWeight, unobservedExponent, confidence, alpha, e, frequencyExponent, target, solver, cgSteps, iterations, threads, seed); }
  public WalsConfig withFrequencyExponent(double b) { return new WalsConfig(rank, lambdaU, lambdaV, regScaling, regExponent, unobservedWeight, unobservedExponent, confidence, alpha, epsilon, b, target, solver, cgSteps, iterations, threads, seed); }
  public WalsConfig withTarget(PreferenceTarget t) { return new WalsConfig(rank, lambdaU, lambdaV, regScaling, regExponent, unobservedWeight, unobservedExponent, confidence, alpha, epsilon, frequencyExponent, t, solver, cgSteps, iterations, threads, seed); }
  public WalsConfig withSolver(LinearSolver s, int steps) { return new WalsConfig(rank, lambdaU, lambdaV, regScaling, regExponent, unobservedWeight, unobservedExponent, confidence, alpha, epsilon, frequencyExponent, target, s, steps, iterations, threads, seed); }
  public WalsConfig withIterations(int n) { return new WalsConfig(rank, lambdaU, lambdaV, regScaling, regExponent, unobservedWeight, unobservedExponent, confidence, alpha, epsilon, frequencyExponent, target, solver, cgSteps, n, threads, seed); }
  public WalsConfig withThreads(int t) { return new WalsConfig(rank, lambdaU, lambdaV, regScaling, regExponent, unobservedWeight, unobservedExponent, confidence, alpha, epsilon, frequencyExponent, target, solver, cgSteps, iterations, t, seed); }
  public WalsConfig withSeed(long s) { return new WalsConfig(rank, lambdaU, lambdaV, regScaling, regExponent, unobservedWeight, unobservedExponent, confidence, alpha, epsilon, frequencyExponent, target, solver, cgSteps, iterations, threads, s); }
}
