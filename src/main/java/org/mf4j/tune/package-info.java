/**
 * Model selection: {@link org.mf4j.tune.EarlyStopping} drives a {@link org.mf4j.solver.TrainingRun} and
 * keeps the iteration with the best validation score; {@link org.mf4j.tune.Tuner} scores every
 * configuration of a {@link org.mf4j.tune.Grid} on a validation slice or on k folds of the training data.
 * Nothing here ever looks at a test set: the caller refits the chosen configuration and tests it once.
 */
package org.mf4j.tune;
