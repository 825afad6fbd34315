package org.mf4j.sparse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
}
