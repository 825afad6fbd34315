/**
 * The solvers' building blocks: {@code NormalEquations} (gather, Gram build and batched Cholesky of each
 * row's K × K system), {@code ConjugateGradient} (warm-started CG steps), {@code Gramian} (w0·YᵀY of the
 * fixed side, formed once per half-sweep), {@code Residuals}, {@code BiasFolding} and the per-worker
 * {@code Workspace}. Trainers in {@code solver.als}, {@code solver.sgd} and {@code solver.svd} and
 * {@link org.mf4j.solver.FoldIn} drive them.
 *
 * <p>Internal: not exported from the {@code org.mf4j} module; no compatibility promise.
 */
package org.mf4j.solver.internal;
