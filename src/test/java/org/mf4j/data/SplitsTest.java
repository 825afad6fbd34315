package org.mf4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mf4j.api.Ratings;

class SplitsTest {
  @TempDir Path dir;

  @Test
  void randomSplitFollowsMakeSplit() {
    // 8 ratings; user 3 and item 12 occur once each. Which rows go to test is worked out here with
    // java.util.Random directly, as MakeSplit does: one nextDouble() per rating, in order.
    int[] users = {0, 0, 1, 1, 2, 2, 3, 0};
    int[] items = {0, 1, 0, 1, 0, 1, 0, 2};
    float[] values = {1, 2, 3, 4, 5, 1, 2, 3};
    Ratings all = Ratings.ofDense(users, items, values, 4, 3);
    double fraction = 0.4;
    long seed = 28;
    Random rng = new Random(seed);
    boolean[] test = new boolean[8];
    for (int k = 0; k < 8; k++) test[k] = rng.nextDouble() < fraction;
    boolean[] userInTrain = new boolean[4], itemInTrain = new boolean[3];
    int nTrain = 0;
    for (int k = 0; k < 8; k++) {
      if (!test[k]) {
        userInTrain[users[k]] = itemInTrain[items[k]] = true;
        nTrain++;
      }
    }
    int nTest = 0, cold = 0;
    for (int k = 0; k < 8; k++) {
      if (test[k]) {
        if (userInTrain[users[k]] && itemInTrain[items[k]]) nTest++;
        else cold++;
      }
    }
    // the seed was picked so that the example has every case: train, test and cold rows
    assertEquals("[false, false, true, false, true, false, true, true]", java.util.Arrays.toString(test));
    assertEquals(4, nTrain);
    assertEquals(2, nTest);
    assertEquals(2, cold);

    TrainTestSplit s = Splits.random(all, fraction, seed);
    assertEquals(nTrain, s.train().size());
    assertEquals(nTest, s.test().size());
    assertEquals(cold, s.coldDropped());
    assertSame(all.userIds(), s.test().userIds());
    // train and test keep file order
    assertEquals(2f, s.train().value(1)); // rows 0, 1, 3, 5
    assertEquals(4f, s.train().value(2));
    assertEquals(1, s.test().user(0)); // rows 2, 4; rows 6 (user 3) and 7 (item 2) are cold
    assertEquals(3f, s.test().value(0));
    assertEquals(5f, s.test().value(1));
    assertThrows(IllegalArgumentException.class, () -> Splits.random(all, 1.5, 1));
  }

  @Test
  void givenTestFileUsesTrainMapsAndDropsColdIds() throws IOException {
    Path train = Files.writeString(dir.resolve("train.csv"), "10,100,4\n10,200,3\n20,100,5\n");
    Path test = Files.writeString(dir.resolve("test.csv"), "20,200,4\n30,100,1\n10,300,2\n10,100,5\n");
    Ratings tr = RatingsReader.read(train).ratings();
    TrainTestSplit s = Splits.givenTest(tr, test, ReadOptions.DEFAULT);
    assertSame(tr, s.train());
    assertEquals(2, s.test().size());
    assertEquals(2, s.coldDropped()); // user 30 and item 300 are unknown to train
    assertEquals(2, tr.numUsers()); // the maps were not extended
    assertEquals(2, tr.numItems());
    assertEquals("20", tr.userIds().externalId(s.test().user(0)));
    assertEquals("200", tr.itemIds().externalId(s.test().item(0)));
    assertEquals(5f, s.test().value(1));
  }

  @Test
  void givenTestWithTextIds() throws IOException {
    Ratings tr = RatingsReader.read(Files.writeString(dir.resolve("a.csv"), "ann,x,1\nbob,y,2\n")).ratings();
    Ratings te = RatingsReader.read(Files.writeString(dir.resolve("b.csv"), "bob,x,3\ncid,x,3\n")).ratings();
    TrainTestSplit s = Splits.givenTest(tr, te);
    assertEquals(1, s.test().size());
    assertEquals(1, s.coldDropped());
    assertEquals("bob", tr.userIds().externalId(s.test().user(0)));
  }
}
