package org.mf4j.api;

/**
 * How the L2 penalty of a row grows with the number of ratings it has.
 *
 * <ul>
 *   <li>{@link #NONE}: λ‖u‖² — plain L2, as in the lecture notes.</li>
 *   <li>{@link #COUNT}: λ·n_u‖u‖² — ALS-WR (Zhou et al. 2008), Spark MLlib's convention. With it, the
 *       best λ hardly depends on how active users are or on the data set's size, which is why it is
 *       mf4j's default for explicit ALS.</li>
 * </ul>
 */
public enum RegScaling {
  NONE,
  COUNT;

  /** The multiplier of λ for a row with {@code n} ratings. */
  public double factor(int n) {
    return this == COUNT ? n : 1.0;
  }
}
