package org.mf4j.serving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mf4j.api.IdIndex;
import org.mf4j.kernel.KernelProvider;
import org.mf4j.memory.FactorMatrix;
import org.mf4j.model.FactorModel;

class SimilarityTest {
  /** Cosine against a double reference, the row itself left out, batch = one by one, on 300 random rows. */
  @Test
  void mostSimilarRowsByCosineMatchAReferenceAndLeaveTheRowOut() {
    int rows = 300, k = 13;
    SplittableRandom rnd = new SplittableRandom(8);
    double[][] x = new double[rows][k];
    FactorMatrix v = FactorMatrix.allocate(rows, k), u = FactorMatrix.allocate(2, k);
    for (int r = 0; r < rows; r++) for (int c = 0; c < k; c++) v.set(r, c, (float) (x[r][c] = rnd.nextGaussian()));
    for (int c = 0; c < k; c++) v.set(17, c, (float) (x[17][c] = 0)); // a zero row: cosine 0 with everything
    try (FactorModel m = new FactorModel("als", u, v, IdIndex.identity(2), IdIndex.identity(rows), KernelProvider.get())) {
      for (int item : new int[] {0, 5, 17, 299}) {
        Recommendations got = m.similarItems(item, 10);
        assertEquals(10, got.size());
        double[] cos = new double[rows];
        for (int j = 0; j < rows; j++) cos[j] = j == item ? Double.NEGATIVE_INFINITY : cosine(x[item], x[j]);
        Integer[] order = new Integer[rows];
        for (int j = 0; j < rows; j++) order[j] = j;
        java.util.Arrays.sort(order, (a, b) -> cos[a] != cos[b] ? Double.compare(cos[b], cos[a]) : Integer.compare(a, b));
        for (int q = 0; q < 10; q++) {
          assertEquals(cos[order[q]], got.scores()[q], 1e-5, "item " + item + " rank " + q);
          if (item != 17) assertEquals((int) order[q], got.items()[q], "item " + item + " rank " + q);
          assertTrue(got.items()[q] != item, "the item itself is left out");
        }
      }
      int[] asked = {3, 17, 3, 250};
      RecommendationBatch batch = m.similarItems(asked, 7, 2);
      for (int r = 0; r < asked.length; r++) {
        Recommendations one = m.similarItems(asked[r], 7);
        assertArrayEquals(one.items(), batch.get(r).items(), "batch row " + r);
        assertArrayEquals(one.scores(), batch.get(r).scores(), 1e-6f, "batch row " + r);
      }
      assertEquals(1, m.similarUsers(0, 5).size(), "two users: the other one only");
      assertThrows(IndexOutOfBoundsException.class, () -> m.similarItems(rows, 3));
    }
  }

  static double cosine(double[] a, double[] b) {
    double d = 0, na = 0, nb = 0;
    for (int c = 0; c < a.length; c++) {
      d += a[c] * b[c];
      na += a[c] * a[c];
      nb += b[c] * b[c];
    }
    return na == 0 || nb == 0 ? 0 : d / Math.sqrt(na * nb);
  }
}
