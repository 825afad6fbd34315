package org.mf4j.kernel;

/**
 * What {@link Kernels#sgdSweep} needs besides the factor rows and the ratings: the step's constants and the
 * per-row state it updates in place, indexed like the factor matrices' rows. Null bias arrays mean no biases
 * (the bias term is 0 and {@code mean} unused); null AdaGrad arrays mean a constant learning rate.
 *
 * @param learningRate η (before any per-row AdaGrad scaling)
 * @param userG per-row AdaGrad sums G_u (start at 1), or null
 */
public record SgdRule(float learningRate, float lambdaU, float lambdaV, float lambdaBias, float mean, float[] userBias,
    float[] itemBias, float[] userG, float[] itemG) {
  /**
   * Validates the rule.
   *
   * @throws IllegalArgumentException when only one of the bias arrays, or only one of the AdaGrad arrays, is given
   */
  public SgdRule {
    if ((userBias == null) != (itemBias == null)) throw new IllegalArgumentException("user and item biases: both or neither");
    if ((userG == null) != (itemG == null)) throw new IllegalArgumentException("user and item AdaGrad sums: both or neither");
  }

  /** Whether the rule updates biases (the bias arrays are present). */
  public boolean biases() { return userBias != null; }

  /** Whether learning rates are per-row AdaGrad rates (the G arrays are present). */
  public boolean adaptive() { return userG != null; }
}
