package org.mf4j.solver.als;

import org.mf4j.kernel.Kernels;
import org.mf4j.memory.FactorMatrix;
import org.mf4j.parallel.RowSweep;
import org.mf4j.solver.RowProblem;
import org.mf4j.solver.internal.Workspace;
import org.mf4j.sparse.CsrMatrix;

/**
 * User and item biases for explicit ALS, r ≈ μ + b_u + b_i + u·v, fitted by block-coordinate descent
 * alongside the factors: before a side's factors are solved its right-hand sides become the residual
 * targets r − μ − b_u − b_i; after, its biases are set to their exact minimisers given everything else,
 * b_r = Σ (r − μ − b_other − u·v) / (n_r + λ_b). Every block step minimises the same objective exactly,
 * so it never rises.
 */
final class ExplicitBiases {
  final float mean;
  final float[] user, item;
  final double lambda;
  private final float[] userValues, itemValues;

  /** {@code users}' and {@code items}' right-hand sides must be copies of the ratings: they get overwritten. */
  ExplicitBiases(float mean, double lambda, RowProblem users, RowProblem items) {
    this.mean = mean;
    this.lambda = lambda;
    this.user = new float[users.data().rows()];
    this.item = new float[items.data().rows()];
    this.userValues = users.data().values();
    this.itemValues = items.data().values();
  }

  /** μ + b_u + b_i. */
  float offset(int u, int i) { return mean + user[u] + item[i]; }

  /** Sets the side's right-hand sides to r − μ − b_row − b_col (rows of {@code p} on {@code own}'s side). */
  void prepare(RowProblem p, boolean userSide, RowSweep<Workspace> sweep) {
    CsrMatrix d = p.data();
    float[] rhs = p.rhsWeights(), values = userSide ? userValues : itemValues;
    float[] own = userSide ? user : item, other = userSide ? item : user;
    int[] cols = d.colIndex();
    sweep.run(d.rows(), r -> d.rowLength(r) + 1, (from, to, ws) -> {
      for (int r = from; r < to; r++) {
        for (long q = d.rowStart(r), e = d.rowEnd(r); q < e; q++) rhs[(int) q] = values[(int) q] - mean - own[r] - other[cols[(int) q]];
      }
    });
  }

  /** The side's biases given the factors (x the side just solved, y the other). */
  void solve(RowProblem p, boolean userSide, FactorMatrix x, FactorMatrix y, Kernels kernels, RowSweep<Workspace> sweep) {
    CsrMatrix d = p.data();
    float[] values = userSide ? userValues : itemValues;
    float[] own = userSide ? user : item, other = userSide ? item : user;
    int[] cols = d.colIndex();
    int k = x.rank();
    sweep.run(d.rows(), r -> (long) d.rowLength(r) * k + 1, (from, to, ws) -> {
      for (int r = from; r < to; r++) {
        double s = 0;
        long xo = x.rowOffset(r);
        for (long q = d.rowStart(r), e = d.rowEnd(r); q < e; q++) {
          int c = cols[(int) q];
          s += values[(int) q] - mean - other[c] - kernels.dot(x.segment(), xo, y.segment(), y.rowOffset(c), k);
        }
        own[r] = d.rowLength(r) == 0 ? 0f : (float) (s / (d.rowLength(r) + lambda));
      }
    });
  }

  /** λ_b(Σ b_u² + Σ b_i²). */
  double penalty() {
    double s = 0;
    for (float b : user) s += (double) b * b;
    for (float b : item) s += (double) b * b;
    return lambda * s;
  }

  /** First non-finite bias as "user bias r" / "item bias i", or null. */
  String firstNonFinite() {
    for (int r = 0; r < user.length; r++) if (!Float.isFinite(user[r])) return "user bias " + r;
    for (int i = 0; i < item.length; i++) if (!Float.isFinite(item[i])) return "item bias " + i;
    return null;
  }
}
