package org.mf4j.api;

/**
 * The value a_ui an observed entry is fitted to in weighted ALS ({@link WalsConfig}).
 *
 * <ul>
 *   <li>{@link #ONE}: a = 1 for a positive value — implicit feedback, where the value (a count, hours,
 *       a rating above a threshold) only says how sure we are (through the weight). A negative value
 *       means a known dislike: a = 0, weighted by its absolute value. Zero values carry no event and
 *       are dropped before training (counted in the report).</li>
 *   <li>{@link #VALUE}: a = r — weighted explicit ratings; every value, zero and negative included,
 *       is fitted as given.</li>
 * </ul>
 */
public enum PreferenceTarget {
  /** a = 1 for a positive value, 0 for a negative one; zero values are dropped. */
  ONE,
  /** a = r, the value as given. */
  VALUE
}
