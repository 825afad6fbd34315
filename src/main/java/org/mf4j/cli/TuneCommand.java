package org.mf4j.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.mf4j.api.Ratings;
import org.mf4j.data.Splits;
import org.mf4j.data.TrainTestSplit;
import org.mf4j.kernel.KernelProvider;
import org.mf4j.kernel.Kernels;
import org.mf4j.solver.TrainingRun;
import org.mf4j.tune.EarlyStopping;
import org.mf4j.tune.Grid;
import org.mf4j.tune.Tuner;
import org.mf4j.tune.ValidationMetric;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code mf4j tune}: grid or random search with early stopping, scored on a validation slice of the
 * training ratings (or k folds of them), then one refit of the best configuration and one test score.
 * Each configuration is the {@code mf4j fit} command line of its settings, so fit's defaults and checks apply.
 */
@Command(name = "tune", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Searches settings of one training method by validation on the training ratings (a random hold-out, or"
        + " k-fold cross-validation), each configuration stopped early; prints a table of every configuration, writes the"
        + " best as a config file for 'mf4j fit --config', then refits it on all training ratings and scores the test set once.",
        "Comma-separated values make a grid, e.g. --rank 16,32 --lambda 0.02,0.05 --learning-rate 0.01,0.05."})
final class TuneCommand implements Callable<Integer> {
  /** The grid options, in table order: option name, what it applies to. */
  private static final List<String> GRID_OPTIONS = List.of("rank", "lambda", "lambda-bias", "learning-rate", "optimizer",
      "weight-decay", "batch-size", "reg-scaling", "alpha", "w0", "confidence");

  @Option(names = "--input", paramLabel = "FILE", description = "Ratings file. Default: fit's embedded planted data set.")
  Path input;
  @Mixin InputOptions reading;
  @Option(names = "--duplicates", defaultValue = "last", description = "Duplicate (user, item) pairs: last (default), mean, sum, max, error.")
  String duplicates;
  @Option(names = "--test", paramLabel = "FILE", description = "A given test set; overrides --test-fraction.")
  Path testFile;
  @Option(names = "--test-fraction", defaultValue = "0.1", description = "Random test hold-out of --input (default ${DEFAULT-VALUE}); 0 = no test.")
  double testFraction;
  @Option(names = "--split-seed", defaultValue = "42", description = "Seed of the test, validation and fold splits (default ${DEFAULT-VALUE}).")
  long splitSeed;
  @Option(names = "--min-rating", paramLabel = "T", description = "Keep only ratings >= T, train and test.")
  Float minRating;

  @Option(names = "--algorithm", defaultValue = "als", description = "als (default), wals or sgd; scored by validation RMSE (wals: NDCG@10).")
  String algorithm;
  @Option(names = {"--rank", "-k"}, split = ",", description = "K values (default: fit's).")
  List<String> rank;
  @Option(names = "--lambda", split = ",", description = "λ values, each setting λ_U = λ_V.")
  List<String> lambda;
  @Option(names = "--lambda-bias", split = ",", description = "sgd: λ of the biases.")
  List<String> lambdaBias;
  @Option(names = "--learning-rate", split = ",", description = "sgd: learning rates.")
  List<String> learningRate;
  @Option(names = "--optimizer", split = ",", description = "sgd: optimizers (adagrad, sgd, adam, adamw).")
  List<String> optimizer;
  @Option(names = "--weight-decay", split = ",", description = "sgd adam, adamw: weight decays.")
  List<String> weightDecay;
  @Option(names = "--batch-size", split = ",", description = "sgd adam, adamw: mini-batch sizes.")
  List<String> batchSize;
  @Option(names = "--reg-scaling", split = ",", description = "als, wals: count, none, frequency.")
  List<String> regScaling;
  @Option(names = "--alpha", split = ",", description = "wals: α of the confidence.")
  List<String> alpha;
  @Option(names = "--w0", split = ",", description = "wals: weights of the unobserved cells.")
  List<String> w0;
  @Option(names = "--confidence", split = ",", description = "wals: confidence functions (linear, log, frequency, constant).")
  List<String> confidence;

  @Option(names = "--iterations", defaultValue = "50", description = "Most iterations (epochs) of a run; early stopping picks"
      + " how many (default ${DEFAULT-VALUE}).")
  int iterations;
  @Option(names = "--patience", defaultValue = "3", description = "Stop a run after this many iterations without a better"
      + " validation score (default ${DEFAULT-VALUE}).")
  int patience;
  @Option(names = "--validation-fraction", defaultValue = "0.1", description = "Validation hold-out of the training ratings"
      + " (default ${DEFAULT-VALUE}; random, wals per user); ignored with --folds.")
  double validationFraction;
  @Option(names = "--folds", description = "k-fold cross-validation on the training ratings instead: the score is the mean over the folds.")
  Integer folds;
  @Option(names = "--random", paramLabel = "N", description = "Try N configurations of the grid drawn at random (--random-seed) instead of all.")
  Integer random;
  @Option(names = "--random-seed", defaultValue = "42", description = "Seed of --random (default ${DEFAULT-VALUE}).")
  long randomSeed;
  @Option(names = "--seed", defaultValue = "42", description = "Seed of the factor initialization (default ${DEFAULT-VALUE}).")
  long seed;
  @Mixin ThreadsOption threads;
  @Option(names = "--kernels", defaultValue = "auto", description = "auto (default), panama or scalar.")
  String kernels;

  @Option(names = "--best-config", paramLabel = "FILE", description = "Write the best configuration as JSON for 'mf4j fit --config FILE'.")
  Path bestConfig;
  @Option(names = "--report", paramLabel = "FILE", description = "Write a JSON report: every configuration and the test score.")
  Path report;
  @Option(names = "--quiet", description = "Print only the best configuration and the test score.")
  boolean quiet;

  @Override
  public Integer call() throws Exception {
    String algo = algorithm.toLowerCase(Locale.ROOT);
    if (!List.of("als", "wals", "sgd").contains(algo)) throw new IllegalArgumentException("--algorithm '" + algorithm + "' is not one of als, wals, sgd");
    if (iterations < 1) throw new IllegalArgumentException("--iterations = " + iterations + " must be >= 1");
    if (folds != null && folds < 2) throw new IllegalArgumentException("--folds = " + folds + " must be >= 2");
    int nThreads = threads.count();
    Kernels k = KernelProvider.forName(kernels);
    EarlyStopping stopping = new EarlyStopping(patience, iterations);
    Grid grid = grid();
    List<Map<String, String>> configurations = random != null ? grid.sample(random, randomSeed) : grid.all();
    // Every configuration through fit's checks before any training, so a bad combination fails at once.
    boolean explicit = true;
    for (Map<String, String> c : configurations) explicit = fit(c, iterations, nThreads).method(nThreads, k).explicit();
    PrintStream out = System.out;

    FitCommand.Loaded data = dataCommand().load(false);
    Ratings train = data.train(), test = data.test();
    List<TrainTestSplit> splits = folds != null ? Splits.kFold(train, folds, splitSeed)
        : List.of(Tuner.holdOut(train, validationFraction, splitSeed, !explicit));
    ValidationMetric metric = explicit ? ValidationMetric.rmse() : ValidationMetric.ndcg(10, k, nThreads);
    String validation = folds != null ? folds + "-fold cross-validation"
        : String.format(Locale.ROOT, "%s %.0f%% hold-out", explicit ? "random" : "per-user", validationFraction * 100);
    if (!quiet) {
      out.println("data:    " + data.source());
      out.printf(Locale.ROOT, "split:   %,d train, %,d test ratings; validation: %s of the training ratings (seed %d)%n", train.size(),
          test == null ? 0 : test.size(), validation, splitSeed);
      out.printf(Locale.ROOT, "search:  %d of %d configurations of %s, each up to %d iterations, patience %d, scored by validation %s%n",
          configurations.size(), grid.size(), algo, iterations, patience, metric.name());
    }

    List<String> names = new ArrayList<>(grid.values().keySet());
    int[] row = {0};
    Tuner.Result result = new Tuner(splits, metric, stopping).search(configurations,
        (settings, tr, va) -> fit(settings, iterations, nThreads).method(nThreads, k).start().apply(tr, va),
        t -> {
          if (quiet) return;
          if (row[0]++ == 0) out.println(tableLine(names, "#", name -> name, metric.name(), "best_it", "seconds"));
          out.println(tableLine(names, Integer.toString(row[0]), t.settings()::get,
              t.failed() ? "diverged" : String.format(Locale.ROOT, "%.4f", t.score()), Integer.toString(t.bestIteration()),
              String.format(Locale.ROOT, "%.2f", t.seconds())));
        });
    Tuner.Trial best = result.best();
    int bestIndex = result.trials().indexOf(best) + 1;
    String command = "mf4j fit " + String.join(" ", fitArgs(best.settings(), best.bestIteration()));
    out.printf(Locale.ROOT, "best:    #%d %s: validation %s %.4f at %d iterations%n", bestIndex, best.settings(), metric.name(),
        best.score(), best.bestIteration());

    // The refit: the best settings on all training ratings, for the validation-chosen iteration count.
    Map<String, Object> refit = new LinkedHashMap<>();
    long t0 = System.nanoTime();
    try (TrainingRun run = fit(best.settings(), best.bestIteration(), nThreads).method(nThreads, k).start().apply(train, test)) {
      for (int it = 1; it <= best.bestIteration(); it++) {
        run.iterate();
        run.checkFinite(it);
      }
      refit.put("iterations", best.bestIteration());
      if (explicit) refit.put("train_rmse", run.trainRmse());
      if (test != null) {
        try (ValidationMetric.Scorer s = metric.open(run, test)) {
          refit.put("test_" + metric.name(), s.score());
        }
      }
    }
    refit.put("seconds", (System.nanoTime() - t0) * 1e-9);
    out.printf(Locale.ROOT, "refit:   %s on %,d training ratings: %s%n", command, train.size(),
        test == null ? "no test set" : String.format(Locale.ROOT, "test %s %.4f", metric.name(), (double) refit.get("test_" + metric.name())));

    if (bestConfig != null) {
      Map<String, Object> cfg = new LinkedHashMap<>();
      Map<String, Object> options = new LinkedHashMap<>();
      options.put("algorithm", algo);
      options.putAll(best.settings());
      options.put("iterations", best.bestIteration());
      options.put("seed", seed);
      cfg.put("options", options);
      cfg.put("command", command);
      cfg.put("validation", validation);
      cfg.put("metric", metric.name());
      cfg.put("validation_score", best.score());
      Reports.writeJson(cfg, bestConfig);
    }
    if (report != null) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("algorithm", algo);
      r.put("input", input == null ? "embedded" : input.toString());
      r.put("train_ratings", train.size());
      r.put("test_ratings", test == null ? 0 : test.size());
      r.put("validation", validation);
      r.put("metric", metric.name());
      r.put("max_iterations", iterations);
      r.put("patience", patience);
      r.put("grid", grid.values());
      r.put("grid_size", grid.size());
      List<Map<String, Object>> trials = new ArrayList<>();
      for (Tuner.Trial t : result.trials()) trials.add(trialReport(t));
      r.put("configurations", trials);
      r.put("best", trialReport(best));
      r.put("best_command", command);
      r.put("refit", refit);
      r.put("threads", nThreads);
      r.put("kernels", k.name());
      Reports.writeJson(r, report);
    }
    return 0;
  }

  /** The grid of the options given; an option not given keeps fit's default (no column). */
  private Grid grid() {
    List<List<String>> lists = List.of(nz(rank), nz(lambda), nz(lambdaBias), nz(learningRate), nz(optimizer), nz(weightDecay), nz(batchSize),
        nz(regScaling), nz(alpha), nz(w0), nz(confidence));
    Map<String, List<String>> values = new LinkedHashMap<>();
    for (int i = 0; i < GRID_OPTIONS.size(); i++) {
      List<String> l = lists.get(i).stream().map(String::trim).toList();
      if (!l.isEmpty()) values.put(GRID_OPTIONS.get(i), l);
    }
    return new Grid(values);
  }

  private static List<String> nz(List<String> l) {
    return l == null ? List.of() : l;
  }

  /** The fit options of a configuration (what --best-config's command line says). */
  private List<String> fitArgs(Map<String, String> settings, int its) {
    List<String> args = new ArrayList<>(List.of("--algorithm", algorithm.toLowerCase(Locale.ROOT)));
    settings.forEach((name, v) -> {
      args.add("--" + name);
      args.add(v);
    });
    args.addAll(List.of("--iterations", Integer.toString(its), "--seed", Long.toString(seed)));
    return args;
  }

  /** A fit command of a configuration, parsed as fit parses it (its defaults and checks). */
  private FitCommand fit(Map<String, String> settings, int its, int nThreads) {
    List<String> args = fitArgs(settings, its);
    args.addAll(List.of("--threads", Integer.toString(nThreads), "--kernels", kernels));
    FitCommand f = new FitCommand();
    try {
      new CommandLine(f).parseArgs(args.toArray(String[]::new));
    } catch (CommandLine.ParameterException e) {
      throw new IllegalArgumentException("configuration " + settings + ": " + e.getMessage());
    }
    return f;
  }

  /** A fit command that only loads and splits the data, with this command's input options. */
  private FitCommand dataCommand() {
    FitCommand f = new FitCommand();
    new CommandLine(f).parseArgs();
    f.input = input;
    f.reading = reading;
    f.duplicates = duplicates;
    f.testFile = testFile;
    f.testFraction = testFraction;
    f.splitSeed = splitSeed;
    f.minRating = minRating;
    if (!(testFraction >= 0 && testFraction < 1)) throw new IllegalArgumentException("--test-fraction = " + testFraction + " must be in [0, 1)");
    return f;
  }

  private static Map<String, Object> trialReport(Tuner.Trial t) {
    Map<String, Object> m = new LinkedHashMap<>(t.settings());
    m.put("score", t.failed() ? null : t.score());
    m.put("best_iteration", t.failed() ? null : t.bestIteration());
    // Lists, not arrays: jackson-jr writes a double[] as an empty object.
    m.put("split_scores", java.util.Arrays.stream(t.splitScores()).boxed().toList());
    m.put("split_best_iterations", java.util.Arrays.stream(t.splitBestIterations()).boxed().toList());
    m.put("seconds", t.seconds());
    if (t.failed()) m.put("error", t.error());
    return m;
  }

  private static String tableLine(List<String> names, String index, java.util.function.Function<String, String> cell, String score,
      String bestIt, String seconds) {
    StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%4s", index));
    for (String n : names) b.append(String.format(Locale.ROOT, " %" + Math.max(n.length(), 8) + "s", cell.apply(n)));
    b.append(String.format(Locale.ROOT, " %10s %7s %8s", score, bestIt, seconds));
    return b.toString();
  }
}
