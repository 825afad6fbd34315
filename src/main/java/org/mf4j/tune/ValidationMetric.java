package org.mf4j.tune;

import org.mf4j.api.Ratings;
import org.mf4j.eval.RankingEvaluator;
import org.mf4j.kernel.Kernels;
import org.mf4j.serving.ItemScorer;
import org.mf4j.solver.TrainingRun;
import org.mf4j.sparse.CsrMatrix;

/** How a run is scored on held-out ratings after each iteration: RMSE (lower wins) or NDCG@k (higher wins). */
public interface ValidationMetric {
  /** The name the reports use, e.g. {@code rmse} or {@code ndcg_at_10}. */
  String name();

  /** Whether a higher score is better (NDCG) or a lower one (RMSE). */
  boolean higherIsBetter();

  /**
   * Opens a scorer of {@code run} against {@code validation} (ratings in the run's id space). An RMSE
   * scorer reads {@link TrainingRun#testRmse()}, so the run must have been started with
   * {@code validation} as its test set.
   */
  Scorer open(TrainingRun run, Ratings validation);

  /** Scores the run's current factors; close it to stop its worker threads. */
  interface Scorer extends AutoCloseable {
    /** The metric of the run's current factors on the validation ratings. */
    double score();

    @Override
    default void close() {}
  }

  /** RMSE from the run's own test set, which must be the validation ratings. */
  static ValidationMetric rmse() {
    return new ValidationMetric() {
      @Override public String name() { return "rmse"; }
      @Override public boolean higherIsBetter() { return false; }
      @Override public Scorer open(TrainingRun run, Ratings validation) { return run::testRmse; }
    };
  }

  /** NDCG at cutoff {@code k} of the validation items, training items excluded from the ranking. */
  static ValidationMetric ndcg(int k, Kernels kernels, int threads) {
    if (k < 1) throw new IllegalArgumentException("ndcg cutoff k = " + k + " must be >= 1");
    return new ValidationMetric() {
      @Override public String name() { return "ndcg_at_" + k; }
      @Override public boolean higherIsBetter() { return true; }
      @Override public Scorer open(TrainingRun run, Ratings validation) {
        CsrMatrix train = run.trainByUser();
        CsrMatrix held = CsrMatrix.build(train.rows(), train.numCols(), validation.users(), validation.items(), validation.values(),
            validation.size());
        RankingEvaluator evaluator = new RankingEvaluator(train, held, new int[] {k}, threads);
        return new Scorer() {
          @Override public double score() {
            return evaluator.evaluate(run.userFactors(), new ItemScorer(kernels, run.itemFactors())).get(0).ndcg();
          }
          @Override public void close() { evaluator.close(); }
        };
      }
    };
  }
}
