package org.mf4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mf4j tune}, {@code fit --early-stopping} and {@code fit --config} end to end, in process. */
class TuneCliTest {
  @TempDir Path dir;

  private Path generate(String... extra) {
    Path data = dir.resolve("ratings.tsv");
    List<String> args = new java.util.ArrayList<>(List.of("generate", "--users", "300", "--items", "200", "--ratings", "12000",
        "--rank", "4", "--seed", "3", "--out", data.toString()));
    args.addAll(List.of(extra));
    CliTest.Run g = CliTest.run(args.toArray(String[]::new));
    assertEquals(0, g.code(), g.err());
    return data;
  }

  private static Map<String, Object> json(Path p) throws Exception {
    return JSON.std.mapFrom(Files.readString(p));
  }

  private static double num(Object o) {
    return ((Number) o).doubleValue();
  }

  @Test
  void tuneWritesTableReportAndBestConfigThatFitReadsBack() throws Exception {
    Path data = generate();
    Path report = dir.resolve("tune.json"), best = dir.resolve("out/best.json");
    CliTest.Run t = CliTest.run("tune", "--input", data.toString(), "--algorithm", "als", "--rank", "1,4", "--lambda", "0.05,20",
        "--iterations", "8", "--patience", "2", "--threads", "2", "--report", report.toString(), "--best-config", best.toString());
    assertEquals(0, t.code(), t.err());
    assertTrue(t.out().contains("rank") && t.out().contains("lambda") && t.out().contains("best_it"), t.out());
    for (int i = 1; i <= 4; i++) assertTrue(t.out().contains("\n   " + i + " "), "no table row " + i + ": " + t.out());
    assertTrue(t.out().contains("test rmse"), t.out());

    Map<String, Object> r = json(report);
    List<?> configs = (List<?>) r.get("configurations");
    assertEquals(4, configs.size());
    Map<?, ?> b = (Map<?, ?>) r.get("best");
    // The planted rank 4 with a sane λ beats rank 1 and the absurd λ.
    assertEquals("4", b.get("rank"));
    assertEquals("0.05", b.get("lambda"));
    double bestScore = num(b.get("score"));
    for (Object o : configs) assertTrue(num(((Map<?, ?>) o).get("score")) >= bestScore);
    Map<?, ?> refit = (Map<?, ?>) r.get("refit");
    double testRmse = num(refit.get("test_rmse"));
    assertTrue(testRmse > 0.5 && testRmse < 1.2, "test RMSE " + testRmse);
    int bestIt = ((Number) b.get("best_iteration")).intValue();
    assertEquals(bestIt, ((Number) refit.get("iterations")).intValue());

    Map<String, Object> cfg = json(best);
    Map<?, ?> options = (Map<?, ?>) cfg.get("options");
    assertEquals("als", options.get("algorithm"));
    assertEquals(bestIt, ((Number) options.get("iterations")).intValue());
    assertTrue(((String) cfg.get("command")).startsWith("mf4j fit --algorithm als --rank 4 --lambda 0.05"), (String) cfg.get("command"));

    // fit --config: the same model and iterations, the same test RMSE as tune's refit (same split, seed, threads).
    Path fitReport = dir.resolve("fit.json");
    CliTest.Run f = CliTest.run("fit", "--input", data.toString(), "--config", best.toString(), "--threads", "2", "--report", fitReport.toString());
    assertEquals(0, f.code(), f.err());
    Map<String, Object> fr = json(fitReport);
    assertEquals(4, ((Number) fr.get("rank")).intValue());
    assertEquals(0.05, num(fr.get("lambda_u")));
    assertEquals(bestIt, ((List<?>) fr.get("iterations")).size());
    assertEquals(testRmse, num(fr.get("test_rmse")), 1e-9);

    // An option on the command line wins over the file's.
    CliTest.Run o = CliTest.run("fit", "--input", data.toString(), "--config", best.toString(), "--rank", "2", "--threads", "2",
        "--report", fitReport.toString(), "--quiet");
    assertEquals(0, o.code(), o.err());
    assertEquals(2, ((Number) json(fitReport).get("rank")).intValue());
  }

  @Test
  void tuneByFoldsWithRandomSampling() throws Exception {
    Path data = generate();
    Path report = dir.resolve("tune.json");
    CliTest.Run t = CliTest.run("tune", "--input", data.toString(), "--algorithm", "sgd", "--rank", "4,8", "--lambda", "0.02,0.05,0.1",
        "--learning-rate", "0.05", "--random", "3", "--folds", "3", "--iterations", "6", "--patience", "2", "--threads", "2",
        "--report", report.toString(), "--quiet");
    assertEquals(0, t.code(), t.err());
    Map<String, Object> r = json(report);
    assertEquals("3-fold cross-validation", r.get("validation"));
    assertEquals(6, ((Number) r.get("grid_size")).intValue());
    List<?> configs = (List<?>) r.get("configurations");
    assertEquals(3, configs.size());
    for (Object o : configs) assertEquals(3, ((List<?>) ((Map<?, ?>) o).get("split_scores")).size());
  }

  @Test
  void tuneWalsScoresByNdcg() throws Exception {
    Path data = generate("--scale", "ones");
    Path report = dir.resolve("tune.json");
    CliTest.Run t = CliTest.run("tune", "--input", data.toString(), "--algorithm", "wals", "--alpha", "1,10", "--rank", "4",
        "--iterations", "4", "--patience", "2", "--threads", "2", "--report", report.toString());
    assertEquals(0, t.code(), t.err());
    Map<String, Object> r = json(report);
    assertEquals("ndcg_at_10", r.get("metric"));
    double ndcg = num(((Map<?, ?>) r.get("refit")).get("test_ndcg_at_10"));
    assertTrue(ndcg > 0 && ndcg <= 1, "ndcg " + ndcg);
  }

  @Test
  void fitWithEarlyStoppingRefitsForTheBestIteration() throws Exception {
    Path data = generate();
    Path report = dir.resolve("fit.json");
    CliTest.Run f = CliTest.run("fit", "--input", data.toString(), "--algorithm", "sgd", "--rank", "8", "--lambda", "0.02",
        "--iterations", "40", "--early-stopping", "3", "--threads", "2", "--report", report.toString());
    assertEquals(0, f.code(), f.err());
    assertTrue(f.out().contains("early:"), f.out());
    Map<String, Object> r = json(report);
    Map<?, ?> es = (Map<?, ?>) r.get("early_stopping");
    int best = ((Number) es.get("best_iteration")).intValue();
    assertEquals(3, ((Number) es.get("patience")).intValue());
    assertEquals("rmse", es.get("metric"));
    List<?> scores = (List<?>) es.get("validation_scores");
    assertTrue(best >= 1 && best < 40 && scores.size() == Math.min(40, best + 3), es.toString());
    assertEquals(num(es.get("best_validation_score")), num(scores.get(best - 1)));
    assertEquals(best, ((List<?>) r.get("iterations")).size());
  }

  @Test
  void badSettingsExitOneAndUsageErrorsTwo() throws Exception {
    Path data = generate();
    CliTest.Run svd = CliTest.run("tune", "--input", data.toString(), "--algorithm", "svd");
    assertEquals(1, svd.code());
    assertTrue(svd.err().contains("--algorithm 'svd'"), svd.err());
    CliTest.Run patience = CliTest.run("tune", "--input", data.toString(), "--patience", "0");
    assertEquals(1, patience.code());
    assertTrue(patience.err().contains("patience = 0"), patience.err());
    CliTest.Run rank = CliTest.run("tune", "--input", data.toString(), "--rank", "4,x");
    assertEquals(1, rank.code());
    assertTrue(rank.err().contains("configuration") && rank.err().contains("'x'"), rank.err());
    CliTest.Run mixed = CliTest.run("tune", "--input", data.toString(), "--algorithm", "als", "--alpha", "1,2");
    assertEquals(1, mixed.code());
    assertTrue(mixed.err().contains("--alpha"), mixed.err());
    assertEquals(2, CliTest.run("tune", "--folds").code());
    CliTest.Run esSvd = CliTest.run("fit", "--input", data.toString(), "--algorithm", "svd", "--early-stopping", "2");
    assertEquals(1, esSvd.code());
    assertTrue(esSvd.err().contains("--early-stopping"), esSvd.err());
    Path cfg = dir.resolve("bad.json");
    Files.writeString(cfg, "{\"options\": {\"no-such-option\": 1}}");
    CliTest.Run c = CliTest.run("fit", "--input", data.toString(), "--config", cfg.toString());
    assertEquals(1, c.code());
    assertTrue(c.err().contains("no-such-option"), c.err());
    assertFalse(Files.exists(dir.resolve("tune.json")));
  }
}
