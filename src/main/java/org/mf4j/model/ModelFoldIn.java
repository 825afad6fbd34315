package org.mf4j.model;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.mf4j.api.AlsConfig;
import org.mf4j.api.IdIndex;
import org.mf4j.api.Ratings;
import org.mf4j.api.WalsConfig;
import org.mf4j.memory.FactorMatrix;
import org.mf4j.solver.FoldIn;
import org.mf4j.solver.RowProblem;
import org.mf4j.solver.als.AlsTrainer;
import org.mf4j.solver.als.WalsTrainer;
import org.mf4j.sparse.CsrMatrix;

/**
 * The engine behind {@link FactorModel}'s fold-in and partial fit: the trainer's own per-row problems,
 * rebuilt from the model's {@link FactorModel#settings() settings} ({@link AlsConfig#fromSettings},
 * {@link WalsConfig#fromSettings}) and, for weighted models, the training counts in its seen items, solved
 * exactly by {@link FoldIn}. A side is the users (rows of U, histories over items) or the items (rows of
 * V, histories over users). Thread-safe; holds no off-heap memory.
 */
final class ModelFoldIn {
  private final FactorModel model;
  private final Function<CsrMatrix, RowProblem> userProblem, itemProblem;
  private final double w0;

  private ModelFoldIn(FactorModel model, Function<CsrMatrix, RowProblem> userProblem, Function<CsrMatrix, RowProblem> itemProblem,
      double w0) {
    this.model = model;
    this.userProblem = userProblem;
    this.itemProblem = itemProblem;
    this.w0 = w0;
  }

  /**
   * @throws UnsupportedOperationException for SGD, Adam, SVD and biased ALS models, and weighted models
   *     without seen items
   * @throws IllegalArgumentException naming a setting the model lacks or cannot be read
   */
  static ModelFoldIn of(FactorModel m) {
    Map<String, String> s = new HashMap<>(m.settings());
    s.put("rank", Integer.toString(m.rank())); // the factors' own, whatever an old file recorded
    switch (m.algorithm()) {
      case "als" -> {
        AlsConfig c = AlsConfig.fromSettings(s);
        if (c.biases()) throw new UnsupportedOperationException("fold-in of explicit ALS with biases is not supported yet");
        AlsTrainer t = new AlsTrainer(c, m.kernels());
        return new ModelFoldIn(m, t::foldInProblem, t::itemFoldInProblem, 0);
      }
      case "wals" -> {
        if (m.seenItems() == null) throw new UnsupportedOperationException("fold-in of a weighted model needs its seen items (a format 2+ file)");
        WalsConfig c = WalsConfig.fromSettings(s);
        WalsTrainer t = new WalsTrainer(c, m.kernels());
        CsrMatrix training = m.seenItems();
        return new ModelFoldIn(m, h -> t.foldInProblem(h, training), h -> t.itemFoldInProblem(h, training), c.unobservedWeight());
      }
      default -> throw new UnsupportedOperationException("fold-in of " + m.algorithm() + " models is not supported (ALS and weighted ALS are)");
    }
  }

  /** The vector of one new row of a side with entries {@code others} (dense ids of the other side) and {@code values}. */
  float[] foldIn(boolean users, int[] others, float[] values) {
    int columns = users ? model.numItems() : model.numUsers();
    String what = users ? "item" : "user";
    if (others.length != values.length) throw new IllegalArgumentException(others.length + " " + what + "s but " + values.length + " values");
    for (int o : others) if (o < 0 || o >= columns) throw new IndexOutOfBoundsException(what + " " + o + " not in [0, " + columns + ")");
    for (int q = 0; q < values.length; q++) {
      if (!Float.isFinite(values[q])) throw new IllegalArgumentException("value " + values[q] + " of " + what + " " + others[q] + " is not finite");
    }
    CsrMatrix history = CsrMatrix.build(1, columns, new int[others.length], others, values, others.length);
    try (FactorMatrix row = FoldIn.solve(model.kernels(), problem(users, history), fixed(users), w0, 1)) {
      float[] x = new float[model.rank()];
      row.getRow(0, x, 0);
      return x;
    }
  }

  private RowProblem problem(boolean users, CsrMatrix histories) {
    return (users ? userProblem : itemProblem).apply(histories);
  }

  private FactorMatrix fixed(boolean users) { return users ? model.itemFactors() : model.userFactors(); }

  /**
   * Partial fit of one side: every row named in {@code histories} (by external id) re-solved from exactly
   * those ratings against the other side's factors, unknown ids appended, the rest copied. See
   * {@link FactorModel#updateUsers(Ratings, int)}.
   */
  FactorModel update(boolean users, Ratings histories, int threads) {
    IdIndex oldRows = users ? model.userIds() : model.itemIds(), columns = users ? model.itemIds() : model.userIds();
    IdIndex named = users ? histories.userIds() : histories.itemIds(), namedColumns = users ? histories.itemIds() : histories.userIds();
    // Only ids that have ratings here are named: a Ratings.select() subset shares its parent's full id maps.
    int n = histories.size();
    boolean[] rated = new boolean[named.size()], used = new boolean[namedColumns.size()];
    for (int t = 0; t < n; t++) {
      rated[users ? histories.user(t) : histories.item(t)] = true;
      used[users ? histories.item(t) : histories.user(t)] = true;
    }
    int[] columnOf = new int[namedColumns.size()];
    List<String> unknown = new ArrayList<>();
    for (int d = 0; d < columnOf.length; d++) {
      if (!used[d]) continue;
      String ext = namedColumns.externalId(d);
      columnOf[d] = columns.get(ext);
      if (columnOf[d] < 0 && unknown.size() < 10) unknown.add("'" + ext + "'");
    }
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException((users ? "items" : "users") + " unknown to the model: " + String.join(", ", unknown)
          + (users ? " (update the items first)" : " (update the users first)"));
    }
    IdIndex rows = oldRows.copy();
    int[] local = new int[named.size()];
    int present = 0;
    for (int d = 0; d < local.length; d++) local[d] = rated[d] ? present++ : -1;
    int[] rowOf = new int[present];
    for (int d = 0; d < local.length; d++) if (rated[d]) rowOf[local[d]] = rows.add(named.externalId(d));
    int[] hr = new int[n], hc = new int[n];
    for (int t = 0; t < n; t++) {
      hr[t] = local[users ? histories.user(t) : histories.item(t)];
      hc[t] = columnOf[users ? histories.item(t) : histories.user(t)];
    }
    CsrMatrix byRow = CsrMatrix.build(present, columns.size(), hr, hc, histories.values(), n);
    FactorMatrix old = users ? model.userFactors() : model.itemFactors(), other = fixed(users);
    int k = model.rank(), total = rows.size();
    FactorMatrix solved = FactorMatrix.allocate(total, k), copied = FactorMatrix.allocate(other.rows(), k);
    try (FactorMatrix folded = FoldIn.solve(model.kernels(), problem(users, byRow), other, w0, threads)) {
      MemorySegment.copy(old.segment(), 0, solved.segment(), 0, old.segment().byteSize());
      copied.copyFrom(other);
      float[] row = new float[k];
      for (int d = 0; d < rowOf.length; d++) {
        folded.getRow(d, row, 0);
        solved.setRow(rowOf[d], row, 0);
      }
      CsrMatrix seen = seenAfter(users, byRow, rowOf, total);
      return users ? new FactorModel(model.algorithm(), solved, copied, rows, columns, model.kernels(), seen, model.settings())
          : new FactorModel(model.algorithm(), copied, solved, columns, rows, model.kernels(), seen, model.settings());
    } catch (RuntimeException e) {
      solved.close();
      copied.close();
      throw e;
    }
  }

  /**
   * The model's seen items (by user) with the named rows' entries replaced by their new histories: for
   * users their rows, for items their columns; new rows appended.
   */
  private CsrMatrix seenAfter(boolean users, CsrMatrix named, int[] rowOf, int total) {
    CsrMatrix old = model.seenItems();
    boolean[] replaced = new boolean[total];
    for (int r : rowOf) replaced[r] = true;
    long count = named.nnz();
    if (old != null) {
      for (int u = 0; u < old.rows(); u++) {
        for (long p = old.rowStart(u); p < old.rowEnd(u); p++) {
          int i = old.colIndex()[(int) p];
          if (!replaced[users ? u : i]) count++;
        }
      }
    }
    int n = Math.toIntExact(count), q = 0;
    int[] us = new int[n], is = new int[n];
    float[] vs = new float[n];
    if (old != null) {
      for (int u = 0; u < old.rows(); u++) {
        for (long p = old.rowStart(u); p < old.rowEnd(u); p++) {
          int i = old.colIndex()[(int) p];
          if (replaced[users ? u : i]) continue;
          us[q] = u;
          is[q] = i;
          vs[q++] = old.values()[(int) p];
        }
      }
    }
    for (int d = 0; d < named.rows(); d++) {
      for (long p = named.rowStart(d); p < named.rowEnd(d); p++, q++) {
        int o = named.colIndex()[(int) p];
        us[q] = users ? rowOf[d] : o;
        is[q] = users ? o : rowOf[d];
        vs[q] = named.values()[(int) p];
      }
    }
    return CsrMatrix.build(users ? total : model.numUsers(), users ? model.numItems() : total, us, is, vs, n);
  }
}
