package org.mf4j.solver.internal;

import org.mf4j.kernel.Kernels;
import org.mf4j.memory.FactorMatrix;
import org.mf4j.parallel.RowSweep;
import org.mf4j.sparse.CsrMatrix;

/** Squared errors of a factor model against sparse entries, the one loop every trainer's RMSE uses. */
public final class Residuals {
  private Residuals() {}

  /** An additive term of the prediction per (row, column), e.g. μ + b_u + b_i. */
  @FunctionalInterface
  public interface Offset {
    float at(int row, int col);
  }

  /**
   * Σ over the entries of {@code data} (rows index u, columns v) of (value − (offset + u_r·v_c))²; rows
   * in parallel on {@code sweep}, their sums added in row order, so the total does not depend on the
   * threads. {@code offset} may be null; {@code rowSums} needs room for {@code data.rows()}.
   */
  public static <S> double squaredError(CsrMatrix data, FactorMatrix u, FactorMatrix v, Offset offset, Kernels kernels,
      RowSweep<S> sweep, double[] rowSums) {
    int[] cols = data.colIndex();
    float[] vals = data.values();
    int k = u.rank();
    sweep.run(data.rows(), r -> data.rowLength(r) + 1, (from, to, scratch) -> {
      for (int r = from; r < to; r++) {
        double s = 0;
        long uo = u.rowOffset(r);
        for (long p = data.rowStart(r), e = data.rowEnd(r); p < e; p++) {
          int c = cols[(int) p];
          float pred = kernels.dot(u.segment(), uo, v.segment(), v.rowOffset(c), k) + (offset == null ? 0f : offset.at(r, c));
          double err = vals[(int) p] - pred;
          s += err * err;
        }
        rowSums[r] = s;
      }
    });
    double total = 0;
    for (int r = 0; r < data.rows(); r++) total += rowSums[r];
    return total;
  }
}
