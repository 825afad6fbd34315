/**
 * Getting ratings in: readers for rating dumps, train/test splits, and a planted low-rank generator.
 *
 * <ul>
 *   <li>{@link org.mf4j.data.RatingsReader} reads MovieLens (100K, 1M/10M, CSV), Netflix Prize and any
 *       delimited text, plain, gzip or xz, into {@link org.mf4j.api.Ratings}; {@link org.mf4j.data.ReadOptions}
 *       says how, {@link org.mf4j.data.ReadResult} what was read; bad lines raise
 *       {@link org.mf4j.data.RatingsFormatException} naming file, line and text.</li>
 *   <li>{@link org.mf4j.data.RatingsBuilder} builds {@link org.mf4j.api.Ratings} from triples with
 *       external ids that a program already holds, merging duplicates as the readers do
 *       ({@link org.mf4j.data.DuplicatePolicy}).</li>
 *   <li>{@link org.mf4j.data.Splits} makes {@link org.mf4j.data.TrainTestSplit}s: a seeded random
 *       hold-out identical to the shared {@code MakeSplit} tool, a given test file, per-user hold-outs
 *       (a fraction or k rows of each user, at random or the latest by time) and a global time cutoff.</li>
 *   <li>{@link org.mf4j.data.PlantedRatingsGenerator} makes data with a known answer and its noise floor,
 *       in memory or streamed to a file, as a {@link org.mf4j.data.GeneratorConfig} says.</li>
 * </ul>
 *
 * <p>Everything here is immutable or stateless and thread-safe, except
 * {@link org.mf4j.data.RatingsBuilder}. Invalid arguments raise {@link java.lang.IllegalArgumentException};
 * problems with an input file raise {@link java.io.IOException} or its subclass
 * {@link org.mf4j.data.RatingsFormatException}.
 */
package org.mf4j.data;
