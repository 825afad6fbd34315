/**
 * Gradient-based training on the observed entries, the lecture notes' first method: the per-rating
 * stochastic gradients of the observed-entries squared error with L2 penalties, and mini-batch Adam as in
 * the notes' PyTorch over-fitting experiment.
 *
 * <ul>
 *   <li>{@link org.mf4j.solver.sgd.SgdTrainer}: biased SGD, r ≈ μ + b_u + b_i + u·v, minimising
 *       Σ_observed e² + λ_U Σ n_u‖u‖² + λ_V Σ n_i‖v‖² + λ_b(Σ n_u b_u² + Σ n_i b_i²) (the penalty taken
 *       at every update of a row) with plain, decaying or AdaGrad rates, in lock-free parallel epochs over
 *       a stratified block grid. Settings: {@link org.mf4j.api.SgdConfig}; run: {@link org.mf4j.solver.sgd.SgdRun}.</li>
 *   <li>{@link org.mf4j.solver.sgd.AdamTrainer}: mini-batch Adam (weight decay as L2) or AdamW
 *       (decoupled), dense or lazy, on each batch's mean squared error. Settings:
 *       {@link org.mf4j.api.AdamConfig}; run: {@link org.mf4j.solver.sgd.AdamRun}.</li>
 * </ul>
 *
 * <p>{@code fit(train)} trains the configured number of epochs and returns the model; with biases it has
 * rank K + 2 (user rows (u, μ + b_u, 1), item rows (v, 1, b_i)), so every consumer of factor models
 * serves it unchanged, but it carries no settings and does not support fold-in. {@code start(train, test)}
 * returns a run to drive epoch by epoch (learning curves, early stopping). A run that diverges throws an
 * {@link java.lang.ArithmeticException} naming the epoch: lower the learning rate. SGD is reproducible for
 * a seed and a thread count, Adam for a seed whatever the thread count.
 *
 * <pre>{@code
 * try (FactorModel model = new SgdTrainer(SgdConfig.defaults()).fit(train)) {
 *   Recommendations top = model.recommend(0, 10);
 * }
 * }</pre>
 */
package org.mf4j.solver.sgd;
