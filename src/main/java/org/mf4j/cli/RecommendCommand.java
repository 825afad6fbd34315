package org.mf4j.cli;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.mf4j.api.IdIndex;
import org.mf4j.kernel.KernelProvider;
import org.mf4j.kernel.Kernels;
import org.mf4j.model.FactorModel;
import org.mf4j.model.ModelFile;
import org.mf4j.serving.ItemFilter;
import org.mf4j.serving.RecommendationBatch;
import org.mf4j.serving.Recommendations;
import org.mf4j.serving.TopN;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mf4j recommend}: the top-N items of some or all users of a saved model, as TSV with the original ids. */
@Command(name = "recommend", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Writes the n best items per user of a saved model as tab-separated lines user, rank (from 1), item,"
        + " score, with the ids of the training data, after a header line.",
        "A user's training items are left out when the model stores them (models written by 'mf4j fit --model' do);"
            + " --include-seen keeps them."})
final class RecommendCommand implements Callable<Integer> {
  /** Users per batch: bounds the result arrays of --all-users on big models. */
  static final int CHUNK = 1 << 16;

  @Mixin ModelInput model;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Who who;

  static final class Who {
    @Option(names = "--users", split = ",", paramLabel = "ID", required = true, description = "Users (ids as in the training data), comma-separated.")
    List<String> users;
    @Option(names = "--all-users", required = true, description = "Every user of the model, in the model's order.")
    boolean all;
  }

  @Option(names = "--n", defaultValue = "10", description = "Items per user (default ${DEFAULT-VALUE}).")
  int n;
  @Option(names = "--out", paramLabel = "FILE", description = "Write to FILE (atomically: a temp file, then a rename) instead of standard output.")
  Path out;
  @Mixin ThreadsOption threads;
  @Option(names = "--include-seen", description = "Do not leave out the users' training items.")
  boolean includeSeen;
  @Option(names = "--unknown-users", defaultValue = "error", paramLabel = "error|popular",
      description = "A user id the model does not know: stop with an error naming it (default), or give that user the most popular"
          + " training items (their scores are interaction counts).")
  String unknownUsers;
  @Option(names = "--kernels", defaultValue = "auto", description = "auto (default), panama or scalar; same as -D" + KernelProvider.PROPERTY + ".")
  String kernels;

  @Override
  public Integer call() throws Exception {
    if (n < 1) throw new IllegalArgumentException("--n = " + n + " must be at least 1");
    int nThreads = threads.count();
    Kernels k = KernelProvider.forName(kernels);
    try (FactorModel m = ModelFile.read(model.file, k).model()) {
      if (!unknownUsers.equals("error") && !unknownUsers.equals("popular")) {
        throw new IllegalArgumentException("--unknown-users = " + unknownUsers + ": use error or popular");
      }
      int[] users = who.all ? null : unknownUsers.equals("error") ? denseUsers(m.userIds(), who.users) : denseOrMinusOne(m.userIds(), who.users);
      if (users != null && unknownUsers.equals("popular")) {
        long unknown = java.util.Arrays.stream(users).filter(u -> u < 0).count();
        if (unknown > 0) System.err.println("mf4j recommend: note: " + unknown + " unknown user id(s) get the most popular items");
      }
      if (!includeSeen && m.seenItems() == null) {
        System.err.println("mf4j recommend: note: " + model + " stores no training interactions, so seen items cannot be left out");
      }
      ItemFilter filter = includeSeen ? ItemFilter.INCLUDE_SEEN : ItemFilter.EXCLUDE_SEEN;
      long t0 = System.nanoTime();
      int rows = users == null ? m.numUsers() : users.length;
      TextOutput.write(out, w -> write(m, users, filter, nThreads, w));
      if (out != null) {
        System.out.printf(Locale.ROOT, "recommend: top %d items for %,d users in %.2f s (%d threads, kernels %s) -> %s%n",
            n, rows, (System.nanoTime() - t0) * 1e-9, nThreads, k.name(), out);
      }
    }
    return 0;
  }

  /** Dense ids of the given external user ids, -1 for those the model does not know. */
  static int[] denseOrMinusOne(IdIndex ids, List<String> external) {
    return external.stream().mapToInt(id -> ids.get(id.trim())).toArray();
  }

  /** Dense ids of the given external user ids; every unknown one is named in the error. */
  static int[] denseUsers(IdIndex ids, List<String> external) { return denseIds(ids, external, "user"); }

  /** Dense ids of the given external ids of {@code what} (user, item); every unknown one is named in the error. */
  static int[] denseIds(IdIndex ids, List<String> external, String what) {
    int[] dense = new int[external.size()];
    List<String> unknown = new ArrayList<>();
    for (int q = 0; q < dense.length; q++) {
      String id = external.get(q).trim();
      dense[q] = ids.get(id);
      if (dense[q] < 0) unknown.add("'" + id + "'");
    }
    if (!unknown.isEmpty()) {
      String list = unknown.size() <= 10 ? String.join(", ", unknown)
          : String.join(", ", unknown.subList(0, 10)) + " and " + (unknown.size() - 10) + " more";
      throw new IllegalArgumentException("unknown " + what + " id" + (unknown.size() > 1 ? "s " : " ") + list
          + " (the model has " + ids.size() + " " + what + "s)");
    }
    return dense;
  }

  /**
   * Writes the header and every user's lines, in chunks of users; returns the number of users. A user -1
   * (unknown, under --unknown-users popular) gets the most popular items.
   */
  private int write(FactorModel m, int[] users, ItemFilter filter, int nThreads, Writer w) throws IOException {
    TopN top = m.topN();
    IdIndex userIds = m.userIds(), itemIds = m.itemIds();
    int total = users == null ? m.numUsers() : users.length;
    w.write("user\trank\titem\tscore\n");
    StringBuilder line = new StringBuilder();
    Recommendations popular = null; // the same for every unknown user: computed on the first
    for (int from = 0; from < total; from += CHUNK) {
      int to = Math.min(total, from + CHUNK);
      int[] chunk = users == null ? null : java.util.Arrays.stream(users, from, to).map(u -> Math.max(u, 0)).toArray();
      RecommendationBatch b = users == null ? top.forUserRange(from, to, n, filter, nThreads) : top.forUsers(chunk, n, filter, nThreads);
      for (int r = 0; r < b.size(); r++) {
        boolean unknown = users != null && users[from + r] < 0;
        String user = unknown ? who.users.get(from + r).trim() : userIds.externalId(b.user(r));
        if (unknown && popular == null) popular = m.popularItems(n, filter);
        Recommendations rec = unknown ? popular : null;
        int count = unknown ? rec.size() : b.count(r);
        for (int rank = 0; rank < count; rank++) {
          line.setLength(0);
          line.append(user).append('\t').append(rank + 1).append('\t').append(itemIds.externalId(unknown ? rec.items()[rank] : b.item(r, rank)))
              .append('\t').append(unknown ? rec.scores()[rank] : b.score(r, rank)).append('\n');
          w.append(line);
        }
      }
    }
    return total;
  }
}
