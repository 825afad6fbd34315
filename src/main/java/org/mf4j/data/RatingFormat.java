package org.mf4j.data;

/**
 * Layouts of rating files that {@link RatingsReader} understands.
 *
 * <p>For every format except {@link #NETFLIX}, unless {@link ReadOptions#columns()} says otherwise,
 * the number of columns is taken from the first data line: three columns are
 * {@code user, item, rating}, a fourth is the timestamp (integer seconds or a {@code YYYY-MM-DD} date;
 * for {@link #AUTO} and {@link #DELIMITED} only when it looks like one on every sampled line, else it is
 * ignored), further columns are ignored. For {@code AUTO} and {@code DELIMITED} two columns are
 * {@code user, item}, every value 1. Later lines with fewer fields are bad lines. A header line is
 * detected unless {@link ReadOptions.Header} says otherwise. {@code AUTO} reads a file whose first
 * line is {@code digits:} as {@code NETFLIX} (when no delimiter or columns are given), anything else as
 * delimited text.
 */
public enum RatingFormat {
  /** Detect the layout from the first non-empty lines (the default); the result says what it found. */
  AUTO("auto-detected"),
  /** MovieLens 100K {@code u.data}: {@code user item rating [timestamp]}, tabs or spaces, no header. */
  MOVIELENS_100K("MovieLens 100K u.data layout (whitespace-separated user item rating timestamp)"),
  /** MovieLens 1M / 10M {@code ratings.dat}: {@code user::item::rating::timestamp}. */
  MOVIELENS_DAT("MovieLens 1M/10M layout (user::item::rating::timestamp)"),
  /** MovieLens 20M / 25M / 32M / latest {@code ratings.csv}: header {@code userId,movieId,rating,timestamp}. */
  MOVIELENS_CSV("MovieLens CSV (userId,movieId,rating,timestamp)"),
  /**
   * Netflix Prize training files: a line {@code movie_id:} followed by lines {@code user,rating,date}
   * for that movie; the date ({@code YYYY-MM-DD}) becomes epoch seconds at midnight UTC.
   */
  NETFLIX("Netflix Prize layout (movie_id: lines, then user,rating,YYYY-MM-DD)"),
  /** Any delimited text, described by {@link ReadOptions#delimiter()} and {@link ReadOptions#columns()}. */
  DELIMITED("delimited text");

  private final String description;

  RatingFormat(String description) { this.description = description; }

  /** A human-readable description of the layout. */
  public String description() { return description; }
}
