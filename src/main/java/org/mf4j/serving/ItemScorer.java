package org.mf4j.serving;

import org.mf4j.kernel.Kernels;
import org.mf4j.memory.FactorMatrix;

/**
 * Scores users against every item of a fixed item-factor matrix V: the dense block
 * {@code S = U_sel · Vᵀ} that top-N serving and ranking evaluation need.
 *
 * <p>Thread-safe: any number of threads may score at once (each with its own output array).
 * Does not own {@code V}.
 */
public final class ItemScorer {
  private final Kernels kernels;
  private final FactorMatrix items;

  public ItemScorer(Kernels kernels, FactorMatrix items) {
    this.kernels = kernels;
    this.items = items;
  }

  /** The number of items scored per user (the columns of a score row). */
  public int numItems() { return items.rows(); }

  /**
   * For r in [0, count): {@code out[r*ldo + i] = U[users[from + r]] · V[i]} for every item i.
   *
   * @param ldo row stride of {@code out}, at least {@link #numItems()}
   */
  public void scoreUsers(FactorMatrix u, int[] users, int from, int count, float[] out, int ldo) {
    int k = items.rank();
    for (int r = 0; r < count; r++) {
      long uo = u.rowOffset(users[from + r]);
      for (int i = 0; i < items.rows(); i++) {
        out[r * ldo + i] = kernels.dot(u.segment(), uo, items.segment(), items.rowOffset(i), k);
      }
    }
  }
}
