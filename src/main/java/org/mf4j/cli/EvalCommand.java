package org.mf4j.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.mf4j.api.Ratings;
import org.mf4j.data.RatingsReader;
import org.mf4j.data.ReadOptions;
import org.mf4j.data.Splits;
import org.mf4j.eval.RankingEvaluator;
import org.mf4j.eval.RankingMetrics;
import org.mf4j.kernel.KernelProvider;
import org.mf4j.kernel.Kernels;
import org.mf4j.model.FactorModel;
import org.mf4j.model.ModelFile;
import org.mf4j.serving.ItemScorer;
import org.mf4j.sparse.CsrMatrix;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mf4j eval}: ranks every item for each test user with a saved model and prints top-k ranking metrics. */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Evaluates a saved model as a recommender: for each user with test items, ranks all items the user"
        + " has no training row for, by score u·v, and compares the top k with the test items.",
        "Prints precision@k (also capped by the number of test items), recall@k, NDCG@k, MAP@k, hit rate@k and AUC;"
            + " definitions in the Javadoc of org.mf4j.eval.RankingEvaluator.",
        "Files are read through the model's id maps: rows whose user or item the model does not know are dropped"
            + " and counted."})
final class EvalCommand implements Callable<Integer> {
  @Mixin ModelInput model;
  @Option(names = "--train", paramLabel = "FILE", description = "The training interactions: their items are not"
      + " ranked for their user. Without it nothing is excluded (rarely what you want).")
  Path trainFile;
  @Option(names = "--test", required = true, paramLabel = "FILE", description = "The test interactions: each row a"
      + " relevant item for its user.")
  Path testFile;
  @Option(names = "--k", split = ",", defaultValue = "10", paramLabel = "K",
      description = "Cutoffs, e.g. 5,10,20 (default ${DEFAULT-VALUE}).")
  int[] ks;
  @Option(names = "--min-rating", paramLabel = "T", description = "Rows of --train and --test with a value below T are"
      + " not positives and are dropped: low-rated test items are not relevant, low-rated training items are ranked"
      + " like unseen ones. Default: every row is a positive (implicit data).")
  Double minRating;
  @Mixin ThreadsOption threads;
  @Option(names = "--kernels", defaultValue = "auto", description = "auto (default), panama or scalar.")
  String kernels;
  @Mixin InputOptions reading;
  @Option(names = "--report", paramLabel = "FILE", description = "Write a JSON report.")
  Path report;

  /** One file's positives in the model's id space, and how many rows were dropped on the way. */
  private record Positives(Ratings ratings, long rows, long unknownIds, long belowMinRating) {}

  @Override
  public Integer call() throws Exception {
    if (minRating != null && !Double.isFinite(minRating)) {
      throw new IllegalArgumentException("--min-rating = " + minRating + " must be a finite number");
    }
    Kernels k = KernelProvider.forName(kernels);
    int nThreads = threads.count();
    PrintStream out = System.out;
    long t0 = System.nanoTime();
    try (FactorModel m = ModelFile.read(model.file, k).model()) {
      Positives test = positives(testFile, m);
      Positives train = trainFile == null ? null : positives(trainFile, m);
      CsrMatrix testByUser = byUser(test.ratings(), m);
      CsrMatrix trainByUser = byUser(train == null ? null : train.ratings(), m);
      double loadSeconds = (System.nanoTime() - t0) * 1e-9;
      long t1 = System.nanoTime();
      List<RankingMetrics> result = RankingEvaluator.evaluate(m.userFactors(), new ItemScorer(k, m.itemFactors()),
          trainByUser, testByUser, ks, nThreads);
      double evalSeconds = (System.nanoTime() - t1) * 1e-9;
      RankingMetrics first = result.get(0);

      out.printf(Locale.ROOT, "model:   %s (%s, rank %d, %,d users, %,d items)%n", model.file, m.algorithm(), m.rank(),
          m.numUsers(), m.numItems());
      if (train != null) out.println("train:   " + describe(trainFile, train, "excluded from ranking"));
      else out.println("train:   none given: training items are ranked too");
      out.println("test:    " + describe(testFile, test, "relevant"));
      out.printf(Locale.ROOT, "users:   %,d evaluated (with a test item not in train), %,d relevant items; AUC over %,d"
          + " users; %d threads, kernels %s, %.2f s%n", first.usersEvaluated(), first.testInteractions(),
          first.aucUsers(), nThreads, k.name(), evalSeconds);
      out.printf(Locale.ROOT, "%6s %10s %12s %10s %10s %10s %10s%n", "k", "precision", "prec_capped", "recall", "ndcg",
          "map", "hit_rate");
      for (RankingMetrics r : result) {
        out.printf(Locale.ROOT, "%6d %10.4f %12.4f %10.4f %10.4f %10.4f %10.4f%n", r.k(), r.precision(),
            r.precisionCapped(), r.recall(), r.ndcg(), r.map(), r.hitRate());
      }
      out.printf(Locale.ROOT, "auc:    %.4f%n", first.auc());

      if (report != null) {
        Map<String, Object> r = new LinkedHashMap<>(RankingMetrics.toReport(result));
        r.put("k", Arrays.stream(ks).sorted().distinct().boxed().toList());
        r.put("model", model.file.toString());
        r.put("train", trainFile == null ? null : trainFile.toString());
        r.put("test", testFile.toString());
        r.put("min_rating", minRating);
        r.put("users", m.numUsers());
        r.put("items", m.numItems());
        putCounts(r, "test", test);
        if (train != null) putCounts(r, "train", train);
        r.put("threads", nThreads);
        r.put("kernels", k.name());
        r.put("load_seconds", loadSeconds);
        r.put("eval_seconds", evalSeconds);
        Reports.writeJson(r, report);
        out.println("report:  " + report);
      }
    }
    return 0;
  }

  /** Reads a file, maps it into the model's ids and keeps the rows at or above --min-rating. */
  private Positives positives(Path file, FactorModel m) throws java.io.IOException {
    Ratings read = RatingsReader.read(file, readOptions()).ratings();
    Ratings known = Splits.reindex(read, m.userIds(), m.itemIds());
    Ratings kept = known;
    if (minRating != null) {
      int[] keep = new int[known.size()];
      int n = 0;
      for (int j = 0; j < known.size(); j++) if (known.value(j) >= minRating) keep[n++] = j;
      kept = known.select(keep, n);
    }
    return new Positives(kept, read.size(), read.size() - known.size(), known.size() - kept.size());
  }

  /** Users × items, one entry per row (none when {@code r} is null). */
  private static CsrMatrix byUser(Ratings r, FactorModel m) {
    if (r == null) return CsrMatrix.build(m.numUsers(), m.numItems(), new int[0], new int[0], new float[0], 0);
    return CsrMatrix.build(m.numUsers(), m.numItems(), r.users(), r.items(), r.values(), r.size());
  }

  private String describe(Path file, Positives p, String what) {
    return String.format(Locale.ROOT, "%s: %,d rows, %,d %s (%,d dropped: user or item unknown to the model%s)", file,
        p.rows(), p.ratings().size(), what, p.unknownIds(),
        minRating == null ? "" : String.format(Locale.ROOT, "; %,d below --min-rating %s", p.belowMinRating(), minRating));
  }

  private static void putCounts(Map<String, Object> r, String name, Positives p) {
    r.put(name + "_rows", p.rows());
    r.put(name + "_positives", p.ratings().size());
    r.put(name + "_unknown_ids", p.unknownIds());
    r.put(name + "_below_min_rating", p.belowMinRating());
  }

  private ReadOptions readOptions() {
    // Ranking needs no timestamps. A repeated (user, item) is one item; its last value meets --min-rating or not.
    return reading.readOptions().withTimestamps(false);
  }
}
