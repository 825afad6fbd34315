package org.mf4j.api;

/** How the SGD learning rate η changes. */
public enum LearningRateSchedule {
  /** η every epoch. */
  CONSTANT,
  /** η·γ^epoch (γ the decay, epochs counted from 0). */
  DECAY,
  /**
   * Per row, AdaGrad-style as LIBMF does: η/√G_r, where G_r starts at 1 and adds the mean squared
   * gradient component (‖g_r‖²/K) of every update of row r; the row's bias steps use the same rate.
   */
  ADAGRAD
}
