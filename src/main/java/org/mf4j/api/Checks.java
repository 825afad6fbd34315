package org.mf4j.api;

/**
 * The configs' argument checks: each failure is an {@link IllegalArgumentException} that names the
 * record component and its value, e.g. {@code lambdaU = -0.1 must be finite and >= 0}.
 */
final class Checks {
  /** Largest rank K any trainer accepts. */
  static final int MAX_RANK = 4096;

  private Checks() {}

  static void rank(int k) { range("rank", k, 1, MAX_RANK); }

  static void range(String name, int v, int lo, int hi) {
    if (v < lo || v > hi) throw new IllegalArgumentException(name + " = " + v + " not in [" + lo + ", " + hi + "]");
  }

  static void atLeast(String name, int v, int lo) {
    if (v < lo) throw new IllegalArgumentException(name + " = " + v + " must be >= " + lo);
  }

  static void nonNegative(String name, double v) {
    if (!(v >= 0) || Double.isInfinite(v)) throw new IllegalArgumentException(name + " = " + v + " must be finite and >= 0");
  }

  static void positive(String name, double v) {
    if (!(v > 0) || Double.isInfinite(v)) throw new IllegalArgumentException(name + " = " + v + " must be finite and > 0");
  }

  static void finite(String name, double v) {
    if (!Double.isFinite(v)) throw new IllegalArgumentException(name + " = " + v + " is not finite");
  }

  /** v in [lo, hi) */
  static void halfOpen(String name, double v, double lo, double hi) {
    if (!(v >= lo && v < hi)) throw new IllegalArgumentException(name + " = " + v + " not in [" + lo + ", " + hi + ")");
  }

  static void notNull(String name, Object v) {
    if (v == null) throw new IllegalArgumentException(name + " = null");
  }
}
