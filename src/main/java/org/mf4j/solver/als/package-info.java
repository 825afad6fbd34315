/**
 * Alternating least squares: each iteration fixes U and solves every item row exactly, then fixes V and
 * solves every user row — the lecture notes' coordinate descent, in which every half-sweep is a set of
 * independent K × K least-squares problems and the objective never rises (with the Cholesky solver).
 *
 * <ul>
 *   <li>{@link org.mf4j.solver.als.AlsTrainer}: explicit ALS over the observed entries only, the notes'
 *       "ALS with missing entries": it minimises Σ_observed (r_ui − u_u·v_i)² + λ_U Σ s(n_u)‖u_u‖²
 *       + λ_V Σ s(n_i)‖v_i‖², plain (s = 1, the notes' objective) or count-scaled (ALS-WR), optionally
 *       with user and item biases. Settings: {@link org.mf4j.api.AlsConfig}.</li>
 *   <li>{@link org.mf4j.solver.als.WalsTrainer}: weighted ALS over all cells for implicit feedback, the
 *       notes' weighted matrix factorization: Σ_observed w_ui (a_ui − u_u·v_i)² + w0 Σ_unobserved
 *       (u_u·v_i)² + the same penalties, without materialising the unobserved cells. Settings:
 *       {@link org.mf4j.api.WalsConfig}.</li>
 *   <li>{@link org.mf4j.solver.als.AlternatingRun}: the run both trainers' {@code start} returns.</li>
 * </ul>
 *
 * <p>Rows are solved by batched Cholesky (exact) or by a few warm-started conjugate-gradient steps
 * ({@link org.mf4j.api.LinearSolver}); for a seed the factors are bit-identical whatever the thread
 * count. Both trainers' models support fold-in and partial fit
 * ({@link org.mf4j.model.FactorModel#foldInUser}), except explicit models with biases.
 *
 * <pre>{@code
 * try (FactorModel model = new AlsTrainer(AlsConfig.defaults().withRank(64).withLambda(0.05)).fit(train)) {
 *   float r = model.predict(0, 0);
 * }
 * }</pre>
 */
package org.mf4j.solver.als;
