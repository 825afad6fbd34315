package org.mf4j.solver;

/**
 * A row's normal equations were not positive definite, so its least-squares solution is not unique
 * (typically λ = 0 with fewer ratings than the rank) or the inputs held NaN/Inf. Raised instead of
 * writing a meaningless factor.
 */
public final class NotPositiveDefiniteException extends ArithmeticException {
  private static final long serialVersionUID = 1L;

  /**
   * An exception with {@code message}, which names the side, the row, its entry count, the rank and
   * the regularization.
   *
   * @param message the detail message
   */
  public NotPositiveDefiniteException(String message) {
    super(message);
  }
}
