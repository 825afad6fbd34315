package org.mf4j.sparse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CsrMatrixTest {
  @Test
  void buildsRowsInInputOrderAndTransposes() {
    int[] r = {2, 0, 2, 1, 0};
    int[] c = {1, 3, 0, 2, 1};
    float[] v = {1, 2, 3, 4, 5};
    CsrMatrix m = CsrMatrix.build(4, 4, r, c, v, 5);
    assertEquals(5, m.nnz());
    assertEquals(2, m.rowLength(0));
    assertEquals(0, m.rowLength(3));
    assertArrayEquals(new long[] {0, 2, 3, 5, 5}, m.rowPointers());
    assertArrayEquals(new int[] {3, 1, 2, 1, 0}, m.colIndex());
    assertArrayEquals(new float[] {2, 5, 4, 1, 3}, m.values());
    CsrMatrix t = m.transpose();
    assertEquals(4, t.rows());
    assertArrayEquals(new long[] {0, 1, 3, 4, 5}, t.rowPointers());
    assertArrayEquals(new int[] {2, 0, 2, 1, 0}, t.colIndex());
    assertArrayEquals(new float[] {3, 5, 1, 4, 2}, t.values());
    CsrMatrix tt = t.transpose();
    assertArrayEquals(m.rowPointers(), tt.rowPointers());
  }

  @Test
  void rejectsOutOfRangeIndices() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CsrMatrix.build(2, 2, new int[] {0, 2}, new int[] {0, 0}, new float[] {1, 1}, 2));
    assertEquals("row index 2 at 1 not in [0, 2)", e.getMessage());
  }

  @Test
  void buildBothEqualsBuildAndTransposeOnRandomInput() {
    SplittableRandom rnd = new SplittableRandom(7);
    // Sizes around the per-thread minimum (2^16), so that 1, 2 and 3 slices all occur; rows and
    // columns beyond those used leave empty rows at both ends and in between.
    for (int n : new int[] {0, 1, 5, 1000, 65_535, 131_072, 200_003}) {
      for (int variant = 0; variant < 3; variant++) {
        boolean grouped = variant < 2;
        int rows = 1 + rnd.nextInt(3000), cols = 1 + rnd.nextInt(500);
        int extra = variant == 0 ? 0 : 3; // exact length: the row form shares the input; longer: copies
        int[] r = new int[n + extra], c = new int[n + extra];
        float[] v = new float[n + extra];
        for (int k = 0; k < n; k++) {
          r[k] = rnd.nextInt(rows / 2 + 1) * 2 % rows; // every other row stays empty
          c[k] = rnd.nextInt(cols);
          v[k] = k;
        }
        if (grouped) Arrays.sort(r, 0, n);
        CsrMatrix m = CsrMatrix.build(rows, cols, r, c, v, n);
        CsrMatrix t = m.transpose();
        for (int threads : new int[] {0, 1, 2, 3}) {
          CsrMatrix.Pair p = CsrMatrix.buildBoth(rows, cols, r, c, v, n, threads);
          String what = "n " + n + (grouped ? " grouped" : " shuffled") + ", threads " + threads;
          assertSame(m, p.byRow(), what);
          assertSame(t, p.byCol(), what);
        }
      }
    }
  }

  @Test
  void buildBothWithRepeatedPairsAndRowsOutOfOrderAtSliceBoundaries() {
    int n = 3 * 65_536 + 17;
    int[] r = new int[n], c = new int[n];
    float[] v = new float[n];
    for (int k = 0; k < n; k++) {
      r[k] = k < n / 2 ? 1 : 0; // each half sorted, the whole not
      c[k] = k % 3;
      v[k] = k;
    }
    CsrMatrix m = CsrMatrix.build(2, 4, r, c, v, n);
    CsrMatrix.Pair p = CsrMatrix.buildBoth(2, 4, r, c, v, n, 2);
    assertSame(m, p.byRow(), "by row");
    assertSame(m.transpose(), p.byCol(), "by column");
  }

  @Test
  void buildBothReportsTheFirstBadIndexLikeBuild() {
    int n = 200_000;
    int[] r = new int[n], c = new int[n];
    float[] v = new float[n];
    c[150_000] = 9; // in the second slice with two threads
    r[190_000] = -1;
    for (int threads : new int[] {1, 2, 3}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> CsrMatrix.buildBoth(3, 5, r, c, v, n, threads));
      assertEquals("column index 9 at 150000 not in [0, 5)", e.getMessage());
    }
    r[100] = 3;
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CsrMatrix.buildBoth(3, 5, r, c, v, n, 2));
    assertEquals("row index 3 at 100 not in [0, 3)", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> CsrMatrix.buildBoth(3, 5, r, c, v, n, -1));
  }

  private static void assertSame(CsrMatrix want, CsrMatrix got, String what) {
    assertEquals(want.rows(), got.rows(), what);
    assertEquals(want.numCols(), got.numCols(), what);
    assertArrayEquals(want.rowPointers(), got.rowPointers(), what);
    assertArrayEquals(want.colIndex(), got.colIndex(), what);
    assertArrayEquals(want.values(), got.values(), what);
  }
}
