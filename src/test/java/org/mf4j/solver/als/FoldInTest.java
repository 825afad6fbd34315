package org.mf4j.solver.als;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mf4j.api.AlsConfig;
import org.mf4j.api.Confidence;
import org.mf4j.api.LinearSolver;
import org.mf4j.api.RegScaling;
import org.mf4j.api.Ratings;
import org.mf4j.api.WalsConfig;
import org.mf4j.kernel.KernelProvider;
import org.mf4j.kernel.Kernels;
import org.mf4j.memory.FactorMatrix;
import org.mf4j.serving.ItemFilter;
import org.mf4j.serving.ItemScorer;
import org.mf4j.serving.Recommendations;
import org.mf4j.serving.TopN;
import org.mf4j.solver.FoldIn;
import org.mf4j.solver.PlantedData;
import org.mf4j.sparse.CsrMatrix;

/**
 * Fold-in of a training user from their own history against the final item factors is that user's row
 * of one more user half-sweep (to 1e-4 relative), for explicit and for weighted models: the same
 * equations, regularization and w0 Gramian, solved exactly.
 */
class FoldInTest {
  static final Kernels KERNELS = KernelProvider.get();
  static final PlantedData DATA = PlantedData.generate(250, 180, 5, 0.15, 0.1, 21);

  @Test
  void explicitAlsFoldInIsOneMoreUserHalfSweep() {
    for (RegScaling scaling : new RegScaling[] {RegScaling.NONE, RegScaling.COUNT}) {
      AlsTrainer t = new AlsTrainer(AlsConfig.defaults().withRank(7).withLambda(0.05).withRegScaling(scaling).withThreads(2)
          .withSolver(LinearSolver.CHOLESKY, 3), KERNELS);
      try (AlternatingRun run = t.start(DATA.train, null)) {
        for (int it = 0; it < 3; it++) run.iterate(); // each ends with a user half-sweep against the current V
        try (FactorMatrix folded = FoldIn.solve(KERNELS, t.foldInProblem(run.trainByUser()), run.itemFactors(), 0, 2)) {
          assertRowsClose(run.userFactors(), folded, "explicit, " + scaling);
        }
      }
    }
    AlsTrainer biased = new AlsTrainer(AlsConfig.defaults().withBiases(true, 0.1), KERNELS);
    assertThrows(UnsupportedOperationException.class, () -> biased.foldInProblem(CsrMatrix.build(1, 1, new int[0], new int[0], new float[0], 0)));
  }

  @Test
  void weightedAlsFoldInIsOneMoreUserHalfSweepWithTheW0Gramian() {
    Ratings counts = DATA.train; // values as strengths: linear confidence 1 + α·r, target one
    WalsConfig[] configs = {
        WalsConfig.implicitDefaults().withRank(6).withUnobservedWeight(0.3).withConfidence(Confidence.LINEAR, 2).withLambda(0.5),
        WalsConfig.implicitDefaults().withRank(6).withUnobservedWeight(0.2).withUnobservedExponent(0.5) // popularity-weighted w0
            .withConfidence(Confidence.FREQUENCY, 1).withLambda(0.2),
    };
    for (WalsConfig c : configs) {
      WalsTrainer t = new WalsTrainer(c.withThreads(2).withSolver(LinearSolver.CHOLESKY, 3), KERNELS);
      assertThrows(IllegalStateException.class, () -> t.foldInProblem(CsrMatrix.build(1, 1, new int[0], new int[0], new float[0], 0)));
      try (AlternatingRun run = t.start(counts)) {
        for (int it = 0; it < 3; it++) run.iterate();
        try (FactorMatrix folded = FoldIn.solve(KERNELS, t.foldInProblem(run.trainByUser()), run.itemFactors(),
            c.unobservedWeight(), 2)) {
          assertRowsClose(run.userFactors(), folded, "weighted, " + c.confidence() + ", w0 exponent " + c.unobservedExponent());
        }
      }
    }
  }

  /**
   * Item fold-in: items folded in from their own histories against the final user factors are the item
   * rows of one more item half-sweep (the next iteration's first half), explicit and weighted (the
   * popularity-weighted w0 included: each item's w0·ρ_i from its history's length).
   */
  @Test
  void itemFoldInIsOneMoreItemHalfSweep() {
    AlsTrainer als = new AlsTrainer(AlsConfig.defaults().withRank(7).withLambdas(0.3, 0.05).withThreads(2), KERNELS);
    try (AlternatingRun run = als.start(DATA.train, null)) {
      for (int it = 0; it < 2; it++) run.iterate();
      try (FactorMatrix folded = FoldIn.solve(KERNELS, als.itemFoldInProblem(run.trainByItem()), run.userFactors(), 0, 2)) {
        run.iterate(); // its item half-sweep solves against the same U
        assertRowsClose(run.itemFactors(), folded, "explicit items");
      }
    }
    WalsConfig c = WalsConfig.implicitDefaults().withRank(6).withUnobservedWeight(0.2).withUnobservedExponent(0.5)
        .withConfidence(Confidence.FREQUENCY, 1).withLambdas(0.2, 0.4).withThreads(2);
    WalsTrainer wals = new WalsTrainer(c, KERNELS);
    try (AlternatingRun run = wals.start(DATA.train)) {
      for (int it = 0; it < 2; it++) run.iterate();
      CsrMatrix byUser = run.trainByUser();
      try (FactorMatrix fromRun = FoldIn.solve(KERNELS, wals.itemFoldInProblem(run.trainByItem()), run.userFactors(), c.unobservedWeight(), 2);
           FactorMatrix fromSeen = FoldIn.solve(KERNELS, wals.itemFoldInProblem(run.trainByItem(), byUser), run.userFactors(),
               c.unobservedWeight(), 2)) {
        run.iterate();
        assertRowsClose(run.itemFactors(), fromRun, "weighted items");
        assertRowsClose(run.itemFactors(), fromSeen, "weighted items, counts from the seen items");
      }
    }
  }

  /** The README's example, as written there: a new user folded in and served, the items they have left out. */
  @Test
  void aNewUserIsFoldedInAndServed() {
    Ratings train = DATA.train;
    WalsConfig config = WalsConfig.implicitDefaults().withRank(6).withUnobservedWeight(0.3).withThreads(2);
    WalsTrainer trainer = new WalsTrainer(config);
    Kernels kernels = KernelProvider.get();
    try (AlternatingRun run = trainer.start(train)) {
      for (int it = 0; it < 3; it++) run.iterate();
      CsrMatrix history = CsrMatrix.build(1, train.numItems(), new int[] {0, 0}, new int[] {12, 40}, new float[] {3, 1}, 2);
      try (FactorMatrix folded = FoldIn.solve(kernels, trainer.foldInProblem(history), run.itemFactors(),
          config.unobservedWeight(), 2)) {
        Recommendations top = new TopN(new ItemScorer(kernels, run.itemFactors()), folded, null)
            .forUser(0, 10, ItemFilter.INCLUDE_SEEN.withDenied(12, 40));
        assertEquals(10, top.size());
        for (int i : top.items()) assertTrue(i != 12 && i != 40, "the user's own items are left out");
        assertTrue(folded.firstNonFiniteRow() < 0 && folded.get(0, 0) != 0f, "a finite, non-zero vector");
      }
    }
  }

  /** Every row within 1e-4 of the reference row's norm (an empty history: both zero). */
  static void assertRowsClose(FactorMatrix want, FactorMatrix got, String what) {
    assertEquals(want.rows(), got.rows());
    int k = want.rank();
    for (int r = 0; r < want.rows(); r++) {
      double diff = 0, norm = 0;
      for (int c = 0; c < k; c++) {
        double w = want.get(r, c), g = got.get(r, c);
        diff += (w - g) * (w - g);
        norm += w * w;
      }
      assertTrue(Math.sqrt(diff) <= 1e-4 * Math.max(Math.sqrt(norm), 1e-6), what + ": row " + r + " differs by " + Math.sqrt(diff)
          + " at norm " + Math.sqrt(norm));
    }
  }
}
