/**
 * Ranking evaluation of factor models on held-out interactions: precision, recall, NDCG, MAP and hit
 * rate at cutoffs k, and AUC, each user's candidates (every item but their training items) ranked by u·v.
 *
 * <ul>
 *   <li>{@link org.mf4j.eval.RankingEvaluator} defines every metric exactly (its class Javadoc) and
 *       computes them for all users at once, in parallel, with the same result bit for bit whatever the
 *       thread count. Keep an instance to evaluate every iteration of a training run; close it.</li>
 *   <li>{@link org.mf4j.eval.RankingMetrics} holds the metrics of one cutoff and turns them into report
 *       entries.</li>
 * </ul>
 *
 * <pre>{@code
 * List<RankingMetrics> m = RankingEvaluator.evaluate(model.kernels(), model.userFactors(),
 *     model.itemFactors(), model.seenItems(), testByUser, new int[] {5, 10}, 0);
 * double ndcg10 = m.get(1).ndcg();
 * }</pre>
 *
 * <p>The interaction matrices are {@link org.mf4j.sparse.CsrMatrix} by user with the model's dense ids
 * (users × items); every test entry counts as relevant whatever its value, so filter explicit ratings
 * first (for example {@link org.mf4j.api.Ratings#atLeast}). RMSE is not here: the training runs report it.
 */
package org.mf4j.eval;
