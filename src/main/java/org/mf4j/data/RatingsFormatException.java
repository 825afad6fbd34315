package org.mf4j.data;

import java.io.IOException;

/**
 * A rating file holds a line the reader cannot use (or a duplicate pair under
 * {@link DuplicatePolicy#ERROR}). The message names the file, the 1-based line number and the
 * line's text, e.g. {@code ratings.dat:17: expected 3 fields (user, item, rating) separated by "::",
 * found 2 in "12::5"}.
 *
 * <p>An {@link IOException}: it is a problem with the input file, raised where I/O is already
 * declared, so callers handle it with the other read failures.
 */
public final class RatingsFormatException extends IOException {
  private static final long serialVersionUID = 1L;
  private final String file;
  private final long line;
  private final String text;

  /**
   * An exception whose message is {@code file:line: reason in "text"} (without the {@code in} part when
   * {@code text} is null); the quoted text is cut to 200 characters, tabs, quotes, backslashes and
   * control characters escaped.
   *
   * @param file the file as the caller named it
   * @param line the 1-based line number
   * @param reason what is wrong with the line
   * @param text the offending line (truncated for the message), or null
   */
  public RatingsFormatException(String file, long line, String reason, String text) {
    super(file + ":" + line + ": " + reason + (text == null ? "" : " in " + quote(text)));
    this.file = file;
    this.line = line;
    this.text = text;
  }

  /** The file as the caller named it. */
  public String file() { return file; }

  /** The 1-based line number. */
  public long line() { return line; }

  /** The offending line's text (possibly truncated), or null. */
  public String text() { return text; }

  /** Quotes a line for a message: at most 200 characters, tabs and control bytes made visible. */
  static String quote(String s) {
    StringBuilder sb = new StringBuilder(Math.min(s.length(), 200) + 8).append('"');
    int n = Math.min(s.length(), 200);
    for (int k = 0; k < n; k++) {
      char c = s.charAt(k);
      switch (c) {
        case '\t' -> sb.append("\\t");
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        default -> {
          if (c < 0x20) sb.append(String.format("\\x%02x", (int) c));
          else sb.append(c);
        }
      }
    }
    sb.append('"');
    if (s.length() > n) sb.append("...");
    return sb.toString();
  }
}
