package org.mf4j.data;

import java.util.Objects;
import org.mf4j.api.Ratings;

/**
 * A train/test split. Both share the same {@link org.mf4j.api.IdIndex} maps, so a dense id means the
 * same user (item) in both; users or items without train ratings may exist in the maps.
 *
 * @param train the training ratings
 * @param test the test ratings, each of whose user and item has at least one training rating
 * @param coldDropped test ratings dropped because their user or item has no training rating
 */
public record TrainTestSplit(Ratings train, Ratings test, long coldDropped) {
  public TrainTestSplit {
    Objects.requireNonNull(train, "train");
    Objects.requireNonNull(test, "test");
    if (train.userIds() != test.userIds() || train.itemIds() != test.itemIds()) {
      throw new IllegalArgumentException("train and test must share their id maps");
    }
  }
}
