package org.mf4j.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.mf4j.kernel.KernelProvider;
import org.mf4j.model.FactorModel;
import org.mf4j.model.ModelFile;
import org.mf4j.model.UserFoldIn;
import org.mf4j.serving.Recommendations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mf4j fold-in}: recommendations for a user who is not in the model, from a few interactions. */
@Command(name = "fold-in", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Solves the vector of a new user from the items they have, exactly as the model's trainer solved its users"
        + " (ALS and weighted-ALS models), and writes the n best other items as tab-separated lines rank, item, score after a header line.",
        "With --vector the vector itself is written too (a line 'vector' and K values)."})
final class FoldInCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, paramLabel = "FILE", description = "Model file (from mf4j fit --model).")
  Path model;
  @Option(names = "--items", required = true, split = ",", paramLabel = "ID[:VALUE]",
      description = "The user's items (ids as in the training data), each with its rating or strength (default 1), comma-separated.")
  List<String> items;
  @Option(names = "--n", defaultValue = "10", description = "Items to recommend (default ${DEFAULT-VALUE}).")
  int n;
  @Option(names = "--vector", description = "Also write the folded-in vector.")
  boolean vector;

  @Override
  public Integer call() throws Exception {
    if (n < 1) throw new IllegalArgumentException("--n = " + n + " must be at least 1");
    ModelFile.Loaded loaded = ModelFile.read(model, KernelProvider.get());
    try (FactorModel m = loaded.model()) {
      List<String> ids = new ArrayList<>();
      float[] values = new float[items.size()];
      for (int q = 0; q < items.size(); q++) {
        String s = items.get(q).trim();
        int colon = s.lastIndexOf(':');
        ids.add(colon < 0 ? s : s.substring(0, colon));
        values[q] = colon < 0 ? 1f : parseValue(s.substring(colon + 1), s);
      }
      int[] dense = RecommendCommand.denseIds(m.itemIds(), ids, "item");
      UserFoldIn fold = UserFoldIn.of(loaded, Runtime.getRuntime().availableProcessors());
      float[] u = fold.foldIn(dense, values);
      Recommendations top = fold.recommend(u, dense, n);
      StringBuilder out = new StringBuilder("rank\titem\tscore\n");
      for (int r = 0; r < top.size(); r++) {
        out.append(r + 1).append('\t').append(m.itemIds().externalId(top.items()[r])).append('\t').append(top.scores()[r]).append('\n');
      }
      if (vector) {
        out.append("vector");
        for (float x : u) out.append('\t').append(x);
        out.append('\n');
      }
      System.out.print(out);
    }
    return 0;
  }

  private static float parseValue(String v, String item) {
    try {
      float x = Float.parseFloat(v);
      if (Float.isFinite(x)) return x;
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("--items: '" + item + "' has a value that is not a finite number");
  }
}
