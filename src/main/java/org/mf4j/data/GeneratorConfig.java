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
 * <p>Every value is checked by the constructor, which rejects an invalid one with
 * {@link IllegalArgumentException} (a null {@code scale} with {@link NullPointerException}); the
 * {@code with} methods construct a new config and so validate the same way.
 *
 * @param users number of users, at least 1
 * @param items number of items, at least 1
 * @param ratings wanted number of ratings, in {@code [users·minPerUser, users·items]} (met
 *     approximately: per-user counts are whole numbers)
 * @param rank planted rank r, at least 0 (0: biases only)
 * @param noiseSigma standard deviation of the Gaussian noise, finite and at least 0
 * @param globalMean mean of the planted scores, finite
 * @param userBiasSigma standard deviation of the user biases, finite and at least 0
 * @param itemBiasSigma standard deviation of the item biases, finite and at least 0
 * @param signalStd standard deviation of the interaction term {@code x_u·y_i}, finite and at least 0
 * @param scale clipping and rounding of the emitted ratings, not null
 * @param activitySigma sigma of the log-normal per-user rating count, finite and at least 0 (0: every
 *     user rates about as many items)
 * @param minPerUser least number of ratings per user, in {@code [1, items]}
 * @param zipfExponent item popularity: the j-th most popular item (1-based, in a random permutation of
 *     the items) is drawn with weight j^-zipfExponent; finite and at least 0 (0: uniform)
 * @param seed the result depends on the seed only, not on the thread count
 * @param threads generating threads, at least 0; 0 means one per available processor
 */
public record GeneratorConfig(int users, int items, long ratings, int rank, double noiseSigma,
    double globalMean, double userBiasSigma, double itemBiasSigma, double signalStd, RatingScale scale,
    double activitySigma, int minPerUser, double zipfExponent, long seed, int threads) {

  /** A small data set (2,000 users, 1,000 items, 100,000 half-star ratings, rank 24). */
  public static final GeneratorConfig DEFAULT = new GeneratorConfig(2_000, 1_000, 100_000, 24, 0.75, 3.5,
      0.35, 0.3, 0.55, RatingScale.HALF_STARS, 1.1, 10, 0.9, 42, 0);

  /**
   * Validates the settings.
   *
   * @throws NullPointerException when {@code scale} is null
   * @throws IllegalArgumentException when a value is outside the range its component documents
   */
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
   * 90/10 split), at least 20 per user, rank 24, noise 0.75, the other settings as {@link #DEFAULT}.
   *
   * @param seed the seed
   * @return the config
   */
  public static GeneratorConfig ml10m(long seed) {
    return new GeneratorConfig(69_878, 10_677, 9_230_000, 24, 0.75, 3.5, 0.35, 0.3, 0.55,
        RatingScale.HALF_STARS, 1.1, 20, 0.9, seed, 0);
  }

  /**
   * The MovieLens-20M positives shape for implicit-feedback benchmarks: 138,000 users, 20,000 items,
   * 10 M cells all equal to 1, at least 5 per user, log-normal activity and Zipf-like items as
   * {@link #ml10m}.
   *
   * @param seed the seed
   * @return the config
   */
  public static GeneratorConfig ml20mPositives(long seed) {
    return new GeneratorConfig(138_000, 20_000, 10_000_000, 24, 0.75, 3.5, 0.35, 0.3, 0.55,
        RatingScale.ONES, 1.1, 5, 0.9, seed, 0);
  }

  /** A copy with these sizes; {@code minPerUser} is lowered to {@code items} when above it. */
  public GeneratorConfig withSize(int users, int items, long ratings) {
    return new GeneratorConfig(users, items, ratings, rank, noiseSigma, globalMean, userBiasSigma, itemBiasSigma,
        signalStd, scale, activitySigma, Math.min(minPerUser, items), zipfExponent, seed, threads);
  }
  /** A copy with {@link #rank()} {@code r}. */
  public GeneratorConfig withRank(int r) {
    return new GeneratorConfig(users, items, ratings, r, noiseSigma, globalMean, userBiasSigma, itemBiasSigma,
        signalStd, scale, activitySigma, minPerUser, zipfExponent, seed, threads);
  }
  /** A copy with {@link #noiseSigma()} {@code sigma}. */
  public GeneratorConfig withNoise(double sigma) {
    return new GeneratorConfig(users, items, ratings, rank, sigma, globalMean, userBiasSigma, itemBiasSigma,
        signalStd, scale, activitySigma, minPerUser, zipfExponent, seed, threads);
  }
  /** A copy with {@link #globalMean()}, {@link #userBiasSigma()} and {@link #itemBiasSigma()} replaced. */
  public GeneratorConfig withBiases(double mean, double userSigma, double itemSigma) {
    return new GeneratorConfig(users, items, ratings, rank, noiseSigma, mean, userSigma, itemSigma,
        signalStd, scale, activitySigma, minPerUser, zipfExponent, seed, threads);
  }
  /** A copy with {@link #signalStd()} {@code std}. */
  public GeneratorConfig withSignalStd(double std) {
    return new GeneratorConfig(users, items, ratings, rank, noiseSigma, globalMean, userBiasSigma, itemBiasSigma,
        std, scale, activitySigma, minPerUser, zipfExponent, seed, threads);
  }
  /** A copy with {@link #scale()} {@code s}. */
  public GeneratorConfig withScale(RatingScale s) {
    return new GeneratorConfig(users, items, ratings, rank, noiseSigma, globalMean, userBiasSigma, itemBiasSigma,
        signalStd, s, activitySigma, minPerUser, zipfExponent, seed, threads);
  }
  /** A copy with {@link #activitySigma()}, {@link #minPerUser()} and {@link #zipfExponent()} replaced. */
  public GeneratorConfig withActivity(double sigma, int min, double zipf) {
    return new GeneratorConfig(users, items, ratings, rank, noiseSigma, globalMean, userBiasSigma, itemBiasSigma,
        signalStd, scale, sigma, min, zipf, seed, threads);
  }
  /** A copy with {@link #seed()} {@code s}. */
  public GeneratorConfig withSeed(long s) {
    return new GeneratorConfig(users, items, ratings, rank, noiseSigma, globalMean, userBiasSigma, itemBiasSigma,
        signalStd, scale, activitySigma, minPerUser, zipfExponent, s, threads);
  }
  /** A copy with {@link #threads()} {@code t} (0: one per processor). */
  public GeneratorConfig withThreads(int t) {
    return new GeneratorConfig(users, items, ratings, rank, noiseSigma, globalMean, userBiasSigma, itemBiasSigma,
        signalStd, scale, activitySigma, minPerUser, zipfExponent, seed, t);
  }

  /**
   * Standard deviation of each planted factor entry, {@code sqrt(signalStd) / rank^¼}, so that x·y has
   * standard deviation signalStd; 0 when the rank is 0.
   */
  public double factorStd() { return rank == 0 ? 0 : Math.sqrt(signalStd) / Math.pow(rank, 0.25); }

  int effectiveThreads() { return threads > 0 ? threads : Runtime.getRuntime().availableProcessors(); }

  private static void positive(String name, int v) {
    if (v < 1) throw new IllegalArgumentException(name + " = " + v + " must be >= 1");
  }

  private static void nonNegative(String name, double v) {
    if (!(v >= 0) || Double.isInfinite(v)) throw new IllegalArgumentException(name + " = " + v + " must be finite and >= 0");
  }
}
