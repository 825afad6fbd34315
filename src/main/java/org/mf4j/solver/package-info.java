/**
 * What the trainers share: {@link org.mf4j.solver.TrainingRun}, a run driven one iteration at a time,
 * and fold-in, the exact solve of factor rows for new histories against fixed factors.
 *
 * <ul>
 *   <li>The trainers live in subpackages, one per method: {@link org.mf4j.solver.als} (explicit and
 *       weighted ALS), {@link org.mf4j.solver.sgd} (biased SGD, Adam and AdamW) and
 *       {@link org.mf4j.solver.svd} (the truncated SVD of the zero-filled matrix). Each has
 *       {@code fit(train)}, which returns a {@link org.mf4j.model.FactorModel}, and {@code start(...)},
 *       which returns a {@link org.mf4j.solver.TrainingRun} to drive.</li>
 *   <li>{@link org.mf4j.solver.RowProblem} states the least-squares problems of one ALS half-sweep;
 *       {@link org.mf4j.solver.FoldIn} solves them exactly for new rows, and raises
 *       {@link org.mf4j.solver.NotPositiveDefiniteException} for a system without a unique solution.
 *       {@link org.mf4j.model.FactorModel#foldInUser} and its relatives are the usual entry points.</li>
 * </ul>
 *
 * <p>Ownership: a run owns its factors until {@link org.mf4j.solver.TrainingRun#toModel()} hands them to
 * the model; close the run in any case, and the model when done with it. For a seed, every trainer's
 * factors are reproducible (ALS, WALS, SVD and Adam: whatever the thread count; SGD: for a thread count).
 */
package org.mf4j.solver;
