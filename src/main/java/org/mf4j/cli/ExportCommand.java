package org.mf4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.mf4j.kernel.KernelProvider;
import org.mf4j.model.Exports;
import org.mf4j.model.FactorModel;
import org.mf4j.model.ModelFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mf4j export}: a saved model's factors as NumPy arrays with id files, or as TSV. */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Writes a saved model's user and item factors for other tools.",
        "npy: user_factors.npy and item_factors.npy (float32, shape (rows, K); np.load reads them) with user_ids.txt and"
            + " item_ids.txt, one original id per line in row order.",
        "tsv: user_factors.tsv and item_factors.tsv, lines id<TAB>f1<TAB>...<TAB>fK.",
        "A model trained with biases has K + 2 columns: user rows end in (mean + b_u, 1), item rows in (1, b_i)."})
final class ExportCommand implements Callable<Integer> {
  @Mixin ModelInput model;
  @Option(names = "--format", defaultValue = "npy", paramLabel = "npy|tsv", description = "npy (default) or tsv.")
  String format;
  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory to write into (created if missing).")
  Path out;

  @Override
  public Integer call() throws Exception {
    if (!format.equals("npy") && !format.equals("tsv")) throw new IllegalArgumentException("--format = " + format + ": use npy or tsv");
    Files.createDirectories(out);
    List<Path> written;
    try (FactorModel m = ModelFile.read(model.file, KernelProvider.forName("scalar")).model()) {
      if (format.equals("npy")) {
        written = List.of(out.resolve("user_factors.npy"), out.resolve("item_factors.npy"), out.resolve("user_ids.txt"),
            out.resolve("item_ids.txt"));
        Exports.npy(m.userFactors(), written.get(0));
        Exports.npy(m.itemFactors(), written.get(1));
        Exports.ids(m.userIds(), m.numUsers(), written.get(2));
        Exports.ids(m.itemIds(), m.numItems(), written.get(3));
      } else {
        written = List.of(out.resolve("user_factors.tsv"), out.resolve("item_factors.tsv"));
        Exports.tsv(m.userFactors(), m.userIds(), written.get(0));
        Exports.tsv(m.itemFactors(), m.itemIds(), written.get(1));
      }
      System.out.printf("exported %,d users and %,d items, %d factors each:%n", m.numUsers(), m.numItems(), m.rank());
    }
    for (Path p : written) System.out.println("  " + p);
    return 0;
  }
}
