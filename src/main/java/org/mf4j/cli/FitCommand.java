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
import org.mf4j.api.AdamConfig;
import org.mf4j.api.AlsConfig;
import org.mf4j.api.Confidence;
import org.mf4j.api.LearningRateSchedule;
import org.mf4j.api.LinearSolver;
import org.mf4j.api.PreferenceTarget;
import org.mf4j.api.Ratings;
import org.mf4j.api.RegScaling;
import org.mf4j.api.SgdConfig;
import org.mf4j.api.SvdConfig;
import org.mf4j.api.WalsConfig;
import org.mf4j.data.DuplicatePolicy;
import org.mf4j.data.GeneratorConfig;
import org.mf4j.data.PlantedRatings;
import org.mf4j.data.PlantedRatingsGenerator;
import org.mf4j.data.RatingsReader;
import org.mf4j.data.ReadOptions;
import org.mf4j.data.ReadResult;
import org.mf4j.data.Splits;
import org.mf4j.data.TrainTestSplit;
import org.mf4j.eval.RankingEvaluator;
import org.mf4j.eval.RankingMetrics;
import org.mf4j.serving.ItemScorer;
import org.mf4j.sparse.CsrMatrix;
import org.mf4j.kernel.FmaPeak;
import org.mf4j.kernel.KernelProvider;
import org.mf4j.kernel.Kernels;
import org.mf4j.model.FactorModel;
import org.mf4j.model.ModelFile;
import org.mf4j.solver.TrainingRun;
import org.mf4j.solver.sgd.AdamTrainer;
import org.mf4j.solver.sgd.SgdTrainer;
import org.mf4j.solver.als.AlsTrainer;
import org.mf4j.solver.als.WalsTrainer;
import org.mf4j.solver.svd.ZeroFilledSvd;
import org.mf4j.tune.EarlyStopping;
import org.mf4j.tune.Tuner;
import org.mf4j.tune.ValidationMetric;
import org.mf4j.sparse.CsrMatrix;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mf4j fit}: reads ratings, splits, trains, prints per-iteration RMSE, writes report and model. */
@Command(name = "fit", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Trains a factorization r ≈ u·v by explicit ALS (train and test RMSE per iteration), weighted ALS over all cells"
        + " for implicit feedback (loss and ranking metrics per iteration) or the truncated SVD of the zero-filled matrix (the"
        + " lecture notes' contrast: train and test RMSE and the all-cells loss per power iteration), and prints seconds and"
        + " GFLOP/s per iteration.",
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
  @Mixin InputOptions reading;
  @Option(names = "--duplicates", defaultValue = "last", description = "Duplicate (user, item) pairs: last (default), mean, sum, max, error.")
  String duplicates;

  @Option(names = "--test", paramLabel = "FILE", description = "A given test set (same format as --input); overrides --test-fraction.")
  Path testFile;
  @Option(names = "--test-fraction", defaultValue = "0.1", description = "Random hold-out fraction (default ${DEFAULT-VALUE}); 0 = no test set.")
  double testFraction;
  @Option(names = "--split-seed", defaultValue = "42", description = "Seed of the random hold-out (default ${DEFAULT-VALUE}).")
  long splitSeed;
  @Option(names = "--split", defaultValue = "random", description = "How the test set is held out (without --test): random (default;"
      + " --test-fraction of all ratings), user-fraction (--test-fraction of each user's rows, users with >= --min-user-rows),"
      + " leave-k-out (--leave-out rows of each user), temporal (each user's latest --test-fraction by timestamp).")
  String split;
  @Option(names = "--leave-out", defaultValue = "1", description = "Rows per user held out by --split leave-k-out (default ${DEFAULT-VALUE}).")
  int leaveOut;
  @Option(names = "--min-user-rows", defaultValue = "5", description = "Users with fewer rows keep all in train (user-fraction, temporal; default ${DEFAULT-VALUE}).")
  int minUserRows;
  @Option(names = "--eval-k", split = ",", defaultValue = "10", description = "Cutoffs of the ranking metrics that wals reports per iteration"
      + " on the test set (default ${DEFAULT-VALUE}; e.g. 5,10,20).")
  int[] evalK;

  @Option(names = "--min-rating", paramLabel = "T", description = "Keep only ratings >= T, train and test (explicit ratings turned into"
      + " preferences, e.g. MovieLens >= 4).")
  Float minRating;

  @Option(names = "--algorithm", defaultValue = "als", description = "Training method: als (default; explicit, observed entries only),"
      + " wals (weighted ALS over all cells: implicit feedback), sgd (biased SGD on the observed entries, lock-free parallel) or svd"
      + " (truncated SVD with every unobserved cell an observed 0: the baseline that shows why the observed-entries objective"
      + " generalizes better).")
  String algorithm;
  @Option(names = "--oversampling", description = "svd: sketch columns beyond --rank (default 10).")
  Integer oversampling;
  @Option(names = "--power-iterations", description = "svd: power iterations after the first sketch (default 3); the run prints"
      + " 1 + this many iterations.")
  Integer powerIterations;
  @Option(names = "--solver", defaultValue = "cholesky", description = "Row solver: cholesky (default, exact) or cg (warm-started conjugate gradient).")
  String solver;
  @Option(names = "--cg-steps", defaultValue = "3", description = "CG steps per row and sweep (default ${DEFAULT-VALUE}).")
  int cgSteps;
  @Option(names = "--w0", description = "wals: weight of every unobserved cell (default 1: Hu-Koren-Volinsky; small values: the iALS style; 0: observed only).")
  Double w0;
  @Option(names = "--w0-exponent", defaultValue = "0", description = "wals: unobserved cells of item i weigh w0·f_i^c/mean(f^c), f_i its"
      + " number of entries (popular items not chosen are stronger negatives for c > 0); default 0: the same w0 everywhere.")
  double w0Exponent;
  @Option(names = "--confidence", defaultValue = "linear", description = "wals: observed weight w: linear (default, 1+α·r), log (1+α·log(1+r/ε)),"
      + " frequency (1+α·((n̄_u/n_u)(n̄_i/n_i))^β), column (the input's weight column), constant (1).")
  String confidence;
  @Option(names = "--alpha", description = "wals: α of the confidence (default 4).")
  Double alpha;
  @Option(names = "--epsilon", defaultValue = "1", description = "wals: ε of log confidence (default ${DEFAULT-VALUE}).")
  double epsilon;
  @Option(names = "--frequency-exponent", defaultValue = "0.5", description = "wals: β of frequency confidence (default ${DEFAULT-VALUE}).")
  double frequencyExponent;
  @Option(names = "--target", defaultValue = "one", description = "wals: fit observed cells to one (default; implicit: zeros dropped, negatives"
      + " are dislikes with target 0) or to the value.")
  String target;
  @Option(names = "--optimizer", description = "sgd: adagrad (default: per-rating SGD with η/√G per row, as LIBMF), sgd (plain"
      + " per-rating SGD, --schedule), adam or adamw (mini-batch Adam on the mean squared error; weight decay as in PyTorch).")
  String optimizer;
  @Option(names = "--learning-rate", description = "sgd: learning rate η (default 0.05; adam, adamw: 0.01).")
  Double learningRate;
  @Option(names = "--schedule", description = "sgd: the learning rate of --optimizer sgd: constant (default) or decay (η·γ^epoch);"
      + " adagrad is --optimizer adagrad.")
  String schedule;
  @Option(names = "--weight-decay", description = "adam, adamw: weight decay (default 0): added to the gradient as wd·θ (adam),"
      + " or θ shrunk by lr·wd·θ apart from the adaptive step (adamw).")
  Double weightDecay;
  @Option(names = "--batch-size", description = "adam, adamw: ratings per mini-batch (default 1024).")
  Integer batchSize;
  @Option(names = "--lazy", description = "adam, adamw: step only the rows a mini-batch touched (SparseAdam); default: every row"
      + " every step, as Adam on dense embeddings.")
  boolean lazy;
  @Option(names = "--decay", description = "sgd: γ of --schedule decay (default 0.9).")
  Double decay;
  @Option(names = "--lambda-bias", description = "sgd: λ of the user and item biases (default 0.05).")
  Double lambdaBias;
  @Option(names = "--no-biases", description = "sgd: no global mean and biases (r ≈ u·v).")
  boolean noBiases;
  @Option(names = "--biases", description = "als: learn a user and an item bias around the global mean (penalty --lambda-bias,"
      + " default 1; plain, not count-scaled).")
  boolean alsBiases;
  @Option(names = "--init-std", description = "sgd: standard deviation of the initial factors (default 0.1).")
  Double initStd;
  @Option(names = {"--rank", "-k"}, defaultValue = "10", description = "Number of latent factors K (default ${DEFAULT-VALUE}).")
  int rank;
  @Option(names = "--lambda", description = "Sets both λ_U and λ_V (default 0.1 for als, 10 for wals, 0.05 for sgd).")
  Double lambda;
  @Option(names = "--lambda-u", description = "λ_U, the user penalty.")
  Double lambdaU;
  @Option(names = "--lambda-v", description = "λ_V, the item penalty.")
  Double lambdaV;
  @Option(names = "--reg-scaling", description = "count (als default: λ·n_u, ALS-WR, Spark's convention), none (wals default: plain λ,"
      + " the lecture notes') or frequency (wals: λ·(n_u + w0·N)^ν).")
  String regScaling;
  @Option(names = "--reg-exponent", defaultValue = "1", description = "ν of --reg-scaling frequency (default ${DEFAULT-VALUE}).")
  double regExponent;
  @Option(names = "--iterations", description = "ALS iterations or SGD epochs (default 10; svd: set --power-iterations instead).")
  Integer iterations;
  @Mixin ThreadsOption threads;
  @Option(names = "--seed", defaultValue = "42", description = "Seed of the factor initialization (default ${DEFAULT-VALUE}).")
  long seed;
  @Option(names = "--kernels", defaultValue = "auto", description = "auto (default), panama or scalar; same as -D" + KernelProvider.PROPERTY + ".")
  String kernels;

  @Option(names = "--report", paramLabel = "FILE", description = "Write a JSON report.")
  Path report;
  @Option(names = "--model", paramLabel = "FILE", description = "Write the model (factors, id maps and the training interactions, which 'mf4j recommend' leaves out).")
  Path model;
  @Option(names = "--plot", paramLabel = "FILE.png", description = "Draw the learning curves per iteration as a PNG: train and"
      + " test RMSE (als, sgd), NDCG and recall at the largest --eval-k (wals).")
  Path plot;
  @Option(names = "--quiet", description = "Print only the final line.")
  boolean quiet;
  @Option(names = "--early-stopping", paramLabel = "PATIENCE", description = "Hold out --validation-fraction of the training"
      + " ratings, train on the rest until PATIENCE iterations bring no better validation score (RMSE; wals: NDCG@10) or"
      + " --iterations, then refit on all training ratings for the best iteration count.")
  Integer earlyStopping;
  @Option(names = "--validation-fraction", defaultValue = "0.1", description = "Validation hold-out of --early-stopping (default"
      + " ${DEFAULT-VALUE}; random with --split-seed, wals per user).")
  double validationFraction;
  @Option(names = "--config", paramLabel = "FILE", description = "Read options from a JSON file (as 'mf4j tune --best-config' writes);"
      + " options given on the command line win.")
  Path config;
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  /** The data after loading and splitting, and what the report says about it. */
  record Loaded(Ratings train, Ratings test, long coldTest, String source, Double noiseFloor,
      Map<String, Object> info, double seconds) {}

  /**
   * The trainer chosen on the command line, its settings for the report, its iteration count, whether
   * it is scored by RMSE ({@code explicit}) and also prints its loss, and how it starts a run.
   */
  record Method(String name, String summary, Map<String, Object> settings, int iterations, boolean explicit,
      boolean loss, java.util.function.BiFunction<Ratings, Ratings, TrainingRun> start) {}

  @Override
  public Integer call() throws Exception {
    if (config != null) return ConfigFile.withDefaults(config, spec).call();
    if (!(testFraction >= 0 && testFraction < 1)) throw new IllegalArgumentException("--test-fraction = " + testFraction + " must be in [0, 1)");
    int nThreads = threads.count();
    Kernels k = KernelProvider.forName(kernels);
    Method method = method(nThreads, k);
    int nIterations = method.iterations();
    PrintStream out = System.out;
    // Progress bars only where a person watches: a terminal, and not --quiet.
    boolean bar = !quiet && System.console() != null && System.console().isTerminal();

    Loaded data = load(bar);
    // The yardstick for the GFLOP/s column, measured in this run on as many threads as the fit uses.
    double peak = FmaPeak.measureGflops(nThreads);
    Double floor = method.explicit() ? data.noiseFloor() : null;
    if (!quiet) {
      out.println("data:    " + data.source());
      String how = testFile != null ? " from " + testFile
          : splitKind().equals("leave-k-out") ? String.format(Locale.ROOT, " (leave %d out per user, seed %d)", leaveOut, splitSeed)
          : testFraction > 0 ? String.format(Locale.ROOT, " (%s %.0f%%, seed %d)", splitKind(), testFraction * 100, splitSeed) : "";
      out.printf(Locale.ROOT, "split:   %,d train, %,d test ratings%s (%d cold test ratings left out: user or item not in train)%s; load %.2f s%n",
          data.train().size(), data.test() == null ? 0 : data.test().size(), how, data.coldTest(),
          minRating == null ? "" : String.format(Locale.ROOT, " after keeping ratings >= %s", minRating), data.seconds());
      out.printf(Locale.ROOT, "model:   %s, %d iterations, %d threads, kernels %s%n", method.summary(), nIterations, nThreads, k.name());
      out.printf(Locale.ROOT, "peak:    %.1f GFLOP/s, the FMA peak of this machine on %d threads, measured now%n", peak, nThreads);
    }

    EarlyStopping.Result stopped = null;
    if (earlyStopping != null) {
      stopped = earlyStop(method, data, nThreads, k);
      iterations = stopped.bestIteration(); // the refit below trains exactly that many
      method = method(nThreads, k);
      nIterations = method.iterations();
    }
    List<Map<String, Object>> its = new ArrayList<>();
    double[] seconds = new double[nIterations];
    double flops;
    try (ProgressBar pb = bar ? new ProgressBarBuilder().setTaskName(method.name().toUpperCase(Locale.ROOT)).setInitialMax(nIterations)
        .setStyle(ProgressBarStyle.ASCII).continuousUpdate().build() : null;
         TrainingRun run = method.start().apply(data.train(), data.test());
         RankingEvaluator ranking = method.explicit() || data.test() == null ? null
             : new RankingEvaluator(run.trainByUser(), byUser(data.test(), run.trainByUser()), evalK, nThreads)) {
      flops = run.flopsPerIteration();
      for (int it = 1; it <= nIterations; it++) {
        double sec = run.iterate();
        run.checkFinite(it);
        seconds[it - 1] = sec;
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("iteration", it);
        if (method.explicit()) {
          row.put("train_rmse", run.trainRmse());
          if (data.test() != null) row.put("test_rmse", run.testRmse());
          if (floor != null) row.put("noise_floor", floor);
          if (method.loss()) row.put("loss", run.objective());
        } else {
          row.put("loss", run.objective());
          if (ranking != null) row.putAll(rankingColumns(ranking.evaluate(run.userFactors(), new ItemScorer(k, run.itemFactors()))));
        }
        row.put("seconds", sec);
        row.put("gflops", flops / sec * 1e-9);
        its.add(row);
        if (pb != null) pb.step();
        if (!quiet) printRow(out, row, it == 1);
      }
      double median = median(seconds);
      double gflops = flops / median * 1e-9;
      Map<String, Object> last = its.isEmpty() ? Map.of() : its.get(its.size() - 1);
      try (FactorModel m = run.toModel()) {
        if (model != null) {
          Map<String, String> props = new LinkedHashMap<>();
          props.put("algorithm", method.name());
          method.settings().forEach((key, v) -> props.put(key, String.valueOf(v)));
          props.put("iterations", Integer.toString(nIterations));
          ModelFile.write(m, props, model); // with the seen items
        }
      }
      if (plot != null) {
        List<String> cols = method.explicit() ? List.of("train_rmse", "test_rmse", "noise_floor")
            : List.of("ndcg_at_" + evalK[evalK.length - 1], "recall_at_" + evalK[evalK.length - 1]);
        LearningCurves.write(plot, method.summary(), method.explicit() ? "RMSE" : "ranking metric", its, cols);
      }
      if (report != null) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("algorithm", method.name());
        r.put("input", input == null ? "embedded" : input.toString());
        r.putAll(method.settings());
        r.put("threads", nThreads);
        r.put("kernels", k.name());
        r.put("users", data.train().numUsers());
        r.put("items", data.train().numItems());
        r.put("train_ratings", run.train().size());
        r.put("test_ratings", data.test() == null ? 0 : data.test().size());
        r.put("cold_test_ratings", data.coldTest());
        if (minRating != null) r.put("min_rating", minRating);
        r.put("load_seconds", data.seconds());
        if (!data.info().isEmpty()) r.put("load", data.info());
        if (floor != null) r.put("noise_floor", floor);
        r.put("iterations", its);
        if (stopped != null) {
          Map<String, Object> es = new LinkedHashMap<>();
          es.put("patience", earlyStopping);
          es.put("validation_fraction", validationFraction);
          es.put("metric", method.explicit() ? "rmse" : "ndcg_at_10");
          es.put("best_iteration", stopped.bestIteration());
          es.put("best_validation_score", stopped.bestScore());
          es.put("iterations_run", stopped.iterationsRun());
          es.put("validation_scores", java.util.Arrays.stream(stopped.scores()).boxed().toList());
          r.put("early_stopping", es);
        }
        last.forEach((key, v) -> {
          if (!key.equals("iteration") && !key.equals("seconds") && !key.equals("gflops") && !key.equals("noise_floor")) r.put(key, v);
        });
        r.put("seconds_per_iteration_median", median);
        r.put("flops_per_iteration", flops);
        r.put("gflops_at_median", its.isEmpty() ? null : gflops);
        r.put("fma_peak_gflops", peak);
        r.put("fraction_of_peak", its.isEmpty() ? null : gflops / peak);
        r.put("java", Runtime.version().toString());
        r.put("cpu_cores", Runtime.getRuntime().availableProcessors());
        Reports.writeJson(r, report);
      }
      StringBuilder fin = new StringBuilder("final:");
      last.forEach((key, v) -> {
        if (!key.equals("iteration") && !key.equals("seconds") && !key.equals("gflops")) {
          fin.append(' ').append(key).append(' ').append(format(v)).append(',');
        }
      });
      out.printf(Locale.ROOT, "%s median %.3f s per iteration = %.1f GFLOP/s = %.0f%% of the FMA peak%s%s%n", fin, median, gflops,
          100 * gflops / peak, model != null ? "; model " + model : "", report != null ? "; report " + report : "");
    }
    return 0;
  }

  /** Builds the chosen trainer from the options, rejecting options that do not apply to it. */
  Method method(int nThreads, Kernels k) {
    String algo = algorithm.toLowerCase(Locale.ROOT);
    LinearSolver linear = parseEnum(LinearSolver.class, solver, "--solver");
    Map<String, Object> settings = new LinkedHashMap<>();
    if (!algo.equals("svd") && (oversampling != null || powerIterations != null)) {
      throw new IllegalArgumentException("--oversampling and --power-iterations apply to --algorithm svd only");
    }
    int its = iterations != null ? iterations : 10;
    switch (algo) {
      case "als" -> {
        if (w0 != null || alpha != null) throw new IllegalArgumentException("--w0 and --alpha apply to --algorithm wals only");
        rejectSgdOptions(alsBiases);
        double lb = lambdaBias != null ? lambdaBias : 1.0;
        double lu = lambdaU != null ? lambdaU : lambda != null ? lambda : 0.1;
        double lv = lambdaV != null ? lambdaV : lambda != null ? lambda : 0.1;
        RegScaling scaling = parseEnum(RegScaling.class, regScaling == null ? "count" : regScaling, "--reg-scaling");
        AlsConfig c = new AlsConfig(rank, lu, lv, scaling, its, nThreads, seed, linear, cgSteps, alsBiases, lb);
        settings.putAll(c.settings());
        String summary = String.format(Locale.ROOT, "ALS rank %d, λ_U %s, λ_V %s, reg scaling %s, solver %s%s", rank, lu, lv, lower(scaling),
            linear == LinearSolver.CG ? "cg (" + cgSteps + " steps)" : "cholesky", alsBiases ? ", biases (λ_b " + lb + ")" : "");
        return new Method("als", summary, settings, its, true, false, (train, test) -> new AlsTrainer(c, k).start(train, test));
      }
      case "wals" -> {
        rejectSgdOptions(false);
        if (alsBiases) throw new IllegalArgumentException("--biases applies to --algorithm als (sgd has biases unless --no-biases)");
        double lu = lambdaU != null ? lambdaU : lambda != null ? lambda : 10;
        double lv = lambdaV != null ? lambdaV : lambda != null ? lambda : 10;
        RegScaling scaling = parseEnum(RegScaling.class, regScaling == null ? "none" : regScaling, "--reg-scaling");
        Confidence conf = parseEnum(Confidence.class, confidence, "--confidence");
        PreferenceTarget tgt = parseEnum(PreferenceTarget.class, target, "--target");
        double unobserved = w0 != null ? w0 : 1.0, a = alpha != null ? alpha : 4.0;
        WalsConfig c = new WalsConfig(rank, lu, lv, scaling, regExponent, unobserved, w0Exponent, conf, a, epsilon, frequencyExponent, tgt,
            linear, cgSteps, its, nThreads, seed);
        settings.putAll(c.settings());
        String summary = String.format(Locale.ROOT, "WALS rank %d, λ_U %s, λ_V %s, reg scaling %s, w0 %s, confidence %s (α %s), target %s, solver %s",
            rank, lu, lv, lower(scaling), unobserved, lower(conf), a, lower(tgt), linear == LinearSolver.CG ? "cg (" + cgSteps + " steps)" : "cholesky");
        return new Method("wals", summary, settings, its, false, true, (train, test) -> new WalsTrainer(c, k).start(train));
      }
      case "sgd" -> {
        if (w0 != null || alpha != null) throw new IllegalArgumentException("--w0 and --alpha apply to --algorithm wals only");
        if (alsBiases) throw new IllegalArgumentException("--biases applies to --algorithm als (sgd has biases unless --no-biases)");
        if (regScaling != null) throw new IllegalArgumentException("--reg-scaling applies to als and wals; sgd's λ acts at every update of a row");
        String opt = (optimizer != null ? optimizer : schedule != null && !schedule.equalsIgnoreCase("adagrad") ? "sgd" : "adagrad")
            .toLowerCase(Locale.ROOT);
        double std = initStd != null ? initStd : 0.1;
        settings.put("rank", rank);
        settings.put("optimizer", opt);
        if (opt.equals("adam") || opt.equals("adamw")) {
          if (lambda != null || lambdaU != null || lambdaV != null || lambdaBias != null || schedule != null || decay != null) {
            throw new IllegalArgumentException("--optimizer " + opt + " is regularized by --weight-decay: --lambda*, --schedule and --decay do not apply");
          }
          double lr = learningRate != null ? learningRate : 0.01, wd = weightDecay != null ? weightDecay : 0;
          AdamConfig c = new AdamConfig(rank, lr, 0.9, 0.999, 1e-8, wd, opt.equals("adamw"), lazy, batchSize != null ? batchSize : 1024,
              !noBiases, std, its, nThreads, seed);
          settings.put("learning_rate", lr);
          settings.put("weight_decay", wd);
          settings.put("batch_size", c.batchSize());
          settings.put("lazy", lazy);
          settings.put("biases", !noBiases);
          settings.put("init_std", std);
          settings.put("seed", seed);
          String summary = String.format(Locale.ROOT, "%s rank %d, lr %s, weight decay %s, batches of %d, %s updates, %s", opt.equals("adamw") ? "AdamW" : "Adam",
              rank, lr, wd, c.batchSize(), lazy ? "lazy" : "dense", noBiases ? "no biases" : "biases");
          return new Method(opt, summary, settings, its, true, false, (train, test) -> new AdamTrainer(c, k).start(train, test));
        }
        if (weightDecay != null || batchSize != null || lazy) {
          throw new IllegalArgumentException("--weight-decay, --batch-size and --lazy apply to --optimizer adam and adamw");
        }
        LearningRateSchedule sched = switch (opt) {
          case "adagrad" -> {
            if (schedule != null && !schedule.equalsIgnoreCase("adagrad")) {
              throw new IllegalArgumentException("--schedule " + schedule + " applies to --optimizer sgd; adagrad sets its own rates");
            }
            yield LearningRateSchedule.ADAGRAD;
          }
          case "sgd" -> {
            LearningRateSchedule ls = parseEnum(LearningRateSchedule.class, schedule == null ? "constant" : schedule, "--schedule");
            if (ls == LearningRateSchedule.ADAGRAD) throw new IllegalArgumentException("--schedule adagrad is --optimizer adagrad");
            yield ls;
          }
          default -> throw new IllegalArgumentException("--optimizer '" + optimizer + "' is not one of sgd, adagrad, adam, adamw");
        };
        double lu = lambdaU != null ? lambdaU : lambda != null ? lambda : 0.05;
        double lv = lambdaV != null ? lambdaV : lambda != null ? lambda : 0.05;
        double lb = lambdaBias != null ? lambdaBias : 0.05;
        double lr = learningRate != null ? learningRate : 0.05, gamma = decay != null ? decay : 0.9;
        SgdConfig c = new SgdConfig(rank, lu, lv, lb, lr, sched, gamma, !noBiases, std, its, nThreads, seed);
        settings.put("lambda_u", lu);
        settings.put("lambda_v", lv);
        settings.put("lambda_bias", lb);
        settings.put("biases", !noBiases);
        settings.put("learning_rate", lr);
        settings.put("schedule", lower(sched));
        if (sched == LearningRateSchedule.DECAY) settings.put("decay", gamma);
        settings.put("init_std", std);
        settings.put("seed", seed);
        String summary = String.format(Locale.ROOT, "SGD rank %d, λ_U %s, λ_V %s, λ_b %s, η %s (%s), %s", rank, lu, lv, lb, lr, lower(sched),
            noBiases ? "no biases" : "biases");
        return new Method("sgd", summary, settings, its, true, false, (train, test) -> new SgdTrainer(c, k).start(train, test));
      }
      case "svd" -> {
        rejectSgdOptions(false);
        if (alsBiases) throw new IllegalArgumentException("--biases applies to --algorithm als (sgd has biases unless --no-biases)");
        if (w0 != null || alpha != null) throw new IllegalArgumentException("--w0 and --alpha apply to --algorithm wals only");
        if (lambda != null || lambdaU != null || lambdaV != null || regScaling != null) {
          throw new IllegalArgumentException("--algorithm svd has no regularization: --lambda, --lambda-u, --lambda-v and --reg-scaling do not apply");
        }
        if (linear != LinearSolver.CHOLESKY) throw new IllegalArgumentException("--solver " + solver + " does not apply to --algorithm svd (no row solves)");
        if (iterations != null) {
          throw new IllegalArgumentException("--iterations does not apply to --algorithm svd: it runs 1 + --power-iterations iterations");
        }
        SvdConfig c = new SvdConfig(rank, oversampling != null ? oversampling : 10, powerIterations != null ? powerIterations : 3,
            nThreads, seed);
        settings.put("rank", rank);
        settings.put("oversampling", c.oversampling());
        settings.put("power_iterations", c.powerIterations());
        settings.put("seed", seed);
        String summary = String.format(Locale.ROOT, "zero-filled SVD rank %d (randomized: oversampling %d, %d power iterations)",
            rank, c.oversampling(), c.powerIterations());
        return new Method("svd", summary, settings, c.iterations(), true, true, (train, test) -> new ZeroFilledSvd(c, k).start(train, test));
      }
      default -> throw new IllegalArgumentException("--algorithm '" + algorithm + "' is not one of als, wals, sgd, svd");
    }
  }

  /**
   * Trains on the training split less a validation hold-out until the validation score stops improving;
   * the caller refits on the whole training split for the best iteration count.
   */
  private EarlyStopping.Result earlyStop(Method method, Loaded data, int nThreads, Kernels k) {
    if (method.name().equals("svd")) throw new IllegalArgumentException("--early-stopping does not apply to --algorithm svd");
    if (earlyStopping < 1) throw new IllegalArgumentException("--early-stopping = " + earlyStopping + " must be >= 1");
    TrainTestSplit v = Tuner.holdOut(data.train(), validationFraction, splitSeed, !method.explicit());
    ValidationMetric metric = method.explicit() ? ValidationMetric.rmse() : ValidationMetric.ndcg(10, k, nThreads);
    EarlyStopping.Result r;
    try (TrainingRun run = method.start().apply(v.train(), v.test())) {
      r = new EarlyStopping(earlyStopping, method.iterations()).run(run, v.test(), metric);
    }
    if (!quiet) {
      System.out.printf(Locale.ROOT, "early:   %,d train, %,d validation ratings; best %s %.4f at iteration %d of %d run (patience %d);"
          + " refit on all training ratings for %d iterations%n", v.train().size(), v.test().size(), metric.name(), r.bestScore(),
          r.bestIteration(), r.iterationsRun(), earlyStopping, r.bestIteration());
    }
    return r;
  }

  /** Rejects the sgd-only options ({@code --lambda-bias} is allowed where biases are: als --biases). */
  private void rejectSgdOptions(boolean allowLambdaBias) {
    if (optimizer != null || learningRate != null || schedule != null || decay != null || (lambdaBias != null && !allowLambdaBias)
        || noBiases || initStd != null
        || weightDecay != null || batchSize != null || lazy) {
      throw new IllegalArgumentException("--optimizer, --learning-rate, --schedule, --decay, --lambda-bias, --no-biases, --init-std,"
          + " --weight-decay, --batch-size and --lazy apply to --algorithm sgd only");
    }
  }

  /** The test interactions as CSR by user, in the training matrix's shape. */
  private static CsrMatrix byUser(Ratings test, CsrMatrix train) {
    return CsrMatrix.build(train.rows(), train.numCols(), test.users(), test.items(), test.values(), test.size());
  }

  /** The metrics per cutoff (no counts), in the order the report lists them. */
  private static Map<String, Object> rankingColumns(List<RankingMetrics> metrics) {
    Map<String, Object> all = RankingMetrics.toReport(metrics), cols = new LinkedHashMap<>();
    all.forEach((key, v) -> {
      if (!key.equals("users_evaluated") && !key.equals("test_interactions") && !key.equals("auc_users")) {
        cols.put(key, v == null ? Double.NaN : v);
      }
    });
    return cols;
  }

  private static String lower(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  private static String format(Object v) {
    return v instanceof Double d ? String.format(Locale.ROOT, "%.4f", d) : String.valueOf(v);
  }

  /** One line of the per-iteration table (with a header line first). */
  private static void printRow(PrintStream out, Map<String, Object> row, boolean header) {
    StringBuilder h = new StringBuilder(), line = new StringBuilder();
    for (Map.Entry<String, Object> e : row.entrySet()) {
      String key = e.getKey().equals("iteration") ? "iter" : e.getKey().equals("gflops") ? "GFLOP/s" : e.getKey();
      int width = Math.max(key.length(), e.getKey().equals("iteration") ? 4 : 9);
      h.append(String.format(Locale.ROOT, "%" + width + "s ", key));
      Object v = e.getValue();
      String text = v instanceof Double d
          ? String.format(Locale.ROOT, e.getKey().equals("gflops") ? "%.1f" : e.getKey().equals("seconds") ? "%.3f" : "%.4f", d)
          : String.valueOf(v);
      line.append(String.format(Locale.ROOT, "%" + width + "s ", text));
    }
    if (header) out.println(h.toString().stripTrailing());
    out.println(line.toString().stripTrailing());
  }

  /** Reads (or generates) the ratings and splits them, with a progress bar on a terminal. */
  Loaded load(boolean bar) throws java.io.IOException {
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
        all = rr.weights() == null ? rr.ratings() : rr.ratings().withWeights(rr.weights());
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
          : testFraction <= 0 && !splitKind().equals("leave-k-out")
              ? new TrainTestSplit(all, new Ratings(new int[0], new int[0], new float[0], null, 0, all.userIds(), all.itemIds()), 0)
          : switch (splitKind()) {
              case "random" -> Splits.random(all, testFraction, splitSeed);
              case "user-fraction" -> Splits.perUserFraction(all, testFraction, minUserRows, splitSeed);
              case "leave-k-out" -> Splits.leaveKOut(all, leaveOut, splitSeed);
              case "temporal" -> Splits.temporal(all, testFraction, minUserRows);
              default -> throw new IllegalArgumentException("--split '" + this.split + "' is not one of random, user-fraction, leave-k-out, temporal");
            };
      Ratings train = split.train(), test = split.test().size() == 0 ? null : split.test();
      if (minRating != null) {
        train = train.atLeast(minRating);
        if (test != null) test = test.atLeast(minRating);
      }
      return new Loaded(train, test, split.coldDropped(), source, noiseFloor, info, (System.nanoTime() - t0) * 1e-9);
    } finally {
      if (loadBar != null) loadBar.close();
    }
  }

  static double median(double[] x) {
    if (x.length == 0) return Double.NaN;
    double[] s = x.clone();
    java.util.Arrays.sort(s);
    int h = s.length / 2;
    return s.length % 2 == 1 ? s[h] : (s[h - 1] + s[h]) / 2;
  }

  private ReadOptions readOptions() {
    // Timestamps only for a temporal split: not keeping them saves memory and about a third of the load time.
    return reading.readOptions().withDuplicates(parseEnum(DuplicatePolicy.class, duplicates, "--duplicates"))
        .withTimestamps(testFile == null && splitKind().equals("temporal"));
  }

  private String splitKind() {
    return split.toLowerCase(Locale.ROOT);
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
