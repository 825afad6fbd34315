package org.mf4j.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.mf4j.api.IdIndex;
import org.mf4j.data.RatingsFormatException;
import org.mf4j.kernel.KernelProvider;
import org.mf4j.model.FactorModel;
import org.mf4j.model.ModelFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mf4j predict}: the model's prediction for each (user, item) pair of a file, by original ids. */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Reads (user, item) pairs, one per line, tab- or comma-separated (more columns are ignored; '#' lines and"
        + " blank lines skipped), and writes user, item and the model's prediction as tab-separated lines after a header line.",
        "An id the model does not know stops the run with the file, line and text; nothing is written."})
final class PredictCommand implements Callable<Integer> {
  @Mixin ModelInput model;
  @Option(names = "--pairs", required = true, paramLabel = "FILE", description = "The (user, item) pairs.")
  Path pairs;
  @Option(names = "--out", paramLabel = "FILE", description = "Write to FILE (atomically: a temp file, then a rename) instead of standard output.")
  Path out;

  @Override
  public Integer call() throws Exception {
    try (FactorModel m = ModelFile.read(model.file, KernelProvider.get()).model()) {
      TextOutput.write(out, w -> write(m, w));
    }
    return 0;
  }

  private void write(FactorModel m, Writer w) throws IOException {
    IdIndex users = m.userIds(), items = m.itemIds();
    w.write("user\titem\tprediction\n");
    try (BufferedReader r = Files.newBufferedReader(pairs, StandardCharsets.UTF_8)) {
      long lineNo = 0;
      for (String line; (line = r.readLine()) != null; ) {
        lineNo++;
        String t = line.strip();
        if (t.isEmpty() || t.startsWith("#")) continue;
        String[] f = t.split("[\t,]", 3);
        if (f.length < 2) throw new RatingsFormatException(pairs.toString(), lineNo, "expected user and item", line);
        String user = f[0].strip(), item = f[1].strip();
        int u = users.get(user), i = items.get(item);
        if (u < 0 || i < 0) {
          throw new RatingsFormatException(pairs.toString(), lineNo, "unknown " + (u < 0 ? "user id '" + user : "item id '" + item) + "'",
              line);
        }
        w.append(user).append('\t').append(item).append('\t').append(Float.toString(m.predict(u, i))).append('\n');
      }
    }
  }
}
