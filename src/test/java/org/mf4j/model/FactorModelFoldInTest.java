package org.mf4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mf4j.api.AlsConfig;
import org.mf4j.api.Ratings;
import org.mf4j.api.WalsConfig;
import org.mf4j.data.RatingsBuilder;
import org.mf4j.kernel.KernelProvider;
import org.mf4j.memory.FactorMatrix;
import org.mf4j.serving.ItemFilter;
import org.mf4j.serving.Recommendations;
import org.mf4j.solver.PlantedData;
import org.mf4j.solver.als.AlsTrainer;
import org.mf4j.solver.als.WalsTrainer;
import org.mf4j.sparse.CsrMatrix;

/**
 * Fold-in and partial fit through {@link FactorModel}, on a freshly trained model (its settings come
 * from the trainer) and on the same model saved and loaded: a training user or item folded in from its
 * own history reproduces the trained row where the trainer's last half-sweep solved it; updates re-solve
 * only the named rows, append new ids, replace seen items, and leave the old model as it was.
 */
class FactorModelFoldInTest {
  static final PlantedData DATA = PlantedData.generate(160, 120, 4, 0.2, 0.1, 5);
  @TempDir Path dir;

  @Test
  void aTrainedModelFoldsInItsOwnUsersAndTheSavedOneDoesTheSame() throws Exception {
    AlsConfig als = AlsConfig.defaults().withRank(5).withLambda(0.08).withIterations(3).withThreads(2);
    WalsConfig wals = WalsConfig.implicitDefaults().withRank(5).withUnobservedWeight(0.3).withUnobservedExponent(0.3)
        .withLambda(0.5).withIterations(3).withThreads(2);
    for (FactorModel trained : new FactorModel[] {new AlsTrainer(als).fit(DATA.train), new WalsTrainer(wals).fit(DATA.train)}) {
      try (trained) {
        assertEquals(trained.algorithm().equals("als") ? "0.08" : "0.3", trained.settings().get(trained.algorithm().equals("als") ? "lambda_u" : "w0"));
        assertUsersReproduced(trained, trained.algorithm() + ", trained");
        Path f = dir.resolve(trained.algorithm() + ".mf4j");
        ModelFile.write(trained, f);
        try (FactorModel loaded = ModelFile.read(f, KernelProvider.get()).model()) {
          assertEquals(trained.settings().get("reg_scaling"), loaded.settings().get("reg_scaling"));
          assertUsersReproduced(loaded, trained.algorithm() + ", loaded");
        }
      }
    }
  }

  private static void assertUsersReproduced(FactorModel m, String what) {
    CsrMatrix seen = m.seenItems();
    for (int u = 0; u < m.numUsers(); u += 9) {
      int from = (int) seen.rowStart(u), to = (int) seen.rowEnd(u);
      float[] got = m.foldInUser(Arrays.copyOfRange(seen.colIndex(), from, to), Arrays.copyOfRange(seen.values(), from, to));
      assertClose(m.userFactors(), u, got, what + ", user " + u);
    }
  }

  /** The README's example, as written there. */
  @Test
  void theReadmeExample() {
    WalsConfig config = WalsConfig.implicitDefaults().withRank(6).withUnobservedWeight(0.3).withIterations(3).withThreads(2);
    Ratings train = DATA.train;
    try (FactorModel model = new WalsTrainer(config).fit(train)) {
      int[] items = {12, 40};
      float[] plays = {3, 1};
      float[] vector = model.foldInUser(items, plays);
      Recommendations top = model.recommendForNewUser(items, plays, 10, ItemFilter.EXCLUDE_SEEN);
      assertEquals(6, vector.length);
      assertEquals(10, top.size());
      for (int i : top.items()) assertTrue(i != 12 && i != 40, "the user's own items are left out");
      Ratings changed = new RatingsBuilder().add("17", "3", 2f).add("newbie", "3", 5f).build();
      try (FactorModel updated = model.updateUsers(changed)) {
        assertEquals(model.numUsers() + 1, updated.numUsers());
        assertEquals(1, updated.seenItems().rowLength(updated.userIds().get("17")));
      }
    }
  }

  @Test
  void newUsersAreServedWithTheirOwnItemsAndTheDenyListLeftOut() {
    try (FactorModel m = new AlsTrainer(AlsConfig.defaults().withRank(5).withIterations(3).withThreads(2)).fit(DATA.train)) {
      int[] items = {3, 17, 40};
      float[] values = {5, 4, 1};
      Recommendations top = m.recommendForNewUser(items, values, 20, ItemFilter.EXCLUDE_SEEN.withDenied(8));
      assertEquals(20, top.size());
      for (int i : top.items()) assertTrue(i != 3 && i != 17 && i != 40 && i != 8, "item " + i + " should be left out");
      Recommendations all = m.recommendForNewUser(items, values, m.numItems(), ItemFilter.INCLUDE_SEEN);
      assertEquals(m.numItems(), all.size(), "INCLUDE_SEEN leaves the user's items in");
      float[] u = m.foldInUser(items, values);
      assertArrayEquals(top.items(), m.recommendForVector(u, items, 20, ItemFilter.EXCLUDE_SEEN.withDenied(8)).items());
      assertThrows(IllegalArgumentException.class, () -> m.recommendForVector(new float[4], items, 3, ItemFilter.EXCLUDE_SEEN));
      assertThrows(IndexOutOfBoundsException.class, () -> m.foldInUser(new int[] {m.numItems()}, new float[] {1}));
      assertThrows(IllegalArgumentException.class, () -> m.foldInUser(new int[] {1, 2}, new float[] {1}));
    }
  }

  /**
   * updateItems: the named item re-solved from a new history (equal to its fold-in), a new item appended,
   * the users and other items copied, the seen items' columns replaced; then users can rate the new item.
   */
  @Test
  void updateItemsReSolvesNamedItemsAndAppendsNewOnes() {
    WalsConfig c = WalsConfig.implicitDefaults().withRank(5).withUnobservedWeight(0.2).withLambda(0.5).withIterations(3).withThreads(2);
    try (FactorModel m = new WalsTrainer(c).fit(DATA.train)) {
      String changed = m.itemIds().externalId(7), other = m.itemIds().externalId(8);
      String u1 = m.userIds().externalId(1), u2 = m.userIds().externalId(2), u3 = m.userIds().externalId(3);
      Ratings histories = new RatingsBuilder().add(u1, changed, 2f).add(u2, changed, 1f)
          .add(u1, "brand-new", 3f).add(u3, "brand-new", 1f).build();
      try (FactorModel updated = m.updateItems(histories, 2)) {
        assertEquals(m.numItems() + 1, updated.numItems());
        int fresh = updated.itemIds().get("brand-new");
        assertEquals(m.numItems(), fresh);
        int i7 = m.itemIds().get(changed);
        assertClose(updated.itemFactors(), i7, m.foldInItem(new int[] {1, 2}, new float[] {2, 1}), "re-solved item");
        assertClose(updated.itemFactors(), fresh, m.foldInItem(new int[] {1, 3}, new float[] {3, 1}), "new item");
        int i8 = m.itemIds().get(other);
        for (int k = 0; k < m.rank(); k++) {
          assertEquals(m.itemFactors().get(i8, k), updated.itemFactors().get(i8, k), "other items copied");
          assertEquals(m.userFactors().get(5, k), updated.userFactors().get(5, k), "users copied");
        }
        CsrMatrix seen = updated.seenItems();
        assertEquals(m.numItems() + 1, seen.numCols());
        int[] column = new int[updated.numItems()];
        for (int col : seen.colIndex()) column[col]++;
        assertEquals(2, column[i7], "the changed item's column is its new history");
        assertEquals(2, column[fresh]);
        assertEquals(m.seenItems().nnz() - countOf(m.seenItems(), i7) + 4, seen.nnz());
        // the updated model serves and folds in users over the new item set
        Ratings rated = new RatingsBuilder().add("newcomer", "brand-new", 2f).add("newcomer", other, 1f).build();
        try (FactorModel again = updated.updateUsers(rated, 2)) {
          assertEquals(updated.numUsers() + 1, again.numUsers());
          assertEquals(again.numItems(), again.recommend(again.userIds().get("newcomer"), again.numItems(), ItemFilter.EXCLUDE_SEEN).size() + 2);
        }
      }
      assertEquals(DATA.train.numItems(), m.numItems(), "the old model is unchanged");
      IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
          () -> m.updateItems(new RatingsBuilder().add("nobody", changed, 1f).build()));
      assertTrue(unknown.getMessage().contains("users unknown to the model: 'nobody'"), unknown.getMessage());
    }
  }

  /** A select() subset shares its parent's id maps: only the users it rates are re-solved. */
  @Test
  void aSubsetOfTheTrainingDataUpdatesOnlyItsOwnUsers() {
    try (FactorModel m = new AlsTrainer(AlsConfig.defaults().withRank(4).withIterations(2).withThreads(2)).fit(DATA.train)) {
      int[] positions = new int[DATA.train.size()];
      int n = 0;
      for (int t = 0; t < DATA.train.size(); t++) if (DATA.train.user(t) == 3) positions[n++] = t;
      try (FactorModel updated = m.updateUsers(DATA.train.select(positions, n), 2)) {
        assertEquals(m.numUsers(), updated.numUsers());
        for (int k = 0; k < m.rank(); k++) assertEquals(m.userFactors().get(4, k), updated.userFactors().get(4, k), "user 4 untouched");
        assertEquals(m.seenItems().rowLength(4), updated.seenItems().rowLength(4));
        assertClose(m.userFactors(), 3, new float[] {updated.userFactors().get(3, 0), updated.userFactors().get(3, 1),
            updated.userFactors().get(3, 2), updated.userFactors().get(3, 3)}, "user 3 re-solved from the same history");
      }
      assertThrows(IllegalArgumentException.class, () -> m.foldInUser(new int[] {1}, new float[] {Float.NaN}));
      m.close(); // closing twice is harmless
    }
  }

  /** The factors a caller gets are views: the same values, no copy, and no way to write through them. */
  @Test
  void factorViewsAreReadOnlyAndScoresArePredictions() {
    try (FactorModel m = new AlsTrainer(AlsConfig.defaults().withRank(4).withIterations(1).withThreads(1)).fit(DATA.train)) {
      FactorMatrix u = m.userFactors();
      assertTrue(u.isReadOnly());
      assertEquals(m.userFactors().segment().address(), u.segment().address(), "no copy");
      assertThrows(RuntimeException.class, () -> u.set(0, 0, 1f));
      assertThrows(RuntimeException.class, () -> m.itemFactors().setRow(0, new float[4], 0));
      u.close(); // a view owns nothing: the model still serves
      float[] s = m.score(2, new int[] {5, 0, 5});
      assertEquals(m.predict(2, 5), s[0]);
      assertEquals(m.predict(2, 0), s[1]);
      assertEquals(s[0], s[2]);
      assertThrows(IndexOutOfBoundsException.class, () -> m.score(2, new int[] {m.numItems()}));
    }
  }

  @Test
  void modelsWithoutTheEquationsRefuseFoldIn() {
    try (FactorModel biased = new AlsTrainer(AlsConfig.defaults().withRank(3).withIterations(1).withBiases(true, 1)).fit(DATA.train)) {
      assertThrows(UnsupportedOperationException.class, () -> biased.foldInUser(new int[] {1}, new float[] {1}));
    }
    FactorMatrix u = FactorMatrix.allocate(2, 3), v = FactorMatrix.allocate(2, 3);
    try (FactorModel sgd = new FactorModel("sgd", u, v, org.mf4j.api.IdIndex.identity(2), org.mf4j.api.IdIndex.identity(2), KernelProvider.get())) {
      UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> sgd.foldInItem(new int[] {1}, new float[] {1}));
      assertTrue(e.getMessage().contains("sgd"), e.getMessage());
    }
    FactorMatrix u2 = FactorMatrix.allocate(2, 3), v2 = FactorMatrix.allocate(2, 3);
    try (FactorModel noSettings = new FactorModel("als", u2, v2, org.mf4j.api.IdIndex.identity(2), org.mf4j.api.IdIndex.identity(2),
        KernelProvider.get(), null, Map.of("lambda_u", "0.1", "lambda_v", "x", "reg_scaling", "count"))) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> noSettings.foldInUser(new int[] {1}, new float[] {1}));
      assertEquals("lambda_v = 'x' is not a number", e.getMessage());
    }
  }

  private static long countOf(CsrMatrix m, int col) {
    long n = 0;
    for (int c : m.colIndex()) if (c == col) n++;
    return n;
  }

  private static void assertClose(FactorMatrix want, int row, float[] got, String what) {
    double diff = 0, norm = 0;
    for (int c = 0; c < got.length; c++) {
      diff += Math.pow(got[c] - want.get(row, c), 2);
      norm += Math.pow(want.get(row, c), 2);
    }
    assertTrue(Math.sqrt(diff) <= 1e-4 * Math.max(Math.sqrt(norm), 1e-6), what + ": differs by " + Math.sqrt(diff) + " at norm " + Math.sqrt(norm));
    assertFalse(Double.isNaN(diff));
  }
}
