package org.mf4j.solver.als;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mf4j.api.AlsConfig;
import org.mf4j.api.LinearSolver;
import org.mf4j.api.Ratings;
import org.mf4j.api.RegScaling;
import org.mf4j.model.FactorModel;
import org.mf4j.solver.PlantedData;

/** Explicit ALS with user and item biases (block-coordinate steps beside the factor solves). */
class AlsBiasesTest {
  static final PlantedData BASE = PlantedData.generate(400, 300, 4, 0.3, 0.1, 21);
  static final float[] UB = PlantedData.gaussians(400, 0.5, 1), IB = PlantedData.gaussians(300, 0.5, 2);
  static final Ratings TRAIN = PlantedData.shifted(BASE.train, 3.5f, UB, IB), TEST = PlantedData.shifted(BASE.test, 3.5f, UB, IB);

  static AlsConfig config(boolean biases) {
    return new AlsConfig(4, 0.005, 0.005, RegScaling.COUNT, 15, 2, 3, LinearSolver.CHOLESKY, 3, biases, 1.0);
  }

  @Test
  void biasesLetThePlantedRankReachTheNoiseFloor() {
    double with, without;
    try (AlternatingRun a = new AlsTrainer(config(true)).start(TRAIN, TEST); AlternatingRun b = new AlsTrainer(config(false)).start(TRAIN, TEST)) {
      for (int i = 0; i < 15; i++) {
        a.iterate();
        b.iterate();
      }
      with = a.testRmse();
      without = b.testRmse();
    }
    assertTrue(with < 1.2 * BASE.sigma, "with biases: test RMSE " + with);
    assertTrue(without > 1.5 * with, "rank 4 without biases should miss them: " + without + " vs " + with);
  }

  @Test
  void theObjectiveNeverRises() {
    for (LinearSolver solver : new LinearSolver[] {LinearSolver.CHOLESKY, LinearSolver.CG}) {
      try (AlternatingRun run = new AlsTrainer(config(true).withSolver(solver, 3)).start(TRAIN, null)) {
        double last = run.objective();
        for (int i = 0; i < 8; i++) {
          run.iterate();
          double f = run.objective();
          // CG solves each row approximately, so allow float noise only for the exact solver
          assertTrue(f <= last * (1 + (solver == LinearSolver.CG ? 1e-3 : 1e-5)), solver + " iteration " + i + ": " + last + " -> " + f);
          last = f;
        }
      }
    }
  }

  @Test
  void theModelServesTheBiasesAndThreadsDoNotMatter() {
    try (AlternatingRun run = new AlsTrainer(config(true).withIterations(5)).start(TRAIN, TEST)) {
      for (int i = 0; i < 5; i++) run.iterate();
      double rmse = run.testRmse();
      try (FactorModel m = run.toModel()) {
        assertEquals(6, m.rank());
        double sq = 0;
        for (int q = 0; q < TEST.size(); q++) {
          double d = TEST.value(q) - m.predict(TEST.user(q), TEST.item(q));
          sq += d * d;
        }
        assertEquals(rmse, Math.sqrt(sq / TEST.size()), 1e-4);
      }
    }
    try (FactorModel a = new AlsTrainer(config(true).withIterations(3).withThreads(1)).fit(TRAIN);
         FactorModel b = new AlsTrainer(config(true).withIterations(3).withThreads(3)).fit(TRAIN)) {
      assertArrayEquals(AlsTrainerTest.rows(a.userFactors()), AlsTrainerTest.rows(b.userFactors()));
      assertArrayEquals(AlsTrainerTest.rows(a.itemFactors()), AlsTrainerTest.rows(b.itemFactors()));
    }
  }
}
