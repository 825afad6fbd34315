package org.mf4j.data;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * How {@link RatingsReader} reads a file: immutable and validated on construction.
 *
 * @param format the layout; {@link RatingFormat#AUTO} detects it
 * @param delimiter field separator for {@link RatingFormat#DELIMITED} or {@code AUTO} (null: detect).
 *     Any string; the names {@code tab} (or {@code \t}), {@code comma}, {@code space},
 *     {@code semicolon}, {@code pipe} and {@code whitespace} (runs of spaces and tabs) are understood.
 * @param columns the role of each column for {@code DELIMITED} or {@code AUTO} (null: detect);
 *     must hold one {@code USER} and one {@code ITEM}; without a {@code RATING} every value is 1
 * @param header whether the first non-empty line is a header
 * @param duplicates what to do with repeated (user, item) pairs
 * @param skipInvalid count and skip bad lines instead of failing on the first
 * @param threads parsing threads for plain files; 0 means one per available processor
 * @param timestamps whether to keep a timestamp column in {@link org.mf4j.api.Ratings#timestamps()};
 *     false leaves them null (still checked, never stored), which saves 8 bytes a rating and a pass of
 *     stores when the caller does not split or weigh by time
 */
public record ReadOptions(RatingFormat format, String delimiter, List<Column> columns, Header header,
    DuplicatePolicy duplicates, boolean skipInvalid, int threads, boolean timestamps) {

  /** The role of a column in a delimited file. */
  public enum Column {
    USER, ITEM, RATING, TIMESTAMP,
    /** A per-rating weight (for weighted ALS); returned in {@link ReadResult#weights()}. */
    WEIGHT,
    /** A column that is ignored. */
    SKIP;

    /** Parses a column name: user, item, rating (or value), timestamp (or time, date), weight, skip. */
    public static Column parse(String name) {
      return switch (name.strip().toLowerCase(Locale.ROOT)) {
        case "user", "userid", "user_id" -> USER;
        case "item", "itemid", "item_id", "movie", "movieid" -> ITEM;
        case "rating", "value", "score" -> RATING;
        case "timestamp", "time", "date" -> TIMESTAMP;
        case "weight" -> WEIGHT;
        case "skip", "ignore", "_", "-" -> SKIP;
        default -> throw new IllegalArgumentException("unknown column \"" + name
            + "\": expected user, item, rating, timestamp, weight or skip");
      };
    }
  }

  /** Whether the first non-empty line is a header. */
  public enum Header { AUTO, PRESENT, ABSENT }

  /** The delimiter value meaning "runs of spaces and tabs". */
  public static final String WHITESPACE = "whitespace";

  /** Auto-detected format, duplicates resolved by {@link DuplicatePolicy#LAST}, fail on bad lines. */
  public static final ReadOptions DEFAULT =
      new ReadOptions(RatingFormat.AUTO, null, null, Header.AUTO, DuplicatePolicy.LAST, false, 0, true);

  /** Options that keep timestamps (the form before {@link #timestamps()} existed). */
  public ReadOptions(RatingFormat format, String delimiter, List<Column> columns, Header header,
      DuplicatePolicy duplicates, boolean skipInvalid, int threads) {
    this(format, delimiter, columns, header, duplicates, skipInvalid, threads, true);
  }

  public ReadOptions {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(header, "header");
    Objects.requireNonNull(duplicates, "duplicates");
    if (threads < 0) throw new IllegalArgumentException("threads = " + threads + " < 0");
    boolean free = format == RatingFormat.AUTO || format == RatingFormat.DELIMITED;
    if (delimiter != null) {
      delimiter = normalizeDelimiter(delimiter);
      if (!free) {
        throw new IllegalArgumentException("delimiter = \"" + delimiter + "\" applies to formats AUTO and"
            + " DELIMITED only; " + format + " has a fixed layout");
      }
    }
    if (columns != null) {
      if (!free) {
        throw new IllegalArgumentException("columns = " + columns + " apply to formats AUTO and DELIMITED"
            + " only; " + format + " has a fixed layout");
      }
      columns = List.copyOf(columns);
      checkColumns(columns);
    }
  }

  /** Options for delimited text, e.g. {@code delimited("::", "user,item,rating,timestamp", false)}. */
  public static ReadOptions delimited(String delimiter, String columns, boolean header) {
    return DEFAULT.withFormat(RatingFormat.DELIMITED).withDelimiter(delimiter).withColumns(columns)
        .withHeader(header ? Header.PRESENT : Header.ABSENT);
  }

  /** Parses a column list like {@code user,item,rating,timestamp} or {@code skip,user,item,rating}. */
  public static List<Column> parseColumns(String spec) {
    Objects.requireNonNull(spec, "columns");
    List<Column> out = new ArrayList<>();
    for (String s : spec.split("[,;\\s]+")) if (!s.isEmpty()) out.add(Column.parse(s));
    checkColumns(out);
    return List.copyOf(out);
  }

  public ReadOptions withFormat(RatingFormat f) {
    return new ReadOptions(f, delimiter, columns, header, duplicates, skipInvalid, threads, timestamps);
  }
  public ReadOptions withDelimiter(String d) {
    return new ReadOptions(format, d, columns, header, duplicates, skipInvalid, threads, timestamps);
  }
  public ReadOptions withColumns(List<Column> c) {
    return new ReadOptions(format, delimiter, c, header, duplicates, skipInvalid, threads, timestamps);
  }
  public ReadOptions withColumns(String spec) { return withColumns(spec == null ? null : parseColumns(spec)); }
  public ReadOptions withHeader(Header h) {
    return new ReadOptions(format, delimiter, columns, h, duplicates, skipInvalid, threads, timestamps);
  }
  public ReadOptions withDuplicates(DuplicatePolicy p) {
    return new ReadOptions(format, delimiter, columns, header, p, skipInvalid, threads, timestamps);
  }
  public ReadOptions withSkipInvalid(boolean s) {
    return new ReadOptions(format, delimiter, columns, header, duplicates, s, threads, timestamps);
  }
  public ReadOptions withThreads(int t) {
    return new ReadOptions(format, delimiter, columns, header, duplicates, skipInvalid, t, timestamps);
  }
  public ReadOptions withTimestamps(boolean keep) {
    return new ReadOptions(format, delimiter, columns, header, duplicates, skipInvalid, threads, keep);
  }

  /** The number of parsing threads this resolves to. */
  int effectiveThreads() { return threads > 0 ? threads : Runtime.getRuntime().availableProcessors(); }

  static String normalizeDelimiter(String d) {
    if (d.isEmpty()) throw new IllegalArgumentException("delimiter is empty");
    String n = switch (d.toLowerCase(Locale.ROOT)) {
      case "tab", "\\t" -> "\t";
      case "comma" -> ",";
      case "space" -> " ";
      case "semicolon" -> ";";
      case "pipe" -> "|";
      case "whitespace", "ws", "\\s+" -> WHITESPACE;
      default -> d;
    };
    if (n.indexOf('\n') >= 0 || n.indexOf('\r') >= 0) {
      throw new IllegalArgumentException("delimiter must not contain a line break");
    }
    return n;
  }

  private static void checkColumns(List<Column> columns) {
    if (columns.isEmpty()) throw new IllegalArgumentException("columns is empty");
    Map<Column, Integer> count = new EnumMap<>(Column.class);
    for (Column c : columns) count.merge(Objects.requireNonNull(c, "column"), 1, Integer::sum);
    for (Column c : new Column[] {Column.USER, Column.ITEM}) {
      if (count.getOrDefault(c, 0) != 1) {
        throw new IllegalArgumentException("columns = " + columns + " must name " + c.name().toLowerCase(Locale.ROOT)
            + " exactly once");
      }
    }
    for (Column c : new Column[] {Column.RATING, Column.TIMESTAMP, Column.WEIGHT}) {
      if (count.getOrDefault(c, 0) > 1) {
        throw new IllegalArgumentException("columns = " + columns + " name " + c.name().toLowerCase(Locale.ROOT)
            + " more than once");
      }
    }
  }
}
