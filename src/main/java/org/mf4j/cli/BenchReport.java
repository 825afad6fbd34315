package org.mf4j.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.mf4j.model.AtomicFiles;

/** The human-readable side of {@code mf4j bench}: report.md and the PNG charts (XChart), written atomically. */
final class BenchReport {
  private BenchReport() {}

  @SuppressWarnings("unchecked")
  static void writeMarkdown(Map<String, Object> report, Path file) throws IOException {
    StringBuilder md = new StringBuilder("# mf4j bench\n\n");
    Map<String, Object> m = (Map<String, Object>) report.get("machine");
    md.append("| | |\n|---|---|\n");
    for (String key : List.of("cpu", "simd_flags", "cores", "threads_used", "os", "jdk", "kernels", "vector_bits")) {
      md.append("| ").append(key.replace('_', ' ')).append(" | ").append(m.get(key)).append(" |\n");
    }
    Map<String, Object> peak = (Map<String, Object>) report.get("fma_peak");
    md.append(String.format(Locale.ROOT, "%n**FMA peak**: %.1f GFLOP/s on 1 thread, %.1f on %s threads.%n", num(peak, "gflops_1_thread"),
        num(peak, "gflops_all_threads"), peak.get("threads")));
    if (report.get("bandwidth") instanceof Map<?, ?> bw) {
      md.append(String.format(Locale.ROOT, "**Memory bandwidth** (y += a·x): %.1f GB/s on 1 thread, %.1f on all.%n",
          ((Number) bw.get("gb_per_s_1_thread")).doubleValue(), ((Number) bw.get("gb_per_s_all_threads")).doubleValue()));
    }
    if (report.get("kernels") instanceof List<?> rows && !rows.isEmpty()) {
      md.append("\n## Kernels (one thread; % of the one-thread FMA peak)\n\n| kernel | implementation | K | GFLOP/s | % of peak |\n|---|---|---:|---:|---:|\n");
      for (Object o : rows) {
        Map<String, Object> r = (Map<String, Object>) o;
        md.append(String.format(Locale.ROOT, "| %s | %s | %s | %.2f | %.1f |%n", r.get("kernel"), r.get("kernels"), r.get("k"), num(r, "gflops"),
            num(r, "percent_of_peak")));
      }
      md.append("\n![kernels](kernels.png)\n");
    }
    if (report.get("solvers") instanceof List<?> rows && !rows.isEmpty()) {
      Map<String, Object> d = (Map<String, Object>) report.get("data");
      md.append(String.format(Locale.ROOT, "%n## Solvers (generated %s-shaped data × %s: %s ratings)%n%n", d.get("shape"), d.get("scale"), d.get("ratings")));
      md.append("| solver | K | s/iteration, 1 thread | s/iteration, all threads | threads | scaling efficiency | GFLOP/s | % of peak |\n"
          + "|---|---:|---:|---:|---:|---:|---:|---:|\n");
      for (Object o : rows) {
        Map<String, Object> r = (Map<String, Object>) o;
        md.append(String.format(Locale.ROOT, "| %s | %s | %.3f | %.3f | %s | %.0f%% | %.1f | %.0f |%n", r.get("solver"), r.get("k"),
            num(r, "seconds_per_iteration_1_thread"), num(r, "seconds_per_iteration_all_threads"), r.get("threads"),
            100 * num(r, "scaling_efficiency"), num(r, "gflops_all_threads"), num(r, "percent_of_peak_all_threads")));
      }
      md.append("\n![scaling](scaling.png)\n");
    }
    if (report.get("ingest") instanceof Map<?, ?> in) {
      md.append(String.format(Locale.ROOT, "%n## Ingest%n%n%s ratings (%.0f MB of TSV) in %.2f s: %.0f MB/s, %.2f M ratings/s on %s threads.%n",
          in.get("ratings"), ((Number) in.get("bytes")).doubleValue() / 1e6, ((Number) in.get("seconds")).doubleValue(),
          ((Number) in.get("mb_per_s")).doubleValue(), ((Number) in.get("ratings_per_s")).doubleValue() / 1e6, in.get("threads")));
    }
    byte[] bytes = md.toString().getBytes(StandardCharsets.UTF_8);
    AtomicFiles.write(file, o -> o.write(bytes));
  }

  /** GFLOP/s against K, one series per kernel and implementation, with the one-thread FMA peak as a line. */
  static void kernelChart(List<KernelBench.Result> results, double peak, Path png) throws IOException {
    System.setProperty("java.awt.headless", "true");
    XYChart chart = new XYChartBuilder().width(1000).height(650).title("mf4j kernels, one thread").xAxisTitle("K").yAxisTitle("GFLOP/s").build();
    chart.getStyler().setXAxisLogarithmic(true);
    chart.getStyler().setYAxisLogarithmic(true);
    Map<String, List<double[]>> series = new LinkedHashMap<>();
    double minK = Double.MAX_VALUE, maxK = 0;
    for (KernelBench.Result r : results) {
      String impl = r.kernels().startsWith("panama") ? "SIMD" : "scalar";
      series.computeIfAbsent(r.kernel() + " (" + impl + ")", s -> new ArrayList<>()).add(new double[] {r.k(), r.gflops()});
      minK = Math.min(minK, r.k());
      maxK = Math.max(maxK, r.k());
    }
    series.forEach((name, pts) -> chart.addSeries(name, pts.stream().mapToDouble(p -> p[0]).toArray(), pts.stream().mapToDouble(p -> p[1]).toArray())
        .setMarker(name.endsWith("(SIMD)") ? SeriesMarkers.CIRCLE : SeriesMarkers.DIAMOND));
    chart.addSeries(String.format(Locale.ROOT, "FMA peak %.0f", peak), new double[] {minK, maxK}, new double[] {peak, peak}).setMarker(SeriesMarkers.NONE);
    AtomicFiles.write(png, o -> BitmapEncoder.saveBitmap(chart, o, BitmapEncoder.BitmapFormat.PNG));
  }

  /** Seconds per iteration against threads, one series per solver. */
  @SuppressWarnings("unchecked")
  static void scalingChart(Map<String, Object> report, Path png) throws IOException {
    System.setProperty("java.awt.headless", "true");
    XYChart chart = new XYChartBuilder().width(800).height(500).title("mf4j solvers: seconds per iteration").xAxisTitle("threads")
        .yAxisTitle("seconds per iteration").build();
    for (Object o : (List<Object>) report.get("solvers")) {
      Map<String, Object> r = (Map<String, Object>) o;
      int t = ((Number) r.get("threads")).intValue();
      double[] x = t == 1 ? new double[] {1} : new double[] {1, t};
      double[] y = t == 1 ? new double[] {num(r, "seconds_per_iteration_1_thread")}
          : new double[] {num(r, "seconds_per_iteration_1_thread"), num(r, "seconds_per_iteration_all_threads")};
      chart.addSeries(String.valueOf(r.get("solver")), x, y).setMarker(SeriesMarkers.CIRCLE);
    }
    AtomicFiles.write(png, o -> BitmapEncoder.saveBitmap(chart, o, BitmapEncoder.BitmapFormat.PNG));
  }

  static double num(Map<String, Object> m, String key) {
    return m.get(key) instanceof Number n ? n.doubleValue() : Double.NaN;
  }
}
