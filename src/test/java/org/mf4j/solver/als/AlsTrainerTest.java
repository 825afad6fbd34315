package org.mf4j.solver.als;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mf4j.api.AlsConfig;
import org.mf4j.api.IterationStats;
import org.mf4j.api.Ratings;
import org.mf4j.api.RegScaling;
import org.mf4j.kernel.KernelProvider;
import org.mf4j.memory.FactorMatrix;
import org.mf4j.model.FactorModel;
import org.mf4j.solver.NotPositiveDefiniteException;
import org.mf4j.solver.PlantedData;

class AlsTrainerTest {
  static final PlantedData DATA = PlantedData.generate(400, 300, 6, 0.3, 0.1, 7);

  @Test
  void reachesTheNoiseFloorOnPlantedData() {
    List<IterationStats> its = new ArrayList<>();
    AlsConfig cfg = new AlsConfig(6, 0.005, 0.005, RegScaling.COUNT, 12, 2, 1);
    try (FactorModel m = new AlsTrainer(cfg).fit(DATA.train, DATA.test, its::add)) {
      IterationStats last = its.get(its.size() - 1);
      assertEquals(12, its.size());
      // Held-out error close to the noise σ = 0.1 (a perfect model's), train error a bit below it.
      assertTrue(last.testRmse() < 1.15 * DATA.sigma, "test RMSE " + last.testRmse());
      assertTrue(last.testRmse() > 0.9 * DATA.sigma, "test RMSE below the noise floor? " + last.testRmse());
      assertTrue(last.trainRmse() < last.testRmse(), "train " + last.trainRmse() + " test " + last.testRmse());
      // The training objective's error part does not go up from iteration 2 on.
      for (int i = 2; i < its.size(); i++) {
        assertTrue(its.get(i).trainRmse() <= its.get(i - 1).trainRmse() + 1e-4, "train RMSE rose at " + (i + 1));
      }
      assertTrue(m.userFactors().paddingIsZero() && m.itemFactors().paddingIsZero(), "padding lanes must stay zero");
      assertEquals(-1, m.userFactors().firstNonFiniteRow());
    }
  }

  @Test
  void plainL2AlsAlsoConverges() {
    List<IterationStats> its = new ArrayList<>();
    AlsConfig cfg = new AlsConfig(6, 0.3, 0.3, RegScaling.NONE, 10, 1, 3);
    try (FactorModel m = new AlsTrainer(cfg).fit(DATA.train, DATA.test, its::add)) {
      assertTrue(its.get(9).testRmse() < 1.2 * DATA.sigma, "test RMSE " + its.get(9).testRmse());
    }
  }

  @Test
  void factorsAreBitIdenticalForOneAndManyThreads() {
    AlsConfig one = new AlsConfig(7, 0.05, 0.08, RegScaling.COUNT, 3, 1, 11);
    try (FactorModel a = new AlsTrainer(one).fit(DATA.train);
         FactorModel b = new AlsTrainer(one.withThreads(2)).fit(DATA.train);
         FactorModel c = new AlsTrainer(one.withThreads(5)).fit(DATA.train)) {
      assertArrayEquals(rows(a.userFactors()), rows(b.userFactors()));
      assertArrayEquals(rows(a.itemFactors()), rows(b.itemFactors()));
      assertArrayEquals(rows(a.userFactors()), rows(c.userFactors()));
      assertArrayEquals(rows(a.itemFactors()), rows(c.itemFactors()));
    }
  }

  @Test
  void separateLambdasAreRespected() {
    // With a huge λ_V the item factors shrink toward zero, while λ_U alone does not force that.
    AlsConfig cfg = new AlsConfig(4, 0.01, 1000, RegScaling.COUNT, 2, 1, 5);
    try (FactorModel m = new AlsTrainer(cfg).fit(DATA.train)) {
      assertTrue(maxAbs(m.itemFactors()) < 0.05, "item factors not shrunk: " + maxAbs(m.itemFactors()));
    }
  }

  @Test
  void underdeterminedRowWithoutRegularizationIsReported() {
    // User 0 has 2 ratings, rank 5, λ = 0: its system is singular.
    Ratings r = Ratings.ofDense(new int[] {0, 0, 1, 1, 1, 1, 1, 1}, new int[] {0, 1, 0, 1, 2, 3, 4, 5},
        new float[] {1, 2, 3, 4, 5, 1, 2, 3}, 2, 6);
    NotPositiveDefiniteException e = assertThrows(NotPositiveDefiniteException.class,
        () -> new AlsTrainer(new AlsConfig(5, 0, 0, RegScaling.NONE, 1, 1, 1)).fit(r).close());
    assertTrue(e.getMessage().contains("user 0") || e.getMessage().contains("item"), e.getMessage());
  }

  @Test
  void usersWithoutTrainingRatingsGetZeroFactorsAndColdTestRowsAreSkipped() {
    Ratings train = Ratings.ofDense(new int[] {0, 0, 1}, new int[] {0, 1, 1}, new float[] {4, 3, 5}, 3, 3);
    Ratings test = Ratings.ofDense(new int[] {2, 0, 1}, new int[] {0, 2, 0}, new float[] {1, 1, 4}, 3, 3);
    assertEquals(2, AlsTrainer.coldCount(test, train));
    List<IterationStats> its = new ArrayList<>();
    try (FactorModel m = new AlsTrainer(new AlsConfig(2, 0.1, 0.1, RegScaling.COUNT, 2, 1, 1)).fit(train, test, its::add)) {
      assertEquals(0f, m.predict(2, 0));
      assertTrue(Double.isFinite(its.get(1).testRmse()));
    }
  }

  @Test
  void kernelsInUseAreTheOnesThisRunAskedFor() {
    String forced = System.getProperty(KernelProvider.PROPERTY);
    String name = new AlsTrainer(AlsConfig.defaults()).kernels().name();
    if ("scalar".equals(forced)) assertEquals("scalar", name);
    else assertTrue(name.startsWith("panama"), name);
    String bits = System.getProperty("mf4j.vector.bits");
    if (bits != null && !"scalar".equals(forced)) assertTrue(name.contains(bits + "-bit"), name);
  }

  static float[] rows(FactorMatrix m) {
    float[] all = new float[m.rows() * m.rank()];
    for (int r = 0; r < m.rows(); r++) m.getRow(r, all, r * m.rank());
    return all;
  }

  static float maxAbs(FactorMatrix m) {
    float mx = 0;
    for (float f : rows(m)) mx = Math.max(mx, Math.abs(f));
    return mx;
  }
}
