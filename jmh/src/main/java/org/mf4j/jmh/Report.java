package org.mf4j.jmh;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Turns a JMH JSON result file ({@code -rf json -rff results.json}) into GFLOP/s and fractions of the
 * machine's FMA peak.
 *
 * <p>For each result: flops per second = the secondary metric {@code flops} when present
 * ({@link FlopCounter}), else score × the flops per op of that benchmark (2n for dot, n·K(K+1) for syrk,
 * 2nK for gemvT, K³/3 + 2K² for a single Cholesky solve; see each class). The peak is
 * {@link FmaPeakBenchmark}'s result in the same file (or {@code --peak G}, in GFLOP/s per core),
 * multiplied by the thread count for multi-thread rows (the {@code threads} param of the ALS benchmark,
 * else JMH's own thread count). {@code gc.alloc.rate.norm} is shown when the run used {@code -prof gc}.
 *
 * <p>Usage: {@code Report results.json [--peak G] [--json summary.json]}; the summary JSON keeps the
 * rows with the JDK, JVM flags, the CPU of the machine running Report, and the kernels' names.
 */
public final class Report {
  private Report() {}

  record Row(String benchmark, Map<String, Object> params, double score, String unit, double gflops,
      double gflopsError, int threads, Double allocBytesPerOp) {}

  public static void main(String[] args) throws IOException {
    Path in = null, jsonOut = null;
    double peakOverride = Double.NaN;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--peak" -> peakOverride = Double.parseDouble(args[++i]);
        case "--json" -> jsonOut = Path.of(args[++i]);
        default -> in = Path.of(args[i]);
      }
    }
    if (in == null) {
      System.err.println("usage: Report results.json [--peak GFLOPS_PER_CORE] [--json summary.json]");
      System.exit(2);
    }
    List<Object> results = JSON.std.listFrom(Files.readString(in));
    List<Row> rows = new ArrayList<>();
    double peak = peakOverride, lanes = Double.NaN;
    Map<String, Object> first = null;
    for (Object o : results) {
      @SuppressWarnings("unchecked")
      Map<String, Object> r = (Map<String, Object>) o;
      if (first == null) first = r;
      Row row = row(r);
      rows.add(row);
      if (row.benchmark.startsWith("FmaPeakBenchmark.") && !Double.isNaN(row.gflops)) {
        if (Double.isNaN(peakOverride)) peak = row.gflops;
        lanes = row.gflops * 1e9 / (2 * opsPerSecond(row.score, row.unit));
      }
    }

    if (first != null) {
      System.out.printf(Locale.ROOT, "JDK %s (%s %s)%n", first.get("jdkVersion"), first.get("vmName"), first.get("vmVersion"));
    }
    System.out.printf(Locale.ROOT, "CPU of this machine: %s, %d cores%n", cpuModel(), Runtime.getRuntime().availableProcessors());
    System.out.println(Double.isNaN(peak) ? "FMA peak: not in this file (run FmaPeakBenchmark with the rest, or pass --peak)"
        : String.format(Locale.ROOT, "FMA peak: %.1f GFLOP/s per core%s", peak,
            Double.isNaN(lanes) ? "" : String.format(Locale.ROOT, " (%.0f float lanes)", lanes)));
    System.out.println();
    String fmt = "%-34s %-36s %13s %-6s %9s %7s %7s %9s%n";
    System.out.printf(Locale.ROOT, fmt, "benchmark", "params", "score", "unit", "GFLOP/s", "±", "%peak", "B/op");
    for (Row r : rows) {
      boolean hasFlops = !Double.isNaN(r.gflops);
      System.out.printf(Locale.ROOT, fmt, r.benchmark, paramString(r.params), sig(r.score), r.unit,
          hasFlops ? String.format(Locale.ROOT, "%.2f", r.gflops) : "-",
          hasFlops ? String.format(Locale.ROOT, "%.2f", r.gflopsError) : "",
          hasFlops && !Double.isNaN(peak) ? String.format(Locale.ROOT, "%.1f", 100 * r.gflops / (peak * r.threads)) : "-",
          r.allocBytesPerOp == null ? "" : String.format(Locale.ROOT, "%.3g", r.allocBytesPerOp));
    }

    if (jsonOut != null) {
      Map<String, Object> doc = new LinkedHashMap<>();
      if (first != null) {
        doc.put("jdk", first.get("jdkVersion"));
        doc.put("vm", first.get("vmName") + " " + first.get("vmVersion"));
        doc.put("jvmArgs", first.get("jvmArgs"));
        doc.put("jmh", first.get("jmhVersion"));
      }
      doc.put("cpu", cpuModel());
      doc.put("cores", Runtime.getRuntime().availableProcessors());
      doc.put("kernels", kernelNames());
      doc.put("fmaPeakGflopsPerCore", Double.isNaN(peak) ? null : peak);
      doc.put("floatLanes", Double.isNaN(lanes) ? null : Math.round(lanes));
      List<Object> out = new ArrayList<>();
      for (Row r : rows) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("benchmark", r.benchmark);
        m.put("params", r.params);
        m.put("score", r.score);
        m.put("unit", r.unit);
        m.put("gflops", Double.isNaN(r.gflops) ? null : r.gflops);
        m.put("gflopsError", Double.isNaN(r.gflops) ? null : r.gflopsError);
        m.put("threads", r.threads);
        m.put("fractionOfPeak", Double.isNaN(r.gflops) || Double.isNaN(peak) ? null : r.gflops / (peak * r.threads));
        m.put("allocBytesPerOp", r.allocBytesPerOp);
        out.add(m);
      }
      doc.put("results", out);
      Files.writeString(jsonOut, JSON.std.with(JSON.Feature.PRETTY_PRINT_OUTPUT).asString(doc) + "\n");
      System.out.println("\nwrote " + jsonOut);
    }
  }

  @SuppressWarnings("unchecked")
  private static Row row(Map<String, Object> r) {
    String full = (String) r.get("benchmark");
    String[] parts = full.split("\\.");
    String name = parts.length >= 2 ? parts[parts.length - 2] + "." + parts[parts.length - 1] : full;
    Map<String, Object> params = r.get("params") == null ? Map.of() : (Map<String, Object>) r.get("params");
    Map<String, Object> primary = (Map<String, Object>) r.get("primaryMetric");
    double score = num(primary.get("score")), error = num(primary.get("scoreError"));
    String unit = (String) primary.get("scoreUnit");
    Map<String, Object> secondary = r.get("secondaryMetrics") == null ? Map.of() : (Map<String, Object>) r.get("secondaryMetrics");

    double flopsPerSecond, flopsError;
    Map<String, Object> flopsMetric = (Map<String, Object>) secondary.get("flops");
    if (flopsMetric != null) {
      String fu = (String) flopsMetric.get("scoreUnit");
      double fs = num(flopsMetric.get("score"));
      flopsPerSecond = opsPerSecond(fs, fu);
      flopsError = flopsPerSecond * relative(num(flopsMetric.get("scoreError")), fs);
    } else {
      double perOp = flopsPerOp(name, params);
      flopsPerSecond = perOp * opsPerSecond(score, unit);
      flopsError = flopsPerSecond * relative(error, score);
    }
    int threads = params.containsKey("threads") ? Integer.parseInt(params.get("threads").toString())
        : r.get("threads") == null ? 1 : ((Number) r.get("threads")).intValue();
    Map<String, Object> alloc = (Map<String, Object>) secondary.get("gc.alloc.rate.norm");
    Double allocPerOp = alloc == null ? null : num(alloc.get("score"));
    return new Row(name, params, score, unit, flopsPerSecond / 1e9, flopsError / 1e9, threads, allocPerOp);
  }

  /** Flops per op of the benchmarks whose count follows from their params; NaN for the others. */
  static double flopsPerOp(String benchmark, Map<String, Object> p) {
    return switch (benchmark) {
      case "DotBenchmark.array", "DotBenchmark.segment" -> 2.0 * intParam(p, "n");
      case "SyrkBenchmark.syrk" -> (double) intParam(p, "n") * intParam(p, "K") * (intParam(p, "K") + 1.0);
      case "SyrkBenchmark.gemvT" -> 2.0 * intParam(p, "n") * intParam(p, "K");
      case "CholeskyBenchmark.single" -> CholeskyBenchmark.flops(intParam(p, "K"));
      case "SgdBenchmark.sgdStep", "SgdBenchmark.sgdSweep" -> 12.0 * intParam(p, "K");
      case "SgdBenchmark.accumulateGradient" -> 6.0 * intParam(p, "K");
      case "SgdBenchmark.adamStep" -> 14.0 * intParam(p, "K");
      default -> Double.NaN;
    };
  }

  /** A JMH score as operations per second, for throughput (ops/time) and time-per-op units. */
  static double opsPerSecond(double score, String unit) {
    String[] u = unit.split("/");
    if (u.length != 2) return Double.NaN;
    if (u[1].equals("op")) return 1.0 / (score * seconds(u[0]));
    return score / seconds(u[1]);
  }

  private static double seconds(String unit) {
    return switch (unit) {
      case "s" -> 1;
      case "ms" -> 1e-3;
      case "us" -> 1e-6;
      case "ns" -> 1e-9;
      case "min" -> 60;
      default -> Double.NaN;
    };
  }

  private static double relative(double error, double score) {
    return Double.isNaN(error) || score == 0 ? 0 : Math.abs(error / score);
  }

  private static double num(Object o) {
    if (o instanceof Number n) return n.doubleValue();
    if (o instanceof String s) {
      try {
        return Double.parseDouble(s); // JMH writes "NaN" as a string
      } catch (NumberFormatException e) {
        return Double.NaN;
      }
    }
    return Double.NaN;
  }

  private static int intParam(Map<String, Object> p, String name) {
    Object v = p.get(name);
    return v == null ? 0 : Integer.parseInt(v.toString());
  }

  private static String paramString(Map<String, Object> p) {
    StringJoiner j = new StringJoiner(" ");
    p.forEach((k, v) -> j.add(k + "=" + v));
    return j.toString();
  }

  private static String sig(double v) {
    return String.format(Locale.ROOT, v >= 1e6 ? "%.4e" : "%.3f", v);
  }

  private static String cpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) return line.substring(line.indexOf(':') + 1).trim();
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: fall through
    }
    return System.getProperty("os.arch");
  }

  private static List<String> kernelNames() {
    List<String> names = new ArrayList<>();
    for (String k : new String[] {"scalar", "panama"}) {
      try {
        names.add(org.mf4j.kernel.KernelProvider.forName(k).name());
      } catch (RuntimeException e) {
        names.add(k + ": unavailable in the Report JVM");
      }
    }
    return names;
  }
}
