/**
 * Trained models: {@link org.mf4j.model.FactorModel}, what every trainer's {@code fit} returns and what
 * is served (predictions, top-N, popular and similar items, fold-in, partial fit), and its files.
 *
 * <ul>
 *   <li>{@link org.mf4j.model.FactorModel} holds U and V off-heap and owns them: close it. It works in
 *       dense ids; its {@code userIds()} and {@code itemIds()} map them to the data's external ids.</li>
 *   <li>{@link org.mf4j.model.ModelFile} saves a model atomically and reads it back, mapping the factors
 *       of a version-3 file read-only instead of copying them; a damaged or foreign file raises a
 *       {@link org.mf4j.model.ModelFormatException} naming the check that failed.</li>
 *   <li>{@link org.mf4j.model.Exports} writes factor matrices as NumPy {@code .npy} or TSV with their
 *       ids, for other tools; {@link org.mf4j.model.AtomicFiles} is the temp-file-and-rename helper both
 *       use.</li>
 * </ul>
 *
 * <p>A typical round trip:
 * <pre>{@code
 * try (FactorModel model = new AlsTrainer(AlsConfig.defaults()).fit(train)) {
 *   ModelFile.write(model, Path.of("model.mf4j"));
 * }
 * try (FactorModel model = ModelFile.read(Path.of("model.mf4j"), KernelProvider.get()).model()) {
 *   int user = model.userIds().get("196");              // -1 when unknown
 *   Recommendations top = model.recommend(user, 10);    // seen items excluded
 *   String firstItem = model.itemIds().externalId(top.items()[0]);
 * }
 * }</pre>
 */
package org.mf4j.model;
