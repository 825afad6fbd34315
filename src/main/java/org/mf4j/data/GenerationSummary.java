package org.mf4j.data;

import java.nio.file.Path;

/**
 * What {@link PlantedRatingsGenerator#write} wrote.
 *
 * @param file the ratings file
 * @param truthFile the side file with the config and the noise floor ({@code FILE.truth.json})
 * @param ratings ratings written
 * @param noiseFloor RMSE between clean planted scores and the written ratings
 * @param mean mean of the written ratings
 * @param std standard deviation of the written ratings
 */
public record GenerationSummary(Path file, Path truthFile, long ratings, int users, int items, double noiseFloor,
    double mean, double std, double seconds) {}
