package org.mf4j.data;

import org.mf4j.api.Ratings;

/**
 * Ratings generated from a planted low-rank model, with the model itself, so tests can compare a
 * trained model with the truth. Dense ids are the generator's own ({@code IdIndex.identity}); items
 * nobody drew are in the maps with no ratings. The arrays are not copied.
 *
 * @param ratings the generated ratings, grouped by user, items ascending within a user, values rounded
 *     to 4 decimals, with synthetic timestamps (epoch seconds from 2000-01-01 UTC on)
 * @param config how they were generated
 * @param userFactors the planted user factors, users × rank, row-major
 * @param itemFactors the planted item factors, items × rank, row-major
 * @param userBias the planted user biases b_u, one per user
 * @param itemBias the planted item biases b_i, one per item
 * @param noiseFloor RMSE between the clean planted score and the emitted rating, over all ratings:
 *     what a perfect model achieves
 */
public record PlantedRatings(Ratings ratings, GeneratorConfig config, float[] userFactors, float[] itemFactors,
    float[] userBias, float[] itemBias, double noiseFloor) {

  /**
   * The clean planted score {@code globalMean + b_u + b_i + x_u·y_i} (before noise, rounding and
   * clipping), summed in double.
   *
   * @param user a dense user id in {@code [0, users)}
   * @param item a dense item id in {@code [0, items)}
   * @return the score
   * @throws ArrayIndexOutOfBoundsException when an id is out of range
   */
  public double clean(int user, int item) {
    int r = config.rank();
    double s = config.globalMean() + userBias[user] + itemBias[item];
    for (int k = 0; k < r; k++) s += (double) userFactors[user * r + k] * itemFactors[item * r + k];
    return s;
  }
}
