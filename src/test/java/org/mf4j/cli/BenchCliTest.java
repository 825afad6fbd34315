package org.mf4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mf4j.kernel.KernelProvider;

/**
 * {@code mf4j bench} end to end on a tiny setting: every section lands in report.json with finite, positive
 * figures (no times are asserted: the machine is shared), report.md and the charts are written, and
 * {@code bench compare} sets two reports side by side.
 */
class BenchCliTest {
  @TempDir Path dir;

  @Test
  @SuppressWarnings("unchecked")
  void aQuickBenchWritesEverySectionAndCompareReadsIt() throws Exception {
    Path out = dir.resolve("report");
    CliTest.Run r = CliTest.run("bench", "--quick", "--ks", "8", "--scale", "0.004", "--rank", "8", "--threads", "2", "--out", out.toString());
    assertEquals(0, r.code(), r.err() + r.out());
    Map<String, Object> report = JSON.std.mapFrom(Files.readString(out.resolve("report.json")));
    Map<String, Object> machine = (Map<String, Object>) report.get("machine");
    assertEquals(KernelProvider.get().name(), machine.get("kernels"));
    assertTrue(String.valueOf(machine.get("id")).matches("[a-z0-9-]+-\\d+bit"), "a file-name-safe machine id: " + machine.get("id"));
    assertPositive(((Map<String, Object>) report.get("fma_peak")).get("gflops_1_thread"));
    assertPositive(((Map<String, Object>) report.get("bandwidth")).get("gb_per_s_all_threads"));
    List<Map<String, Object>> kernels = (List<Map<String, Object>>) report.get("kernels");
    int impls = KernelProvider.get().name().equals("scalar") ? 1 : 2;
    assertEquals(KernelBench.NAMES.size() * impls, kernels.size(), "every kernel on every implementation at K = 8");
    for (Map<String, Object> k : kernels) {
      assertPositive(k.get("gflops"));
      assertPositive(k.get("percent_of_peak"));
    }
    List<Map<String, Object>> solvers = (List<Map<String, Object>>) report.get("solvers");
    assertEquals(List.of("als_cholesky", "wals_cholesky", "wals_cg", "sgd"), solvers.stream().map(s -> s.get("solver")).toList());
    for (Map<String, Object> s : solvers) {
      assertPositive(s.get("seconds_per_iteration_1_thread"));
      assertPositive(s.get("seconds_per_iteration_all_threads"));
      assertPositive(s.get("scaling_efficiency"));
    }
    Map<String, Object> ingest = (Map<String, Object>) report.get("ingest");
    assertEquals(((Map<String, Object>) report.get("data")).get("ratings"), ingest.get("ratings"), "the file read back holds the generated ratings");
    assertPositive(ingest.get("mb_per_s"));
    String md = Files.readString(out.resolve("report.md"));
    assertTrue(md.contains("## Kernels") && md.contains("## Solvers") && md.contains("## Ingest") && md.contains("| cpu |"), md);
    for (String png : new String[] {"kernels.png", "scaling.png"}) assertTrue(Files.size(out.resolve(png)) > 1000, png);

    CliTest.Run cmp = CliTest.run("bench", "compare", out.resolve("report.json").toString(), out.resolve("report.json").toString(),
        "--plot", dir.resolve("cmp.png").toString());
    assertEquals(0, cmp.code(), cmp.err());
    assertTrue(cmp.out().contains("topn_scoring") && cmp.out().contains("als_cholesky"), cmp.out());
    assertTrue(cmp.out().lines().filter(l -> l.startsWith("gram")).allMatch(l -> l.trim().endsWith("1.00")), "a report against itself: ratio 1\n" + cmp.out());
    assertTrue(Files.size(dir.resolve("cmp.png")) > 1000);
    Files.writeString(dir.resolve("bad.json"), "{\"x\": 1}");
    CliTest.Run bad = CliTest.run("bench", "compare", dir.resolve("bad.json").toString());
    assertEquals(1, bad.code());
    assertTrue(bad.err().contains("bad.json: not a bench report"), bad.err());
  }

  /** Without the spark/ module's build the comparison is skipped, saying why, and the rest of the report stands. */
  @Test
  @SuppressWarnings("unchecked")
  void compareSparkIsSkippedWithAMessageWhenSparkIsNotBuilt() throws Exception {
    Path out = dir.resolve("cmp");
    CliTest.Run r = CliTest.run("bench", "--quick", "--sections", "peak", "--scale", "0.004", "--compare", "spark",
        "--spark-home", dir.resolve("no-spark").toString(), "--out", out.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("compare:   skipped: the spark module is not built"), r.out());
    Map<String, Object> report = JSON.std.mapFrom(Files.readString(out.resolve("report.json")));
    assertTrue(String.valueOf(((Map<String, Object>) report.get("compare_spark")).get("skipped")).contains("not built"));
    assertEquals(1, CliTest.run("bench", "--compare", "flink", "--out", out.toString()).code());
  }

  /** The scale presets keep their rating scale when the size flags shrink them (the sizes themselves are too big for a test). */
  @Test
  void thePresetsGenerateTheirScales() throws Exception {
    for (String preset : new String[] {"netflix", "ml-20m", "ml-10m"}) {
      Path f = dir.resolve(preset + ".tsv");
      CliTest.Run g = CliTest.run("generate", "--preset", preset, "--users", "300", "--items", "80", "--ratings", "6000", "--out", f.toString());
      assertEquals(0, g.code(), g.err());
      boolean halves = false;
      for (String line : Files.readAllLines(f)) {
        double v = Double.parseDouble(line.split("\t")[2]);
        assertTrue(v >= (preset.equals("netflix") ? 1 : 0.5) && v <= 5, preset + ": " + line);
        if (v != Math.rint(v)) halves = true;
      }
      assertEquals(!preset.equals("netflix"), halves, preset + ": half stars or whole stars");
    }
    CliTest.Run bad = CliTest.run("generate", "--preset", "imdb", "--out", dir.resolve("x.tsv").toString());
    assertEquals(1, bad.code());
    assertTrue(bad.err().contains("not one of: ml-10m, ml-20m, netflix"), bad.err());
  }

  private static void assertPositive(Object v) {
    assertTrue(v instanceof Number n && n.doubleValue() > 0 && Double.isFinite(n.doubleValue()), "positive and finite: " + v);
  }
}
