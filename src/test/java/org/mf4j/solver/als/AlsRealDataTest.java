package org.mf4j.solver.als;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mf4j.api.AlsConfig;
import org.mf4j.api.IterationStats;
import org.mf4j.api.RegScaling;
import org.mf4j.data.RatingsReader;
import org.mf4j.data.Splits;
import org.mf4j.data.TrainTestSplit;
import org.mf4j.model.FactorModel;

/**
 * ALS on MovieLens 100K with the peers' 90/10 split (../shared/tools/MakeSplit.java semantics), checked
 * against Spark MLlib ALS's best test RMSE in ../shared/PEERS.md (0.9145, rank 64, λ 0.12 count-scaled,
 * 15 iterations). Skipped when ../shared/data is absent, as on a user's machine.
 */
class AlsRealDataTest {
  static final Path U_DATA = Path.of("..", "shared", "data", "movielens-100k", "u.data.xz");

  @Test
  void movieLens100kMatchesSparkTunedRmse() throws Exception {
    assumeTrue(Files.isRegularFile(U_DATA), "real data not available: " + U_DATA.toAbsolutePath());
    TrainTestSplit split = Splits.random(RatingsReader.read(U_DATA).ratings(), 0.1, 42);
    assertEquals(90_050, split.train().size());
    assertEquals(9_932, split.test().size());
    List<IterationStats> its = new ArrayList<>();
    AlsConfig cfg = new AlsConfig(64, 0.12, 0.12, RegScaling.COUNT, 15, 2, 42);
    try (FactorModel m = new AlsTrainer(cfg).fit(split.train(), split.test(), its::add)) {
      double test = its.get(its.size() - 1).testRmse();
      // Spark's 0.9145 plus float-vs-double and seed slack; measured 0.9125 here.
      assertTrue(test <= 0.9160, "test RMSE " + test + " worse than Spark MLlib's 0.9145");
      assertTrue(test > 0.85, "test RMSE " + test + " implausibly low: is the test set leaking into training?");
    }
  }
}
