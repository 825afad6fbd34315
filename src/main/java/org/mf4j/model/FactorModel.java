package org.mf4j.model;

import org.mf4j.api.IdIndex;
import org.mf4j.kernel.Kernels;
import org.mf4j.memory.FactorMatrix;

/**
 * A trained factorization r̂_ui = u_u·v_i: user factors U, item factors V (off-heap) and the id maps.
 *
 * <p>Owns U and V: {@link #close()} frees them. Reads are thread-safe; nothing here mutates.
 */
public final class FactorModel implements AutoCloseable {
  private final FactorMatrix userFactors;
  private final FactorMatrix itemFactors;
  private final IdIndex userIds;
  private final IdIndex itemIds;
  private final Kernels kernels;
  private final String algorithm;

  public FactorModel(String algorithm, FactorMatrix userFactors, FactorMatrix itemFactors,
      IdIndex userIds, IdIndex itemIds, Kernels kernels) {
    if (userFactors.rank() != itemFactors.rank()) {
      throw new IllegalArgumentException("rank of U (" + userFactors.rank() + ") != rank of V (" + itemFactors.rank() + ")");
    }
    this.algorithm = algorithm;
    this.userFactors = userFactors;
    this.itemFactors = itemFactors;
    this.userIds = userIds;
    this.itemIds = itemIds;
    this.kernels = kernels;
  }

  public String algorithm() { return algorithm; }
  public int rank() { return userFactors.rank(); }
  public int numUsers() { return userFactors.rows(); }
  public int numItems() { return itemFactors.rows(); }
  public FactorMatrix userFactors() { return userFactors; }
  public FactorMatrix itemFactors() { return itemFactors; }
  public IdIndex userIds() { return userIds; }
  public IdIndex itemIds() { return itemIds; }

  /** The predicted rating of dense user {@code u} for dense item {@code i}. */
  public float predict(int u, int i) {
    if (u < 0 || u >= numUsers()) throw new IndexOutOfBoundsException("user " + u + " not in [0, " + numUsers() + ")");
    if (i < 0 || i >= numItems()) throw new IndexOutOfBoundsException("item " + i + " not in [0, " + numItems() + ")");
    return kernels.dot(userFactors.segment(), userFactors.rowOffset(u), itemFactors.segment(),
        itemFactors.rowOffset(i), rank());
  }

  @Override
  public void close() {
    userFactors.close();
    itemFactors.close();
  }
}
