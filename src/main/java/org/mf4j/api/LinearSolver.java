package org.mf4j.api;

/**
 * How each row's K×K normal equations are solved.
 *
 * <ul>
 *   <li>{@link #CHOLESKY}: exactly, by Cholesky factorization, lane-batched; cost per row
 *       O(n·K² + K³) (building the Gram matrix dominates for active rows).</li>
 *   <li>{@link #CG}: a few conjugate-gradient steps warm-started from the row's current factors
 *       (Takács, Pilászy, Tikk 2011); cost per step O(n·K + K²), never forms the row's Gram matrix.
 *       Not exact, but after the first iterations the warm start is close and 3 steps are enough.</li>
 * </ul>
 */
public enum LinearSolver {
  /** Exact solves by Cholesky factorization. */
  CHOLESKY,
  /** A fixed number of warm-started conjugate-gradient steps per row and sweep. */
  CG
}
