package org.mf4j.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.IntFunction;
import org.mf4j.api.AlsConfig;
import org.mf4j.api.LinearSolver;
import org.mf4j.api.Ratings;
import org.mf4j.api.SgdConfig;
import org.mf4j.api.WalsConfig;
import org.mf4j.data.GeneratorConfig;
import org.mf4j.data.PlantedRatingsGenerator;
import org.mf4j.data.ReadResult;
import org.mf4j.data.RatingsReader;
import org.mf4j.kernel.FmaPeak;
import org.mf4j.kernel.KernelProvider;
import org.mf4j.kernel.Kernels;
import org.mf4j.kernel.ScalarKernels;
import org.mf4j.solver.TrainingRun;
import org.mf4j.solver.als.AlsTrainer;
import org.mf4j.solver.als.WalsTrainer;
import org.mf4j.solver.sgd.SgdTrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mf4j bench}: how fast this machine runs mf4j, and how close to what it can do: the FMA peak (one
 * core and all), memory bandwidth, every kernel at several K (scalar and Vector API, GFLOP/s and % of the
 * one-core peak), seconds per iteration of ALS, WALS (Cholesky and CG) and SGD on generated data on one
 * thread and on all (with the scaling efficiency), and ingest speed. Writes report.json (for
 * {@code mf4j bench compare}), report.md and PNG charts.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false, subcommands = BenchCompareCommand.class,
    description = {"Measures this machine's FMA peak and memory bandwidth, mf4j's kernels (scalar and Vector API) at several K,"
        + " seconds per iteration of its solvers on generated data on 1 thread and on all, and ingest throughput;"
        + " writes report.json, report.md, kernels.png and scaling.png into --out.",
        "The default run takes about 10 minutes on 2 cores, --quick about 1. 'mf4j bench compare a.json b.json' sets reports side by side."})
final class BenchCommand implements Callable<Integer> {
  @Option(names = "--out", defaultValue = "bench-report", paramLabel = "DIR", description = "Directory for the report (default ${DEFAULT-VALUE}).")
  Path out;
  @Option(names = "--quick", description = "A 1-minute run: fewer K, shorter samples, a smaller data set.")
  boolean quick;
  @Option(names = "--ks", split = ",", paramLabel = "K", description = "Ranks for the kernels (default 16,32,64,128,256; --quick 16,64).")
  int[] ks;
  @Option(names = "--rank", defaultValue = "64", description = "Rank K of the solver runs (default ${DEFAULT-VALUE}).")
  int rank;
  @Option(names = "--scale", paramLabel = "F", description = "Size of the generated data as a fraction of MovieLens-10M's shape"
      + " (69,878 users, 10,677 items, 9.23 M ratings; default 1, --quick 0.03).")
  Double scale;
  @Option(names = "--iterations", paramLabel = "N", description = "Timed iterations per solver and thread count, after one untimed (default 2; --quick 1).")
  Integer iterations;
  @Option(names = "--threads", paramLabel = "N", description = "The 'all threads' count (default: all cores).")
  Integer threads;
  @Option(names = "--sections", split = ",", paramLabel = "S",
      description = "Parts to run: peak, bandwidth, kernels, solvers, ingest (default all; peak is always measured).")
  List<String> sections;
  @Option(names = "--seed", defaultValue = "42", description = "Seed of the generated data (default ${DEFAULT-VALUE}).")
  long seed;
  @Option(names = "--compare", paramLabel = "spark", description = "Also run Spark MLlib's ALS on a 90/10 split of the same data (same rank,"
      + " count-scaled λ, iterations and threads) and report both; needs the spark/ module built (cd spark && ../build -f pom.xml package).")
  String compare;
  @Option(names = "--spark-home", defaultValue = "spark", paramLabel = "DIR", description = "The spark/ module's folder (default ${DEFAULT-VALUE}).")
  Path sparkHome;
  @Option(names = "--compare-iterations", defaultValue = "10", paramLabel = "N", description = "Iterations of the comparison (default ${DEFAULT-VALUE}).")
  int compareIterations;
  @Option(names = "--compare-lambda", defaultValue = "0.05", paramLabel = "λ", description = "Count-scaled λ (Spark's regParam) of the comparison (default ${DEFAULT-VALUE}).")
  double compareLambda;

  @Override
  public Integer call() throws Exception {
    int all = threads != null ? threads : Runtime.getRuntime().availableProcessors();
    if (all < 1) throw new IllegalArgumentException("--threads = " + all + " must be at least 1");
    if (rank < 1 || rank > 4096) throw new IllegalArgumentException("--rank = " + rank + " not in [1, 4096]");
    int[] kernelKs = ks != null ? ks : quick ? new int[] {16, 64} : new int[] {16, 32, 64, 128, 256};
    for (int k : kernelKs) if (k < 1 || k > 1024) throw new IllegalArgumentException("--ks: " + k + " not in [1, 1024]");
    double f = scale != null ? scale : quick ? 0.03 : 1.0;
    if (!(f > 0 && f <= 20)) throw new IllegalArgumentException("--scale = " + f + " not in (0, 20]");
    int its = iterations != null ? iterations : quick ? 1 : 2;
    if (its < 1) throw new IllegalArgumentException("--iterations = " + its + " must be at least 1");
    List<String> parts = sections != null ? sections.stream().map(s -> s.trim().toLowerCase(Locale.ROOT)).toList()
        : List.of("peak", "bandwidth", "kernels", "solvers", "ingest");
    for (String p : parts) {
      if (!List.of("peak", "bandwidth", "kernels", "solvers", "ingest").contains(p)) {
        throw new IllegalArgumentException("--sections: '" + p + "' is not one of peak, bandwidth, kernels, solvers, ingest");
      }
    }
    if (compare != null && !compare.equalsIgnoreCase("spark")) throw new IllegalArgumentException("--compare '" + compare + "': only spark is supported");
    if (compareIterations < 2) throw new IllegalArgumentException("--compare-iterations = " + compareIterations + " must be at least 2");
    Files.createDirectories(out);
    PrintStream log = System.out;
    Kernels best = KernelProvider.get();
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("machine", Machine.describe(best, all));
    report.put("quick", quick);

    // (a) the yardstick: FMA peak on one core and on all
    Map<String, Object> peak = new LinkedHashMap<>();
    double peak1 = FmaPeak.measureGflops(1), peakAll = all == 1 ? peak1 : FmaPeak.measureGflops(all);
    peak.put("gflops_1_thread", peak1);
    peak.put("gflops_all_threads", peakAll);
    peak.put("threads", all);
    report.put("fma_peak", peak);
    log.printf(Locale.ROOT, "peak:      %.1f GFLOP/s on 1 thread, %.1f on %d (independent Vector API FMA chains)%n", peak1, peakAll, all);

    if (parts.contains("bandwidth")) {
      double gbs1 = Bandwidth.triad(best, 1, quick), gbsAll = all == 1 ? gbs1 : Bandwidth.triad(best, all, quick);
      report.put("bandwidth", Map.of("gb_per_s_1_thread", gbs1, "gb_per_s_all_threads", gbsAll, "kernel", "axpy (y += a·x), 12 bytes per element"));
      log.printf(Locale.ROOT, "bandwidth: %.1f GB/s on 1 thread, %.1f on %d (y += a·x over 64 MiB arrays)%n", gbs1, gbsAll, all);
    }

    List<KernelBench.Result> kernelResults = new ArrayList<>();
    if (parts.contains("kernels")) {
      KernelBench bench = quick ? new KernelBench(0.02, 3) : new KernelBench(0.1, 5);
      List<Kernels> impls = new ArrayList<>(List.of(ScalarKernels.INSTANCE));
      if (!best.name().equals("scalar")) impls.add(best);
      log.printf("kernels:   %s at K = %s, one thread%n", String.join(" and ", impls.stream().map(Kernels::name).toList()), Arrays.toString(kernelKs));
      for (Kernels impl : impls) kernelResults.addAll(bench.run(impl, kernelKs));
      List<Map<String, Object>> rows = new ArrayList<>();
      for (KernelBench.Result r : kernelResults) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("kernel", r.kernel());
        row.put("kernels", r.kernels());
        row.put("k", r.k());
        row.put("gflops", r.gflops());
        row.put("percent_of_peak", 100 * r.gflops() / peak1);
        row.put("seconds_per_op", r.secondsPerOp());
        rows.add(row);
      }
      report.put("kernels", rows);
      printKernels(log, kernelResults, peak1);
    }

    GeneratorConfig shape = GeneratorConfig.ml10m(seed);
    shape = shape.withSize(Math.max(100, (int) (shape.users() * f)), Math.max(50, (int) (shape.items() * Math.sqrt(f))),
        Math.max(10_000, (long) (shape.ratings() * f)));
    Ratings data = null;
    if (parts.contains("solvers") || parts.contains("ingest") || compare != null) {
      long t0 = System.nanoTime();
      data = PlantedRatingsGenerator.generate(shape.withThreads(all)).ratings();
      log.printf(Locale.ROOT, "data:      generated %,d ratings (%,d users × %,d items, MovieLens-10M shape × %s) in %.1f s%n",
          data.size(), data.numUsers(), data.numItems(), f, (System.nanoTime() - t0) / 1e9);
      report.put("data", Map.of("users", data.numUsers(), "items", data.numItems(), "ratings", data.size(), "shape", "ml10m", "scale", f));
    }
    if (parts.contains("solvers")) {
      List<Map<String, Object>> rows = solvers(data, rank, all, its, peak1, peakAll, log);
      report.put("solvers", rows);
    }
    if (parts.contains("ingest")) report.put("ingest", ingest(shape, all, log));
    if (compare != null) {
      Path sparkTarget = SparkComparison.sparkBuild(sparkHome);
      if (sparkTarget == null) {
        String why = "skipped: the spark module is not built (" + sparkHome.resolve("target/classpath.txt") + " is missing; run"
            + " cd spark && ../build -f pom.xml package)";
        log.println("compare:   " + why);
        report.put("compare_spark", Map.of("skipped", why));
      } else {
        report.put("compare_spark", SparkComparison.run(data, sparkTarget, rank, compareLambda, compareIterations, all, best, out, seed, log));
      }
    }

    Reports.writeJson(report, out.resolve("report.json"));
    BenchReport.writeMarkdown(report, out.resolve("report.md"));
    if (!kernelResults.isEmpty()) BenchReport.kernelChart(kernelResults, peak1, out.resolve("kernels.png"));
    if (report.get("solvers") instanceof List<?> s && !s.isEmpty()) BenchReport.scalingChart(report, out.resolve("scaling.png"));
    log.println("report:    " + out.resolve("report.json") + ", report.md and the PNG charts");
    return 0;
  }

  private static void printKernels(PrintStream log, List<KernelBench.Result> results, double peak) {
    log.printf("  %-15s %-28s %6s %10s %8s%n", "kernel", "implementation", "K", "GFLOP/s", "% peak");
    for (KernelBench.Result r : results) {
      log.printf(Locale.ROOT, "  %-15s %-28s %6d %10.2f %7.1f%%%n", r.kernel(), r.kernels(), r.k(), r.gflops(), 100 * r.gflops() / peak);
    }
  }

  /** Seconds per iteration of each solver on 1 thread and on {@code all}, and the scaling efficiency. */
  private static List<Map<String, Object>> solvers(Ratings data, int k, int all, int its, double peak1, double peakAll, PrintStream log) {
    Map<String, IntFunction<TrainingRun>> methods = new LinkedHashMap<>();
    methods.put("als_cholesky", t -> new AlsTrainer(AlsConfig.defaults().withRank(k).withLambda(0.05).withThreads(t)).start(data, null));
    methods.put("wals_cholesky", t -> new WalsTrainer(WalsConfig.implicitDefaults().withRank(k).withThreads(t)).start(data));
    methods.put("wals_cg", t -> new WalsTrainer(WalsConfig.implicitDefaults().withRank(k).withThreads(t).withSolver(LinearSolver.CG, 3)).start(data));
    methods.put("sgd", t -> new SgdTrainer(SgdConfig.defaults().withRank(k).withThreads(t)).start(data, null));
    List<Map<String, Object>> rows = new ArrayList<>();
    log.printf("solvers:   K = %d, %d timed iterations after one untimed, median%n", k, its);
    for (Map.Entry<String, IntFunction<TrainingRun>> m : methods.entrySet()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("solver", m.getKey());
      row.put("k", k);
      double[] perThreads = new double[2];
      int[] counts = all == 1 ? new int[] {1} : new int[] {1, all};
      double flops = 0;
      for (int c = 0; c < counts.length; c++) {
        try (TrainingRun run = m.getValue().apply(counts[c])) {
          run.iterate(); // compiles, warms caches; the first sweep of a cold start is also the odd one out
          double[] s = new double[its];
          for (int i = 0; i < its; i++) s[i] = run.iterate();
          Arrays.sort(s);
          perThreads[c] = s[its / 2];
          flops = run.flopsPerIteration();
        }
      }
      row.put("seconds_per_iteration_1_thread", perThreads[0]);
      row.put("threads", all);
      double tAll = all == 1 ? perThreads[0] : perThreads[1];
      row.put("seconds_per_iteration_all_threads", tAll);
      double efficiency = perThreads[0] / (tAll * all);
      row.put("scaling_efficiency", efficiency);
      row.put("gflops_all_threads", flops / tAll * 1e-9);
      row.put("percent_of_peak_all_threads", 100 * flops / tAll * 1e-9 / peakAll);
      rows.add(row);
      log.printf(Locale.ROOT, "  %-14s %7.3f s/it on 1 thread, %7.3f s/it on %d: efficiency %.0f%%, %.1f GFLOP/s = %.0f%% of peak%n", m.getKey(),
          perThreads[0], tAll, all, 100 * efficiency, flops / tAll * 1e-9, 100 * flops / tAll * 1e-9 / peakAll);
    }
    return rows;
  }

  /** Writes the generated data as a TSV file and reads it back with the default (format-detecting) reader. */
  private Map<String, Object> ingest(GeneratorConfig shape, int all, PrintStream log) throws IOException {
    Path file = Files.createTempFile(out, "ingest-", ".tsv");
    try {
      PlantedRatingsGenerator.write(shape.withThreads(all), file, PlantedRatingsGenerator.TextLayout.TAB);
      long bytes = Files.size(file);
      double[] s = new double[quick ? 1 : 3];
      long n = 0;
      for (int r = 0; r < s.length; r++) {
        ReadResult read = RatingsReader.read(file);
        s[r] = read.seconds();
        n = read.ratings().size();
      }
      Arrays.sort(s);
      double sec = s[s.length / 2];
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("bytes", bytes);
      row.put("ratings", n);
      row.put("seconds", sec);
      row.put("mb_per_s", bytes / sec / 1e6);
      row.put("ratings_per_s", n / sec);
      row.put("threads", all);
      log.printf(Locale.ROOT, "ingest:    %,d ratings (%.0f MB of TSV) in %.2f s: %.0f MB/s, %.1f M ratings/s on %d threads%n", n, bytes / 1e6, sec,
          bytes / sec / 1e6, n / sec / 1e6, all);
      return row;
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
