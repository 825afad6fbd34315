package org.mf4j.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mf4j.kernel.KernelProvider;
import org.mf4j.kernel.Kernels;
import org.mf4j.memory.FactorMatrix;

/** The packed scorer against a double-precision dot per pair, across chunk edges and odd sizes. */
class ItemScorerTest {
  static final double EPS = Math.ulp(1f);

  static FactorMatrix random(SplittableRandom rnd, int rows, int k) {
    FactorMatrix m = FactorMatrix.allocate(rows, k);
    for (int r = 0; r < rows; r++) for (int c = 0; c < k; c++) m.set(r, c, (float) (rnd.nextDouble() * 2 - 1));
    return m;
  }

  static double[] exact(FactorMatrix u, int user, FactorMatrix v, int item) {
    double s = 0, mag = 0;
    for (int t = 0; t < u.rank(); t++) {
      double x = (double) u.get(user, t) * v.get(item, t);
      s += x;
      mag += Math.abs(x);
    }
    return new double[] {s, mag};
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3, 17, 64, 65})
  void scoreUsersMatchesDotsAcrossChunks(int k) {
    Kernels kernels = KernelProvider.get();
    int w = kernels.packWidth();
    SplittableRandom rnd = new SplittableRandom(k);
    int items = 7 * w + 3, users = 130; // more than one user block, a partial last panel
    try (FactorMatrix u = random(rnd, users, k); FactorMatrix v = random(rnd, items, k)) {
      // Chunks of 2 panels: every scoring call crosses several chunk edges.
      for (ItemScorer s : new ItemScorer[] {new ItemScorer(kernels, v), new ItemScorer(kernels, v, 2 * k * w)}) {
        assertEquals(items, s.numItems());
        int[] sel = new int[users + 2];
        for (int r = 0; r < users; r++) sel[r + 2] = (r * 37) % users;
        int ldo = items + 5;
        float[] out = new float[users * ldo];
        java.util.Arrays.fill(out, 7f);
        s.scoreUsers(u, sel, 2, users, out, ldo);
        for (int r = 0; r < users; r++) {
          for (int i = 0; i < items; i++) {
            double[] e = exact(u, sel[r + 2], v, i);
            float got = out[r * ldo + i];
            assertTrue(Math.abs(got - e[0]) <= 2 * (k + 1) * EPS * e[1] + 1e-30, "user " + r + " item " + i + ": " + got + " vs " + e[0]);
          }
          for (int i = items; i < ldo && r * ldo + i < out.length; i++) assertEquals(7f, out[r * ldo + i], "wrote past the items");
        }
        float[] row = new float[k];
        u.getRow(5, row, 0);
        float[] one = new float[items];
        s.scoreVector(row, 0, one, 0);
        for (int i = 0; i < items; i++) assertEquals(out[indexOf(sel, 5) * ldo + i], one[i], "scoreVector, item " + i);
      }
    }
  }

  private static int indexOf(int[] sel, int user) {
    for (int r = 2; r < sel.length; r++) if (sel[r] == user) return r - 2;
    throw new AssertionError();
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1})
  void emptyAndMisalignedCalls(int items) {
    Kernels kernels = KernelProvider.get();
    try (FactorMatrix v = FactorMatrix.allocate(items, 4); FactorMatrix u = FactorMatrix.allocate(3, 4);
         FactorMatrix wrongRank = FactorMatrix.allocate(1, 5)) {
      ItemScorer s = new ItemScorer(kernels, v);
      s.scoreUsers(u, new int[] {0, 1, 2}, 0, 3, new float[3 * items], items); // 0 or 1 item
      assertThrows(IllegalArgumentException.class, () -> s.scoreUsers(wrongRank, new int[] {0}, 0, 1, new float[1], 1));
      if (items == 1) {
        assertThrows(IllegalArgumentException.class, () -> s.scoreBlock(1, new float[4], 0, 4, 1, 0, new float[1], 0, 1));
      }
    }
  }
}
