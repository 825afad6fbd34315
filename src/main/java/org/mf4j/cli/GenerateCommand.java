package org.mf4j.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.mf4j.data.GenerationSummary;
import org.mf4j.data.GeneratorConfig;
import org.mf4j.data.PlantedRatingsGenerator;
import org.mf4j.data.RatingScale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mf4j generate}: writes planted low-rank ratings, and their noise floor, to a file. */
@Command(name = "generate", mixinStandardHelpOptions = true,
    description = {"Writes planted low-rank ratings (heavy-tailed user activity, Zipf-like item popularity,"
        + " biases, Gaussian noise) to a file, and the noise floor (the RMSE of the planted model) to FILE.truth.json.",
        "Deterministic for a seed, whatever the number of threads."})
final class GenerateCommand implements Callable<Integer> {
  @Option(names = "--preset", description = "Shape preset: ml-10m (69,878 users, 10,677 items, 9.23 M half-star ratings),"
      + " ml-20m (138,493 users, 26,744 items, 20.0 M half stars), netflix (480,189 users, 17,770 items, 100.5 M stars 1-5),"
      + " ml20m-pos (138,000 users, 20,000 items, 10 M implicit ones). Flags below override it.")
  String preset;
  @Option(names = "--users", description = "Number of users (default ${DEFAULT-VALUE} without a preset).") Integer users;
  @Option(names = "--items", description = "Number of items.") Integer items;
  @Option(names = "--ratings", description = "Number of ratings (approximately; per-user counts are drawn).") Long ratings;
  @Option(names = "--rank", description = "Planted rank.") Integer rank;
  @Option(names = "--noise", description = "Standard deviation σ of the Gaussian noise.") Double noise;
  @Option(names = "--scale", description = "Rating scale: half-stars (0.5..5 by 0.5), stars (1..5), continuous, ones (implicit positives), counts (implicit counts, round(exp(score)), heavy-tailed).") String scale;
  @Option(names = "--seed", defaultValue = "42", description = "Seed (default ${DEFAULT-VALUE}).") long seed;
  @Option(names = "--threads", defaultValue = "0", description = "Threads; 0 = all cores.") int threads;
  @Option(names = "--layout", defaultValue = "TAB", description = "File layout: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
  PlantedRatingsGenerator.TextLayout layout;
  @Option(names = "--out", required = true, description = "Output file.") Path out;

  @Override
  public Integer call() throws Exception {
    GeneratorConfig c = preset == null ? GeneratorConfig.DEFAULT : switch (preset.toLowerCase(Locale.ROOT)) {
      case "ml10m", "ml-10m" -> GeneratorConfig.ml10m(seed);
      // the MovieLens-10M generator at the other data sets' published shapes
      case "ml20m", "ml-20m" -> GeneratorConfig.ml10m(seed).withSize(138_493, 26_744, 20_000_263);
      case "netflix" -> GeneratorConfig.ml10m(seed).withSize(480_189, 17_770, 100_480_507).withScale(RatingScale.STARS);
      case "ml20m-pos", "ml-20m-pos" -> GeneratorConfig.ml20mPositives(seed);
      default -> throw new IllegalArgumentException("--preset '" + preset + "' is not one of: ml-10m, ml-20m, netflix, ml20m-pos");
    };
    c = c.withSeed(seed).withThreads(threads);
    if (users != null || items != null || ratings != null) {
      c = c.withSize(users != null ? users : c.users(), items != null ? items : c.items(),
          ratings != null ? ratings : c.ratings());
    }
    if (rank != null) c = c.withRank(rank);
    if (noise != null) c = c.withNoise(noise);
    if (scale != null) c = c.withScale(switch (scale.toLowerCase(Locale.ROOT)) {
      case "half-stars" -> RatingScale.HALF_STARS;
      case "stars" -> RatingScale.STARS;
      case "continuous" -> RatingScale.clipped(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
      case "ones" -> RatingScale.ONES;
      case "counts" -> RatingScale.COUNTS;
      default -> throw new IllegalArgumentException("--scale '" + scale + "' is not one of half-stars, stars, continuous, ones, counts");
    });
    GenerationSummary s = PlantedRatingsGenerator.write(c, out, layout);
    System.out.printf(Locale.ROOT, "wrote %,d ratings (%,d users, %,d items) to %s in %.1f s; mean %.3f, std %.3f;"
        + " noise floor (RMSE of the planted model) %.4f, in %s%n", s.ratings(), s.users(), s.items(), s.file(),
        s.seconds(), s.mean(), s.std(), s.noiseFloor(), s.truthFile());
    return 0;
  }
}
