package org.mf4j.cli;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.mf4j.model.AtomicFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mf4j bench compare}: reports of different machines side by side — per kernel and K (the SIMD
 * implementation), GFLOP/s and % of each machine's own one-thread peak, and the ratio to the first
 * report; per solver, seconds per iteration and scaling efficiency.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
    description = "Prints bench reports (report.json files) side by side: kernels by K as GFLOP/s and % of each machine's peak, with the"
        + " ratio to the first report, and the solvers' seconds per iteration; --plot draws the kernels' % of peak against K.")
final class BenchCompareCommand implements Callable<Integer> {
  @Parameters(arity = "1..*", paramLabel = "REPORT", description = "report.json files of mf4j bench.")
  List<Path> reports;
  @Option(names = "--plot", paramLabel = "PNG", description = "Also draw % of peak against K, one series per machine and kernel.")
  Path plot;

  @Override
  @SuppressWarnings("unchecked")
  public Integer call() throws IOException {
    List<Map<String, Object>> rs = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (Path p : reports) {
      Map<String, Object> r;
      try {
        r = JSON.std.mapFrom(Files.readString(p));
      } catch (IOException e) {
        throw new IllegalArgumentException(p + ": not a bench report (" + e.getMessage().lines().findFirst().orElse("") + ")");
      }
      if (!(r.get("machine") instanceof Map<?, ?> m) || !(r.get("fma_peak") instanceof Map<?, ?>)) {
        throw new IllegalArgumentException(p + ": not a bench report (no machine or fma_peak)");
      }
      rs.add(r);
      names.add(String.valueOf(m.get("id")));
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < rs.size(); i++) {
      Map<String, Object> m = (Map<String, Object>) rs.get(i).get("machine");
      out.append(String.format(Locale.ROOT, "[%d] %s: %s, %s cores, %s; peak %.1f GFLOP/s per thread%n", i + 1, reports.get(i), m.get("cpu"),
          m.get("cores"), m.get("kernels"), BenchReport.num((Map<String, Object>) rs.get(i).get("fma_peak"), "gflops_1_thread")));
    }
    // kernels: the SIMD rows of each report, keyed by kernel and K
    List<Map<String, Map<String, Object>>> kernels = new ArrayList<>();
    Map<String, Boolean> keys = new LinkedHashMap<>();
    for (Map<String, Object> r : rs) {
      Map<String, Map<String, Object>> byKey = new LinkedHashMap<>();
      if (r.get("kernels") instanceof List<?> rows) {
        for (Object o : rows) {
          Map<String, Object> row = (Map<String, Object>) o;
          if (String.valueOf(row.get("kernels")).equals("scalar") && rows.size() > 1 && hasSimd(rows)) continue;
          String key = row.get("kernel") + "@" + row.get("k");
          byKey.put(key, row);
          keys.put(key, true);
        }
      }
      kernels.add(byKey);
    }
    if (!keys.isEmpty()) {
      out.append(String.format("%n%-16s %5s", "kernel", "K"));
      for (int i = 0; i < rs.size(); i++) out.append(String.format("  [%d] GFLOP/s  %%peak", i + 1));
      for (int i = 1; i < rs.size(); i++) out.append(String.format("  [%d]/[1]", i + 1));
      out.append('\n');
      for (String key : keys.keySet()) {
        String[] kk = key.split("@");
        out.append(String.format(Locale.ROOT, "%-16s %5s", kk[0], kk[1]));
        double first = Double.NaN;
        for (int i = 0; i < rs.size(); i++) {
          Map<String, Object> row = kernels.get(i).get(key);
          double g = row == null ? Double.NaN : BenchReport.num(row, "gflops"), pct = row == null ? Double.NaN : BenchReport.num(row, "percent_of_peak");
          if (i == 0) first = g;
          out.append(String.format(Locale.ROOT, "  %11.2f %6.1f", g, pct));
        }
        for (int i = 1; i < rs.size(); i++) {
          Map<String, Object> row = kernels.get(i).get(key);
          out.append(String.format(Locale.ROOT, "  %7.2f", row == null ? Double.NaN : BenchReport.num(row, "gflops") / first));
        }
        out.append('\n');
      }
    }
    // solvers
    Map<String, Boolean> solvers = new LinkedHashMap<>();
    for (Map<String, Object> r : rs) {
      if (r.get("solvers") instanceof List<?> rows) for (Object o : rows) solvers.put(String.valueOf(((Map<String, Object>) o).get("solver")), true);
    }
    if (!solvers.isEmpty()) {
      out.append(String.format("%n%-16s", "solver"));
      for (int i = 0; i < rs.size(); i++) out.append(String.format("  [%d] s/it 1 thr  s/it all (thr)  eff.", i + 1));
      out.append('\n');
      for (String s : solvers.keySet()) {
        out.append(String.format("%-16s", s));
        for (Map<String, Object> r : rs) {
          Map<String, Object> row = null;
          if (r.get("solvers") instanceof List<?> rows) {
            for (Object o : rows) if (s.equals(((Map<String, Object>) o).get("solver"))) row = (Map<String, Object>) o;
          }
          if (row == null) out.append(String.format("  %37s", "-"));
          else out.append(String.format(Locale.ROOT, "  %14.3f  %8.3f (%2s)  %3.0f%%", BenchReport.num(row, "seconds_per_iteration_1_thread"),
              BenchReport.num(row, "seconds_per_iteration_all_threads"), row.get("threads"), 100 * BenchReport.num(row, "scaling_efficiency")));
        }
        out.append('\n');
      }
    }
    System.out.print(out);
    if (plot != null) plot(kernels, names, plot);
    return 0;
  }

  private static boolean hasSimd(List<?> rows) {
    for (Object o : rows) if (!String.valueOf(((Map<?, ?>) o).get("kernels")).equals("scalar")) return true;
    return false;
  }

  private static void plot(List<Map<String, Map<String, Object>>> kernels, List<String> names, Path png) throws IOException {
    System.setProperty("java.awt.headless", "true");
    XYChart chart = new XYChartBuilder().width(1100).height(650).title("mf4j kernels across machines").xAxisTitle("K")
        .yAxisTitle("% of the machine's one-thread FMA peak").build();
    chart.getStyler().setXAxisLogarithmic(true);
    for (int i = 0; i < kernels.size(); i++) {
      Map<String, List<double[]>> series = new LinkedHashMap<>();
      for (Map<String, Object> row : kernels.get(i).values()) {
        series.computeIfAbsent(String.valueOf(row.get("kernel")), s -> new ArrayList<>())
            .add(new double[] {BenchReport.num(row, "k"), BenchReport.num(row, "percent_of_peak")});
      }
      final int m = i;
      series.forEach((kernel, pts) -> chart.addSeries("[" + (m + 1) + "] " + kernel + " " + names.get(m), pts.stream().mapToDouble(p -> p[0]).toArray(),
          pts.stream().mapToDouble(p -> p[1]).toArray()).setMarker(SeriesMarkers.CIRCLE));
    }
    AtomicFiles.write(png, o -> BitmapEncoder.saveBitmap(chart, o, BitmapEncoder.BitmapFormat.PNG));
  }
}
