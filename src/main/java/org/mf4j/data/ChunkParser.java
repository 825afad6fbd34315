package org.mf4j.data;

import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.longs.LongArrayList;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.mf4j.data.ReadOptions.Column;

/**
 * Parses the lines of one newline-aligned chunk of a rating file, straight from bytes, into
 * primitive arrays of chunk-local ids, values and timestamps.
 *
 * <p>Numbers are parsed from the bytes without a String per field: ids into longs (only ids that are
 * not numbers become Strings), ratings by an exact fast path for short decimals ({@code 4}, {@code 3.5},
 * {@code -1.25}, {@code 1e3}) with {@link Float#parseFloat} as the fallback, timestamps as integers or
 * {@code YYYY-MM-DD} dates. Line numbers are chunk-local; the reader offsets them. Not thread-safe:
 * one instance per chunk and thread.
 */
final class ChunkParser {
  private static final int USER = 0, ITEM = 1, RATING = 2, TIMESTAMP = 3, WEIGHT = 4, SKIP = 5;
  /** Exact powers of ten as floats (10^10 = 2^10·5^10 and 5^10 < 2^24, so all are exact). */
  private static final float[] POW10 = {1e0f, 1e1f, 1e2f, 1e3f, 1e4f, 1e5f, 1e6f, 1e7f, 1e8f, 1e9f, 1e10f};
  private static final int WINDOW = 1 << 16;
  /**
   * Room after the data in the window: one byte for the '\n' added to a last line that lacks one, and
   * enough that an 8-byte load starting at any byte of the data stays inside the array.
   */
  private static final int SLACK = 16;
  /** Little-endian 8-byte loads from the window, for the SWAR digit scan of timestamps. */
  private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long[] LONG_POW10 = {1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L};

  private final Layout layout;
  private final byte[] roles;
  private final boolean ws, trimTabs;
  private final byte d0;
  private final byte[] delim;
  private final boolean skipInvalid;
  private boolean headerPending, bomPending;

  // Output, chunk-local.
  int[] users, items;
  float[] values, weights;
  long[] ts;
  final int base;          // first index of this chunk's rows in the arrays
  private final boolean growable, fast, standard;
  int rows;
  final LocalIds userIds = new LocalIds(), itemIds = new LocalIds();
  long lines, skipped, invalid;
  final List<ReadResult.InvalidLine> samples = new ArrayList<>();
  /** Checkpoints: from row cpRow[k] on, cpSkipped[k] non-data lines precede the row in this chunk. */
  final IntArrayList cpRow = new IntArrayList();
  final LongArrayList cpSkipped = new LongArrayList();
  private long cpLast;
  long errorLine = -1;
  String errorText, errorReason;

  // Scratch results of the field scanners (fields, so that scanning needs no allocation).
  private long num;
  private float flt;
  private String text;
  private String reason;
  private int netflixItem = -1;

  /**
   * @param target arrays to fill from index {@code base}: a slice of the caller's arrays when not
   *     growable (the caller guarantees room for every line of the chunk), else arrays owned by this
   *     parser and grown as needed; without a {@code ts} array, timestamps are parsed (and checked)
   *     but not stored
   */
  ChunkParser(Layout layout, boolean firstChunk, boolean skipInvalid, Target target) {
    this.layout = layout;
    this.roles = new byte[layout.columns.length];
    for (int k = 0; k < roles.length; k++) roles[k] = (byte) layout.columns[k].ordinal();
    this.ws = ReadOptions.WHITESPACE.equals(layout.delimiter);
    this.delim = ws ? new byte[] {' '} : layout.delimiter.getBytes(StandardCharsets.UTF_8);
    this.d0 = delim[0];
    this.trimTabs = !ws && layout.delimiter.indexOf('\t') < 0;
    this.skipInvalid = skipInvalid;
    this.headerPending = firstChunk && layout.header;
    this.bomPending = firstChunk;
    this.fast = !layout.has(Column.SKIP);
    this.standard = !layout.netflix && delim.length <= 2 && roles.length >= 3 && roles.length <= 4
        && roles[0] == USER && roles[1] == ITEM && roles[2] == RATING && (roles.length == 3 || roles[3] == TIMESTAMP);
    this.users = target.users;
    this.items = target.items;
    this.values = target.values;
    this.ts = target.ts;
    this.weights = target.weights;
    this.base = target.base;
    this.growable = target.growable;
  }

  /** Where a parser writes its rows. */
  record Target(int[] users, int[] items, float[] values, long[] ts, float[] weights, int base, boolean growable) {
    /** Fresh arrays of {@code capacity} rows, grown by the parser as needed. */
    static Target growable(Layout l, boolean keepTimestamps, int capacity) {
      int c = Math.max(16, capacity);
      return new Target(new int[c], new int[c], new float[c],
          keepTimestamps && l.has(Column.TIMESTAMP) ? new long[c] : null,
          l.has(Column.WEIGHT) ? new float[c] : null, 0, true);
    }
  }

  boolean failed() { return errorLine >= 0; }

  /** Parses everything {@code src} delivers, window by window, stopping at the first bad line. */
  void feed(ByteSource src) throws IOException {
    byte[] buf = new byte[WINDOW + SLACK];
    int filled = 0;
    boolean eof = false;
    while (!eof && !failed()) {
      int r = src.read(buf, filled, buf.length - SLACK - filled);
      if (r < 0) eof = true;
      else filled += r;
      int cut;
      if (eof) {
        if (filled > 0 && buf[filled - 1] != '\n') buf[filled++] = '\n';
        cut = filled;
      } else {
        cut = filled;
        while (cut > 0 && buf[cut - 1] != '\n') cut--;
        if (cut == 0) { // no complete line yet: a long line, or a short read
          if (filled == buf.length - SLACK) buf = Arrays.copyOf(buf, buf.length * 2);
          continue;
        }
      }
      int start = 0;
      if (bomPending) { // a UTF-8 byte order mark can only start the file
        bomPending = false;
        if (cut >= 3 && (buf[0] & 0xff) == 0xEF && (buf[1] & 0xff) == 0xBB && (buf[2] & 0xff) == 0xBF) start = 3;
      }
      parseLines(buf, start, cut);
      System.arraycopy(buf, cut, buf, 0, filled - cut);
      filled -= cut;
    }
  }

  /** [p, end) holds whole lines, the last ending in '\n'. */
  private void parseLines(byte[] b, int p, int end) {
    while (p < end && !failed()) {
      if (fast && !headerPending) {
        if (standard) {
          int r0 = rows;
          p = standardRows(b, p, end);
          lines += rows - r0;
          if (p >= end) break;
        } else {
          int q = fastRow(b, p);
          if (q >= 0) {
            lines++;
            p = q;
            continue;
          }
        }
      }
      lines++;
      int q = p;
      while (b[q] != '\n') q++;
      int e = q > p && b[q - 1] == '\r' ? q - 1 : q;
      line(b, p, e);
      p = q + 1;
    }
  }

  /**
   * The hot loop for the usual layout {@code user, item, rating[, timestamp]} with a delimiter of one
   * or two bytes (or whitespace): parses lines in the plain form until one is not (returning its
   * start for the general path) or the region ends. Everything it touches per line is in locals.
   */
  private int standardRows(byte[] b, int p, int end) {
    if (skipped != cpLast) addCheckpoint();
    final int[] us = users, is = items;
    final float[] vs = values;
    final long[] tsa = ts;
    final LocalIds uid = userIds, iid = itemIds;
    final boolean ws = this.ws, withTs = roles.length == 4, storeTs = withTs && tsa != null;
    final byte d0 = this.d0, d1 = delim.length > 1 ? delim[1] : 0;
    final int dlen = delim.length;
    int k = base + rows;
    final int cap = us.length;
    while (p < end && k < cap) {
      int q = p, s = p, d;
      long u = 0;
      while ((d = (b[q] - '0') & 0xff) < 10) { // one unsigned compare: bytes below '0' wrap to >= 208
        u = u * 10 + d;
        q++;
      }
      if (q == s || q - s > 18) break;
      if (ws) {
        if (b[q] != ' ' && b[q] != '\t') break;
        do q++; while (b[q] == ' ' || b[q] == '\t');
      } else {
        if (b[q] != d0 || (dlen == 2 && b[q + 1] != d1)) break;
        q += dlen;
      }
      s = q;
      long it = 0;
      while ((d = (b[q] - '0') & 0xff) < 10) { // one unsigned compare: bytes below '0' wrap to >= 208
        it = it * 10 + d;
        q++;
      }
      if (q == s || q - s > 18) break;
      if (ws) {
        if (b[q] != ' ' && b[q] != '\t') break;
        do q++; while (b[q] == ' ' || b[q] == '\t');
      } else {
        if (b[q] != d0 || (dlen == 2 && b[q + 1] != d1)) break;
        q += dlen;
      }
      s = q;
      long m = 0;
      while ((d = (b[q] - '0') & 0xff) < 10) { // one unsigned compare: bytes below '0' wrap to >= 208
        m = m * 10 + d;
        q++;
      }
      float v;
      if (b[q] == '.') {
        int dot = ++q;
        while ((d = (b[q] - '0') & 0xff) < 10) { // one unsigned compare: bytes below '0' wrap to >= 208
          m = m * 10 + d;
          q++;
        }
        if (q - s > 18 || q - s == 1 || m > (1 << 24) || q - dot > 10) break;
        v = (float) m / POW10[q - dot];
      } else {
        if (q == s || m > (1 << 24)) break;
        v = m;
      }
      long t = 0;
      if (withTs) {
        if (ws) {
          if (b[q] != ' ' && b[q] != '\t') break;
          do q++; while (b[q] == ' ' || b[q] == '\t');
        } else {
          if (b[q] != d0 || (dlen == 2 && b[q + 1] != d1)) break;
          q += dlen;
        }
        // Unix times have 9 or 10 digits: two 8-byte loads instead of a loop of ten multiply-adds.
        long w = (long) LONG.get(b, q);
        int len = Long.numberOfTrailingZeros(nonDigits(w)) >>> 3;
        if (len < 8) {
          if (len == 0) break;
          t = digits(w, len);
          q += len;
        } else {
          long w2 = (long) LONG.get(b, q + 8);
          int len2 = Long.numberOfTrailingZeros(nonDigits(w2)) >>> 3;
          if (len2 == 8) break; // 16 digits or more: the general path
          t = digits(w, 8);
          if (len2 > 0) t = t * LONG_POW10[len2] + digits(w2, len2);
          q += 8 + len2;
        }
      }
      byte c = b[q];
      if (c == '\n') {
        q++;
      } else if (c == '\r' && b[q + 1] == '\n') {
        q += 2;
      } else {
        break; // further fields, blanks, signs, text: the general path
      }
      us[k] = uid.id(u);
      is[k] = iid.id(it);
      vs[k] = v;
      if (storeTs) tsa[k] = t;
      k++;
      p = q;
    }
    if (k == cap && growable) grow();
    rows = k - base;
    return p;
  }

  /**
   * Bit 7 of byte j is set where byte j of {@code w} (little-endian: byte 0 comes first in the text)
   * is not an ASCII digit. Exact for the lowest such byte, which is all the callers use: the only
   * carry between bytes ({@code + 0x06} on a byte >= 0xFA) leaves a non-digit byte.
   */
  static long nonDigits(long w) {
    long t = ((w & 0xF0F0F0F0F0F0F0F0L) ^ 0x3030303030303030L)
        | (((w + 0x0606060606060606L) & 0xF0F0F0F0F0F0F0F0L) ^ 0x3030303030303030L);
    return (((t & 0x7F7F7F7F7F7F7F7FL) + 0x7F7F7F7F7F7F7F7FL) | t) & 0x8080808080808080L;
  }

  /**
   * The value of the first {@code len} (1 to 8) bytes of {@code w}, all ASCII digits: they are moved to
   * the top (the bytes below become leading zeros), then pairs, quads and octets are combined by three
   * multiplications (D. Lemire, "Faster integer parsing", 2018).
   */
  static long digits(long w, int len) {
    long v = (w & 0x0F0F0F0F0F0F0F0FL) << (64 - 8 * len);
    v = (v * 2561) >>> 8;
    v = ((v & 0x00FF00FF00FF00FFL) * 6553601) >>> 16;
    return ((v & 0x0000FFFF0000FFFFL) * 42949672960001L) >>> 32;
  }

  /**
   * One pass over a line in the plain form (numbers only, exact short decimals, no blanks around
   * fields): returns the start of the next line, or -1 to leave the line to the general path, which
   * handles (and reports) everything else. Nothing is recorded until the whole line has parsed. Bounds:
   * the region ends in '\n', which stops every scan (a delimiter cannot contain '\n').
   */
  private int fastRow(byte[] b, int p) {
    long u = 0, it = 0, t = 0;
    float v = 1f, w = 1f;
    byte[] roles = this.roles;
    for (int f = 0; f < roles.length; f++) {
      if (f > 0 && (p = delimiter(b, p)) < 0) return -1;
      byte role = roles[f];
      boolean neg = b[p] == '-';
      if (neg) p++;
      int start = p, d;
      long x = 0;
      while ((d = b[p] - '0') >= 0 && d <= 9) {
        x = x * 10 + d;
        p++;
      }
      if (role == RATING || role == WEIGHT) {
        if (b[p] == '.') {
          int dot = ++p;
          while ((d = b[p] - '0') >= 0 && d <= 9) {
            x = x * 10 + d;
            p++;
          }
          if (p - start > 18 || p - start == 1 || x > (1 << 24) || p - dot > 10) return -1;
          float y = (float) x / POW10[p - dot];
          if (role == RATING) v = neg ? -y : y;
          else w = neg ? -y : y;
          continue;
        }
        if (p == start || x > (1 << 24)) return -1;
        if (role == RATING) v = neg ? -x : x;
        else w = neg ? -x : x;
      } else {
        if (p == start || p - start > 18) return -1;
        if (neg) x = -x;
        if (role == USER) u = x;
        else if (role == ITEM) it = x;
        else t = x;
      }
    }
    byte c = b[p];
    if (c == '\n') {
      p++;
    } else if (c == '\r' && b[p + 1] == '\n') {
      p += 2;
    } else if (c == d0 || (ws && c == '\t')) { // further fields are ignored
      if (!ws) for (int k = 1; k < delim.length; k++) if (b[p + k] != delim[k]) return -1;
      while (b[p] != '\n') p++;
      p++;
    } else {
      return -1;
    }
    if (layout.netflix && netflixItem < 0) return -1;
    int r = rows;
    if (base + r == users.length) {
      if (!growable) throw new IllegalStateException("chunk holds more rows than lines");
      grow();
    }
    if (skipped != cpLast) addCheckpoint();
    int k = base + r;
    users[k] = userIds.id(u);
    items[k] = layout.netflix ? netflixItem : itemIds.id(it);
    values[k] = v;
    if (ts != null) ts[k] = t;
    if (weights != null) weights[k] = w;
    rows = r + 1;
    return p;
  }

  private void line(byte[] b, int s, int e) {
    int p = s;
    while (p < e && (b[p] == ' ' || b[p] == '\t')) p++;
    if (p == e) { // blank lines are skipped silently
      skipped++;
      return;
    }
    if (headerPending) {
      headerPending = false;
      skipped++;
      return;
    }
    if (layout.netflix) {
      int z = e;
      while (b[z - 1] == ' ' || b[z - 1] == '\t') z--;
      if (b[z - 1] == ':') {
        if (parseId(b, p, z - 1, "movie id") < 0) {
          reject(b, s, e, reason);
        } else {
          netflixItem = text != null ? itemIds.id(text) : itemIds.id(num);
          skipped++;
        }
        return;
      }
      if (netflixItem < 0) {
        reject(b, s, e, "rating line before any \"movie_id:\" line");
        return;
      }
    }
    if (!row(b, ws ? p : s, e)) reject(b, s, e, reason);
  }

  /** Parses one data line into a new row; false (with {@link #reason}) when the line is bad. */
  private boolean row(byte[] b, int p, int e) {
    long u = 0, it = 0, t = 0;
    String uText = null, itText = null; // ids are mapped only once the whole line is good
    float v = 1f, w = 1f;
    int start = p;
    for (int f = 0; f < roles.length; f++) {
      if (f > 0) {
        p = skipDelimiter(b, p, e);
        if (p < 0) return fieldCount(b, start, e);
      }
      switch (roles[f]) {
        case USER -> {
          if ((p = parseId(b, p, e, "user id")) < 0) return false;
          u = num;
          uText = text;
        }
        case ITEM -> {
          if ((p = parseId(b, p, e, "item id")) < 0) return false;
          it = num;
          itText = text;
        }
        case RATING -> {
          if ((p = parseFloat(b, p, e, "rating")) < 0) return false;
          v = flt;
        }
        case WEIGHT -> {
          if ((p = parseFloat(b, p, e, "weight")) < 0) return false;
          w = flt;
        }
        case TIMESTAMP -> {
          if ((p = parseTimestamp(b, p, e)) < 0) return false;
          t = num;
        }
        default -> p = fieldEnd(b, p, e);
      }
    }
    if (base + rows == users.length) {
      if (!growable) throw new IllegalStateException("chunk holds more rows than lines");
      grow();
    }
    if (skipped != cpLast) addCheckpoint();
    int k = base + rows;
    users[k] = uText != null ? userIds.id(uText) : userIds.id(u);
    items[k] = layout.netflix ? netflixItem : itText != null ? itemIds.id(itText) : itemIds.id(it);
    values[k] = v;
    if (ts != null) ts[k] = t;
    if (weights != null) weights[k] = w;
    rows++;
    return true;
  }

  /** Position after the delimiter at p, or -1 (fast path: no blanks around it). */
  private int delimiter(byte[] b, int p) {
    if (ws) {
      if (b[p] != ' ' && b[p] != '\t') return -1;
      do p++; while (b[p] == ' ' || b[p] == '\t');
      return p;
    }
    if (b[p] != d0) return -1;
    for (int k = 1; k < delim.length; k++) if (b[p + k] != delim[k]) return -1;
    return p + delim.length;
  }

  // ---- fields -------------------------------------------------------------------------------

  /** Position after the delimiter at p, or -1 when the line has no further field. */
  private int skipDelimiter(byte[] b, int p, int e) {
    if (ws) {
      if (p >= e || (b[p] != ' ' && b[p] != '\t')) return -1;
      while (p < e && (b[p] == ' ' || b[p] == '\t')) p++;
      return p < e ? p : -1;
    }
    return p < e && b[p] == d0 && matchesRest(b, p, e) ? p + delim.length : -1;
  }

  private boolean matchesRest(byte[] b, int p, int e) {
    if (delim.length == 1) return true;
    if (p + delim.length > e) return false;
    for (int k = 1; k < delim.length; k++) if (b[p + k] != delim[k]) return false;
    return true;
  }

  /** True when a field ends at q (end of line or a delimiter). */
  private boolean atFieldEnd(byte[] b, int q, int e) {
    if (q == e) return true;
    byte c = b[q];
    return ws ? c == ' ' || c == '\t' : c == d0 && matchesRest(b, q, e);
  }

  /** End of the field starting at p: the next delimiter or the end of the line. */
  private int fieldEnd(byte[] b, int p, int e) {
    while (p < e && !atFieldEnd(b, p, e)) p++;
    return p;
  }

  private int trimStart(byte[] b, int p, int z) {
    while (p < z && (b[p] == ' ' || (trimTabs && b[p] == '\t'))) p++;
    return p;
  }

  private int trimEnd(byte[] b, int p, int z) {
    while (z > p && (b[z - 1] == ' ' || (trimTabs && b[z - 1] == '\t'))) z--;
    return z;
  }

  /** Parses an id field into {@link #num}, or {@link #text} when it is not a number; returns its end or -1. */
  private int parseId(byte[] b, int p, int e, String what) {
    text = null;
    int q = scanLong(b, p, e);
    if (q >= 0 && atFieldEnd(b, q, e)) return q;
    int fe = fieldEnd(b, p, e);
    int a = trimStart(b, p, fe), z = trimEnd(b, a, fe);
    if (a == z) {
      reason = "empty " + what;
      return -1;
    }
    if (scanLong(b, a, z) != z) text = new String(b, a, z - a, StandardCharsets.UTF_8);
    return fe;
  }

  /** Parses a rating or weight into {@link #flt}; returns the field's end, or -1 with a reason. */
  private int parseFloat(byte[] b, int p, int e, String what) {
    int q = scanFloat(b, p, e);
    if (q >= 0 && atFieldEnd(b, q, e)) return q;
    int fe = fieldEnd(b, p, e);
    int a = trimStart(b, p, fe), z = trimEnd(b, a, fe);
    if (a == z) {
      reason = "empty " + what;
      return -1;
    }
    if (scanFloat(b, a, z) == z) return fe;
    String s = new String(b, a, z - a, StandardCharsets.UTF_8);
    boolean plain = true; // only decimal notation: rejects NaN, Infinity, hex floats and 'f'/'d' suffixes
    for (int k = 0; k < s.length(); k++) plain &= "0123456789.eE+-".indexOf(s.charAt(k)) >= 0;
    try {
      flt = plain ? Float.parseFloat(s) : Float.NaN;
    } catch (NumberFormatException ex) {
      plain = false;
    }
    if (!plain) {
      reason = what + " " + RatingsFormatException.quote(s) + " is not a number";
      return -1;
    }
    if (!Float.isFinite(flt)) {
      reason = what + " " + RatingsFormatException.quote(s) + " is outside the float range";
      return -1;
    }
    return fe;
  }

  /** Parses a timestamp (integer, or YYYY-MM-DD → epoch seconds) into {@link #num}. */
  private int parseTimestamp(byte[] b, int p, int e) {
    int q = scanLong(b, p, e);
    if (q >= 0 && atFieldEnd(b, q, e)) return q;
    int fe = fieldEnd(b, p, e);
    int a = trimStart(b, p, fe), z = trimEnd(b, a, fe);
    if (a < z && (scanLong(b, a, z) == z || scanDate(b, a, z) == z)) return fe;
    reason = "timestamp " + RatingsFormatException.quote(new String(b, a, z - a, StandardCharsets.UTF_8))
        + " is not an integer or a YYYY-MM-DD date";
    return -1;
  }

  /** Scans [+-]digits (at most 18) into {@link #num}; returns the stop position or -1. */
  private int scanLong(byte[] b, int p, int e) {
    boolean neg = false;
    if (p < e && (b[p] == '-' || b[p] == '+')) neg = b[p++] == '-';
    int d = p;
    long v = 0;
    while (p < e) {
      int c = b[p] - '0';
      if (c < 0 || c > 9) break;
      v = v * 10 + c;
      p++;
    }
    if (p == d || p - d > 18) return -1;
    num = neg ? -v : v;
    return p;
  }

  /**
   * Scans a decimal ({@code 4}, {@code 3.5}, {@code .5}, {@code -1.25}, {@code 1e3}) into {@link #flt}
   * when it can be converted exactly: at most 2^24 as an integer mantissa and a power of ten of at
   * most 10 make one correctly rounded float operation. Otherwise -1 (the caller falls back).
   */
  private int scanFloat(byte[] b, int p, int e) {
    boolean neg = false;
    if (p < e && (b[p] == '-' || b[p] == '+')) neg = b[p++] == '-';
    long m = 0;
    int digits = 0, exp = 0;
    while (p < e) {
      int c = b[p] - '0';
      if (c < 0 || c > 9) break;
      m = m * 10 + c;
      digits++;
      p++;
    }
    if (p < e && b[p] == '.') {
      p++;
      while (p < e) {
        int c = b[p] - '0';
        if (c < 0 || c > 9) break;
        m = m * 10 + c;
        digits++;
        exp--;
        p++;
      }
    }
    if (digits == 0 || digits > 18) return -1;
    if (p < e && (b[p] | 0x20) == 'e') {
      p++;
      boolean eneg = false;
      if (p < e && (b[p] == '-' || b[p] == '+')) eneg = b[p++] == '-';
      int x = 0, xd = 0;
      while (p < e && xd < 4) {
        int c = b[p] - '0';
        if (c < 0 || c > 9) break;
        x = x * 10 + c;
        xd++;
        p++;
      }
      if (xd == 0 || xd == 4) return -1;
      exp += eneg ? -x : x;
    }
    if (m > (1 << 24) || exp < -10 || exp > 10) return -1;
    float f = exp < 0 ? (float) m / POW10[-exp] : (float) m * POW10[exp];
    flt = neg ? -f : f;
    return p;
  }

  /** Scans YYYY-MM-DD into {@link #num} as epoch seconds at midnight UTC; returns the stop position or -1. */
  private int scanDate(byte[] b, int p, int e) {
    if (e - p < 10 || b[p + 4] != '-' || b[p + 7] != '-') return -1;
    int y = digits(b, p, 4), mo = digits(b, p + 5, 2), d = digits(b, p + 8, 2);
    if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31) return -1;
    num = daysFromCivil(y, mo, d) * 86400L;
    return p + 10;
  }

  private static int digits(byte[] b, int p, int n) {
    int v = 0;
    for (int k = 0; k < n; k++) {
      int c = b[p + k] - '0';
      if (c < 0 || c > 9) return -1;
      v = v * 10 + c;
    }
    return v;
  }

  /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
  static long daysFromCivil(int y, int m, int d) {
    y -= m <= 2 ? 1 : 0;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097L + doe - 719468;
  }

  // ---- errors -------------------------------------------------------------------------------

  /** Sets the "wrong number of fields" reason; always false. */
  private boolean fieldCount(byte[] b, int s, int e) {
    String line = new String(b, s, e - s, StandardCharsets.UTF_8);
    int found = Layout.split(line, layout.delimiter).length;
    String wanted = layout.netflix ? "(user, rating, date)" : layout.columnList();
    reason = "expected " + roles.length + " fields " + wanted + " separated by " + layout.delimiterLabel()
        + ", found " + found + hint(line);
    return false;
  }

  /** A hint when the line looks separated by another delimiter than the one in use. */
  private String hint(String line) {
    for (String d : new String[] {"::", "\t", ",", ";", "|"}) {
      if (!d.equals(layout.delimiter) && line.contains(d) && !(d.equals("\t") && ws)) {
        return " (the line contains " + Layout.label(d) + ": is the delimiter right?)";
      }
    }
    return "";
  }

  private void reject(byte[] b, int s, int e, String why) {
    String text = new String(b, s, Math.min(e - s, 800), StandardCharsets.UTF_8);
    if (skipInvalid) {
      invalid++;
      skipped++;
      if (samples.size() < ReadResult.MAX_INVALID_SAMPLES) samples.add(new ReadResult.InvalidLine(lines, text, why));
    } else {
      errorLine = lines;
      errorText = text;
      errorReason = why;
    }
  }

  /** Remembers where line numbers and row numbers drift apart (for line numbers of rows later). */
  private void addCheckpoint() {
    cpRow.add(rows);
    cpSkipped.add(skipped);
    cpLast = skipped;
  }

  private void grow() {
    int cap = (int) Math.min(Integer.MAX_VALUE - 16, users.length + (users.length >> 1) + 16L);
    if (cap <= users.length) throw new IllegalStateException("more than 2^31 ratings in one chunk");
    users = Arrays.copyOf(users, cap);
    items = Arrays.copyOf(items, cap);
    values = Arrays.copyOf(values, cap);
    if (ts != null) ts = Arrays.copyOf(ts, cap);
    if (weights != null) weights = Arrays.copyOf(weights, cap);
  }

  /** Chunk-local 1-based line number of chunk-local row r. */
  long lineOf(int r) {
    int lo = 0, hi = cpRow.size() - 1, k = -1;
    while (lo <= hi) { // last checkpoint with cpRow <= r
      int mid = (lo + hi) >>> 1;
      if (cpRow.getInt(mid) <= r) {
        k = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return r + 1 + (k < 0 ? 0 : cpSkipped.getLong(k));
  }

  /** A supplier of bytes, like {@link java.io.InputStream#read(byte[], int, int)}. */
  interface ByteSource {
    int read(byte[] b, int off, int len) throws IOException;
  }
}
