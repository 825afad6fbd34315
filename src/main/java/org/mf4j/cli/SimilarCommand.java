package org.mf4j.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.mf4j.api.IdIndex;
import org.mf4j.kernel.KernelProvider;
import org.mf4j.model.FactorModel;
import org.mf4j.model.ModelFile;
import org.mf4j.serving.RecommendationBatch;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mf4j similar}: the items most like some items (or users like some users) of a saved model, by cosine. */
@Command(name = "similar", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Writes, for each item (or user) asked for, the n most similar ones by cosine of their factor rows as"
        + " tab-separated lines id, rank (from 1), similar id, cosine, with the ids of the training data, after a header line."
        + " The item (user) itself is left out."})
final class SimilarCommand implements Callable<Integer> {
  @Mixin ModelInput model;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Which which;

  static final class Which {
    @Option(names = "--items", split = ",", paramLabel = "ID", required = true, description = "Items (ids as in the training data), comma-separated.")
    List<String> items;
    @Option(names = "--users", split = ",", paramLabel = "ID", required = true, description = "Users instead, comma-separated.")
    List<String> users;
  }

  @Option(names = "--n", defaultValue = "10", description = "Similar ones per id (default ${DEFAULT-VALUE}).")
  int n;
  @Mixin ThreadsOption threads;

  @Override
  public Integer call() throws Exception {
    if (n < 1) throw new IllegalArgumentException("--n = " + n + " must be at least 1");
    int nThreads = threads.count();
    boolean items = which.items != null;
    try (FactorModel m = ModelFile.read(model.file, KernelProvider.get()).model()) {
      IdIndex ids = items ? m.itemIds() : m.userIds();
      int[] dense = RecommendCommand.denseIds(ids, items ? which.items : which.users, items ? "item" : "user");
      RecommendationBatch b = items ? m.similarItems(dense, n, nThreads) : m.similarUsers(dense, n, nThreads);
      TextOutput.write(null, w -> {
        w.write(items ? "item\trank\tsimilar_item\tcosine\n" : "user\trank\tsimilar_user\tcosine\n");
        for (int r = 0; r < b.size(); r++) {
          for (int rank = 0; rank < b.count(r); rank++) {
            w.append(ids.externalId(b.user(r))).append('\t').append(Integer.toString(rank + 1)).append('\t')
                .append(ids.externalId(b.item(r, rank))).append('\t').append(Float.toString(b.score(r, rank))).append('\n');
          }
        }
      });
    }
    return 0;
  }
}
