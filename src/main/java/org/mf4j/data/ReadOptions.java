package org.mf4j.data;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * How {@link RatingsReader} reads a file: immutable and validated on construction. Start from
 * {@link #DEFAULT} or {@link #delimited} and change one component at a time with the {@code with}
 * methods, each of which validates like the constructor.
 *
 * <p>Whatever {@code delimiter}, {@code columns} and {@code header} leave open (null, or
 * {@link Header#AUTO}) is detected from the first non-blank lines of the file (up to 20 of them): the
 * delimiter is the first of {@code ::}, tab, {@code ,}, {@code ;} and {@code |} found on every sampled
 * line after the first, else whitespace; the columns are {@code user, item, rating} plus a timestamp
 * when the first data line has a fourth field that looks like one (see {@link RatingFormat}).
 *
 * @param format the layout; {@link RatingFormat#AUTO} detects it
 * @param delimiter field separator for {@link RatingFormat#DELIMITED} or {@code AUTO} (null: detect).
 *     Any non-empty string without a line break; the names {@code tab} (or {@code \t}), {@code comma},
 *     {@code space}, {@code semicolon}, {@code pipe} and {@code whitespace} (or {@code ws},
 *     {@code \s+}: runs of spaces and tabs) are understood, case-insensitively, and stored as the
 *     separator they name ({@link #WHITESPACE} for runs of blanks)
 * @param columns the role of each field for {@code DELIMITED} or {@code AUTO} (null: detect); must
 *     name {@code USER} and {@code ITEM} exactly once each and {@code RATING}, {@code TIMESTAMP} and
 *     {@code WEIGHT} at most once; without a {@code RATING} every value is 1. Fields after the last
 *     listed column are ignored, and trailing {@code SKIP} columns need not be present. Stored as an
 *     unmodifiable copy
 * @param header whether the first non-blank line is a header; {@link Header#AUTO} detects it
 * @param duplicates what to do with repeated (user, item) pairs
 * @param skipInvalid count and skip bad lines (reported in {@link ReadResult#invalidLines()} and
 *     {@link ReadResult#invalidSamples()}) instead of failing with {@link RatingsFormatException} on
 *     the first
 * @param threads parsing threads for plain (uncompressed) files, at least 0; 0 means one per available
 *     processor. Files under 4 MiB, compressed files and streams are parsed on one thread
 * @param timestamps whether to keep a timestamp column in {@link org.mf4j.api.Ratings#timestamps()};
 *     false leaves them null (still checked, never stored), which saves 8 bytes a rating and a pass of
 *     stores when the caller does not split or weigh by time
 */
public record ReadOptions(RatingFormat format, String delimiter, List<Column> columns, Header header,
    DuplicatePolicy duplicates, boolean skipInvalid, int threads, boolean timestamps) {

  /** The role of a column in a delimited file. */
  public enum Column {
    /** The user's external id: an integer, or any other text. */
    USER,
    /** The item's external id: an integer, or any other text. */
    ITEM,
    /** The rating: a finite decimal number (NaN, infinities, hex and suffixed floats are rejected). */
    RATING,
    /** The time of the rating: an integer (any unit, kept as given) or a {@code YYYY-MM-DD} date (epoch seconds at midnight UTC). */
    TIMESTAMP,
    /** A per-rating weight (for weighted ALS); returned in {@link ReadResult#weights()}. */
    WEIGHT,
    /** A column that is ignored. */
    SKIP;

    /**
     * Parses a column name, ignoring case and surrounding blanks: {@code user} ({@code userid},
     * {@code user_id}), {@code item} ({@code itemid}, {@code item_id}, {@code movie}, {@code movieid}),
     * {@code rating} ({@code value}, {@code score}), {@code timestamp} ({@code time}, {@code date}),
     * {@code weight}, {@code skip} ({@code ignore}, {@code _}, {@code -}).
     *
     * @param name the column's name
     * @return the column role
     * @throws IllegalArgumentException when the name is none of these
     * @throws NullPointerException when {@code name} is null
     */
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

  /** Whether the first non-blank line is a header. */
  public enum Header {
    /**
     * Detect: the first line is a header when a rating, weight or timestamp field of it is not a number,
     * or when its ids are not integers while the next line's are.
     */
    AUTO,
    /** The first non-blank line is a header and is skipped. */
    PRESENT,
    /** There is no header: the first non-blank line is data. */
    ABSENT
  }

  /** The delimiter value meaning "runs of spaces and tabs" (leading and trailing blanks ignored). */
  public static final String WHITESPACE = "whitespace";

  /**
   * Auto-detected format, delimiter, columns and header; duplicates resolved by
   * {@link DuplicatePolicy#LAST}; fail on the first bad line; one thread per processor; timestamps kept.
   */
  public static final ReadOptions DEFAULT =
      new ReadOptions(RatingFormat.AUTO, null, null, Header.AUTO, DuplicatePolicy.LAST, false, 0, true);

  /**
   * Options that keep timestamps (the form before {@link #timestamps()} existed); parameters and
   * exceptions as for the canonical constructor.
   *
   * @param format the layout
   * @param delimiter the field separator, or null to detect it
   * @param columns the column roles, or null to detect them
   * @param header whether there is a header line
   * @param duplicates what to do with repeated pairs
   * @param skipInvalid whether to skip bad lines
   * @param threads parsing threads, 0 for one per processor
   */
  public ReadOptions(RatingFormat format, String delimiter, List<Column> columns, Header header,
      DuplicatePolicy duplicates, boolean skipInvalid, int threads) {
    this(format, delimiter, columns, header, duplicates, skipInvalid, threads, true);
  }

  /**
   * Validates the options and normalizes the delimiter name.
   *
   * @throws NullPointerException when {@code format}, {@code header}, {@code duplicates} or an
   *     element of {@code columns} is null
   * @throws IllegalArgumentException when {@code threads < 0}; when the delimiter is empty or holds a
   *     line break; when a delimiter or columns are given for a format other than {@code AUTO} and
   *     {@code DELIMITED} (those have a fixed layout); or when {@code columns} is empty, does not
   *     name user and item exactly once each, or names rating, timestamp or weight more than once
   */
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

  /**
   * Options for delimited text ({@link RatingFormat#DELIMITED}), the rest as {@link #DEFAULT}, e.g.
   * {@code delimited("::", "user,item,rating,timestamp", false)}.
   *
   * @param delimiter the field separator or its name (see the record's doc), or null to detect it
   * @param columns a column list as {@link #parseColumns} reads it, or null to detect the columns
   * @param header true when the first non-blank line is a header ({@link Header#PRESENT}), false when
   *     there is none ({@link Header#ABSENT})
   * @return the options
   * @throws IllegalArgumentException when the delimiter or the column list is invalid
   */
  public static ReadOptions delimited(String delimiter, String columns, boolean header) {
    return DEFAULT.withFormat(RatingFormat.DELIMITED).withDelimiter(delimiter).withColumns(columns)
        .withHeader(header ? Header.PRESENT : Header.ABSENT);
  }

  /**
   * Parses a column list like {@code user,item,rating,timestamp} or {@code skip,user,item,rating}:
   * names as {@link Column#parse} reads them, separated by commas, semicolons or blanks.
   *
   * @param spec the column list
   * @return the columns, unmodifiable
   * @throws NullPointerException when {@code spec} is null
   * @throws IllegalArgumentException for an unknown name, an empty list, or a list that does not name
   *     user and item exactly once each or names rating, timestamp or weight more than once
   */
  public static List<Column> parseColumns(String spec) {
    Objects.requireNonNull(spec, "columns");
    List<Column> out = new ArrayList<>();
    for (String s : spec.split("[,;\\s]+")) if (!s.isEmpty()) out.add(Column.parse(s));
    checkColumns(out);
    return List.copyOf(out);
  }

  /** A copy with {@link #format()} {@code f}; see the constructor for the exceptions. */
  public ReadOptions withFormat(RatingFormat f) {
    return new ReadOptions(f, delimiter, columns, header, duplicates, skipInvalid, threads, timestamps);
  }
  /** A copy with {@link #delimiter()} {@code d} (null: detect); see the constructor for the exceptions. */
  public ReadOptions withDelimiter(String d) {
    return new ReadOptions(format, d, columns, header, duplicates, skipInvalid, threads, timestamps);
  }
  /** A copy with {@link #columns()} {@code c} (null: detect); see the constructor for the exceptions. */
  public ReadOptions withColumns(List<Column> c) {
    return new ReadOptions(format, delimiter, c, header, duplicates, skipInvalid, threads, timestamps);
  }
  /** A copy with the columns of {@code spec} as {@link #parseColumns} reads it (null: detect). */
  public ReadOptions withColumns(String spec) { return withColumns(spec == null ? null : parseColumns(spec)); }
  /** A copy with {@link #header()} {@code h}; null is rejected with {@link NullPointerException}. */
  public ReadOptions withHeader(Header h) {
    return new ReadOptions(format, delimiter, columns, h, duplicates, skipInvalid, threads, timestamps);
  }
  /** A copy with {@link #duplicates()} {@code p}; null is rejected with {@link NullPointerException}. */
  public ReadOptions withDuplicates(DuplicatePolicy p) {
    return new ReadOptions(format, delimiter, columns, header, p, skipInvalid, threads, timestamps);
  }
  /** A copy with {@link #skipInvalid()} {@code s}. */
  public ReadOptions withSkipInvalid(boolean s) {
    return new ReadOptions(format, delimiter, columns, header, duplicates, s, threads, timestamps);
  }
  /** A copy with {@link #threads()} {@code t} (0: one per processor); negative is rejected with {@link IllegalArgumentException}. */
  public ReadOptions withThreads(int t) {
    return new ReadOptions(format, delimiter, columns, header, duplicates, skipInvalid, t, timestamps);
  }
  /** A copy with {@link #timestamps()} {@code keep}. */
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
