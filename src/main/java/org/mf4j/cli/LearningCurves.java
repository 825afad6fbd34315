package org.mf4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.mf4j.model.AtomicFiles;

/**
 * Learning curves as a PNG (XChart): one series per per-iteration column (train and test RMSE for
 * explicit methods, the loss or ranking metrics otherwise) against the iteration. Written to a temp
 * file, then renamed.
 */
final class LearningCurves {
  private LearningCurves() {}

  /** Plots {@code columns} of the report's iteration rows that are present and numeric. */
  static void write(Path png, String title, String yLabel, List<Map<String, Object>> rows, List<String> columns) throws IOException {
    System.setProperty("java.awt.headless", "true"); // a CLI on servers: no display
    Map<String, List<Double>> ys = new LinkedHashMap<>();
    List<Double> xs = new ArrayList<>();
    for (Map<String, Object> row : rows) {
      xs.add(((Number) row.get("iteration")).doubleValue());
      for (String c : columns) {
        if (row.get(c) instanceof Number n && Double.isFinite(n.doubleValue())) ys.computeIfAbsent(c, key -> new ArrayList<>()).add(n.doubleValue());
      }
    }
    XYChart chart = new XYChartBuilder().width(800).height(500).title(title).xAxisTitle("iteration").yAxisTitle(yLabel).build();
    chart.getStyler().setMarkerSize(4);
    ys.forEach((name, y) -> {
      if (y.size() == xs.size()) chart.addSeries(name, xs, y).setMarker(SeriesMarkers.CIRCLE);
    });
    if (chart.getSeriesMap().isEmpty()) throw new IllegalArgumentException("--plot: no per-iteration values to draw");
    AtomicFiles.write(png, o -> BitmapEncoder.saveBitmap(chart, o, BitmapEncoder.BitmapFormat.PNG));
  }
}
