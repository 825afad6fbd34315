package org.mf4j.data;

import java.util.Objects;
import org.mf4j.api.Ratings;

/**
 * A train/test split, as {@link Splits} makes them. Both share the same {@link org.mf4j.api.IdIndex}
 * maps (the same instances), so a dense id means the same user (item) in both; users or items without
 * train ratings may exist in the maps.
 *
 * @param train the training ratings
 * @param test the test ratings; in the splits {@link Splits} makes, each of their users and items has
 *     at least one training rating (not checked here)
 * @param coldDropped test ratings dropped because their user or item has no training rating (for
 *     {@link Splits#givenTest}, also those whose user or item is unknown to the training maps)
 */
public record TrainTestSplit(Ratings train, Ratings test, long coldDropped) {
  /**
   * Checks that train and test share their id maps.
   *
   * @throws NullPointerException when {@code train} or {@code test} is null
   * @throws IllegalArgumentException when {@code train} and {@code test} do not hold the same
   *     {@link org.mf4j.api.IdIndex} instances
   */
  public TrainTestSplit {
    Objects.requireNonNull(train, "train");
    Objects.requireNonNull(test, "test");
    if (train.userIds() != test.userIds() || train.itemIds() != test.itemIds()) {
      throw new IllegalArgumentException("train and test must share their id maps");
    }
  }
}
