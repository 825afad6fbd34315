package org.mf4j.api;

/**
 * The configs' argument checks: each failure is an {@link IllegalArgumentException} that names the
 * record component and its value, e.g. {@code lambdaU = -0.1 must be finite and >= 0}.
 */
final class Checks {
  /** Largest rank K any trainer accepts. */
  static final int MAX_RANK = 4096;

  private Checks() {}

  /** Rank {@code k} in 1..{@value #MAX_RANK}. */
  static void rank(int k) { range("rank", k, 1, MAX_RANK); }

  /** {@code v} in [lo, hi]. */
  static void range(String name, int v, int lo, int hi) {
    if (v < lo || v > hi) throw new IllegalArgumentException(name + " = " + v + " not in [" + lo + ", " + hi + "]");
  }

  /** {@code v} ≥ lo. */
  static void atLeast(String name, int v, int lo) {
    if (v < lo) throw new IllegalArgumentException(name + " = " + v + " must be >= " + lo);
  }

  /** {@code v} finite and ≥ 0 (NaN fails). */
  static void nonNegative(String name, double v) {
    if (!(v >= 0) || Double.isInfinite(v)) throw new IllegalArgumentException(name + " = " + v + " must be finite and >= 0");
  }

  /** {@code v} finite and &gt; 0 (NaN fails). */
  static void positive(String name, double v) {
    if (!(v > 0) || Double.isInfinite(v)) throw new IllegalArgumentException(name + " = " + v + " must be finite and > 0");
  }

  /** {@code v} neither NaN nor infinite. */
  static void finite(String name, double v) {
    if (!Double.isFinite(v)) throw new IllegalArgumentException(name + " = " + v + " is not finite");
  }

  /** {@code v} in [lo, hi) (NaN fails). */
  static void halfOpen(String name, double v, double lo, double hi) {
    if (!(v >= lo && v < hi)) throw new IllegalArgumentException(name + " = " + v + " not in [" + lo + ", " + hi + ")");
  }

  /** {@code v} not null (an IllegalArgumentException, not a NullPointerException). */
  static void notNull(String name, Object v) {
    if (v == null) throw new IllegalArgumentException(name + " = null");
  }
}
