package org.mf4j.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FactorMatrixTest {
  @Test
  void rowsAreAlignedAndPaddedToSixteenFloats() {
    for (int k : new int[] {1, 10, 15, 16, 17, 64, 100}) {
      try (FactorMatrix m = FactorMatrix.allocate(7, k)) {
        assertEquals((k + 15) / 16 * 16, m.stride());
        assertEquals(0, m.segment().address() % FactorMatrix.ALIGN_BYTES, "base not 64-byte aligned");
        assertEquals(0, (m.stride() * 4L) % FactorMatrix.ALIGN_BYTES, "rows not 64-byte aligned");
        float[] row = new float[k];
        for (int c = 0; c < k; c++) row[c] = c + 1;
        m.setRow(3, row, 0);
        assertEquals(k, m.get(3, k - 1));
        assertTrue(m.paddingIsZero());
        assertEquals(-1, m.firstNonFiniteRow());
        m.set(5, 0, Float.NaN);
        assertEquals(5, m.firstNonFiniteRow());
        assertThrows(IndexOutOfBoundsException.class, () -> m.get(0, k));
      }
    }
  }

  @Test
  void closedMatrixCannotBeUsed() {
    FactorMatrix m = FactorMatrix.allocate(2, 4);
    m.close();
    assertTrue(!m.isAlive());
    assertThrows(IllegalStateException.class, () -> m.get(0, 0));
    assertThrows(IllegalStateException.class, m::close);
  }

  @Test
  void emptyMatrixIsFine() {
    try (FactorMatrix m = FactorMatrix.allocate(0, 8)) {
      assertEquals(0, m.rows());
      assertTrue(m.paddingIsZero());
    }
  }
}
