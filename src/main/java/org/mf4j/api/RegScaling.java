package org.mf4j.api;

/**
 * How the L2 penalty of a row grows with the number of entries it has.
 *
 * <ul>
 *   <li>{@link #NONE}: λ‖u‖² — plain L2, as in the lecture notes and the {@code implicit} library.</li>
 *   <li>{@link #COUNT}: λ·n_u‖u‖² — ALS-WR (Zhou et al. 2008), Spark MLlib's convention. With it, the
 *       best λ hardly depends on how active users are or on the data set's size, which is why it is
 *       mf4j's default for explicit ALS.</li>
 *   <li>{@link #FREQUENCY}: λ·(n_u + w0·N)^ν‖u‖², N the number of rows on the other side, ν an exponent
 *       (Rendle et al., "Revisiting the Performance of iALS on Item Recommendation Benchmarks", 2022):
 *       the penalty follows the total weight a row sees, observed and unobserved. ν = 1 with w0 = 0 is
 *       {@link #COUNT}; ν = 0 is {@link #NONE}.</li>
 * </ul>
 */
public enum RegScaling {
  /** λ‖u‖²: the same penalty for every row. */
  NONE,
  /** λ·n_u‖u‖²: the penalty grows with the row's number of entries (ALS-WR). */
  COUNT,
  /** λ·(n_u + w0·N)^ν‖u‖²: the penalty follows the row's total weight; weighted ALS only. */
  FREQUENCY;

  /**
   * The multiplier of λ for a row with {@code n} entries, for ν = 1 and w0 = 0 where they apply: 1 for
   * {@link #NONE}, {@code n} for {@link #COUNT} and {@link #FREQUENCY}.
   *
   * @param n the row's number of observed entries
   * @return the factor s(n) that λ is multiplied by
   */
  public double factor(int n) {
    return factor(n, 0, 0, 1);
  }

  /**
   * The multiplier of λ for a row with {@code n} observed entries when the other side has
   * {@code otherRows} rows, unobserved cells weigh {@code w0} and the exponent is {@code nu}: 1 for
   * {@link #NONE}, {@code n} for {@link #COUNT} (both ignore the other arguments) and
   * (n + w0·otherRows)^ν for {@link #FREQUENCY}. No argument is checked.
   *
   * @param n the row's number of observed entries
   * @param w0 the weight of an unobserved cell
   * @param otherRows N, the number of rows on the other side
   * @param nu ν, the exponent
   * @return the factor that λ is multiplied by
   */
  public double factor(int n, double w0, int otherRows, double nu) {
    return switch (this) {
      case NONE -> 1.0;
      case COUNT -> n;
      case FREQUENCY -> Math.pow(n + w0 * otherRows, nu);
    };
  }
}
