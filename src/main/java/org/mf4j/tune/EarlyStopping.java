package org.mf4j.tune;

import java.util.Arrays;
import org.mf4j.api.Ratings;
import org.mf4j.solver.TrainingRun;

/**
 * Early stopping: score after every iteration, stop after {@code patience} iterations without a strict
 * improvement, or at {@code maxIterations}. A {@link TrainingRun} cannot snapshot its factors, so the
 * result is the best iteration's number and score, not its factors: the caller refits (on all training
 * data) for exactly {@link Result#bestIteration()} iterations. With the same seed, the refit's first
 * iterations are those of the run scored here only when the data is the same; on the larger refit data
 * that many iterations is the usual approximation.
 *
 * @param patience iterations without improvement before stopping, at least 1
 * @param maxIterations the most iterations to run, at least 1
 */
public record EarlyStopping(int patience, int maxIterations) {
  /**
   * Validates the settings.
   *
   * @throws IllegalArgumentException when {@code patience} or {@code maxIterations} is below 1, naming it
   */
  public EarlyStopping {
    if (patience < 1) throw new IllegalArgumentException("patience = " + patience + " must be >= 1");
    if (maxIterations < 1) throw new IllegalArgumentException("maxIterations = " + maxIterations + " must be >= 1");
  }

  /**
   * What a stopped run reached.
   *
   * @param bestIteration the 1-based iteration with the best score
   * @param bestScore its score
   * @param iterationsRun iterations run before stopping
   * @param scores the score after each iteration run
   * @param seconds the wall time of training and scoring
   */
  public record Result(int bestIteration, double bestScore, int iterationsRun, double[] scores, double seconds) {
    /** Copies {@code scores}. */
    public Result {
      scores = scores.clone();
    }

    /** A copy of the score after each iteration run. */
    @Override
    public double[] scores() { return scores.clone(); }
  }

  /** Follows a score sequence: {@link #offer} after each iteration says whether to go on. */
  public final class Tracker {
    private final boolean higherIsBetter;
    private final double[] scores = new double[maxIterations];
    private int n, best;
    private double bestScore = Double.NaN;

    private Tracker(boolean higherIsBetter) {
      this.higherIsBetter = higherIsBetter;
    }

    /** Records the next iteration's score; false when training should stop (patience or the maximum reached). */
    public boolean offer(double score) {
      if (n == maxIterations) throw new IllegalStateException("already " + maxIterations + " iterations");
      scores[n++] = score;
      // NaN never improves, so a run that diverges stops after patience iterations.
      boolean better = best == 0 ? !Double.isNaN(score) : higherIsBetter ? score > bestScore : score < bestScore;
      if (better) {
        best = n;
        bestScore = score;
      }
      return n < maxIterations && n - best < patience;
    }

    /** Iterations since the best one. */
    public int sinceBest() { return n - best; }

    /** What the scores offered so far reached, with {@code seconds} of wall time. */
    public Result result(double seconds) {
      return new Result(best, bestScore, n, Arrays.copyOf(scores, n), seconds);
    }
  }

  /** A new tracker of one run's scores; {@code higherIsBetter} says which way improves. */
  public Tracker tracker(boolean higherIsBetter) {
    return new Tracker(higherIsBetter);
  }

  /**
   * Iterates {@code run}, scoring it on {@code validation} after every iteration, until it stops.
   * Does not close the run. Throws {@link ArithmeticException} when the run diverges.
   */
  public Result run(TrainingRun run, Ratings validation, ValidationMetric metric) {
    long t0 = System.nanoTime();
    Tracker t = tracker(metric.higherIsBetter());
    try (ValidationMetric.Scorer scorer = metric.open(run, validation)) {
      for (int it = 1; ; it++) {
        run.iterate();
        run.checkFinite(it);
        if (!t.offer(scorer.score())) break;
      }
    }
    return t.result((System.nanoTime() - t0) * 1e-9);
  }
}
