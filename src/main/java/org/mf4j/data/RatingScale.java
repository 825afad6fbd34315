package org.mf4j.data;

/**
 * The values a generated rating may take ({@link GeneratorConfig#scale()}): clipped to
 * {@code [min, max]} and, when {@code step > 0}, rounded to the grid {@code min + k·step}.
 * {@link #CONTINUOUS} neither clips nor rounds. Immutable, validated on construction.
 *
 * @param min the least value; may be {@link Double#NEGATIVE_INFINITY} when {@code step} is 0
 * @param max the greatest value, above {@code min}, or equal to it (finite, with {@code step} 0) for a
 *     constant scale; may be {@link Double#POSITIVE_INFINITY} when {@code step} is 0
 * @param step the grid spacing, finite and at least 0; 0 means no rounding; when positive,
 *     {@code min} and {@code max} must be finite and {@code max − min} a whole number of steps
 * @param exponential whether a value is exp(x) of the planted score x before clipping and rounding:
 *     heavy-tailed implicit counts ({@link #COUNTS}) rather than ratings
 */
public record RatingScale(double min, double max, double step, boolean exponential) {
  /** No clipping, no rounding. */
  public static final RatingScale CONTINUOUS =
      new RatingScale(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, 0);
  /** 0.5 .. 5 by 0.5, as MovieLens 10M / 20M. */
  public static final RatingScale HALF_STARS = new RatingScale(0.5, 5, 0.5);
  /** 1 .. 5 by 1, as MovieLens 100K / 1M and Netflix. */
  public static final RatingScale STARS = new RatingScale(1, 5, 1);
  /** Every value 1: implicit positives (clicks, purchases), which cells exist carries all the information. */
  public static final RatingScale ONES = new RatingScale(1, 1, 0);
  /**
   * Implicit counts (plays, views): round(exp(x)) clipped to 1 .. 1,000,000 for a planted score x, so
   * log-normal around exp(global mean) with a heavy right tail.
   */
  public static final RatingScale COUNTS = new RatingScale(1, 1_000_000, 1, true);

  /** A scale of ratings (not exponential): see the record components. */
  public RatingScale(double min, double max, double step) {
    this(min, max, step, false);
  }

  /**
   * Validates the scale.
   *
   * @throws IllegalArgumentException when {@code min} or {@code max} is NaN, {@code min > max},
   *     {@code min == max} with a positive step or infinite bounds, {@code step} is negative, NaN or
   *     infinite, or a positive step has an infinite bound or does not divide {@code max − min} into
   *     a whole number of steps (to within a relative 1e-9)
   */
  public RatingScale {
    if (Double.isNaN(min) || Double.isNaN(max) || !(min < max || (min == max && step == 0 && Double.isFinite(min)))) {
      throw new IllegalArgumentException("scale min = " + min + " must be below max = " + max
          + " (or equal to it, finite, with step 0: a constant)");
    }
    if (!(step >= 0) || Double.isInfinite(step)) {
      throw new IllegalArgumentException("scale step = " + step + " must be finite and >= 0");
    }
    if (step > 0) {
      if (Double.isInfinite(min) || Double.isInfinite(max)) {
        throw new IllegalArgumentException("a scale with step " + step + " needs finite min and max");
      }
      double k = (max - min) / step;
      if (Math.abs(k - Math.rint(k)) > 1e-9 * Math.max(1, k)) {
        throw new IllegalArgumentException("scale (" + min + ", " + max + ") is not a whole number of steps " + step);
      }
    }
  }

  /**
   * A scale clipped to {@code [min, max]} without rounding.
   *
   * @param min the least value
   * @param max the greatest value
   * @return {@code new RatingScale(min, max, 0)}
   * @throws IllegalArgumentException as the constructor
   */
  public static RatingScale clipped(double min, double max) { return new RatingScale(min, max, 0); }

  /**
   * Takes exp({@code x}) first when the scale is {@link #exponential()}; rounds to the nearest grid value (when {@code step > 0}, ties to even), then clips it to
   * {@code [min, max]}.
   *
   * @param x a value
   * @return the value on this scale (NaN stays NaN)
   */
  public double apply(double x) {
    double v = exponential ? Math.exp(x) : x;
    if (step > 0) v = min + Math.rint((v - min) / step) * step;
    return Math.min(max, Math.max(min, v));
  }

  /** {@code continuous}, {@code constant 1.0}, {@code 0.5..5.0 by 0.5} or {@code continuous in [min, max]}. */
  @Override public String toString() {
    if (exponential) return "counts exp(x) in " + min + ".." + max + (step > 0 ? " by " + step : "");
    if (Double.isInfinite(min) && Double.isInfinite(max)) return "continuous";
    if (min == max) return "constant " + min;
    return step > 0 ? min + ".." + max + " by " + step : "continuous in [" + min + ", " + max + "]";
  }
}
