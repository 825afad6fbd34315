package org.mf4j.data;

import java.nio.file.Path;

/**
 * What {@link PlantedRatingsGenerator#write} wrote.
 *
 * @param file the ratings file, as an absolute path
 * @param truthFile the side file with the config and the noise floor ({@code FILE.truth.json})
 * @param ratings ratings written
 * @param users users written (every user of the config: each has at least one rating)
 * @param items items with at least one rating (items nobody drew are not in the file)
 * @param noiseFloor RMSE between clean planted scores and the written ratings: what a perfect model
 *     achieves
 * @param mean mean of the written ratings
 * @param std standard deviation of the written ratings
 * @param seconds wall time of the generation, in seconds
 */
public record GenerationSummary(Path file, Path truthFile, long ratings, int users, int items, double noiseFloor,
    double mean, double std, double seconds) {}
