package org.mf4j.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.mf4j.kernel.KernelProvider;
import org.mf4j.model.FactorModel;
import org.mf4j.model.ModelFile;
import org.mf4j.serving.ItemFilter;
import org.mf4j.serving.Recommendations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mf4j fold-in}: recommendations for a user who is not in the model, from a few interactions. */
@Command(name = "fold-in", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Solves the vector of a new user from the items they have, exactly as the model's trainer solved its users"
        + " (ALS and weighted-ALS models), and writes the n best other items as tab-separated lines rank, item, score after a header line.",
        "With --vector the vector itself is written too (a line 'vector' and K values)."})
final class FoldInCommand implements Callable<Integer> {
  @Mixin ModelInput model;
  @Option(names = "--items", split = ",", paramLabel = "ID[:VALUE]",
      description = "The user's items (ids as in the training data), each with its rating or strength (default 1), comma-separated.")
  List<String> items = new ArrayList<>();
  @Option(names = "--items-file", paramLabel = "FILE",
      description = "More of the user's items, one per line: id, optionally a tab or comma and the value; '#' starts a comment.")
  Path itemsFile;
  @Option(names = "--n", defaultValue = "10", description = "Items to recommend (default ${DEFAULT-VALUE}).")
  int n;
  @Option(names = "--vector", description = "Also write the folded-in vector.")
  boolean vector;

  @Override
  public Integer call() throws Exception {
    if (n < 1) throw new IllegalArgumentException("--n = " + n + " must be at least 1");
    List<String> entries = new ArrayList<>(items);
    if (itemsFile != null) entries.addAll(readItems(itemsFile));
    if (entries.isEmpty()) throw new IllegalArgumentException("no items: give --items or --items-file");
    ModelFile.Loaded loaded = ModelFile.read(model.file, KernelProvider.get());
    try (FactorModel m = loaded.model()) {
      List<String> ids = new ArrayList<>();
      float[] values = new float[entries.size()];
      for (int q = 0; q < entries.size(); q++) {
        String s = entries.get(q).trim();
        int colon = s.lastIndexOf(':');
        ids.add(colon < 0 ? s : s.substring(0, colon));
        values[q] = colon < 0 ? 1f : parseValue(s.substring(colon + 1), s);
      }
      int[] dense = RecommendCommand.denseIds(m.itemIds(), ids, "item");
      float[] u = m.foldInUser(dense, values);
      Recommendations top = m.recommendForVector(u, dense, n, ItemFilter.EXCLUDE_SEEN);
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

  /** The file's entries as {@code id[:value]}; a line with more than two fields is an error naming the line. */
  static List<String> readItems(Path file) throws java.io.IOException {
    List<String> out = new ArrayList<>();
    List<String> lines = java.nio.file.Files.readAllLines(file);
    for (int l = 0; l < lines.size(); l++) {
      String line = lines.get(l).strip();
      if (line.isEmpty() || line.startsWith("#")) continue;
      String[] f = line.split("[\\t,]");
      if (f.length > 2 || f[0].isBlank()) {
        throw new IllegalArgumentException(file + ":" + (l + 1) + ": expected 'item' or 'item<TAB>value', found '" + line + "'");
      }
      out.add(f.length == 1 ? f[0].strip() : f[0].strip() + ":" + f[1].strip());
    }
    return out;
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
