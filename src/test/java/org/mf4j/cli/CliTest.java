package org.mf4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mf4j.kernel.KernelProvider;
import org.mf4j.model.FactorModel;
import org.mf4j.model.ModelFile;

/** The commands end to end, in process: exit codes, printed lines, report and model files. */
class CliTest {
  @TempDir Path dir;

  record Run(int code, String out, String err) {}

  static synchronized Run run(String... args) {
    PrintStream oldOut = System.out, oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int code = Main.run(args);
      return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  @Test
  void generateThenFitWritesReportAndModel() throws Exception {
    Path data = dir.resolve("ratings.tsv");
    Run g = run("generate", "--users", "300", "--items", "200", "--ratings", "12000", "--rank", "4", "--seed", "3", "--out", data.toString());
    assertEquals(0, g.code(), g.err());
    assertTrue(Files.exists(data) && g.out().contains("noise floor"), g.out());
    Path report = dir.resolve("out/report.json"), model = dir.resolve("out/model.mf4j");
    Run f = run("fit", "--input", data.toString(), "--rank", "6", "--lambda", "0.05", "--iterations", "4",
        "--threads", "2", "--report", report.toString(), "--model", model.toString());
    assertEquals(0, f.code(), f.err());
    assertTrue(f.out().contains("iter") && f.out().contains("test_rmse"), f.out());
    Map<String, Object> r = JSON.std.mapFrom(Files.readString(report));
    for (String key : List.of("algorithm", "rank", "threads", "kernels", "users", "items", "train_ratings",
        "test_ratings", "load_seconds", "iterations", "test_rmse", "seconds_per_iteration_median")) {
      assertTrue(r.containsKey(key), "report lacks " + key);
    }
    assertEquals("als", r.get("algorithm"));
    assertEquals(6, ((Number) r.get("rank")).intValue());
    List<?> its = (List<?>) r.get("iterations");
    assertEquals(4, its.size());
    double test = ((Number) r.get("test_rmse")).doubleValue();
    assertTrue(test > 0 && test < 1.5, "test RMSE " + test);
    try (FactorModel m = ModelFile.read(model, KernelProvider.get()).model()) {
      assertEquals(6, m.rank());
      assertEquals(((Number) r.get("users")).intValue(), m.numUsers());
    }
  }

  @Test
  void embeddedDataSetRunsAndPrintsTheNoiseFloor() {
    Run f = run("fit", "--iterations", "2", "--rank", "4");
    assertEquals(0, f.code(), f.err());
    assertTrue(f.out().contains("noise_floor") && f.out().contains("embedded planted data"), f.out());
  }

  @Test
  void badLineStopsTheRunNamesFileLineAndTextAndWritesNothing() throws Exception {
    Path data = dir.resolve("bad.tsv");
    Files.writeString(data, "1\t1\t4\n1\t2\t3\n2\t1\tfive\n2\t2\t1\n");
    Path report = dir.resolve("r.json"), model = dir.resolve("m.mf4j");
    Run f = run("fit", "--input", data.toString(), "--report", report.toString(), "--model", model.toString());
    assertEquals(1, f.code());
    assertTrue(f.err().contains("bad.tsv") && f.err().contains(":3") && f.err().contains("five"), f.err());
    assertFalse(Files.exists(report));
    assertFalse(Files.exists(model));
    try (var s = Files.list(dir)) {
      assertEquals(1, s.count(), "only the input file may be there");
    }
  }

  @Test
  void skipInvalidCountsBadLinesInTheReport() throws Exception {
    Path data = dir.resolve("bad.tsv");
    StringBuilder sb = new StringBuilder();
    for (int u = 1; u <= 30; u++) for (int i = 1; i <= 20; i++) sb.append(u).append('\t').append(i).append('\t').append((u * i) % 5 + 1).append('\n');
    sb.append("7\t3\tNaN\n");
    Files.writeString(data, sb.toString());
    Path report = dir.resolve("r.json");
    Run f = run("fit", "--input", data.toString(), "--skip-invalid", "--iterations", "1", "--rank", "2", "--report", report.toString());
    assertEquals(0, f.code(), f.err());
    Map<String, Object> r = JSON.std.mapFrom(Files.readString(report));
    assertEquals(1, ((Number) ((Map<?, ?>) r.get("load")).get("invalid_lines")).intValue());
  }

  @Test
  void badSettingsAreRejectedWithTheirNameAndValue() {
    Run f = run("fit", "--rank", "0", "--iterations", "1");
    assertEquals(1, f.code());
    assertTrue(f.err().contains("rank = 0"), f.err());
    Run g = run("fit", "--reg-scaling", "squared");
    assertEquals(1, g.code());
    assertTrue(g.err().contains("--reg-scaling 'squared'"), g.err());
    assertEquals(2, run("fit", "--no-such-option").code());
  }

  @Test
  void recommendWritesTopItemsWithOriginalIdsAndLeavesOutSeenOnes() throws Exception {
    Path data = dir.resolve("r.tsv");
    StringBuilder sb = new StringBuilder();
    java.util.Map<String, java.util.Set<String>> seen = new java.util.HashMap<>();
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(9);
    for (int u = 0; u < 60; u++) {
      for (int i = 0; i < 50; i++) {
        if (rnd.nextDouble() < 0.4) {
          sb.append("user").append(u).append('\t').append("item-").append(i).append('\t').append(1 + (u + i) % 5).append('\n');
          seen.computeIfAbsent("user" + u, x -> new java.util.HashSet<>()).add("item-" + i);
        }
      }
    }
    Files.writeString(data, sb.toString());
    Path model = dir.resolve("m.mf4j");
    Run f = run("fit", "--input", data.toString(), "--test-fraction", "0", "--rank", "4", "--iterations", "3", "--threads", "2",
        "--model", model.toString(), "--quiet");
    assertEquals(0, f.code(), f.err());

    Run r = run("recommend", "--model", model.toString(), "--users", "user7,user3", "--n", "5", "--threads", "2");
    assertEquals(0, r.code(), r.err());
    List<String> lines = r.out().lines().toList();
    assertEquals("user\trank\titem\tscore", lines.get(0));
    assertEquals(11, lines.size(), r.out());
    // The CLI's --kernels auto, not the test run's forced kernels: the same rounding.
    try (FactorModel m = ModelFile.read(model, KernelProvider.forName("auto")).model()) {
      for (int q = 0; q < 10; q++) {
        String[] c = lines.get(q + 1).split("\t");
        String user = q < 5 ? "user7" : "user3";
        assertEquals(user, c[0]);
        assertEquals(Integer.toString(q % 5 + 1), c[1]);
        assertTrue(c[2].startsWith("item-") && !seen.get(user).contains(c[2]), "seen or unknown item " + c[2]);
        var rec = m.recommend(m.userIds().get(user), 5);
        assertEquals(m.itemIds().externalId(rec.items()[q % 5]), c[2]);
        assertEquals(rec.scores()[q % 5], Float.parseFloat(c[3]));
      }
    }

    Path out = dir.resolve("out/all.tsv");
    Run all = run("recommend", "--model", model.toString(), "--all-users", "--n", "3", "--out", out.toString(), "--include-seen");
    assertEquals(0, all.code(), all.err());
    List<String> rows = Files.readAllLines(out);
    assertEquals(1 + 60 * 3, rows.size());
    assertTrue(rows.stream().skip(1).anyMatch(l -> seen.get(l.split("\t")[0]).contains(l.split("\t")[2])),
        "with --include-seen some top item is a training item");
    try (var s = Files.list(dir.resolve("out"))) {
      assertEquals(1, s.count(), "no temp file may be left behind");
    }

    Run bad = run("recommend", "--model", model.toString(), "--users", "user7,nobody,user3", "--out", dir.resolve("x.tsv").toString());
    assertEquals(1, bad.code());
    assertTrue(bad.err().contains("'nobody'") && bad.err().contains("unknown user id"), bad.err());
    assertFalse(Files.exists(dir.resolve("x.tsv")));
    assertEquals(2, run("recommend", "--model", model.toString()).code(), "--users or --all-users is required");
    assertEquals(2, run("recommend", "--model", model.toString(), "--users", "user1", "--all-users").code());
    Run pop = run("recommend", "--model", model.toString(), "--users", "user7,nobody", "--n", "5", "--unknown-users", "popular");
    assertEquals(0, pop.code(), pop.err());
    assertTrue(pop.err().contains("1 unknown user id(s) get the most popular items"), pop.err());
    List<String> popular = pop.out().lines().filter(l -> l.startsWith("nobody\t")).toList();
    assertEquals(5, popular.size(), pop.out());
    java.util.Map<String, Integer> itemCount = new java.util.HashMap<>();
    seen.values().forEach(set -> set.forEach(i -> itemCount.merge(i, 1, Integer::sum)));
    int most = java.util.Collections.max(itemCount.values());
    assertEquals(most, (int) Float.parseFloat(popular.get(0).split("\t")[3]), "the first is the most popular item: " + popular);
    assertEquals(most, (int) itemCount.get(popular.get(0).split("\t")[2]));
    for (int q = 1; q < 5; q++) {
      assertTrue(Float.parseFloat(popular.get(q).split("\t")[3]) <= Float.parseFloat(popular.get(q - 1).split("\t")[3]), popular.toString());
    }
    assertEquals(1, run("recommend", "--model", model.toString(), "--users", "user7", "--unknown-users", "maybe").code());
    Run zero = run("recommend", "--model", model.toString(), "--all-users", "--n", "0");
    assertEquals(1, zero.code());
    assertTrue(zero.err().contains("--n = 0"), zero.err());
  }

  @Test
  void exportWritesNpyWithIdFilesAndTsv() throws Exception {
    Path data = dir.resolve("e.tsv");
    StringBuilder sb = new StringBuilder();
    for (int u = 0; u < 30; u++) for (int i = 0; i < 20; i += 1 + u % 3) sb.append("u").append(u).append('\t').append("i").append(i).append('\t').append(1 + (u * i) % 5).append('\n');
    Files.writeString(data, sb.toString());
    Path model = dir.resolve("e.mf4j"), npy = dir.resolve("npy"), tsv = dir.resolve("tsv");
    Run f = run("fit", "--input", data.toString(), "--test-fraction", "0", "--rank", "6", "--iterations", "2", "--threads", "2",
        "--model", model.toString(), "--quiet");
    assertEquals(0, f.code(), f.err());
    Run e = run("export", "--model", model.toString(), "--out", npy.toString());
    assertEquals(0, e.code(), e.err());
    assertTrue(e.out().contains("exported 30 users and 20 items, 6 factors each"), e.out());
    assertEquals(List.of("u0", "u1"), Files.readAllLines(npy.resolve("user_ids.txt")).subList(0, 2));
    assertEquals(20, Files.readAllLines(npy.resolve("item_ids.txt")).size());
    assertEquals(128 + 30 * 6 * 4, Files.size(npy.resolve("user_factors.npy")), "header of 128 bytes, then 30 × 6 float32");
    Run t = run("export", "--model", model.toString(), "--format", "tsv", "--out", tsv.toString());
    assertEquals(0, t.code(), t.err());
    List<String> lines = Files.readAllLines(tsv.resolve("item_factors.tsv"));
    assertEquals(20, lines.size());
    assertTrue(lines.get(0).startsWith("i0\t") && lines.get(0).split("\t").length == 7, lines.get(0));
    Run sim = run("similar", "--model", model.toString(), "--items", "i3,i7", "--n", "4");
    assertEquals(0, sim.code(), sim.err());
    List<String> simLines = sim.out().lines().toList();
    assertEquals("item\trank\tsimilar_item\tcosine", simLines.get(0));
    assertEquals(9, simLines.size(), sim.out());
    assertTrue(simLines.get(1).startsWith("i3\t1\t") && !simLines.get(1).startsWith("i3\t1\ti3\t"), simLines.get(1));
    Run simBad = run("similar", "--model", model.toString(), "--users", "u1,nobody");
    assertEquals(1, simBad.code());
    assertTrue(simBad.err().contains("unknown user id 'nobody'"), simBad.err());
    Path pairs = dir.resolve("pairs.tsv"), predicted = dir.resolve("pred.tsv");
    Files.writeString(pairs, "# user item\nu1\ti0\n\nu2,i5,extra\n");
    Run p = run("predict", "--model", model.toString(), "--pairs", pairs.toString(), "--out", predicted.toString());
    assertEquals(0, p.code(), p.err());
    List<String> pl = Files.readAllLines(predicted);
    assertEquals(3, pl.size(), pl.toString());
    assertTrue(pl.get(1).startsWith("u1\ti0\t") && pl.get(2).startsWith("u2\ti5\t"), pl.toString());
    Files.writeString(pairs, "u1\ti0\nu1\tnope\n");
    Path none = dir.resolve("none.tsv");
    Run pBad = run("predict", "--model", model.toString(), "--pairs", pairs.toString(), "--out", none.toString());
    assertEquals(1, pBad.code());
    assertTrue(pBad.err().contains(pairs + ":2: unknown item id 'nope'"), pBad.err());
    assertFalse(Files.exists(none), "nothing written");
    Run bad = run("export", "--model", model.toString(), "--format", "csv", "--out", tsv.toString());
    assertEquals(1, bad.code(), bad.err());
    assertTrue(bad.err().contains("--format = csv"), bad.err());
  }

  /**
   * Through the model file: a user folded in from their own training history gets their row of the
   * saved model (the trainer's last user half-sweep), for ALS and weighted ALS; and the command.
   */
  @Test
  void foldInFromAModelFileReproducesTheTrainedUserRows() throws Exception {
    Path data = dir.resolve("f.tsv");
    StringBuilder sb = new StringBuilder();
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(3);
    for (int u = 0; u < 80; u++) for (int i = 0; i < 60; i++) if (rnd.nextDouble() < 0.25) sb.append("u").append(u).append('\t').append("i").append(i).append('\t').append(1 + rnd.nextInt(5)).append('\n');
    Files.writeString(data, sb.toString());
    String[][] fits = {
        {"--algorithm", "als", "--lambda", "0.1", "--reg-scaling", "count"},
        {"--algorithm", "wals", "--w0", "0.2", "--w0-exponent", "0.5", "--confidence", "log", "--alpha", "3", "--lambda", "0.5"},
    };
    for (String[] how : fits) {
      Path model = dir.resolve("fold-" + how[1] + ".mf4j");
      List<String> args = new java.util.ArrayList<>(List.of("fit", "--input", data.toString(), "--test-fraction", "0", "--rank", "5",
          "--iterations", "3", "--threads", "2", "--model", model.toString(), "--quiet"));
      args.addAll(List.of(how));
      Run f = run(args.toArray(String[]::new));
      assertEquals(0, f.code(), f.err());
      org.mf4j.model.ModelFile.Loaded loaded = org.mf4j.model.ModelFile.read(model, org.mf4j.kernel.KernelProvider.get());
      try (org.mf4j.model.FactorModel m = loaded.model()) {
        org.mf4j.sparse.CsrMatrix seen = m.seenItems();
        for (int u = 0; u < m.numUsers(); u += 7) {
          int from = (int) seen.rowStart(u), to = (int) seen.rowEnd(u);
          float[] got = m.foldInUser(java.util.Arrays.copyOfRange(seen.colIndex(), from, to), java.util.Arrays.copyOfRange(seen.values(), from, to));
          double diff = 0, norm = 0;
          for (int c = 0; c < m.rank(); c++) {
            diff += Math.pow(got[c] - m.userFactors().get(u, c), 2);
            norm += Math.pow(m.userFactors().get(u, c), 2);
          }
          assertTrue(Math.sqrt(diff) <= 1e-4 * Math.sqrt(norm), how[1] + " user " + u + ": " + Math.sqrt(diff) + " at norm " + Math.sqrt(norm));
        }
      }
      Run cmd = run("fold-in", "--model", model.toString(), "--items", "i1:5,i2:3,i7", "--n", "4");
      assertEquals(0, cmd.code(), cmd.err());
      List<String> lines = cmd.out().lines().toList();
      assertEquals("rank\titem\tscore", lines.get(0));
      assertEquals(5, lines.size(), cmd.out());
      for (String line : lines.subList(1, 5)) assertFalse(line.contains("\ti1\t") || line.contains("\ti2\t") || line.contains("\ti7\t"), line);
    }
    // Partial fit: u0's same history gives the same row; a new user is added with their folded-in vector.
    org.mf4j.model.ModelFile.Loaded wals = org.mf4j.model.ModelFile.read(dir.resolve("fold-wals.mf4j"), org.mf4j.kernel.KernelProvider.get());
    try (org.mf4j.model.FactorModel m = wals.model()) {
      org.mf4j.sparse.CsrMatrix seen = m.seenItems();
      int u0 = m.userIds().get("u0"), usersBefore = m.numUsers();
      float u0Before = m.userFactors().get(u0, 0);
      org.mf4j.data.RatingsBuilder b = new org.mf4j.data.RatingsBuilder();
      for (long p = seen.rowStart(u0); p < seen.rowEnd(u0); p++) b.add("u0", m.itemIds().externalId(seen.colIndex()[(int) p]), seen.values()[(int) p]);
      org.mf4j.api.Ratings histories = b.add("newbie", "i1", 5f).add("newbie", "i2", 3f).build();
      try (org.mf4j.model.FactorModel updated = m.updateUsers(histories, 2)) {
        assertEquals(m.numUsers() + 1, updated.numUsers());
        int newbie = updated.userIds().get("newbie");
        assertEquals(m.numUsers(), newbie, "new users come after the others");
        double diff = 0, norm = 0;
        for (int c = 0; c < m.rank(); c++) {
          diff += Math.pow(m.userFactors().get(u0, c) - updated.userFactors().get(u0, c), 2);
          norm += Math.pow(m.userFactors().get(u0, c), 2);
        }
        assertTrue(Math.sqrt(diff) <= 1e-4 * Math.sqrt(norm), "u0 re-solved from the same history: " + Math.sqrt(diff));
        float[] expect = m.foldInUser(new int[] {m.itemIds().get("i1"), m.itemIds().get("i2")}, new float[] {5f, 3f});
        for (int c = 0; c < m.rank(); c++) assertEquals(expect[c], updated.userFactors().get(newbie, c), 1e-6f);
        assertEquals(2, updated.seenItems().rowLength(newbie));
        assertEquals(seen.rowLength(u0), updated.seenItems().rowLength(u0));
        int other = m.userIds().get("u1");
        for (int c = 0; c < m.rank(); c++) assertEquals(m.userFactors().get(other, c), updated.userFactors().get(other, c), "others copied");
        assertEquals(m.numItems(), updated.numItems());
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
            () -> m.updateUsers(new org.mf4j.data.RatingsBuilder().add("u0", "nope", 1f).build()));
        assertTrue(e.getMessage().contains("'nope'"), e.getMessage());
      }
      assertEquals(usersBefore, m.numUsers(), "the old model is unchanged");
      assertEquals(u0Before, m.userFactors().get(u0, 0));
    }
    Path itemsFile = dir.resolve("items.txt");
    Files.writeString(itemsFile, "# the user's items\ni1\t5\ni2,3\n\ni7\n");
    Run fromFile = run("fold-in", "--model", dir.resolve("fold-als.mf4j").toString(), "--items-file", itemsFile.toString(), "--n", "4");
    Run fromArgs = run("fold-in", "--model", dir.resolve("fold-als.mf4j").toString(), "--items", "i1:5,i2:3,i7", "--n", "4");
    assertEquals(0, fromFile.code(), fromFile.err());
    assertEquals(fromArgs.out(), fromFile.out(), "the same items from a file or the command line");
    Files.writeString(itemsFile, "i1\t5\ni2\t3\textra\n");
    Run badFile = run("fold-in", "--model", dir.resolve("fold-als.mf4j").toString(), "--items-file", itemsFile.toString());
    assertEquals(1, badFile.code());
    assertTrue(badFile.err().contains(itemsFile + ":2: expected 'item' or 'item<TAB>value'"), badFile.err());
    Run noThreads = run("recommend", "--model", dir.resolve("fold-als.mf4j").toString(), "--users", "u1", "--threads", "0");
    assertEquals(1, noThreads.code());
    assertTrue(noThreads.err().contains("--threads = 0 must be at least 1"), noThreads.err());
    Run unknown = run("fold-in", "--model", dir.resolve("fold-als.mf4j").toString(), "--items", "i1,nope");
    assertEquals(1, unknown.code());
    assertTrue(unknown.err().contains("unknown item id 'nope'"), unknown.err());
  }

  @Test
  void everyCommandHasHelp() {
    for (String cmd : List.of("fit", "tune", "generate", "eval", "recommend", "similar", "predict", "fold-in", "export")) {
      Run h = run(cmd, "--help");
      assertEquals(0, h.code());
      assertTrue(h.out().contains("Usage: mf4j " + cmd), h.out());
    }
  }

  @Test
  void fitThenEvalWritesRankingMetrics() throws Exception {
    Path data = dir.resolve("ratings.tsv");
    assertEquals(0, run("generate", "--users", "300", "--items", "200", "--ratings", "12000", "--rank", "4", "--seed", "5",
        "--out", data.toString()).code());
    // Every fifth row to test; one test row with a user the model never saw.
    List<String> lines = Files.readAllLines(data);
    StringBuilder train = new StringBuilder(), test = new StringBuilder("999999\t1\t5\n");
    for (int j = 0; j < lines.size(); j++) (j % 5 == 0 ? test : train).append(lines.get(j)).append('\n');
    Path trainFile = Files.writeString(dir.resolve("train.tsv"), train), testFile = Files.writeString(dir.resolve("test.tsv"), test);
    Path model = dir.resolve("m.mf4j"), report = dir.resolve("eval.json");
    Run f = run("fit", "--input", trainFile.toString(), "--test-fraction", "0", "--rank", "4", "--iterations", "3",
        "--threads", "2", "--model", model.toString());
    assertEquals(0, f.code(), f.err());

    Run e = run("eval", "--model", model.toString(), "--train", trainFile.toString(), "--test", testFile.toString(),
        "--k", "5,10", "--min-rating", "3.5", "--threads", "2", "--report", report.toString());
    assertEquals(0, e.code(), e.err());
    assertTrue(e.out().contains("prec_capped") && e.out().contains("auc"), e.out());
    Map<String, Object> r = JSON.std.mapFrom(Files.readString(report));
    for (int k : new int[] {5, 10}) {
      for (String key : List.of("precision_at_" + k, "precision_at_" + k + "_capped", "recall_at_" + k, "ndcg_at_" + k,
          "map_at_" + k, "hit_rate_at_" + k)) {
        double v = ((Number) r.get(key)).doubleValue();
        assertTrue(v >= 0 && v <= 1, key + " = " + v);
      }
    }
    double auc = ((Number) r.get("auc")).doubleValue();
    assertTrue(auc > 0.5 && auc <= 1, "a fitted model ranks better than chance: auc " + auc);
    assertTrue(((Number) r.get("users_evaluated")).intValue() > 100, r.toString());
    assertEquals(1, ((Number) r.get("test_unknown_ids")).intValue());
    assertTrue(((Number) r.get("test_below_min_rating")).intValue() > 0, r.toString());
    assertEquals(List.of(5, 10), r.get("k"));

    // Missing --test is a usage error (2); a cutoff of 0 a bad setting (1), named.
    assertEquals(2, run("eval", "--model", model.toString()).code());
    Run bad = run("eval", "--model", model.toString(), "--test", testFile.toString(), "--k", "0");
    assertEquals(1, bad.code());
    assertTrue(bad.err().contains("k = 0"), bad.err());
  }

  @Test
  void walsFitReportsLossAndRankingMetricsPerIteration() throws Exception {
    Path data = dir.resolve("ones.tsv");
    assertEquals(0, run("generate", "--users", "400", "--items", "150", "--ratings", "12000", "--scale", "ones", "--seed", "2",
        "--out", data.toString()).code());
    for (String solver : List.of("cholesky", "cg")) {
      Path report = dir.resolve("wals-" + solver + ".json");
      Run f = run("fit", "--algorithm", "wals", "--solver", solver, "--input", data.toString(), "--split", "user-fraction",
          "--test-fraction", "0.2", "--rank", "8", "--lambda", "1", "--alpha", "2", "--iterations", "3", "--eval-k", "5,10",
          "--threads", "2", "--report", report.toString());
      assertEquals(0, f.code(), f.err());
      assertTrue(f.out().contains("ndcg_at_10") && f.out().contains("loss"), f.out());
      Map<String, Object> r = JSON.std.mapFrom(Files.readString(report));
      assertEquals("wals", r.get("algorithm"));
      assertEquals(solver, r.get("solver"));
      List<?> its = (List<?>) r.get("iterations");
      assertEquals(3, its.size());
      double first = ((Number) ((Map<?, ?>) its.get(0)).get("loss")).doubleValue();
      double last = ((Number) ((Map<?, ?>) its.get(2)).get("loss")).doubleValue();
      assertTrue(last <= first, "loss rose: " + first + " -> " + last);
      for (String key : List.of("ndcg_at_5", "ndcg_at_10", "precision_at_10_capped", "recall_at_10", "map_at_10", "auc")) {
        double v = ((Number) r.get(key)).doubleValue();
        assertTrue(v >= 0 && v <= 1, key + " = " + v);
        assertTrue(((Map<?, ?>) its.get(2)).containsKey(key), "iterations[] lacks " + key);
      }
    }
    Run bad = run("fit", "--algorithm", "wals", "--input", data.toString(), "--confidence", "column", "--iterations", "1");
    assertEquals(1, bad.code());
    assertTrue(bad.err().contains("weight column"), bad.err());
    Run als = run("fit", "--algorithm", "als", "--w0", "0.1", "--iterations", "1");
    assertEquals(1, als.code());
    assertTrue(als.err().contains("--w0"), als.err());
  }

  @Test
  void sgdFitReportsTrainAndTestRmsePerEpochAndStopsOnDivergence() throws Exception {
    Path data = dir.resolve("ratings.tsv");
    assertEquals(0, run("generate", "--users", "300", "--items", "200", "--ratings", "15000", "--seed", "3", "--out", data.toString()).code());
    Path report = dir.resolve("sgd.json"), model = dir.resolve("sgd.mf4j"), png = dir.resolve("curves.png");
    Run f = run("fit", "--algorithm", "sgd", "--input", data.toString(), "--rank", "8", "--lambda", "0.05", "--learning-rate", "0.05",
        "--iterations", "6", "--threads", "2", "--report", report.toString(), "--model", model.toString(), "--plot", png.toString());
    assertEquals(0, f.code(), f.err());
    byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(png), 8);
    assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, head, "a PNG file");
    Map<String, Object> r = JSON.std.mapFrom(Files.readString(report));
    assertEquals("sgd", r.get("algorithm"));
    assertEquals("adagrad", r.get("schedule"));
    List<?> its = (List<?>) r.get("iterations");
    assertEquals(6, its.size());
    double first = ((Number) ((Map<?, ?>) its.get(0)).get("train_rmse")).doubleValue();
    double last = ((Number) ((Map<?, ?>) its.get(5)).get("train_rmse")).doubleValue();
    assertTrue(last < first, "train RMSE did not fall: " + first + " -> " + last);
    assertTrue(((Map<?, ?>) its.get(5)).containsKey("test_rmse"), its.get(5).toString());
    assertTrue(Files.size(model) > 0);

    Path badReport = dir.resolve("diverged.json");
    Run diverged = run("fit", "--algorithm", "sgd", "--input", data.toString(), "--rank", "8", "--schedule", "constant",
        "--learning-rate", "20", "--iterations", "5", "--report", badReport.toString());
    assertEquals(1, diverged.code());
    assertTrue(diverged.err().contains("epoch 1: sgd diverged") && diverged.err().contains("lower the learning rate"), diverged.err());
    assertFalse(Files.exists(badReport), "nothing is written when training diverges");
    for (String opt : List.of("adam", "adamw")) {
      Path adamReport = dir.resolve(opt + ".json");
      Run a = run("fit", "--algorithm", "sgd", "--optimizer", opt, "--input", data.toString(), "--rank", "8", "--weight-decay", "1e-4",
          "--batch-size", "512", "--iterations", "4", "--threads", "2", "--report", adamReport.toString());
      assertEquals(0, a.code(), a.err());
      Map<String, Object> ar = JSON.std.mapFrom(Files.readString(adamReport));
      assertEquals(opt, ar.get("algorithm"));
      assertEquals(512, ((Number) ar.get("batch_size")).intValue());
      assertEquals(Boolean.FALSE, ar.get("lazy"));
      List<?> rows = (List<?>) ar.get("iterations");
      double a0 = ((Number) ((Map<?, ?>) rows.get(0)).get("train_rmse")).doubleValue();
      double a3 = ((Number) ((Map<?, ?>) rows.get(3)).get("train_rmse")).doubleValue();
      assertTrue(a3 < a0, opt + ": train RMSE did not fall: " + a0 + " -> " + a3);
    }
    Path alsReport = dir.resolve("als-biases.json");
    Run als = run("fit", "--input", data.toString(), "--rank", "6", "--biases", "--lambda-bias", "2", "--iterations", "3",
        "--report", alsReport.toString());
    assertEquals(0, als.code(), als.err());
    Map<String, Object> alsR = JSON.std.mapFrom(Files.readString(alsReport));
    assertEquals(Boolean.TRUE, alsR.get("biases"));
    assertEquals(2.0, ((Number) alsR.get("lambda_bias")).doubleValue());
    Run walsBiases = run("fit", "--algorithm", "wals", "--biases", "--iterations", "1");
    assertEquals(1, walsBiases.code());
    assertTrue(walsBiases.err().contains("--biases applies to --algorithm als"), walsBiases.err());
    Run mixed = run("fit", "--algorithm", "sgd", "--optimizer", "adam", "--lambda", "0.1", "--iterations", "1");
    assertEquals(1, mixed.code());
    assertTrue(mixed.err().contains("--weight-decay"), mixed.err());
    Run wrong = run("fit", "--algorithm", "als", "--learning-rate", "0.1", "--iterations", "1");
    assertEquals(1, wrong.code());
    assertTrue(wrong.err().contains("--learning-rate"), wrong.err());
  }

  @Test
  void svdFitReportsItsSettingsAndGeneralizesWorseThanAls() throws Exception {
    Path data = dir.resolve("ratings.tsv");
    assertEquals(0, run("generate", "--users", "300", "--items", "200", "--ratings", "12000", "--rank", "4", "--seed", "3",
        "--out", data.toString()).code());
    Path report = dir.resolve("svd.json"), model = dir.resolve("svd.mf4j");
    Run f = run("fit", "--algorithm", "svd", "--input", data.toString(), "--rank", "6", "--oversampling", "8", "--power-iterations", "2",
        "--threads", "2", "--report", report.toString(), "--model", model.toString());
    assertEquals(0, f.code(), f.err());
    assertTrue(f.out().contains("zero-filled SVD rank 6") && f.out().contains("test_rmse") && f.out().contains("loss"), f.out());
    Map<String, Object> r = JSON.std.mapFrom(Files.readString(report));
    assertEquals("svd", r.get("algorithm"));
    assertEquals(6, ((Number) r.get("rank")).intValue());
    assertEquals(8, ((Number) r.get("oversampling")).intValue());
    assertEquals(2, ((Number) r.get("power_iterations")).intValue());
    assertEquals(42, ((Number) r.get("seed")).intValue());
    assertEquals(3, ((List<?>) r.get("iterations")).size(), "1 + power iterations");
    double svdTest = ((Number) r.get("test_rmse")).doubleValue(), loss = ((Number) r.get("loss")).doubleValue();
    assertTrue(loss > 0 && Double.isFinite(loss), "loss " + loss);
    try (FactorModel m = ModelFile.read(model, KernelProvider.get()).model()) {
      assertEquals(6, m.rank());
      assertEquals("svd", m.algorithm());
    }
    Path alsReport = dir.resolve("als.json");
    assertEquals(0, run("fit", "--input", data.toString(), "--rank", "6", "--lambda", "0.05", "--iterations", "5", "--threads", "2",
        "--report", alsReport.toString()).code());
    double alsTest = ((Number) JSON.std.mapFrom(Files.readString(alsReport)).get("test_rmse")).doubleValue();
    assertTrue(svdTest > 2 * alsTest, "svd test RMSE " + svdTest + ", als " + alsTest);

    for (String[] bad : new String[][] {{"--solver", "cg"}, {"--lambda", "0.1"}, {"--iterations", "4"}, {"--w0", "0.5"}}) {
      List<String> args = new java.util.ArrayList<>(List.of("fit", "--algorithm", "svd", "--input", data.toString()));
      args.addAll(List.of(bad));
      Run b = run(args.toArray(String[]::new));
      assertEquals(1, b.code(), String.join(" ", bad));
      assertTrue(b.err().contains(bad[0]), b.err());
    }
    Run als = run("fit", "--algorithm", "als", "--power-iterations", "2", "--iterations", "1");
    assertEquals(1, als.code());
    assertTrue(als.err().contains("--power-iterations"), als.err());
  }
}
