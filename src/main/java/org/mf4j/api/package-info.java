/**
 * The public vocabulary of mf4j: the data every trainer consumes and the settings of every trainer.
 *
 * <ul>
 *   <li>{@link org.mf4j.api.Ratings}: rating triplets (user, item, value) with dense int ids, optional
 *       timestamps and weights, and the {@link org.mf4j.api.IdIndex} maps between dense and external ids.
 *       Build them with {@link org.mf4j.data.RatingsBuilder} from a program's own triples, read them
 *       with {@link org.mf4j.data.RatingsReader} from rating files, or wrap dense arrays with
 *       {@link org.mf4j.api.Ratings#ofDense}.</li>
 *   <li>Configs, one immutable record per trainer, each with its defaults and {@code withX} methods:
 *       {@link org.mf4j.api.AlsConfig} for {@link org.mf4j.solver.als.AlsTrainer} (explicit ALS),
 *       {@link org.mf4j.api.WalsConfig} for {@link org.mf4j.solver.als.WalsTrainer} (weighted ALS over
 *       all cells, implicit feedback), {@link org.mf4j.api.SgdConfig} for
 *       {@link org.mf4j.solver.sgd.SgdTrainer}, {@link org.mf4j.api.AdamConfig} for
 *       {@link org.mf4j.solver.sgd.AdamTrainer} and {@link org.mf4j.api.SvdConfig} for
 *       {@link org.mf4j.solver.svd.ZeroFilledSvd}. Every invalid setting is rejected when the config is
 *       made, with an {@link java.lang.IllegalArgumentException} naming the component and its value.</li>
 *   <li>The configs' choices: {@link org.mf4j.api.RegScaling}, {@link org.mf4j.api.LinearSolver},
 *       {@link org.mf4j.api.Confidence}, {@link org.mf4j.api.PreferenceTarget} and
 *       {@link org.mf4j.api.LearningRateSchedule}.</li>
 *   <li>Progress: {@link org.mf4j.api.TrainingListener} receives an {@link org.mf4j.api.IterationStats}
 *       after each iteration.</li>
 * </ul>
 *
 * <pre>{@code
 * Ratings train = RatingsReader.read(Path.of("ratings.csv")).ratings();
 * FactorModel model = new AlsTrainer(AlsConfig.defaults().withRank(32)).fit(train);
 * }</pre>
 */
package org.mf4j.api;
