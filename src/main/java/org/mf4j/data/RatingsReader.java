package org.mf4j.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.GZIPInputStream;
import org.mf4j.api.IdIndex;
import org.mf4j.api.Ratings;
import org.mf4j.data.ReadOptions.Column;
import org.tukaani.xz.XZInputStream;

/**
 * Reads rating files (MovieLens 100K / 1M / 10M / CSV, Netflix Prize, any delimited text; plain,
 * gzip or xz, recognised by their magic bytes) into {@link Ratings}.
 *
 * <p>Plain files are memory-mapped and cut into newline-aligned chunks parsed in parallel, each into
 * primitive arrays with chunk-local ids; the chunks' ids are then folded into the {@link IdIndex}
 * maps in file order, so dense ids follow first appearance in the file whatever the thread count.
 * Compressed files are decompressed and parsed as one stream. Duplicate pairs are then merged by the
 * {@link DuplicatePolicy}. Stateless and thread-safe: each call works on its own data.
 *
 * <p>Line handling: lines end in {@code \n} or {@code \r\n}; a UTF-8 byte order mark at the start and
 * blank lines are skipped; fields may have blanks around them; ids that are integers (at most 18
 * digits) are kept as numbers, other ids as text (see {@link IdIndex}). A line with too few fields, an
 * empty field or an unparsable number is bad: the read fails with {@link RatingsFormatException}, or
 * with {@link ReadOptions#skipInvalid()} the line is counted and skipped. At most 2³¹ − 16 ratings.
 * A file that is not found or not readable fails with the usual {@link IOException} subclasses
 * ({@link java.nio.file.NoSuchFileException}, {@link java.nio.file.AccessDeniedException}).
 */
public final class RatingsReader {
  private static final int SAMPLE_BYTES = 1 << 16;
  /** Below this, one thread parses the whole file: starting threads would cost more than it saves. */
  private static final long PARALLEL_MIN_BYTES = 4L << 20;

  private RatingsReader() {}

  /**
   * Reads with {@link ReadOptions#DEFAULT} (format detected, duplicates: last wins).
   *
   * @param file a plain, gzip or xz rating file
   * @return the ratings and what was read
   * @throws RatingsFormatException on the first bad line, or on a repeated pair under
   *     {@link DuplicatePolicy#ERROR}
   * @throws IOException when the file cannot be read, a compressed stream is damaged or truncated, or
   *     a file parsed in parallel holds more than 2³¹ − 16 lines or ratings
   * @throws IllegalStateException when a file parsed on one thread (compressed, under 4 MiB, or one
   *     thread asked for) holds more than 2³¹ − 16 ratings
   */
  public static ReadResult read(Path file) throws IOException {
    return read(file, ReadOptions.DEFAULT);
  }

  /**
   * Reads a plain, gzip or xz file (recognised by its first bytes, not its name). A plain file is
   * memory-mapped and, from 4 MiB on, parsed on {@link ReadOptions#threads()} threads; the result does
   * not depend on the thread count.
   *
   * @param file the rating file
   * @param options how to read it
   * @return the ratings and what was read
   * @throws RatingsFormatException on the first bad line (in file order) unless
   *     {@link ReadOptions#skipInvalid()}, or on a repeated pair under {@link DuplicatePolicy#ERROR};
   *     the message names the file and the line
   * @throws IOException when the file cannot be read, a compressed stream is damaged or truncated, or
   *     a file parsed in parallel holds more than 2³¹ − 16 lines or ratings
   * @throws IllegalStateException when a file parsed on one thread (compressed, under 4 MiB, or one
   *     thread asked for) holds more than 2³¹ − 16 ratings
   */
  public static ReadResult read(Path file, ReadOptions options) throws IOException {
    long t0 = System.nanoTime();
    String name = file.toString();
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer magic = ByteBuffer.allocate(6);
      while (magic.hasRemaining() && ch.read(magic, magic.position()) > 0) { /* fill */ }
      String compression = compression(magic.array(), magic.position());
      if (compression != null) {
        return readCompressed(Channels.newInputStream(ch.position(0)), compression, name, options, t0);
      }
      return readMapped(ch, name, options, t0);
    }
  }

  /**
   * Reads a stream (plain, gzip or xz, detected from its first bytes) on the calling thread, to its end;
   * the stream is closed when the read completes or fails while parsing.
   *
   * @param in the data
   * @param name what messages call the input (e.g. a file name)
   * @param options how to read it; {@link ReadOptions#threads()} is ignored
   * @return the ratings and what was read
   * @throws RatingsFormatException on the first bad line unless {@link ReadOptions#skipInvalid()}, or
   *     on a repeated pair under {@link DuplicatePolicy#ERROR}
   * @throws IOException when reading fails, or a compressed stream is damaged or truncated
   * @throws IllegalStateException when the input holds more than 2³¹ − 16 ratings
   */
  public static ReadResult read(InputStream in, String name, ReadOptions options) throws IOException {
    long t0 = System.nanoTime();
    BufferedInputStream b = new BufferedInputStream(in, 1 << 16);
    b.mark(8);
    byte[] magic = b.readNBytes(6);
    b.reset();
    String compression = compression(magic, magic.length);
    return compression == null ? readStream(b, null, name, options, t0) : readCompressed(b, compression, name, options, t0);
  }

  /** A decoder's failure (often an {@code EOFException} without a message) said with the file's name. */
  private static ReadResult readCompressed(InputStream raw, String compression, String name, ReadOptions o, long t0)
      throws IOException {
    try {
      return readStream(open(raw, compression), compression, name, o, t0);
    } catch (RatingsFormatException e) {
      throw e;
    } catch (IOException e) {
      throw new IOException(name + ": the " + compression + " stream is damaged or truncated (" + e + ")", e);
    }
  }

  private static String compression(byte[] m, int n) {
    if (n >= 2 && (m[0] & 0xff) == 0x1f && (m[1] & 0xff) == 0x8b) return "gzip";
    if (n >= 6 && (m[0] & 0xff) == 0xfd && m[1] == '7' && m[2] == 'z' && m[3] == 'X' && m[4] == 'Z' && m[5] == 0) {
      return "xz";
    }
    return null;
  }

  private static InputStream open(InputStream raw, String compression) throws IOException {
    return compression.equals("gzip") ? new GZIPInputStream(raw, 1 << 16)
        : new XZInputStream(new BufferedInputStream(raw, 1 << 16));
  }

  private static ReadResult readStream(InputStream in, String compression, String name, ReadOptions o, long t0)
      throws IOException {
    try (in) {
      byte[] head = in.readNBytes(SAMPLE_BYTES);
      boolean whole = head.length < SAMPLE_BYTES;
      Layout layout = Layout.resolve(o, head, head.length, whole);
      ChunkParser p = new ChunkParser(layout, true, o.skipInvalid(),
          ChunkParser.Target.growable(layout, o.timestamps(),
              whole ? estimateRows(head, head.length, head.length) : 1 << 16));
      int[] headPos = {0};
      p.feed((b, off, len) -> {
        if (headPos[0] < head.length) {
          int n = Math.min(len, head.length - headPos[0]);
          System.arraycopy(head, headPos[0], b, off, n);
          headPos[0] += n;
          return n;
        }
        return in.read(b, off, len);
      });
      String desc = layout.description + (compression == null ? "" : ", " + compression + "-compressed");
      return finish(List.of(p), new long[] {0}, desc, name, o, t0);
    }
  }

  private static ReadResult readMapped(FileChannel ch, String name, ReadOptions o, long t0) throws IOException {
    long size = ch.size();
    try (Arena arena = Arena.ofShared()) {
      MemorySegment seg = size == 0 ? MemorySegment.NULL : ch.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
      int sampleLen = (int) Math.min(size, SAMPLE_BYTES);
      byte[] sample = new byte[sampleLen];
      MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, 0, sample, 0, sampleLen);
      Layout layout = Layout.resolve(o, sample, sampleLen, sampleLen == size);
      int threads = o.effectiveThreads();
      int chunks = size < PARALLEL_MIN_BYTES || threads == 1 ? 1 : threads;
      long[] bounds = new long[chunks + 1];
      bounds[chunks] = size;
      for (int c = 1; c < chunks; c++) {
        bounds[c] = Math.max(bounds[c - 1], boundary(seg, size * c / chunks, size, layout.netflix));
      }
      List<ChunkParser> parsers = new ArrayList<>();
      if (chunks == 1) {
        int est = estimateRows(sample, sampleLen, size);
        parsers.add(new ChunkParser(layout, true, o.skipInvalid(),
            ChunkParser.Target.growable(layout, o.timestamps(), est)));
        parsers.get(0).feed(source(seg, 0, size));
      } else {
        try (ExecutorService ex = Executors.newFixedThreadPool(chunks, Thread.ofPlatform().daemon().factory())) {
          // Count lines first, so that every chunk parses straight into its own slice of the final arrays.
          List<Future<Long>> counts = new ArrayList<>();
          for (int c = 0; c < chunks; c++) {
            long from = bounds[c], to = bounds[c + 1];
            counts.add(ex.submit(() -> countLines(seg, from, to)));
          }
          long[] slice = new long[chunks + 1];
          for (int c = 0; c < chunks; c++) {
            long n = get(counts.get(c)) - (c == 0 && layout.header ? 1 : 0); // a header line yields no row
            slice[c + 1] = slice[c] + Math.max(0, n);
          }
          if (slice[chunks] > Integer.MAX_VALUE - 16) throw new IOException(name + ": more than 2^31 lines");
          int n = (int) slice[chunks];
          // Allocated in parallel: zeroing fresh memory (page faults) costs as much as a parse pass.
          Future<int[]> users0 = ex.submit(() -> new int[n]), items0 = ex.submit(() -> new int[n]);
          Future<long[]> ts0 = ex.submit(() -> o.timestamps() && layout.has(Column.TIMESTAMP) ? new long[n] : null);
          float[] values = new float[n];
          float[] weights = layout.has(Column.WEIGHT) ? new float[n] : null;
          int[] users = get(users0), items = get(items0);
          long[] ts = get(ts0);
          for (int c = 0; c < chunks; c++) {
            parsers.add(new ChunkParser(layout, c == 0, o.skipInvalid(),
                new ChunkParser.Target(users, items, values, ts, weights, (int) slice[c], false)));
          }
          List<Future<?>> fs = new ArrayList<>();
          for (int c = 0; c < chunks; c++) {
            ChunkParser p = parsers.get(c);
            ChunkParser.ByteSource src = source(seg, bounds[c], bounds[c + 1]);
            fs.add(ex.submit(() -> {
              p.feed(src);
              return null;
            }));
          }
          await(fs);
        }
      }
      long[] lineBase = new long[chunks];
      for (int c = 1; c < chunks; c++) lineBase[c] = lineBase[c - 1] + parsers.get(c - 1).lines;
      return finish(parsers, lineBase, layout.description, name, o, t0);
    }
  }

  /** Bytes [from, to) of the mapped file, copied out window by window. */
  private static ChunkParser.ByteSource source(MemorySegment seg, long from, long to) {
    long[] pos = {from};
    return (b, off, len) -> {
      long left = to - pos[0];
      if (left <= 0) return -1;
      int n = (int) Math.min(len, left);
      MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, pos[0], b, off, n);
      pos[0] += n;
      return n;
    };
  }

  /** The start of the first line at or after {@code from} (for Netflix, of the first "movie:" line). */
  private static long boundary(MemorySegment seg, long from, long size, boolean netflix) {
    long p = from;
    while (p > 0 && p < size && seg.get(ValueLayout.JAVA_BYTE, p - 1) != '\n') p++;
    if (!netflix) return p;
    while (p < size) {
      long q = p;
      while (q < size && seg.get(ValueLayout.JAVA_BYTE, q) != '\n') q++;
      long e = q;
      while (e > p && isBlank(seg.get(ValueLayout.JAVA_BYTE, e - 1))) e--;
      if (e > p && seg.get(ValueLayout.JAVA_BYTE, e - 1) == ':') return p;
      p = q + 1;
    }
    return size;
  }

  private static boolean isBlank(byte c) { return c == ' ' || c == '\t' || c == '\r'; }

  /** Rows expected in {@code bytes} of text, from the sample's mean line length, with some slack. */
  private static int estimateRows(byte[] sample, int len, long bytes) {
    int nl = 0;
    for (int k = 0; k < len; k++) if (sample[k] == '\n') nl++;
    double perLine = nl == 0 ? 32 : (double) len / nl;
    return (int) Math.min(Integer.MAX_VALUE - 16, bytes / perLine * 1.03 + 1024);
  }

  /** Lines in [from, to): '\n' bytes, plus one for a last line without one. */
  private static long countLines(MemorySegment seg, long from, long to) {
    long n = 0, p = from;
    // SWAR: in zeroByte(x) only bit 7 of a byte can be set, exactly where the byte is '\n'; four
    // words are folded into one (shifted apart) so that one bitCount serves 32 bytes.
    for (; p + 32 <= to; p += 32) {
      n += Long.bitCount(zeroByte(seg.get(ValueLayout.JAVA_LONG_UNALIGNED, p))
          | zeroByte(seg.get(ValueLayout.JAVA_LONG_UNALIGNED, p + 8)) >>> 1
          | zeroByte(seg.get(ValueLayout.JAVA_LONG_UNALIGNED, p + 16)) >>> 2
          | zeroByte(seg.get(ValueLayout.JAVA_LONG_UNALIGNED, p + 24)) >>> 3);
    }
    for (; p < to; p++) if (seg.get(ValueLayout.JAVA_BYTE, p) == '\n') n++;
    if (to > from && seg.get(ValueLayout.JAVA_BYTE, to - 1) != '\n') n++;
    return n;
  }

  /** Bit 7 of each byte of the result is set iff that byte of {@code w} is '\n'; all other bits clear. */
  private static long zeroByte(long w) {
    final long low7 = 0x7F7F7F7F7F7F7F7FL;
    long x = w ^ 0x0A0A0A0A0A0A0A0AL;
    return ~(((x & low7) + low7) | x | low7);
  }

  private static <T> T get(Future<T> f) throws IOException {
    await(List.<Future<?>>of(f));
    return f.resultNow();
  }

  private static void await(List<Future<?>> fs) throws IOException {
    try {
      for (Future<?> f : fs) f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while reading", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) throw io;
      if (e.getCause() instanceof RuntimeException re) throw re;
      if (e.getCause() instanceof Error err) throw err;
      throw new IOException(e.getCause());
    }
  }

  /** Folds the chunks into global ids in file order, resolves duplicates and builds the result. */
  private static ReadResult finish(List<ChunkParser> parsers, long[] lineBase, String desc, String name,
      ReadOptions o, long t0) throws IOException {
    int chunks = parsers.size();
    for (int c = 0; c < chunks; c++) { // the first bad line in file order wins
      ChunkParser p = parsers.get(c);
      if (p.failed()) throw new RatingsFormatException(name, lineBase[c] + p.errorLine, p.errorReason, p.errorText);
    }
    IdIndex userIds = new IdIndex(), itemIds = new IdIndex();
    int[][] userMap = new int[chunks][], itemMap = new int[chunks][];
    long total = 0, lines = 0, invalid = 0;
    List<ReadResult.InvalidLine> samples = new ArrayList<>();
    int[] rowBase = new int[chunks + 1];
    for (int c = 0; c < chunks; c++) {
      ChunkParser p = parsers.get(c);
      userMap[c] = identityToNull(p.userIds.toGlobal(userIds));
      itemMap[c] = identityToNull(p.itemIds.toGlobal(itemIds));
      total += p.rows;
      if (total > Integer.MAX_VALUE - 16) throw new IOException(name + ": more than 2^31 ratings");
      rowBase[c + 1] = (int) total;
      lines += p.lines;
      invalid += p.invalid;
      for (ReadResult.InvalidLine l : p.samples) {
        if (samples.size() < ReadResult.MAX_INVALID_SAMPLES) {
          samples.add(new ReadResult.InvalidLine(lineBase[c] + l.line(), l.text(), l.reason()));
        }
      }
    }
    int n = (int) total;
    ChunkParser p0 = parsers.get(0);
    int[] users = p0.users, items = p0.items;
    float[] values = p0.values, weights = p0.weights;
    long[] ts = p0.ts;
    if (chunks == 1) {
      remap(p0, userMap[0], itemMap[0], 0, p0.rows); // nothing to do: one chunk's ids are already global
    } else { // the chunks share the arrays: map ids in place, then close the gaps left by skipped lines
      try (ExecutorService ex = Executors.newFixedThreadPool(chunks, Thread.ofPlatform().daemon().factory())) {
        List<Future<?>> fs = new ArrayList<>();
        for (int c = 0; c < chunks; c++) { // the first chunk's maps are the identity: work shared by all
          ChunkParser p = parsers.get(c);
          int[] um = userMap[c], im = itemMap[c];
          if (um == null && im == null) continue;
          for (int j = 0; j < chunks; j++) {
            int from = (int) ((long) p.rows * j / chunks), to = (int) ((long) p.rows * (j + 1) / chunks);
            fs.add(ex.submit(() -> remap(p, um, im, from, to)));
          }
        }
        await(fs);
      }
      for (int c = 1; c < chunks; c++) {
        ChunkParser p = parsers.get(c);
        if (p.base == rowBase[c]) continue;
        System.arraycopy(users, p.base, users, rowBase[c], p.rows);
        System.arraycopy(items, p.base, items, rowBase[c], p.rows);
        System.arraycopy(values, p.base, values, rowBase[c], p.rows);
        if (ts != null) System.arraycopy(ts, p.base, ts, rowBase[c], p.rows);
        if (weights != null) System.arraycopy(weights, p.base, weights, rowBase[c], p.rows);
      }
    }
    Duplicates.Outcome d = Duplicates.resolve(users, items, values, ts, weights, n, userIds.size(),
        itemIds.size(), o.duplicates(), name, row -> {
          int c = chunks - 1;
          while (rowBase[c] > row) c--;
          return lineBase[c] + parsers.get(c).lineOf(row - rowBase[c]);
        }, userIds, itemIds);
    Ratings r = new Ratings(users, items, values, ts, d.size(), userIds, itemIds);
    return new ReadResult(r, desc, lines, invalid, samples, d.rows(), d.pairs(), o.duplicates(), weights,
        (System.nanoTime() - t0) / 1e9);
  }

  /** Replaces rows [from, to) of one chunk's local ids by global ones, in place; a null map is the identity. */
  private static void remap(ChunkParser p, int[] um, int[] im, int from, int to) {
    int[] u = p.users, it = p.items;
    if (um != null) for (int k = p.base + from, end = p.base + to; k < end; k++) u[k] = um[u[k]];
    if (im != null) for (int k = p.base + from, end = p.base + to; k < end; k++) it[k] = im[it[k]];
  }

  /** Null when {@code map} is the identity (always so for the first chunk), else the map. */
  private static int[] identityToNull(int[] map) {
    for (int j = 0; j < map.length; j++) if (map[j] != j) return map;
    return null;
  }
}
