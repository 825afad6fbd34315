/**
 * Serving a factor model: the n best items per user, and the rows most similar to a row.
 *
 * <ul>
 *   <li>{@link org.mf4j.serving.TopN} ranks every item for one user, a user vector (fold-in), a list of
 *       users or all users, by u·v, through an {@link org.mf4j.serving.ItemScorer} (V packed once on the
 *       heap for a blocked matrix product) and a bounded heap per user.</li>
 *   <li>{@link org.mf4j.serving.ItemFilter} says which items a query may return: seen items excluded or
 *       not, an allow-list, a deny-list.</li>
 *   <li>{@link org.mf4j.serving.Similarity} ranks rows of one factor matrix by cosine: similar items,
 *       similar users.</li>
 *   <li>Results: {@link org.mf4j.serving.Recommendations} for one query,
 *       {@link org.mf4j.serving.RecommendationBatch} (flat arrays) for many.</li>
 * </ul>
 *
 * <p>Most callers use these through {@link org.mf4j.model.FactorModel}'s {@code recommend},
 * {@code similarItems} and {@code similarUsers}. Every id here is dense (a row of U or V); the model's id
 * maps translate. Ties in score always go to the lower id, NaN scores are never returned, and results do
 * not depend on the thread count. Everything is thread-safe; only {@link org.mf4j.serving.Similarity}
 * owns off-heap memory (close it), and {@link org.mf4j.serving.TopN} reads the user factors it was given,
 * which must stay open.
 */
package org.mf4j.serving;
