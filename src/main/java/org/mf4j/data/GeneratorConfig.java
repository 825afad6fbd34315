package org.mf4j.data;

import java.util.Objects;

/**
 * Settings of {@link PlantedRatingsGenerator}: immutable, validated on construction.
 *
 * <p>The planted score of user u on item i is {@code globalMean + b_u + b_i + x_u·y_i} with
 * {@code b_u ~ N(0, userBiasSigma²)}, {@code b_i ~ N(0, itemBiasSigma²)} and factor entries
 * {@code N(0, s²)}, s chosen so that {@code x_u·y_i} has standard deviation {@code signalStd}. The
 * emitted rating is that score plus {@code N(0, noiseSigma²)} noise, put on the {@code scale}.
 *
 * @param users number of users
 * @param items number of items
 * @param ratings wanted number of ratings (met approximately: per-user counts are whole numbers)
 * @param rank planted rank r (0: biases only)
 * @param noiseSigma standard deviation of the Gaussian noise
 * @param globalMean mean of the planted scores
 * @param userBiasSigma standard deviation of the user biases
 * @param itemBiasSigma standard deviation of the item biases
 * @param signalStd standard deviation of the interaction term {@code x_u·y_i}
 * @param scale clipping and rounding of the emitted ratings
 * @param activitySigma sigma of the log-normal per-user rating count
 * @param minPerUser least number of ratings per user
 * @param zipfExponent item popularity ∝ rank^-exponent (0: uniform)
 * @param seed the result depends on the seed only, not on the thread count
 * @param threads generating threads; 0 means one per available processor
 */
public record GeneratorConfig(int users, int items, long ratings, int rank, double noiseSigma,
    double globalMean, double userBiasSigma, double itemBiasSigma, double signalStd, RatingScale scale,
    double activitySigma, int minPerUser, double zipfExponent, long seed, int threads) {

  /** A small data set (2,000 users, 1,000 items, 100,000 half-star ratings, rank 24). */
  public static final GeneratorConfig DEFAULT = new GeneratorConfig(2_000, 1_000, 100_000, 24, 0.75, 3.5,
      0.35, 0.3, 0.55, RatingScale.HALF_STARS, 1.1, 10, 0.9, 42, 0);

  public GeneratorConfig {
    Objects.requireNonNull(scale, "scale");
    positive("users", users);
    positive("items", items);
    if (rank < 0) throw new IllegalArgumentException("rank = " + rank + " < 0");
    nonNegative("noiseSigma", noiseSigma);
    nonNegative("userBiasSigma", userBiasSigma);
    nonNegative("itemBiasSigma", itemBiasSigma);
    nonNegative("signalStd", signalStd);
    nonNegative("activitySigma", activitySigma);
    nonNegative("zipfExponent", zipfExponent);
    if (!Double.isFinite(globalMean)) throw new IllegalArgumentException("globalMean = " + globalMean + " is not finite");
    if (minPerUser < 1 || minPerUser > items) {
      throw new IllegalArgumentException("minPerUser = " + minPerUser + " must be in [1, items = " + items + "]");
    }
    if (ratings < (long) users * minPerUser || ratings > (long) users * items) {
      throw new IllegalArgumentException("ratings = " + ratings + " must be in [users·minPerUser, users·items] = ["
          + (long) users * minPerUser + ", " + (long) users * items + "]");
    }
    if (threads < 0) throw new IllegalArgumentException("threads = " + threads + " < 0");
  }

  /**
   * The MovieLens-10M shape: 69,878 users, 10,677 items, 9.23 M half-star ratings (≈ 8.3 M after a
   * 90/10 split), at least 20 per user, rank 24, noise 0.75.
   */
  public static GeneratorConfig ml10m(long seed) {
    return new GeneratorConfig(69_878, 10_677, 9_230_000, 24, 0.75, 3.5, 0.35, 0.3, 0.55,
        RatingScale.HALF_STARS, 1.1, 20, 0.9, seed, 0);
  }

  /**
   * The MovieLens-20M positives shape for implicit-feedback benchmarks: 138,000 users, 20,000 items,
   * 10 M cells all equal to 1, at least 5 per user, log-normal activity and Zipf-like items as
   * {@link #ml10m}.
   */
  public static GeneratorConfig ml20mPositives(long seed) {
    return new GeneratorConfig(138_000, 20_000, 10_000_000, 24, 0.75, 3.5, 0.35, 0.3, 0.55,
        RatingScale.ONES, 1.1, 5, 0.9, seed, 0);
  }

  public GeneratorConfig withSize(int users, int items, long ratings) {
    return new GeneratorConfig(users, items, ratings, rank, noiseSigma, globalMean, userBiasSigma, itemBiasSigma,
        signalStd, scale, activitySigma, Math.min(minPerUser, items), zipfExponent, seed, threads);
  }
  public GeneratorConfig withRank(int r) {
    return new GeneratorConfig(users, items, ratings, r, noiseSigma, globalMean, userBiasSigma, itemBiasSigma,
        signalStd, scale, activitySigma, minPerUser, zipfExponent, seed, threads);
  }
  public GeneratorConfig withNoise(double sigma) {
    return new GeneratorConfig(users, items, ratings, rank, sigma, globalMean, userBiasSigma, itemBiasSigma,
        signalStd, scale, activitySigma, minPerUser, zipfExponent, seed, threads);
  }
  public GeneratorConfig withBiases(double mean, double userSigma, double itemSigma) {
    return new GeneratorConfig(users, items, ratings, rank, noiseSigma, mean, userSigma, itemSigma,
        signalStd, scale, activitySigma, minPerUser, zipfExponent, seed, threads);
  }
  public GeneratorConfig withSignalStd(double std) {
    return new GeneratorConfig(users, items, ratings, rank, noiseSigma, globalMean, userBiasSigma, itemBiasSigma,
        std, scale, activitySigma, minPerUser, zipfExponent, seed, threads);
  }
  public GeneratorConfig withScale(RatingScale s) {
    return new GeneratorConfig(users, items, ratings, rank, noiseSigma, globalMean, userBiasSigma, itemBiasSigma,
        signalStd, s, activitySigma, minPerUser, zipfExponent, seed, threads);
  }
  public GeneratorConfig withActivity(double sigma, int min, double zipf) {
    return new GeneratorConfig(users, items, ratings, rank, noiseSigma, globalMean, userBiasSigma, itemBiasSigma,
        signalStd, scale, sigma, min, zipf, seed, threads);
  }
  public GeneratorConfig withSeed(long s) {
    return new GeneratorConfig(users, items, ratings, rank, noiseSigma, globalMean, userBiasSigma, itemBiasSigma,
        signalStd, scale, activitySigma, minPerUser, zipfExponent, s, threads);
  }
  public GeneratorConfig withThreads(int t) {
    return new GeneratorConfig(users, items, ratings, rank, noiseSigma, globalMean, userBiasSigma, itemBiasSigma,
        signalStd, scale, activitySigma, minPerUser, zipfExponent, seed, t);
  }

  /** Standard deviation of each planted factor entry, so that x·y has standard deviation signalStd. */
  public double factorStd() { return rank == 0 ? 0 : Math.sqrt(signalStd) / Math.pow(rank, 0.25); }

  int effectiveThreads() { return threads > 0 ? threads : Runtime.getRuntime().availableProcessors(); }

  private static void positive(String name, int v) {
    if (v < 1) throw new IllegalArgumentException(name + " = " + v + " must be >= 1");
  }

  private static void nonNegative(String name, double v) {
    if (!(v >= 0) || Double.isInfinite(v)) throw new IllegalArgumentException(name + " = " + v + " must be finite and >= 0");
  }
}
