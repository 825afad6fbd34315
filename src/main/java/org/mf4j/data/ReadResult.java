package org.mf4j.data;

import java.util.List;
import java.util.Objects;
import org.mf4j.api.Ratings;

/**
 * What {@link RatingsReader} read and how.
 *
 * @param ratings the ratings, dense ids in order of first appearance in the file
 * @param format what the file was read as (the detected layout when the format was AUTO)
 * @param lines physical lines read, header and empty lines included
 * @param invalidLines lines skipped as invalid (only with {@link ReadOptions#skipInvalid()})
 * @param invalidSamples the first few invalid lines, with their line numbers and reasons
 * @param duplicateRows rows merged into an earlier row with the same (user, item) pair
 * @param duplicatePairs distinct (user, item) pairs that occurred more than once
 * @param duplicatePolicy the policy that merged them
 * @param weights per-rating weights aligned with {@code ratings} (the first {@code ratings.size()}
 *     entries), or null without a weight column
 * @param seconds wall time of the read
 */
public record ReadResult(Ratings ratings, String format, long lines, long invalidLines,
    List<InvalidLine> invalidSamples, long duplicateRows, long duplicatePairs,
    DuplicatePolicy duplicatePolicy, float[] weights, double seconds) {

  /** At most this many invalid lines are kept in {@link #invalidSamples()}. */
  public static final int MAX_INVALID_SAMPLES = 10;

  /** One skipped line: its 1-based number, text (truncated) and why it was rejected. */
  public record InvalidLine(long line, String text, String reason) {
    @Override public String toString() {
      return line + ": " + reason + " in " + RatingsFormatException.quote(text);
    }
  }

  public ReadResult {
    Objects.requireNonNull(ratings, "ratings");
    Objects.requireNonNull(format, "format");
    invalidSamples = List.copyOf(invalidSamples);
    Objects.requireNonNull(duplicatePolicy, "duplicatePolicy");
  }

  /** A one-line summary for logs and the CLI. */
  public String summary() {
    return String.format("%,d ratings, %,d users, %,d items from %,d lines (%s); %,d invalid lines skipped;"
        + " %,d duplicate rows (%,d pairs, policy %s); %.2f s", ratings.size(), ratings.numUsers(),
        ratings.numItems(), lines, format, invalidLines, duplicateRows, duplicatePairs, duplicatePolicy, seconds);
  }
}
