package org.mf4j.model;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.mf4j.api.AlsConfig;
import org.mf4j.api.IdIndex;
import org.mf4j.api.Ratings;
import org.mf4j.api.Confidence;
import org.mf4j.api.PreferenceTarget;
import org.mf4j.api.RegScaling;
import org.mf4j.api.WalsConfig;
import org.mf4j.memory.FactorMatrix;
import org.mf4j.serving.ItemFilter;
import org.mf4j.serving.Recommendations;
import org.mf4j.solver.FoldIn;
import org.mf4j.solver.RowProblem;
import org.mf4j.solver.als.AlsTrainer;
import org.mf4j.solver.als.WalsTrainer;
import org.mf4j.sparse.CsrMatrix;

/**
 * Fold-in for a saved ALS or weighted-ALS model: a user vector from a handful of interactions, without
 * retraining, solved exactly from the normal equations the trainer used — rebuilt from the settings the
 * model file stores ({@code lambda_u}, {@code reg_scaling}, and for weighted models {@code w0},
 * {@code w0_exponent}, {@code confidence}, {@code alpha}, …) and, for weighted models, the training
 * counts in its seen items. A training user folded in from their own history gets their row of the
 * model (one more user half-sweep against the final item factors). SGD, Adam, SVD and biased ALS models
 * are refused with {@link UnsupportedOperationException}. {@link #updateUsers} is the partial fit built on
 * it. Thread-safe; holds no memory of its own.
 */
public final class UserFoldIn {
  private final FactorModel model;
  private final Function<CsrMatrix, RowProblem> problem;
  private final double w0;
  private final int threads;

  private UserFoldIn(FactorModel model, Function<CsrMatrix, RowProblem> problem, double w0, int threads) {
    this.model = model;
    this.problem = problem;
    this.w0 = w0;
    this.threads = threads;
  }

  /** Fold-in for {@code loaded}'s model, solving on {@code threads} threads. */
  public static UserFoldIn of(ModelFile.Loaded loaded, int threads) {
    FactorModel m = loaded.model();
    Map<String, String> p = loaded.properties();
    String algorithm = m.algorithm();
    int k = m.rank();
    switch (algorithm) {
      case "als" -> {
        if (Boolean.parseBoolean(p.getOrDefault("biases", "false"))) {
          throw new UnsupportedOperationException("fold-in of explicit ALS with biases is not supported yet");
        }
        AlsConfig c = AlsConfig.defaults().withRank(k).withLambdas(number(p, "lambda_u"), number(p, "lambda_v"))
            .withRegScaling(RegScaling.valueOf(upper(p, "reg_scaling")));
        AlsTrainer t = new AlsTrainer(c, m.kernels());
        return new UserFoldIn(m, t::foldInProblem, 0, threads);
      }
      case "wals" -> {
        if (m.seenItems() == null) throw new UnsupportedOperationException("fold-in of a weighted model needs its seen items (a format 2+ file)");
        WalsConfig d = WalsConfig.implicitDefaults();
        WalsConfig c = d.withRank(k).withLambdas(number(p, "lambda_u"), number(p, "lambda_v"))
            .withRegScaling(RegScaling.valueOf(upper(p, "reg_scaling")), number(p, "reg_exponent", d.regExponent()))
            .withUnobservedWeight(number(p, "w0")).withUnobservedExponent(number(p, "w0_exponent", 0))
            .withConfidence(Confidence.valueOf(upper(p, "confidence")), number(p, "alpha"))
            .withEpsilon(number(p, "epsilon", d.epsilon())).withFrequencyExponent(number(p, "frequency_exponent", d.frequencyExponent()))
            .withTarget(PreferenceTarget.valueOf(upper(p, "target")));
        WalsTrainer t = new WalsTrainer(c, m.kernels());
        CsrMatrix training = m.seenItems();
        return new UserFoldIn(m, h -> t.foldInProblem(h, training), c.unobservedWeight(), threads);
      }
      default -> throw new UnsupportedOperationException("fold-in of " + algorithm + " models is not supported (ALS and weighted ALS are)");
    }
  }

  /**
   * The vector (K floats) of a user who has {@code items} (dense item ids) with {@code values} (ratings for
   * explicit models; event strengths for weighted ones, none zero under target one).
   */
  public float[] foldIn(int[] items, float[] values) {
    if (items.length != values.length) throw new IllegalArgumentException(items.length + " items but " + values.length + " values");
    for (int i : items) if (i < 0 || i >= model.numItems()) throw new IndexOutOfBoundsException("item " + i + " not in [0, " + model.numItems() + ")");
    CsrMatrix history = CsrMatrix.build(1, model.numItems(), new int[items.length], items, values, items.length);
    try (FactorMatrix row = FoldIn.solve(model.kernels(), problem.apply(history), model.itemFactors(), w0, threads)) {
      float[] u = new float[model.rank()];
      row.getRow(0, u, 0);
      return u;
    }
  }

  /** The n best items for such a user, best first, the user's own {@code items} left out. */
  public Recommendations recommend(int[] items, float[] values, int n) {
    return recommend(foldIn(items, values), items, n);
  }

  /** The n best items for a vector already folded in, best first, {@code exclude} left out. */
  public Recommendations recommend(float[] vector, int[] exclude, int n) {
    return model.topN().forVector(vector, 0, n, ItemFilter.INCLUDE_SEEN.withDenied(exclude));
  }

  /**
   * Partial fit: a new model in which every user of {@code histories} (matched by external id) has the
   * vector folded in from exactly those ratings — their full new history replaces the old one, in the
   * vector and in the seen items — and users the model did not know are added after the others. The
   * other users' vectors and the item factors are copied unchanged (only user rows are re-solved; the
   * items stay as trained). The old model is left as it was, and open. Every item of {@code histories}
   * must be known to the model.
   *
   * @throws IllegalArgumentException naming the unknown items
   */
  public FactorModel updateUsers(Ratings histories) {
    IdIndex oldUsers = model.userIds(), items = model.itemIds();
    int[] itemOf = new int[histories.numItems()];
    List<String> unknown = new ArrayList<>();
    for (int d = 0; d < itemOf.length; d++) {
      String ext = histories.itemIds().externalId(d);
      itemOf[d] = items.get(ext);
      if (itemOf[d] < 0 && unknown.size() < 10) unknown.add("'" + ext + "'");
    }
    if (!unknown.isEmpty()) throw new IllegalArgumentException("items unknown to the model: " + String.join(", ", unknown));
    IdIndex users = new IdIndex();
    for (int d = 0; d < model.numUsers(); d++) users.add(oldUsers.externalId(d));
    int[] rowOf = new int[histories.numUsers()];
    for (int d = 0; d < rowOf.length; d++) rowOf[d] = users.add(histories.userIds().externalId(d));
    int n = histories.size();
    int[] hu = new int[n], hi = new int[n];
    for (int t = 0; t < n; t++) {
      hu[t] = histories.user(t);
      hi[t] = itemOf[histories.item(t)];
    }
    CsrMatrix named = CsrMatrix.build(histories.numUsers(), model.numItems(), hu, hi, histories.values(), n);
    int k = model.rank(), total = users.size();
    FactorMatrix u = FactorMatrix.allocate(total, k), v = FactorMatrix.allocate(model.numItems(), k);
    try (FactorMatrix folded = FoldIn.solve(model.kernels(), problem.apply(named), model.itemFactors(), w0, threads)) {
      MemorySegment.copy(model.userFactors().segment(), 0, u.segment(), 0, model.userFactors().segment().byteSize());
      v.copyFrom(model.itemFactors());
      float[] row = new float[k];
      for (int d = 0; d < rowOf.length; d++) {
        folded.getRow(d, row, 0);
        u.setRow(rowOf[d], row, 0);
      }
      return new FactorModel(model.algorithm(), u, v, users, items, model.kernels(), seenAfter(named, rowOf, total));
    } catch (RuntimeException e) {
      u.close();
      v.close();
      throw e;
    }
  }

  /** The model's seen items with the named users' rows replaced by their new histories, new users appended. */
  private CsrMatrix seenAfter(CsrMatrix named, int[] rowOf, int total) {
    CsrMatrix old = model.seenItems();
    boolean[] replaced = new boolean[total];
    for (int r : rowOf) replaced[r] = true;
    long oldKept = 0;
    if (old != null) for (int r = 0; r < old.rows(); r++) if (!replaced[r]) oldKept += old.rowLength(r);
    int n = Math.toIntExact(oldKept + named.nnz());
    int[] us = new int[n], is = new int[n];
    float[] vs = new float[n];
    int q = 0;
    if (old != null) {
      for (int r = 0; r < old.rows(); r++) {
        if (replaced[r]) continue;
        for (long p = old.rowStart(r); p < old.rowEnd(r); p++, q++) {
          us[q] = r;
          is[q] = old.colIndex()[(int) p];
          vs[q] = old.values()[(int) p];
        }
      }
    }
    for (int d = 0; d < named.rows(); d++) {
      for (long p = named.rowStart(d); p < named.rowEnd(d); p++, q++) {
        us[q] = rowOf[d];
        is[q] = named.colIndex()[(int) p];
        vs[q] = named.values()[(int) p];
      }
    }
    return CsrMatrix.build(total, model.numItems(), us, is, vs, n);
  }

  private static String upper(Map<String, String> p, String key) { return require(p, key).toUpperCase(Locale.ROOT); }

  private static double number(Map<String, String> p, String key) { return Double.parseDouble(require(p, key)); }

  private static double number(Map<String, String> p, String key, double fallback) {
    String v = p.get(key);
    return v == null ? fallback : Double.parseDouble(v);
  }

  private static String require(Map<String, String> p, String key) {
    String v = p.get(key);
    if (v == null) throw new UnsupportedOperationException("the model file does not record '" + key + "', which fold-in needs");
    return v;
  }
}
