package org.mf4j.data;

import org.mf4j.api.Ratings;

/**
 * Ratings generated from a planted low-rank model, with the model itself, so tests can compare a
 * trained model with the truth. Dense ids are the generator's own ({@code IdIndex.identity}); items
 * nobody drew are in the maps with no ratings.
 *
 * @param ratings the generated ratings, grouped by user, items ascending within a user
 * @param config how they were generated
 * @param userFactors users × rank, row-major
 * @param itemFactors items × rank, row-major
 * @param noiseFloor RMSE between the clean planted score and the emitted rating, over all ratings:
 *     what a perfect model achieves
 */
public record PlantedRatings(Ratings ratings, GeneratorConfig config, float[] userFactors, float[] itemFactors,
    float[] userBias, float[] itemBias, double noiseFloor) {

  /** The clean planted score {@code mean + b_u + b_i + x_u·y_i} (before noise, rounding and clipping). */
  public double clean(int user, int item) {
    int r = config.rank();
    double s = config.globalMean() + userBias[user] + itemBias[item];
    for (int k = 0; k < r; k++) s += (double) userFactors[user * r + k] * itemFactors[item * r + k];
    return s;
  }
}
