package org.mf4j.tune;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.mf4j.api.Ratings;
import org.mf4j.data.Splits;
import org.mf4j.data.TrainTestSplit;
import org.mf4j.solver.TrainingRun;

/**
 * Grid or random search with early stopping: every configuration trains on each split's training part,
 * stops early on its validation part, and scores the mean over the splits of its best validation score.
 * The splits come from the training data only ({@link #holdOut} or {@link Splits#kFold}); the caller
 * refits the best configuration on all training data for {@link Trial#bestIteration()} iterations.
 */
public final class Tuner {
  /** Starts a run of one configuration; the validation ratings are the run's test set (for RMSE scoring). */
  @FunctionalInterface
  public interface RunFactory {
    /** A started run of {@code settings} on {@code train}, scored against {@code validation}; the tuner closes it. */
    TrainingRun start(Map<String, String> settings, Ratings train, Ratings validation);
  }

  /**
   * One configuration's outcome.
   *
   * @param settings the configuration
   * @param score the mean over the splits of the best validation score; NaN when it failed
   * @param bestIteration the mean over the splits of the best iteration, rounded (at least 1)
   * @param splitScores the best score on each split
   * @param splitBestIterations the best iteration on each split
   * @param seconds training and scoring time over all splits
   * @param error why it failed (it diverged), or null
   */
  public record Trial(Map<String, String> settings, double score, int bestIteration, double[] splitScores,
      int[] splitBestIterations, double seconds, String error) {
    /** Copies the settings (keeping their order) and the arrays. */
    public Trial {
      settings = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(settings)); // keeps the grid's order
      splitScores = splitScores.clone();
      splitBestIterations = splitBestIterations.clone();
    }

    /** Whether the configuration failed (its {@code error} is set and its score NaN). */
    public boolean failed() { return error != null; }
  }

  /**
   * The search's outcome.
   *
   * @param metric the validation metric's name
   * @param higherIsBetter its direction
   * @param trials every configuration tried, in order
   * @param best the trial with the best score (the first of equals)
   */
  public record Result(String metric, boolean higherIsBetter, List<Trial> trials, Trial best) {
    /** Copies the trials. */
    public Result {
      trials = List.copyOf(trials);
    }
  }

  private final List<TrainTestSplit> splits;
  private final ValidationMetric metric;
  private final EarlyStopping stopping;

  /**
   * A tuner over the given splits, metric and stopping rule.
   *
   * @param splits the training/validation splits of the training data: one hold-out or k folds
   * @param metric how validation is scored
   * @param stopping patience and maximum iterations of every run
   */
  public Tuner(List<TrainTestSplit> splits, ValidationMetric metric, EarlyStopping stopping) {
    if (splits.isEmpty()) throw new IllegalArgumentException("no validation splits");
    for (TrainTestSplit s : splits) {
      if (s.test().size() == 0) throw new IllegalArgumentException("a validation split is empty: use a larger fraction or fewer folds");
    }
    this.splits = List.copyOf(splits);
    this.metric = metric;
    this.stopping = stopping;
  }

  /**
   * A validation hold-out of the training ratings: {@code fraction} at random ({@link Splits#random}), or
   * of each user's rows ({@link Splits#perUserFraction}, users with at least 2 rows) for ranking metrics.
   */
  public static TrainTestSplit holdOut(Ratings train, double fraction, long seed, boolean perUser) {
    if (!(fraction > 0 && fraction < 1)) throw new IllegalArgumentException("validation fraction = " + fraction + " must be in (0, 1)");
    return perUser ? Splits.perUserFraction(train, fraction, 2, seed) : Splits.random(train, fraction, seed);
  }

  /** Tries every configuration in order; {@code onTrial} sees each trial as it finishes (may be null). */
  public Result search(List<Map<String, String>> configurations, RunFactory factory, Consumer<Trial> onTrial) {
    if (configurations.isEmpty()) throw new IllegalArgumentException("no configurations to try");
    List<Trial> trials = new ArrayList<>();
    Trial best = null;
    for (Map<String, String> c : configurations) {
      Trial t = evaluate(c, factory);
      trials.add(t);
      if (onTrial != null) onTrial.accept(t);
      if (!t.failed() && (best == null || (metric.higherIsBetter() ? t.score() > best.score() : t.score() < best.score()))) best = t;
    }
    if (best == null) throw new ArithmeticException("every configuration diverged; the first: " + trials.get(0).error());
    return new Result(metric.name(), metric.higherIsBetter(), trials, best);
  }

  /** Scores one configuration on every split. */
  public Trial evaluate(Map<String, String> settings, RunFactory factory) {
    int n = splits.size();
    double[] scores = new double[n];
    int[] bests = new int[n];
    double seconds = 0, sum = 0, sumIt = 0;
    for (int s = 0; s < n; s++) {
      TrainTestSplit split = splits.get(s);
      EarlyStopping.Result r;
      try (TrainingRun run = factory.start(settings, split.train(), split.test())) {
        r = stopping.run(run, split.test(), metric);
      } catch (ArithmeticException e) {
        return new Trial(settings, Double.NaN, 0, new double[0], new int[0], seconds, e.getMessage());
      }
      scores[s] = r.bestScore();
      bests[s] = r.bestIteration();
      seconds += r.seconds();
      sum += r.bestScore();
      sumIt += r.bestIteration();
    }
    return new Trial(settings, sum / n, Math.max(1, (int) Math.round(sumIt / n)), scores, bests, seconds, null);
  }
}
