package org.mf4j.cli;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.mf4j.api.AlsConfig;
import org.mf4j.api.LinearSolver;
import org.mf4j.api.Ratings;
import org.mf4j.data.Splits;
import org.mf4j.data.TrainTestSplit;
import org.mf4j.kernel.Kernels;
import org.mf4j.solver.als.AlternatingRun;
import org.mf4j.solver.als.AlsTrainer;

/**
 * {@code mf4j bench --compare spark}: Spark MLlib's ALS and mf4j's explicit ALS in the same run on the same
 * 90/10 split of the generated data, same rank, same count-scaled λ (Spark's regParam), same iterations
 * and threads. Spark runs as a separate JVM from the {@code spark/} module's build (its classes and
 * {@code target/classpath.txt}); mf4j runs here, Cholesky and CG. Reported: seconds per iteration of
 * each, test RMSEs, their ratio, and how soon (wall time from the start of the fit, setup included) each
 * mf4j solver reaches the test RMSE Spark reached after all its iterations.
 */
final class SparkComparison {
  /** The flags Spark needs on JDK 17+ (its own launcher adds the same). */
  private static final List<String> OPENS = List.of("java.lang", "java.lang.invoke", "java.lang.reflect", "java.io", "java.net", "java.nio",
      "java.util", "java.util.concurrent", "java.util.concurrent.atomic", "sun.nio.ch", "sun.nio.cs", "sun.security.action", "sun.util.calendar");

  private SparkComparison() {}

  /** The spark module's build under {@code home}, or null when it is not built. */
  static Path sparkBuild(Path home) {
    Path target = home.resolve("target");
    return Files.isRegularFile(target.resolve("classpath.txt")) && Files.isDirectory(target.resolve("classes")) ? target : null;
  }

  static Map<String, Object> run(Ratings data, Path sparkTarget, int rank, double lambda, int iterations, int threads, Kernels kernels,
      Path work, long seed, PrintStream log) throws IOException, InterruptedException {
    TrainTestSplit split = Splits.random(data, 0.1, seed);
    Path dir = Files.createTempDirectory(work, "compare-spark-");
    try {
      Path train = dir.resolve("train.tsv"), test = dir.resolve("test.tsv");
      writeTsv(split.train(), train);
      writeTsv(split.test(), test);
      log.printf(Locale.ROOT, "compare:   Spark MLlib ALS and mf4j ALS, rank %d, λ %s count-scaled, %d iterations, %d threads, %,d train / %,d test ratings%n",
          rank, lambda, iterations, threads, split.train().size(), split.test().size());
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("rank", rank);
      out.put("lambda", lambda);
      out.put("iterations", iterations);
      out.put("threads", threads);
      out.put("train_ratings", split.train().size());
      out.put("test_ratings", split.test().size());
      Map<String, Object> spark = spark(sparkTarget, train, test, rank, lambda, iterations, threads, dir);
      out.put("spark", spark);
      double sparkRmse = ((Number) spark.get("test_rmse")).doubleValue(), sparkIt = ((Number) spark.get("seconds_per_iteration")).doubleValue();
      log.printf(Locale.ROOT, "  spark %-10s %7.3f s/it, fit of %d iterations %.1f s, test RMSE %.4f%n", spark.get("spark"), sparkIt, iterations,
          ((Number) spark.get("fit_n_seconds")).doubleValue(), sparkRmse);
      for (LinearSolver solver : LinearSolver.values()) {
        Map<String, Object> m = mf4j(split, rank, lambda, iterations, threads, solver, kernels, sparkRmse);
        String name = "mf4j_als_" + solver.name().toLowerCase(Locale.ROOT);
        double perIt = ((Number) m.get("seconds_per_iteration")).doubleValue();
        m.put("speedup_per_iteration", sparkIt / perIt);
        Object reach = m.get("seconds_to_spark_rmse");
        if (reach instanceof Number r) m.put("speedup_to_spark_rmse", ((Number) spark.get("fit_n_seconds")).doubleValue() / r.doubleValue());
        out.put(name, m);
        log.printf(Locale.ROOT, "  %-16s %7.3f s/it (%.1fx Spark), test RMSE %.4f after %d; Spark's RMSE %s%n", name, perIt, sparkIt / perIt,
            ((Number) m.get("test_rmse")).doubleValue(), iterations, reach instanceof Number r
                ? String.format(Locale.ROOT, "reached in %.1f s (%.1fx sooner)", r.doubleValue(), ((Number) m.get("speedup_to_spark_rmse")).doubleValue())
                : "not reached");
      }
      return out;
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
      }
    }
  }

  /** mf4j's ALS on the split: per-iteration seconds and test RMSE, and when it first reached {@code target}. */
  private static Map<String, Object> mf4j(TrainTestSplit split, int rank, double lambda, int iterations, int threads, LinearSolver solver,
      Kernels kernels, double target) {
    AlsConfig c = AlsConfig.defaults().withRank(rank).withLambda(lambda).withThreads(threads).withIterations(iterations).withSolver(solver, 3);
    try (AlternatingRun warm = new AlsTrainer(c, kernels).start(split.train(), null)) {
      warm.iterate(); // untimed, as Spark's first fit: compiles the kernels, which would otherwise land in the first iterations
    }
    long t0 = System.nanoTime();
    double[] seconds = new double[iterations];
    List<Double> rmse = new ArrayList<>();
    Double reached = null;
    try (AlternatingRun run = new AlsTrainer(c, kernels).start(split.train(), split.test())) {
      for (int it = 0; it < iterations; it++) {
        seconds[it] = run.iterate();
        run.checkFinite(it + 1);
        double r = run.testRmse();
        rmse.add(r);
        if (reached == null && r <= target) reached = (System.nanoTime() - t0) / 1e9;
      }
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("solver", solver.name().toLowerCase(Locale.ROOT));
    m.put("fit_seconds", (System.nanoTime() - t0) / 1e9);
    double[] sorted = seconds.clone();
    Arrays.sort(sorted);
    m.put("seconds_per_iteration", sorted[iterations / 2]);
    m.put("test_rmse", rmse.get(iterations - 1));
    m.put("test_rmse_per_iteration", rmse);
    m.put("seconds_to_spark_rmse", reached);
    return m;
  }

  private static Map<String, Object> spark(Path target, Path train, Path test, int rank, double lambda, int iterations, int threads, Path dir)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xss16m", "-Xmx8g",
        "-Dio.netty.tryReflectionSetAccessible=true"));
    for (String p : OPENS) cmd.add("--add-opens=java.base/" + p + "=ALL-UNNAMED");
    cmd.addAll(List.of("-cp", target.resolve("classes") + java.io.File.pathSeparator + Files.readString(target.resolve("classpath.txt")).trim(),
        "org.mf4j.spark.SparkAlsReference", train.toString(), test.toString(), Integer.toString(rank), Double.toString(lambda),
        Integer.toString(iterations), Integer.toString(threads), dir.resolve("checkpoints").toUri().toString()));
    Path errors = dir.resolve("spark.log");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(errors.toFile());
    pb.environment().putIfAbsent("OPENBLAS_NUM_THREADS", "1"); // Spark's tasks are the parallelism: one BLAS thread each
    Process p = pb.start();
    String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int rc = p.waitFor();
    String json = stdout.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElse(null);
    if (rc != 0 || json == null) {
      List<String> tail = Files.readAllLines(errors);
      throw new IllegalStateException("the Spark ALS run failed (exit " + rc + "): "
          + String.join("\n", tail.subList(Math.max(0, tail.size() - 15), tail.size())));
    }
    return JSON.std.mapFrom(json);
  }

  /** user, item, rating as tab-separated lines with the dense ids. */
  private static void writeTsv(Ratings r, Path file) throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
      StringBuilder line = new StringBuilder(32);
      for (int t = 0; t < r.size(); t++) {
        line.setLength(0);
        line.append(r.user(t)).append('\t').append(r.item(t)).append('\t').append(r.value(t)).append('\n');
        w.append(line);
      }
    }
  }
}
