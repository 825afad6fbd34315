/**
 * The truncated SVD of the zero-filled rating matrix, the lecture notes' contrast to the observed-entries
 * objective (notes 002): {@link org.mf4j.solver.svd.ZeroFilledSvd} minimises ‖A − U·Vᵀ‖²_F over all
 * cells, every unobserved cell counted as an observed 0, whose optimum is the rank-K SVD. On sparse
 * ratings its predictions shrink toward 0; it is here as that lesson and as a cheap, deterministic,
 * hyper-parameter-free baseline.
 *
 * <p>It is computed by a randomized range finder with subspace iteration (Halko, Martinsson and Tropp
 * 2011); {@link org.mf4j.solver.svd.SvdRun} describes the steps, and each of its iterations gives the
 * decomposition after one more power iteration. Settings: {@link org.mf4j.api.SvdConfig}. The factors are
 * users U_K·Σ_K^(1/2) and items V_K·Σ_K^(1/2), bit-identical for a seed whatever the thread count.
 *
 * <pre>{@code
 * try (FactorModel model = new ZeroFilledSvd(config).fit(train)) {
 *   float r = model.predict(0, 0);
 * }
 * }</pre>
 */
package org.mf4j.solver.svd;
