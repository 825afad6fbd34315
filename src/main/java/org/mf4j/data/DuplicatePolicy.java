package org.mf4j.data;

/**
 * What a reader does with repeated (user, item) pairs.
 *
 * <p>The surviving row keeps the file position of the pair's <em>first</em> occurrence (so the
 * order of survivors is the order of first appearance); its value is combined from all
 * occurrences as below, and its timestamp is that of the <em>last</em> occurrence. An optional
 * weight column is combined the same way as the value.
 */
public enum DuplicatePolicy {
  /** The value of the last occurrence in the file wins (the default). */
  LAST,
  /** The arithmetic mean of all occurrences. */
  MEAN,
  /** The sum of all occurrences (suits play counts or hours). */
  SUM,
  /** The largest value. */
  MAX,
  /** A duplicate is an error naming the file, both line numbers and the pair. */
  ERROR
}
