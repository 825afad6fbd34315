package org.mf4j.eval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Top-k ranking quality at one cutoff {@code k}, as computed by {@link RankingEvaluator}; the exact
 * definitions are in that class's Javadoc. Every mean is over the users evaluated (users with at least
 * one relevant item); a metric is NaN when no user was evaluated, {@link #auc()} also when no user had
 * a non-relevant candidate.
 *
 * @param k the cutoff
 * @param precision mean of hits_u / k
 * @param precisionCapped Σ_u hits_u / Σ_u min(k, |R_u|) (the {@code implicit} library's "precision")
 * @param recall mean of hits_u / |R_u|
 * @param ndcg mean of DCG_u / IDCG_u with binary gains
 * @param map mean of AP@k_u, normalized by min(k, |R_u|)
 * @param hitRate fraction of users with at least one hit in the top k
 * @param auc mean per-user AUC over the full ranking of the candidates (the same for every k)
 * @param usersEvaluated users with at least one relevant item
 * @param testInteractions Σ_u |R_u|: distinct relevant (test, not training) items over those users
 * @param aucUsers users in the AUC mean (evaluated users with at least one non-relevant candidate)
 */
public record RankingMetrics(int k, double precision, double precisionCapped, double recall, double ndcg,
    double map, double hitRate, double auc, long usersEvaluated, long testInteractions, long aucUsers) {

  /**
   * The metrics as report entries, the cutoff in the key: {@code precision_at_10},
   * {@code precision_at_10_capped}, {@code recall_at_10}, {@code ndcg_at_10}, {@code map_at_10},
   * {@code hit_rate_at_10}, then {@code auc}, {@code users_evaluated}, {@code test_interactions},
   * {@code auc_users}. NaN values are null (JSON has no NaN).
   */
  public Map<String, Object> toReport() {
    return toReport(List.of(this));
  }

  /**
   * Entries of several cutoffs in one map: the per-k keys of each in list order, then the k-free
   * keys ({@code auc} and the counts) once, taken from the first element.
   *
   * @throws IllegalArgumentException when the list is empty
   */
  public static Map<String, Object> toReport(List<RankingMetrics> metrics) {
    if (metrics.isEmpty()) throw new IllegalArgumentException("metrics is empty");
    Map<String, Object> r = new LinkedHashMap<>();
    for (RankingMetrics m : metrics) {
      String at = "_at_" + m.k();
      r.put("precision" + at, orNull(m.precision()));
      r.put("precision" + at + "_capped", orNull(m.precisionCapped()));
      r.put("recall" + at, orNull(m.recall()));
      r.put("ndcg" + at, orNull(m.ndcg()));
      r.put("map" + at, orNull(m.map()));
      r.put("hit_rate" + at, orNull(m.hitRate()));
    }
    RankingMetrics first = metrics.get(0);
    r.put("auc", orNull(first.auc()));
    r.put("users_evaluated", first.usersEvaluated());
    r.put("test_interactions", first.testInteractions());
    r.put("auc_users", first.aucUsers());
    return r;
  }

  private static Double orNull(double x) {
    return Double.isNaN(x) ? null : x;
  }
}
