package org.mf4j.data;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.mf4j.data.ReadOptions.Column;
import org.mf4j.data.ReadOptions.Header;

/**
 * The concrete layout of one file: delimiter, column roles, header, Netflix blocks, and a
 * human-readable description. Resolved from {@link ReadOptions} and, for whatever the options leave
 * open, from the first non-empty lines of the file. Immutable.
 */
final class Layout {
  private static final int SAMPLE_LINES = 20;

  final String delimiter;   // ReadOptions.WHITESPACE or a literal
  final Column[] columns;   // role of each field; fields after the last are ignored
  final boolean header;
  final boolean netflix;
  final String description;

  private Layout(String delimiter, Column[] columns, boolean header, boolean netflix, String description) {
    this.delimiter = delimiter;
    this.columns = columns;
    this.header = header;
    this.netflix = netflix;
    this.description = description;
  }

  boolean has(Column c) {
    for (Column x : columns) if (x == c) return true;
    return false;
  }

  /** The delimiter as a message shows it. */
  String delimiterLabel() { return label(delimiter); }

  static String label(String d) {
    return switch (d) {
      case ReadOptions.WHITESPACE -> "whitespace";
      case "\t" -> "tab";
      case " " -> "a space";
      default -> "\"" + d + "\"";
    };
  }

  /** Column roles as a message shows them, e.g. {@code (user, item, rating)}. */
  String columnList() {
    StringBuilder sb = new StringBuilder("(");
    for (int k = 0; k < columns.length; k++) {
      if (k > 0) sb.append(", ");
      sb.append(columns[k].name().toLowerCase(Locale.ROOT));
    }
    return sb.append(')').toString();
  }

  /**
   * Resolves the layout.
   *
   * @param sample the first bytes of the (decompressed) file
   * @param whole whether the sample is the entire file (so its last line is complete)
   */
  static Layout resolve(ReadOptions o, byte[] sample, int len, boolean whole) {
    List<String> lines = sampleLines(sample, len, whole);
    RatingFormat f = o.format();
    if (f == RatingFormat.AUTO && o.delimiter() == null && o.columns() == null && !lines.isEmpty()
        && isMovieLine(lines.get(0))) {
      f = RatingFormat.NETFLIX;
    }
    if (f == RatingFormat.NETFLIX) {
      return new Layout(",", new Column[] {Column.USER, Column.RATING, Column.TIMESTAMP}, false, true,
          RatingFormat.NETFLIX.description());
    }
    String delim = switch (f) {
      case MOVIELENS_100K -> ReadOptions.WHITESPACE;
      case MOVIELENS_DAT -> "::";
      case MOVIELENS_CSV -> ",";
      default -> o.delimiter() != null ? o.delimiter() : detectDelimiter(lines);
    };
    List<Column> given = o.columns();
    // Header: explicit, else the first line is one if its numeric fields are not numbers, or if its ids
    // are text while the next line's are numbers.
    boolean header;
    if (o.header() != Header.AUTO) {
      header = o.header() == Header.PRESENT;
    } else if (lines.isEmpty()) {
      header = false;
    } else {
      List<Column> roles = given != null ? given : List.of(Column.USER, Column.ITEM, Column.RATING);
      String[] first = split(lines.get(0), delim);
      header = !numericFieldsOk(first, roles)
          || lines.size() > 1 && !idsNumeric(first, roles) && idsNumeric(split(lines.get(1), delim), roles);
    }
    List<String> data = header && !lines.isEmpty() ? lines.subList(1, lines.size()) : lines;
    Column[] cols;
    if (given != null) {
      cols = given.toArray(new Column[0]);
    } else {
      // The first data line sets the number of columns; later lines that differ are reported as bad.
      int n = data.isEmpty() ? 3 : split(data.get(0), delim).length;
      if (n >= 3) {
        boolean ts = n >= 4;
        if (ts && f != RatingFormat.MOVIELENS_100K && f != RatingFormat.MOVIELENS_DAT && f != RatingFormat.MOVIELENS_CSV) {
          for (String l : data) {
            String[] x = split(l, delim);
            ts &= x.length < 4 || isTimestamp(x[3]);
          }
        }
        cols = ts ? new Column[] {Column.USER, Column.ITEM, Column.RATING, Column.TIMESTAMP}
            : new Column[] {Column.USER, Column.ITEM, Column.RATING};
      } else if (n == 2 && f != RatingFormat.MOVIELENS_100K && f != RatingFormat.MOVIELENS_DAT
          && f != RatingFormat.MOVIELENS_CSV) {
        cols = new Column[] {Column.USER, Column.ITEM};
      } else {
        cols = new Column[] {Column.USER, Column.ITEM, Column.RATING}; // the parser reports the bad line
      }
    }
    int last = cols.length; // trailing SKIP columns need not be present
    while (last > 0 && cols[last - 1] == Column.SKIP) last--;
    cols = java.util.Arrays.copyOf(cols, last);
    String headerText = header && !lines.isEmpty() ? lines.get(0) : null;
    Layout tmp = new Layout(delim, cols, header, false, "");
    return new Layout(delim, cols, header, false, describe(f, o.format() == RatingFormat.AUTO, tmp, headerText));
  }

  private static String describe(RatingFormat f, boolean detected, Layout l, String headerText) {
    boolean uirt = l.columns.length == 4 && l.columns[0] == Column.USER && l.columns[1] == Column.ITEM
        && l.columns[2] == Column.RATING && l.columns[3] == Column.TIMESTAMP;
    String hdr = headerText == null ? "no header" : "header " + RatingsFormatException.quote(headerText);
    if ((f == RatingFormat.MOVIELENS_CSV || detected) && ",".equals(l.delimiter) && uirt
        && headerText != null && headerText.strip().equalsIgnoreCase("userId,movieId,rating,timestamp")) {
      return "MovieLens CSV with header (userId,movieId,rating,timestamp)";
    }
    if ((f == RatingFormat.MOVIELENS_DAT || detected) && "::".equals(l.delimiter) && uirt && headerText == null) {
      return "MovieLens 1M/10M layout (user::item::rating::timestamp)";
    }
    if ((f == RatingFormat.MOVIELENS_100K || detected) && uirt && headerText == null
        && ("\t".equals(l.delimiter) || ReadOptions.WHITESPACE.equals(l.delimiter))) {
      return "MovieLens 100K u.data layout (" + l.delimiterLabel()
          + "-separated user, item, rating, timestamp; no header)";
    }
    String what = switch (f) {
      case AUTO, DELIMITED -> "delimited text";
      default -> f.description() + " read as delimited text";
    };
    return what + ", " + l.delimiterLabel() + "-separated " + l.columnList() + ", " + hdr
        + (l.columns.length == 2 || !l.has(Column.RATING) ? "; no rating column, every value 1" : "");
  }

  /** Up to {@value #SAMPLE_LINES} complete non-blank lines, BOM and CR removed. */
  static List<String> sampleLines(byte[] b, int len, boolean whole) {
    List<String> out = new ArrayList<>();
    int p = len >= 3 && (b[0] & 0xff) == 0xEF && (b[1] & 0xff) == 0xBB && (b[2] & 0xff) == 0xBF ? 3 : 0;
    while (p < len && out.size() < SAMPLE_LINES) {
      int q = p;
      while (q < len && b[q] != '\n') q++;
      if (q == len && !whole) break; // incomplete last line
      int e = q > p && b[q - 1] == '\r' ? q - 1 : q;
      String s = new String(b, p, e - p, StandardCharsets.UTF_8);
      if (!s.isBlank()) out.add(s);
      p = q + 1;
    }
    return out;
  }

  static boolean isMovieLine(String s) {
    String t = s.strip();
    if (t.length() < 2 || t.charAt(t.length() - 1) != ':') return false;
    for (int k = 0; k < t.length() - 1; k++) if (t.charAt(k) < '0' || t.charAt(k) > '9') return false;
    return true;
  }

  /** The first candidate found in every sampled line (the first line may be a header or a comment). */
  private static String detectDelimiter(List<String> lines) {
    List<String> body = lines.size() > 1 ? lines.subList(1, lines.size()) : lines;
    for (String d : new String[] {"::", "\t", ",", ";", "|"}) {
      boolean all = !body.isEmpty();
      for (String l : body) all &= l.contains(d);
      if (all) return d;
    }
    return ReadOptions.WHITESPACE;
  }

  static String[] split(String line, String delim) {
    if (ReadOptions.WHITESPACE.equals(delim)) return line.strip().split("[ \t]+");
    List<String> out = new ArrayList<>();
    int p = 0;
    for (int q; (q = line.indexOf(delim, p)) >= 0; p = q + delim.length()) out.add(line.substring(p, q));
    out.add(line.substring(p));
    return out.toArray(new String[0]);
  }

  private static boolean numericFieldsOk(String[] fields, List<Column> roles) {
    for (int k = 0; k < roles.size() && k < fields.length; k++) {
      Column c = roles.get(k);
      if ((c == Column.RATING || c == Column.WEIGHT) && !isNumber(fields[k])) return false;
      if (c == Column.TIMESTAMP && !isTimestamp(fields[k])) return false;
    }
    return true;
  }

  private static boolean idsNumeric(String[] fields, List<Column> roles) {
    for (int k = 0; k < roles.size() && k < fields.length; k++) {
      Column c = roles.get(k);
      if ((c == Column.USER || c == Column.ITEM) && !fields[k].strip().matches("[+-]?\\d{1,18}")) return false;
    }
    return true;
  }

  private static boolean isNumber(String s) {
    String t = s.strip();
    if (t.isEmpty() || !t.matches("[0-9eE.+-]+")) return false;
    try {
      return Float.isFinite(Float.parseFloat(t));
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static boolean isTimestamp(String s) {
    String t = s.strip();
    return t.matches("-?\\d{1,18}") || t.matches("\\d{4}-\\d{2}-\\d{2}");
  }
}
