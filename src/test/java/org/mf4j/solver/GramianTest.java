package org.mf4j.solver;

import org.mf4j.solver.internal.Gramian;
import org.mf4j.solver.internal.Workspace;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mf4j.kernel.KernelProvider;
import org.mf4j.kernel.Kernels;
import org.mf4j.memory.FactorMatrix;
import org.mf4j.parallel.RowSweep;

class GramianTest {
  @ParameterizedTest
  @CsvSource({"0, 5", "1, 1", "7, 3", "4097, 17", "9000, 64", "300, 65"})
  void matchesBruteForceDense(int rows, int k) {
    Kernels kernels = KernelProvider.get();
    SplittableRandom rnd = new SplittableRandom(rows * 31L + k);
    double[][] y = new double[rows][k];
    try (FactorMatrix m = FactorMatrix.allocate(rows, k);
         RowSweep<Workspace> sweep = new RowSweep<>(3, () -> new Workspace(kernels, k))) {
      for (int r = 0; r < rows; r++) {
        for (int c = 0; c < k; c++) {
          y[r][c] = rnd.nextGaussian();
          m.set(r, c, (float) y[r][c]);
        }
      }
      float[] out = new float[k * m.stride()];
      java.util.Arrays.fill(out, Float.NaN);
      new Gramian(kernels, k, rows).compute(sweep, m, 0.25, out);
      for (int i = 0; i < k; i++) {
        for (int j = 0; j < k; j++) {
          double s = 0;
          for (int r = 0; r < rows; r++) s += y[r][i] * y[r][j];
          s *= 0.25;
          assertEquals(s, out[i * m.stride() + j], 1e-5 * (1 + rows), "(" + i + ", " + j + ")");
        }
        for (int j = k; j < m.stride(); j++) assertEquals(0f, out[i * m.stride() + j], "padding");
      }
    }
  }
}
