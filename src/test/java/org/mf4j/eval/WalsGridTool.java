package org.mf4j.eval;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.mf4j.api.Confidence;
import org.mf4j.api.PreferenceTarget;
import org.mf4j.api.Ratings;
import org.mf4j.api.RegScaling;
import org.mf4j.api.WalsConfig;
import org.mf4j.data.RatingsReader;
import org.mf4j.data.Splits;
import org.mf4j.data.TrainTestSplit;
import org.mf4j.kernel.KernelProvider;
import org.mf4j.serving.ItemScorer;
import org.mf4j.solver.als.AlternatingRun;
import org.mf4j.solver.als.WalsTrainer;
import org.mf4j.sparse.CsrMatrix;

/**
 * A weighted-ALS grid in one JVM (not a test: run it by hand): every configuration is fitted on
 * TRAIN minus a per-user 20 % validation slice and scored by NDCG@10 on that slice; the best is refitted
 * on all of TRAIN and scored once on TEST. Usage:
 * {@code WalsGridTool TRAIN TEST iterations confidence alphas w0s lambdas scalings nus ranks [epsilon]}
 * with comma-separated lists, e.g. {@code train.tsv test.tsv 15 constant 0 0.05,0.1 0.01,0.03 frequency 1 64}.
 */
public final class WalsGridTool {
  private WalsGridTool() {}

  public static void main(String[] a) throws Exception {
    Ratings train = RatingsReader.read(Path.of(a[0])).ratings();
    TrainTestSplit given = Splits.givenTest(train, Path.of(a[1]), org.mf4j.data.ReadOptions.DEFAULT);
    int iterations = Integer.parseInt(a[2]);
    Confidence conf = Confidence.valueOf(a[3].toUpperCase(Locale.ROOT));
    double eps = a.length > 10 ? Double.parseDouble(a[10]) : 1;
    // EXPLORE=1 scores every configuration on TEST itself: for seeing what a model family can reach,
    // never for choosing settings.
    TrainTestSplit val = System.getenv("EXPLORE") != null ? given : Splits.perUserFraction(train, 0.2, 5, 7);
    List<WalsConfig> grid = new ArrayList<>();
    for (double alpha : list(a[4])) for (double w0 : list(a[5])) for (double l : list(a[6]))
      for (String sc : a[7].split(",")) for (double nu : list(a[8])) for (double k : list(a[9]))
        for (double lvRatio : list(System.getenv().getOrDefault("LV_RATIO", "1")))
        for (double w0Exp : list(System.getenv().getOrDefault("W0_EXP", "0")))
        grid.add(new WalsConfig((int) k, l, l * lvRatio, RegScaling.valueOf(sc.toUpperCase(Locale.ROOT)), nu, w0, w0Exp, conf, alpha, eps, 0.5,
            PreferenceTarget.ONE, org.mf4j.api.LinearSolver.CHOLESKY, 3, iterations, 2, 42));
    WalsConfig best = null;
    double bestScore = -1;
    for (WalsConfig c : grid) {
      double s = ndcg(c, val);
      System.out.printf(Locale.ROOT, "validation ndcg@10 %.4f  %s%n", s, describe(c));
      if (s > bestScore) { bestScore = s; best = c; }
    }
    RankingMetrics m = metrics(best, given);
    System.out.printf(Locale.ROOT, "BEST %s (validation %.4f)%nTEST ndcg@10 %.4f p@10capped %.4f p@10 %.4f recall %.4f map %.4f auc %.4f%n",
        describe(best), bestScore, m.ndcg(), m.precisionCapped(), m.precision(), m.recall(), m.map(), m.auc());
  }

  static String describe(WalsConfig c) {
    return String.format(Locale.ROOT, "K=%d conf=%s alpha=%s w0=%s w0exp=%s lambda_u=%s lambda_v=%s scaling=%s nu=%s", c.rank(), c.confidence(), c.alpha(),
        c.unobservedWeight(), c.unobservedExponent(), c.lambdaU(), c.lambdaV(), c.regScaling(), c.regExponent());
  }

  static double[] list(String s) {
    return Arrays.stream(s.split(",")).mapToDouble(Double::parseDouble).toArray();
  }

  static double ndcg(WalsConfig c, TrainTestSplit split) {
    return metrics(c, split).ndcg();
  }

  static RankingMetrics metrics(WalsConfig c, TrainTestSplit split) {
    var kernels = KernelProvider.get();
    try (AlternatingRun run = new WalsTrainer(c, kernels).start(split.train())) {
      for (int i = 0; i < c.iterations(); i++) run.iterate();
      CsrMatrix tr = run.trainByUser();
      Ratings t = split.test();
      CsrMatrix test = CsrMatrix.build(tr.rows(), tr.numCols(), t.users(), t.items(), t.values(), t.size());
      return RankingEvaluator.evaluate(run.userFactors(), new ItemScorer(kernels, run.itemFactors()), tr, test, 10, 2);
    }
  }
}
