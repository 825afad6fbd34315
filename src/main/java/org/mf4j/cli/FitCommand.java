package org.mf4j.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.mf4j.api.AlsConfig;
import org.mf4j.api.IterationStats;
import org.mf4j.api.Ratings;
import org.mf4j.api.RegScaling;
import org.mf4j.data.DuplicatePolicy;
import org.mf4j.data.GeneratorConfig;
import org.mf4j.data.PlantedRatings;
import org.mf4j.data.PlantedRatingsGenerator;
import org.mf4j.data.RatingFormat;
import org.mf4j.data.RatingsReader;
import org.mf4j.data.ReadOptions;
import org.mf4j.data.ReadResult;
import org.mf4j.data.Splits;
import org.mf4j.data.TrainTestSplit;
import org.mf4j.kernel.FmaPeak;
import org.mf4j.kernel.KernelProvider;
import org.mf4j.kernel.Kernels;
import org.mf4j.model.FactorModel;
import org.mf4j.model.ModelFile;
import org.mf4j.solver.als.AlsTrainer;
import org.mf4j.sparse.CsrMatrix;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mf4j fit}: reads ratings, splits, trains, prints per-iteration RMSE, writes report and model. */
@Command(name = "fit", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Trains a factorization r ≈ u·v by explicit ALS and prints, per iteration, train RMSE, test RMSE and seconds.",
        "Without --input it trains on an embedded planted data set (generated on the fly, nothing downloaded) and"
            + " prints its noise floor, the RMSE a perfect model would reach."})
final class FitCommand implements Callable<Integer> {
  /**
   * The embedded data set: planted rank 8 plus user and item biases, which a rank-10 model (the
   * default) can represent exactly (a bias takes one factor dimension), with ~100 ratings per user so
   * that the test RMSE can come close to the noise floor.
   */
  static final GeneratorConfig EMBEDDED = GeneratorConfig.DEFAULT.withSize(3_000, 1_500, 300_000).withRank(8);

  @Option(names = "--input", paramLabel = "FILE", description = "Ratings file (.gz/.xz read transparently). Default: the embedded planted data set.")
  Path input;
  @Option(names = "--format", defaultValue = "auto", description = "auto (default), movielens-100k, movielens-dat, movielens-csv, netflix, delimited.")
  String format;
  @Option(names = "--delimiter", description = "Field delimiter for --format delimited: a string, \\t, or 'whitespace'.")
  String delimiter;
  @Option(names = "--columns", description = "Column order, e.g. user,item,rating[,timestamp]; 'skip' ignores a column.")
  String columns;
  @Option(names = "--header", description = "yes, no or auto (default): whether the first line is a header.")
  String header;
  @Option(names = "--duplicates", defaultValue = "last", description = "Duplicate (user, item) pairs: last (default), mean, sum, max, error.")
  String duplicates;
  @Option(names = "--skip-invalid", description = "Count and report bad lines instead of stopping at the first.")
  boolean skipInvalid;

  @Option(names = "--test", paramLabel = "FILE", description = "A given test set (same format as --input); overrides --test-fraction.")
  Path testFile;
  @Option(names = "--test-fraction", defaultValue = "0.1", description = "Random hold-out fraction (default ${DEFAULT-VALUE}); 0 = no test set.")
  double testFraction;
  @Option(names = "--split-seed", defaultValue = "42", description = "Seed of the random hold-out (default ${DEFAULT-VALUE}).")
  long splitSeed;

  @Option(names = "--algorithm", defaultValue = "als", description = "Training method: als (default).")
  String algorithm;
  @Option(names = {"--rank", "-k"}, defaultValue = "10", description = "Number of latent factors K (default ${DEFAULT-VALUE}).")
  int rank;
  @Option(names = "--lambda", description = "Sets both λ_U and λ_V (default 0.1).")
  Double lambda;
  @Option(names = "--lambda-u", description = "λ_U, the user penalty.")
  Double lambdaU;
  @Option(names = "--lambda-v", description = "λ_V, the item penalty.")
  Double lambdaV;
  @Option(names = "--reg-scaling", defaultValue = "count", description = "count (default: λ·n_u, ALS-WR, Spark's convention) or none (plain λ, the lecture notes').")
  String regScaling;
  @Option(names = "--iterations", defaultValue = "10", description = "ALS iterations (default ${DEFAULT-VALUE}).")
  int iterations;
  @Option(names = "--threads", description = "Worker threads (default: all cores).")
  Integer threads;
  @Option(names = "--seed", defaultValue = "42", description = "Seed of the factor initialization (default ${DEFAULT-VALUE}).")
  long seed;
  @Option(names = "--kernels", defaultValue = "auto", description = "auto (default), panama or scalar; same as -D" + KernelProvider.PROPERTY + ".")
  String kernels;

  @Option(names = "--report", paramLabel = "FILE", description = "Write a JSON report.")
  Path report;
  @Option(names = "--model", paramLabel = "FILE", description = "Write the model (factors, id maps and the training interactions, which 'mf4j recommend' leaves out).")
  Path model;
  @Option(names = "--quiet", description = "Print only the final line.")
  boolean quiet;

  /** The data after loading and splitting, and what the report says about it. */
  private record Loaded(Ratings train, Ratings test, long coldTest, String source, Double noiseFloor,
      Map<String, Object> info, double seconds) {}

  @Override
  public Integer call() throws Exception {
    if (!"als".equals(algorithm.toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException("--algorithm '" + algorithm + "' is not supported (available: als)");
    }
    double lu = lambdaU != null ? lambdaU : lambda != null ? lambda : 0.1;
    double lv = lambdaV != null ? lambdaV : lambda != null ? lambda : 0.1;
    RegScaling scaling = parseEnum(RegScaling.class, regScaling, "--reg-scaling");
    int nThreads = threads != null ? threads : Runtime.getRuntime().availableProcessors();
    AlsConfig config = new AlsConfig(rank, lu, lv, scaling, iterations, nThreads, seed);
    if (!(testFraction >= 0 && testFraction < 1)) throw new IllegalArgumentException("--test-fraction = " + testFraction + " must be in [0, 1)");
    Kernels k = KernelProvider.forName(kernels);
    PrintStream out = System.out;
    // Progress bars only where a person watches: a terminal, and not --quiet.
    boolean bar = !quiet && System.console() != null && System.console().isTerminal();

    Loaded data = load(bar);
    // The yardstick for the GFLOP/s column, measured in this run on as many threads as the fit uses.
    double peak = FmaPeak.measureGflops(nThreads);
    Double floor = data.noiseFloor();
    if (!quiet) {
      out.println("data:    " + data.source());
      String how = testFile != null ? " from " + testFile
          : testFraction > 0 ? String.format(Locale.ROOT, " (random %.0f%%, seed %d)", testFraction * 100, splitSeed) : "";
      out.printf(Locale.ROOT, "split:   %,d train, %,d test ratings%s (%d cold test ratings left out: user or item not in train); load %.2f s%n",
          data.train().size(), data.test() == null ? 0 : data.test().size(), how, data.coldTest(), data.seconds());
      out.printf(Locale.ROOT, "model:   ALS rank %d, λ_U %s, λ_V %s, reg scaling %s, %d iterations, %d threads, kernels %s%n",
          rank, lu, lv, scaling.name().toLowerCase(Locale.ROOT), iterations, nThreads, k.name());
      out.printf(Locale.ROOT, "peak:    %.1f GFLOP/s, the FMA peak of this machine on %d threads, measured now%n", peak, nThreads);
      out.println(floor != null
          ? String.format(Locale.ROOT, "%4s %11s %11s %12s %9s %9s", "iter", "train_rmse", "test_rmse", "noise_floor", "seconds", "GFLOP/s")
          : String.format(Locale.ROOT, "%4s %11s %11s %9s %9s", "iter", "train_rmse", "test_rmse", "seconds", "GFLOP/s"));
    }

    List<IterationStats> its = new ArrayList<>();
    try (ProgressBar pb = bar ? new ProgressBarBuilder().setTaskName("ALS").setInitialMax(iterations)
        .setStyle(ProgressBarStyle.ASCII).continuousUpdate().build() : null;
         FactorModel m = new AlsTrainer(config, k).fit(data.train(), data.test(), s -> {
           its.add(s);
           if (pb != null) pb.step();
           if (!quiet) {
             double gf = s.flops() / s.seconds() * 1e-9;
             out.println(floor != null
                 ? String.format(Locale.ROOT, "%4d %11.4f %11.4f %12.4f %9.3f %9.1f", s.iteration(), s.trainRmse(), s.testRmse(), floor, s.seconds(), gf)
                 : String.format(Locale.ROOT, "%4d %11.4f %11.4f %9.3f %9.1f", s.iteration(), s.trainRmse(), s.testRmse(), s.seconds(), gf));
           }
         })) {
      double median = median(its.stream().mapToDouble(IterationStats::seconds).toArray());
      double gflops = its.isEmpty() ? Double.NaN : its.get(0).flops() / median * 1e-9;
      IterationStats last = its.isEmpty() ? null : its.get(its.size() - 1);
      double finalTrain = last == null ? Double.NaN : last.trainRmse();
      double finalTest = last == null ? Double.NaN : last.testRmse();
      if (model != null) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("rank", Integer.toString(rank));
        props.put("lambda_u", Double.toString(lu));
        props.put("lambda_v", Double.toString(lv));
        props.put("reg_scaling", scaling.name().toLowerCase(Locale.ROOT));
        props.put("iterations", Integer.toString(iterations));
        props.put("seed", Long.toString(seed));
        Ratings t = data.train();
        CsrMatrix seen = CsrMatrix.build(t.numUsers(), t.numItems(), t.users(), t.items(), t.values(), t.size());
        ModelFile.write(m, seen, props, model);
      }
      if (report != null) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("algorithm", "als");
        r.put("input", input == null ? "embedded" : input.toString());
        r.put("rank", rank);
        r.put("lambda_u", lu);
        r.put("lambda_v", lv);
        r.put("reg_scaling", scaling.name().toLowerCase(Locale.ROOT));
        r.put("threads", nThreads);
        r.put("kernels", k.name());
        r.put("seed", seed);
        r.put("users", data.train().numUsers());
        r.put("items", data.train().numItems());
        r.put("train_ratings", data.train().size());
        r.put("test_ratings", data.test() == null ? 0 : data.test().size());
        r.put("cold_test_ratings", data.coldTest());
        r.put("load_seconds", data.seconds());
        if (!data.info().isEmpty()) r.put("load", data.info());
        if (floor != null) r.put("noise_floor", floor);
        r.put("iterations", iterationList(its));
        r.put("train_rmse", finalTrain);
        r.put("test_rmse", Double.isNaN(finalTest) ? null : finalTest);
        r.put("seconds_per_iteration_median", median);
        r.put("flops_per_iteration", its.isEmpty() ? null : its.get(0).flops());
        r.put("gflops_at_median", its.isEmpty() ? null : gflops);
        r.put("fma_peak_gflops", peak);
        r.put("fraction_of_peak", its.isEmpty() ? null : gflops / peak);
        r.put("java", Runtime.version().toString());
        r.put("cpu_cores", Runtime.getRuntime().availableProcessors());
        Reports.writeJson(r, report);
      }
      out.printf(Locale.ROOT, "final: train RMSE %.4f, test RMSE %s%s; median %.3f s per iteration = %.1f GFLOP/s = %.0f%% of the FMA peak%s%s%n", finalTrain,
          Double.isNaN(finalTest) ? "n/a" : String.format(Locale.ROOT, "%.4f", finalTest),
          floor != null ? String.format(Locale.ROOT, " (noise floor %.4f)", floor) : "", median, gflops, 100 * gflops / peak,
          model != null ? "; model " + model : "", report != null ? "; report " + report : "");
    }
    return 0;
  }

  /** Reads (or generates) the ratings and splits them, with a progress bar on a terminal. */
  private Loaded load(boolean bar) throws java.io.IOException {
    long t0 = System.nanoTime();
    ProgressBar loadBar = bar && input != null ? new ProgressBarBuilder().setTaskName("load " + input.getFileName())
        .setInitialMax(-1).setStyle(ProgressBarStyle.ASCII).continuousUpdate().build() : null;
    try {
      String source;
      Double noiseFloor = null;
      Map<String, Object> info = new LinkedHashMap<>();
      Ratings all;
      if (input == null) {
        GeneratorConfig g = EMBEDDED;
        PlantedRatings planted = PlantedRatingsGenerator.generate(g);
        all = planted.ratings();
        noiseFloor = planted.noiseFloor();
        source = String.format(Locale.ROOT, "embedded planted data (%,d users, %,d items, %,d ratings, rank %d, noise σ %.2f, %s)",
            g.users(), g.items(), all.size(), g.rank(), g.noiseSigma(), g.scale());
      } else {
        ReadResult rr = RatingsReader.read(input, readOptions());
        all = rr.ratings();
        source = input + ": " + rr.summary();
        info.put("format", rr.format());
        info.put("lines", rr.lines());
        info.put("invalid_lines", rr.invalidLines());
        info.put("duplicate_rows", rr.duplicateRows());
        info.put("duplicate_pairs", rr.duplicatePairs());
        info.put("duplicate_policy", rr.duplicatePolicy().name().toLowerCase(Locale.ROOT));
        if (!rr.invalidSamples().isEmpty()) info.put("invalid_samples", rr.invalidSamples().stream().map(Object::toString).toList());
      }
      TrainTestSplit split = testFile != null ? Splits.givenTest(all, testFile, readOptions())
          : testFraction > 0 ? Splits.random(all, testFraction, splitSeed)
          : new TrainTestSplit(all, new Ratings(new int[0], new int[0], new float[0], null, 0, all.userIds(), all.itemIds()), 0);
      Ratings test = split.test().size() == 0 ? null : split.test();
      return new Loaded(split.train(), test, split.coldDropped(), source, noiseFloor, info, (System.nanoTime() - t0) * 1e-9);
    } finally {
      if (loadBar != null) loadBar.close();
    }
  }

  private static List<Map<String, Object>> iterationList(List<IterationStats> its) {
    List<Map<String, Object>> list = new ArrayList<>();
    for (IterationStats s : its) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("iteration", s.iteration());
      e.put("seconds", s.seconds());
      e.put("train_rmse", s.trainRmse());
      e.put("test_rmse", Double.isNaN(s.testRmse()) ? null : s.testRmse());
      e.put("gflops", s.flops() / s.seconds() * 1e-9);
      list.add(e);
    }
    return list;
  }

  static double median(double[] x) {
    if (x.length == 0) return Double.NaN;
    double[] s = x.clone();
    java.util.Arrays.sort(s);
    int h = s.length / 2;
    return s.length % 2 == 1 ? s[h] : (s[h - 1] + s[h]) / 2;
  }

  private ReadOptions readOptions() {
    ReadOptions o = ReadOptions.DEFAULT.withFormat(parseEnum(RatingFormat.class, format, "--format"));
    if (delimiter != null) o = o.withDelimiter(delimiter);
    if (columns != null) o = o.withColumns(columns);
    if (header != null) {
      o = o.withHeader(switch (header.toLowerCase(Locale.ROOT)) {
        case "yes", "true", "present" -> ReadOptions.Header.PRESENT;
        case "no", "false", "absent" -> ReadOptions.Header.ABSENT;
        case "auto" -> ReadOptions.Header.AUTO;
        default -> throw new IllegalArgumentException("--header '" + header + "' is not one of yes, no, auto");
      });
    }
    o = o.withDuplicates(parseEnum(DuplicatePolicy.class, duplicates, "--duplicates"));
    // fit splits at random or by a given file, never by time: parsing timestamps but not keeping them
    // saves memory and about a third of the load time.
    return o.withSkipInvalid(skipInvalid).withTimestamps(false);
  }

  static <E extends Enum<E>> E parseEnum(Class<E> type, String text, String option) {
    for (E e : type.getEnumConstants()) {
      if (e.name().equalsIgnoreCase(text.trim().replace('-', '_'))) return e;
    }
    List<String> names = new ArrayList<>();
    for (E e : type.getEnumConstants()) names.add(e.name().toLowerCase(Locale.ROOT).replace('_', '-'));
    throw new IllegalArgumentException(option + " '" + text + "' is not one of " + String.join(", ", names));
  }
}
