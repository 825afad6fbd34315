package org.mf4j.api;

/**
 * Where the weight w_ui of an observed entry comes from, in weighted ALS ({@link WalsConfig}).
 * r is the entry's value (its absolute value when negative), α and ε are {@link WalsConfig#alpha()}
 * and {@link WalsConfig#epsilon()}; n_u, n_i are the numbers of entries of the user and the item and
 * n̄_u, n̄_i their means.
 *
 * <ul>
 *   <li>{@link #CONSTANT}: w = 1 — every observed entry alike; the balance with the unobserved cells
 *       is set by w0 alone (the lecture notes' weighted matrix factorization).</li>
 *   <li>{@link #LINEAR}: w = 1 + α·r (Hu, Koren, Volinsky 2008).</li>
 *   <li>{@link #LOG}: w = 1 + α·log(1 + r/ε) (the same paper's alternative for heavy-tailed counts
 *       such as play counts).</li>
 *   <li>{@link #FREQUENCY}: w = 1 + α·((n̄_u/n_u)·(n̄_i/n_i))^β, β = {@link WalsConfig#frequencyExponent()}:
 *       entries of rare users and rare items weigh more (the notes' "w_ij as a function of the
 *       frequency of query i and item j", as inverse-popularity powers).</li>
 *   <li>{@link #COLUMN}: w = the weight column of the input, {@link Ratings#weights()} (must be finite
 *       and ≥ 0).</li>
 * </ul>
 *
 * <p>Training fails with an {@link IllegalArgumentException} when a weight comes out negative or not
 * finite, and with {@link #COLUMN} when the ratings have no weights.
 */
public enum Confidence {
  /** w = 1 for every observed entry. */
  CONSTANT,
  /** w = 1 + α·r. */
  LINEAR,
  /** w = 1 + α·log(1 + r/ε). */
  LOG,
  /** w = 1 + α·((n̄_u/n_u)·(n̄_i/n_i))^β: rare users and rare items weigh more. */
  FREQUENCY,
  /** w from {@link Ratings#weights()}, which must then be present. */
  COLUMN
}
