package org.mf4j.solver.internal;

import org.mf4j.kernel.Kernels;
import org.mf4j.memory.FactorMatrix;

/**
 * One worker's scratch for alternating-least-squares sweeps: the Cholesky and CG row solvers and a panel
 * for the Gramian, each created on first use so a run that never uses one never pays for it.
 * Not thread-safe: one per worker ({@link org.mf4j.parallel.RowSweep} hands them out).
 */
public final class Workspace {
  private final Kernels kernels;
  private final int rank;
  private NormalEquations cholesky;
  private ConjugateGradient cg;
  private float[] panel;

  public Workspace(Kernels kernels, int rank) {
    this.kernels = kernels;
    this.rank = rank;
  }

  public NormalEquations cholesky() {
    if (cholesky == null) cholesky = new NormalEquations(kernels, rank);
    return cholesky;
  }

  public ConjugateGradient cg() {
    if (cg == null) cg = new ConjugateGradient(kernels, rank);
    return cg;
  }

  /** A panel of {@link Gramian#PANEL_ROWS} rows at the factor stride. */
  float[] gramianPanel() {
    if (panel == null) panel = new float[Gramian.PANEL_ROWS * FactorMatrix.strideFor(rank)];
    return panel;
  }
}
