package org.mf4j.data;

import java.util.List;
import java.util.Objects;
import org.mf4j.api.Ratings;

/**
 * What {@link RatingsReader} read and how.
 *
 * @param ratings the ratings, dense ids in order of first appearance in the file, duplicates merged;
 *     their {@link Ratings#weights()} is null (a weight column is returned in {@code weights}: attach
 *     it with {@code ratings.withWeights(weights)})
 * @param format a human-readable description of what the file was read as (the detected layout when
 *     the format was AUTO, and the compression if any), not a {@link RatingFormat} name
 * @param lines physical lines read, header and blank lines included
 * @param invalidLines lines skipped as invalid (only with {@link ReadOptions#skipInvalid()}; else 0)
 * @param invalidSamples the first invalid lines, at most {@link #MAX_INVALID_SAMPLES}, with their line
 *     numbers and reasons; stored as an unmodifiable copy
 * @param duplicateRows rows merged into an earlier row with the same (user, item) pair
 * @param duplicatePairs distinct (user, item) pairs that occurred more than once
 * @param duplicatePolicy the policy that merged them
 * @param weights per-rating weights aligned with {@code ratings} (the first {@code ratings.size()}
 *     entries; the array may be longer), or null without a weight column; not copied
 * @param seconds wall time of the read, in seconds
 */
public record ReadResult(Ratings ratings, String format, long lines, long invalidLines,
    List<InvalidLine> invalidSamples, long duplicateRows, long duplicatePairs,
    DuplicatePolicy duplicatePolicy, float[] weights, double seconds) {

  /** At most this many invalid lines are kept in {@link #invalidSamples()}. */
  public static final int MAX_INVALID_SAMPLES = 10;

  /**
   * One skipped line: its 1-based number, text (truncated) and why it was rejected.
   *
   * @param line the 1-based line number in the file
   * @param text the line's text, truncated to its first 800 bytes
   * @param reason why the line was rejected, e.g. {@code rating "x" is not a number}
   */
  public record InvalidLine(long line, String text, String reason) {
    /** The line as a message shows it: {@code line: reason in "text"}. */
    @Override public String toString() {
      return line + ": " + reason + " in " + RatingsFormatException.quote(text);
    }
  }

  /**
   * Checks the components and copies {@code invalidSamples}.
   *
   * @throws NullPointerException when {@code ratings}, {@code format}, {@code invalidSamples} (or one
   *     of its elements) or {@code duplicatePolicy} is null
   */
  public ReadResult {
    Objects.requireNonNull(ratings, "ratings");
    Objects.requireNonNull(format, "format");
    invalidSamples = List.copyOf(invalidSamples);
    Objects.requireNonNull(duplicatePolicy, "duplicatePolicy");
  }

  /** A one-line summary for logs and the CLI: counts of ratings, users, items, lines, invalid and duplicate rows, and the time. */
  public String summary() {
    return String.format("%,d ratings, %,d users, %,d items from %,d lines (%s); %,d invalid lines skipped;"
        + " %,d duplicate rows (%,d pairs, policy %s); %.2f s", ratings.size(), ratings.numUsers(),
        ratings.numItems(), lines, format, invalidLines, duplicateRows, duplicatePairs, duplicatePolicy, seconds);
  }
}
