package org.mf4j.model;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32C;
import org.mf4j.api.IdIndex;
import org.mf4j.kernel.Kernels;
import org.mf4j.memory.FactorMatrix;
import org.mf4j.sparse.CsrMatrix;

/**
 * The model file, format version 3: little-endian, sections with their own CRC32C listed in a header
 * with its own CRC32C, factor sections 64-byte aligned so {@link #read} maps them straight into
 * read-only {@link FactorMatrix} views (a 1 GB model is not copied onto the heap). Written through a
 * temp file, fsync and an atomic rename, so a reader never sees half a model. Versions 1 and 2 (one
 * checksum over the whole file, read by copying) are still read.
 *
 * <pre>
 * offset  field
 * 0       magic "MF4JMODL" (8 bytes)
 * 8       int   format version (3)
 * 12      int   rank K
 * 16      int   stride (floats per factor row, K rounded up to 16)
 * 20      int   users
 * 24      int   items
 * 28      int   flags: bit 0 user ids are numbers, bit 1 item ids are numbers
 * 32      int   section count S
 * 36      int   header length H = 44 + 24·S
 * 40      S entries {int kind, int CRC32C of the section, long offset, long length}
 * H − 4   int   CRC32C of the header's bytes before it
 *         the sections, each at a multiple of 64 bytes (zero bytes between):
 *         1 properties: UTF-8 "key=value" lines (algorithm, hyper-parameters)
 *         2 user ids: numbers as longs, else per id an int byte length and UTF-8 bytes
 *         3 item ids: likewise
 *         4 user factors: users × stride floats (padding lanes zero)
 *         5 item factors: items × stride floats
 *         6 seen items (optional): the training interactions as a CSR matrix by user: long nnz,
 *           users + 1 longs of row pointers, nnz ints of item indices, nnz floats of values
 * </pre>
 *
 * Sections of other kinds are skipped, so a later version can add one without breaking this reader.
 * Every read check fails with a {@link ModelFormatException} naming the file and the check; no
 * allocation is made from a count before that count has been checked against the file's length.
 *
 * <p>Static methods only; thread-safe (each call works on its own file channel). A file that a loaded
 * model maps must not be truncated or rewritten in place while the model is open; {@link #write}
 * replaces a file by renaming a new one over it, which leaves an open model's mapping intact.
 */
public final class ModelFile {
  static final byte[] MAGIC = "MF4JMODL".getBytes(StandardCharsets.US_ASCII);
  /** The version this class writes. */
  public static final int VERSION = 3;
  static final int PROPERTIES = 1, USER_IDS = 2, ITEM_IDS = 3, USER_FACTORS = 4, ITEM_FACTORS = 5, SEEN_ITEMS = 6;
  private static final String[] SECTION_NAMES = {"", "properties", "user ids", "item ids", "user factors", "item factors",
      "seen items"};
  private static final int MAX_SECTIONS = 64, MAX_RANK = 1 << 16, ALIGN = FactorMatrix.ALIGN_BYTES;
  private static final int FLAG_SEEN_V2 = 4;

  private ModelFile() {}

  /**
   * Writes {@code model} (with its seen items, when it has them, and its settings) to {@code file}
   * atomically: into a temp file beside it (creating missing directories), forced to disk, then renamed
   * over {@code file}, so a reader sees the old file or the whole new one. On failure the temp file is
   * deleted and {@code file} is left as it was. The model is only read.
   *
   * @throws IOException when the file cannot be written or renamed (also where the file system has no
   *     atomic rename)
   * @throws IllegalArgumentException when a setting cannot be stored: a key empty or with '=' or a line
   *     break, or a value with a line break
   */
  public static void write(FactorModel model, Path file) throws IOException {
    write(model, model.seenItems(), Map.of(), file);
  }

  /**
   * Writes {@code model} (with its seen items, when it has them) and its settings, with {@code properties}
   * added (replacing settings of the same key; the {@code algorithm} key is always the model's), to
   * {@code file} atomically, as {@link #write(FactorModel, Path)}.
   *
   * @throws IOException when the file cannot be written or renamed
   * @throws IllegalArgumentException when a key is empty or holds '=' or a line break, or a value holds a
   *     line break
   */
  public static void write(FactorModel model, Map<String, String> properties, Path file) throws IOException {
    write(model, model.seenItems(), properties, file);
  }

  /**
   * Writes {@code model} with {@code seenItems} (its training interactions by user, users × items; null
   * for none) in place of the model's own, and its settings with {@code properties} added (the
   * {@code algorithm} key is always the model's), to {@code file} atomically, as
   * {@link #write(FactorModel, Path)}.
   *
   * @throws IOException when the file cannot be written or renamed
   * @throws IllegalArgumentException when {@code seenItems} is not {@code numUsers × numItems}, a key is
   *     empty or holds '=' or a line break, or a value holds a line break
   */
  public static void write(FactorModel model, CsrMatrix seenItems, Map<String, String> properties, Path file) throws IOException {
    if (seenItems != null && (seenItems.rows() != model.numUsers() || seenItems.numCols() != model.numItems())) {
      throw new IllegalArgumentException("seen items are " + seenItems.rows() + " users × " + seenItems.numCols()
          + " items, the model " + model.numUsers() + " × " + model.numItems());
    }
    int sections = seenItems != null ? 6 : 5, headerBytes = 44 + 24 * sections;
    Path tmp = AtomicFiles.tempBeside(file);
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        SectionWriter w = new SectionWriter(ch, headerBytes, sections);
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, String> e : properties(model, properties).entrySet()) {
          text.append(e.getKey()).append('=').append(e.getValue()).append('\n');
        }
        w.begin(PROPERTIES);
        w.put(ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8)));
        w.end();
        putIds(w, USER_IDS, model.userIds(), model.numUsers());
        putIds(w, ITEM_IDS, model.itemIds(), model.numItems());
        putFactors(w, USER_FACTORS, model.userFactors());
        putFactors(w, ITEM_FACTORS, model.itemFactors());
        if (seenItems != null) putSeen(w, seenItems);
        ByteBuffer head = le(headerBytes);
        head.put(MAGIC).putInt(VERSION).putInt(model.rank()).putInt(model.userFactors().stride())
            .putInt(model.numUsers()).putInt(model.numItems())
            .putInt((model.userIds().isNumeric() ? 1 : 0) | (model.itemIds().isNumeric() ? 2 : 0))
            .putInt(sections).putInt(headerBytes);
        for (int s = 0; s < sections; s++) head.putInt(w.kind[s]).putInt(w.crc[s]).putLong(w.offset[s]).putLong(w.length[s]);
        CRC32C crc = new CRC32C();
        crc.update(head.array(), 0, headerBytes - 4);
        head.putInt((int) crc.getValue()).flip();
        for (long at = 0; head.hasRemaining(); ) at += ch.write(head, at);
        ch.force(true);
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      syncDirectory(file);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Writes sections one after another from the first aligned offset past the header, each with its CRC32C. */
  private static final class SectionWriter {
    final FileChannel ch;
    final int[] kind, crc;
    final long[] offset, length;
    int count;
    long pos;
    final CRC32C sum = new CRC32C();

    SectionWriter(FileChannel ch, int headerBytes, int sections) {
      this.ch = ch;
      kind = new int[sections];
      crc = new int[sections];
      offset = new long[sections];
      length = new long[sections];
      pos = align(headerBytes);
    }

    void begin(int k) {
      kind[count] = k;
      offset[count] = pos = align(pos);
      sum.reset();
    }

    void put(ByteBuffer buf) throws IOException {
      sum.update(buf.duplicate());
      while (buf.hasRemaining()) pos += ch.write(buf, pos);
    }

    void end() {
      length[count] = pos - offset[count];
      crc[count++] = (int) sum.getValue();
    }
  }

  private static long align(long at) { return (at + ALIGN - 1) / ALIGN * ALIGN; }

  /** The rename is durable once the directory entry is: fsync the directory where the platform allows it. */
  private static void syncDirectory(Path file) {
    try (FileChannel dir = FileChannel.open(file.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // not possible on every platform (Windows); the file itself was forced before the rename
    }
  }

  private static void putIds(SectionWriter w, int kind, IdIndex ids, int n) throws IOException {
    w.begin(kind);
    ByteBuffer buf = le(1 << 16);
    for (int d = 0; d < n; d++) {
      byte[] text = ids.isNumeric() ? null : ids.externalId(d).getBytes(StandardCharsets.UTF_8);
      int need = text == null ? 8 : 4 + text.length;
      if (buf.remaining() < need) {
        w.put(buf.flip());
        buf = le(Math.max(1 << 16, need));
      }
      if (text == null) buf.putLong(ids.numericId(d));
      else buf.putInt(text.length).put(text);
    }
    w.put(buf.flip());
    w.end();
  }

  private static void putFactors(SectionWriter w, int kind, FactorMatrix m) throws IOException {
    w.begin(kind);
    MemorySegment seg = m.segment();
    long bytes = (long) m.rows() * m.stride() * Float.BYTES;
    // Floats are stored little-endian; on a big-endian machine swap through a heap buffer.
    for (long off = 0; off < bytes; off += 1 << 20) {
      long len = Math.min(1 << 20, bytes - off);
      ByteBuffer view = seg.asSlice(off, len).asByteBuffer();
      if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
        ByteBuffer swapped = le((int) len);
        view.order(ByteOrder.nativeOrder());
        while (view.hasRemaining()) swapped.putFloat(view.getFloat());
        view = swapped.flip();
      }
      w.put(view);
    }
    w.end();
  }

  private static void putSeen(SectionWriter w, CsrMatrix m) throws IOException {
    w.begin(SEEN_ITEMS);
    ByteBuffer buf = le(1 << 16);
    buf.putLong(m.nnz());
    for (long p : m.rowPointers()) buf = room(w, buf, 8).putLong(p);
    for (int c : m.colIndex()) buf = room(w, buf, 4).putInt(c);
    for (float x : m.values()) buf = room(w, buf, 4).putFloat(x);
    w.put(buf.flip());
    w.end();
  }

  /** buf itself when it has {@code need} bytes free, else buf written out and cleared. */
  private static ByteBuffer room(SectionWriter w, ByteBuffer buf, int need) throws IOException {
    if (buf.remaining() >= need) return buf;
    w.put(buf.flip());
    return buf.clear();
  }

  private static ByteBuffer le(int n) {
    return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
  }

  // ---------------------------------------------------------------- reading

  /**
   * What {@link #read} returns: the model and the properties it was saved with.
   *
   * @param model the model read; the caller owns it and closes it
   * @param properties every property of the file in file order: {@code algorithm}, the trainer's settings
   *     and any extra properties written with it (the model's {@link FactorModel#settings()} hold the same)
   */
  public record Loaded(FactorModel model, Map<String, String> properties) {}

  /**
   * Reads a model file, checking every checksum before it returns. Version 3 factors are mapped
   * read-only, not copied (copied instead on a big-endian machine): the model's factor matrices are then
   * read-only views of the file, valid until the model is closed. Versions 1 and 2 are read whole (they
   * must be under 2 GiB) and their factors copied into new off-heap matrices. The model's algorithm is the
   * file's {@code algorithm} property ({@code "unknown"} when absent), its settings all the file's
   * properties; it has seen items when the file stores them. Factors already mapped or copied are freed
   * when a later check fails.
   *
   * @param file the model file
   * @param kernels the kernels the loaded model computes with
   * @return the model (the caller closes it) and its properties
   * @throws ModelFormatException naming the file and the failed check when it is not a model file, of
   *     an unknown version, truncated or damaged
   * @throws IOException when the file cannot be opened or read
   */
  public static Loaded read(Path file, Kernels kernels) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size < 12) throw new ModelFormatException(file, "truncated header", size + " bytes");
      ByteBuffer start = readFully(ch, 0, 12);
      if (!Arrays.equals(start.array(), 0, 8, MAGIC, 0, 8)) throw new ModelFormatException(file, "not an mf4j model file (bad magic)", "");
      int version = start.getInt(8);
      return switch (version) {
        case 1, 2 -> readWhole(file, ch, size, version, kernels);
        case 3 -> readSections(file, ch, size, kernels);
        default -> throw new ModelFormatException(file, "unsupported format version",
            "version " + version + " (this mf4j reads 1 to " + VERSION + ")");
      };
    }
  }

  private static ByteBuffer readFully(FileChannel ch, long at, int n) throws IOException {
    ByteBuffer b = le(n);
    while (b.hasRemaining()) {
      int got = ch.read(b, at + b.position());
      if (got < 0) throw new java.io.EOFException("file ended at " + (at + b.position()));
    }
    return b.flip();
  }

  /** Version 3: check the header, the section table and every section's checksum, then map the factors. */
  private static Loaded readSections(Path file, FileChannel ch, long size, Kernels kernels) throws IOException {
    if (size < 44) throw new ModelFormatException(file, "truncated header", size + " bytes");
    ByteBuffer fixed = readFully(ch, 0, 40);
    int sections = fixed.getInt(32), headerBytes = fixed.getInt(36);
    if (sections < 5 || sections > MAX_SECTIONS || headerBytes != 44 + 24 * sections) {
      throw new ModelFormatException(file, "section table", sections + " sections in a header of " + headerBytes + " bytes");
    }
    if (headerBytes > size) throw new ModelFormatException(file, "truncated header", size + " bytes, the header needs " + headerBytes);
    ByteBuffer head = readFully(ch, 0, headerBytes);
    if (crc(head, 0, headerBytes - 4) != head.getInt(headerBytes - 4)) throw new ModelFormatException(file, "header checksum", "mismatch");
    int rank = head.getInt(12), stride = head.getInt(16), users = head.getInt(20), items = head.getInt(24), flags = head.getInt(28);
    if (rank < 1 || rank > MAX_RANK || stride != FactorMatrix.strideFor(rank)) {
      throw new ModelFormatException(file, "shape", "rank " + rank + ", stride " + stride);
    }
    if (users < 0 || items < 0) throw new ModelFormatException(file, "shape", users + " users, " + items + " items");
    long[] offset = new long[SECTION_NAMES.length], length = new long[SECTION_NAMES.length];
    int[] crc = new int[SECTION_NAMES.length];
    Arrays.fill(offset, -1);
    long[][] spans = new long[sections][];
    for (int s = 0; s < sections; s++) {
      int at = 40 + 24 * s, kind = head.getInt(at);
      long off = head.getLong(at + 8), len = head.getLong(at + 16);
      if (off < headerBytes || len < 0 || off > size - len || off % ALIGN != 0) {
        throw new ModelFormatException(file, "section table", "section " + s + " (kind " + kind + ") at " + off + ", " + len
            + " bytes, outside the " + size + "-byte file or not aligned");
      }
      spans[s] = new long[] {off, len};
      if (kind < 1 || kind >= SECTION_NAMES.length) continue; // a later version's section
      if (offset[kind] >= 0) throw new ModelFormatException(file, "section table", SECTION_NAMES[kind] + " listed twice");
      offset[kind] = off;
      length[kind] = len;
      crc[kind] = head.getInt(at + 4);
    }
    Arrays.sort(spans, (a, b) -> Long.compare(a[0], b[0]));
    for (int s = 1; s < sections; s++) {
      if (spans[s - 1][0] + spans[s - 1][1] > spans[s][0]) throw new ModelFormatException(file, "section table", "sections overlap at " + spans[s][0]);
    }
    for (int kind = PROPERTIES; kind <= ITEM_FACTORS; kind++) {
      if (offset[kind] < 0) throw new ModelFormatException(file, "section table", "no " + SECTION_NAMES[kind] + " section");
    }
    long rowBytes = (long) stride * Float.BYTES;
    expectLength(file, USER_FACTORS, length, users * rowBytes, users + " users × " + rowBytes + " bytes");
    expectLength(file, ITEM_FACTORS, length, items * rowBytes, items + " items × " + rowBytes + " bytes");
    boolean numericUsers = (flags & 1) != 0, numericItems = (flags & 2) != 0;
    checkIdsLength(file, USER_IDS, length, users, numericUsers);
    checkIdsLength(file, ITEM_IDS, length, items, numericItems);
    if (offset[SEEN_ITEMS] >= 0 && length[SEEN_ITEMS] < 8L * (users + 2)) {
      throw new ModelFormatException(file, "seen items", length[SEEN_ITEMS] + " bytes, too short for " + users + " users");
    }
    // Small sections are read onto the heap (each at most the file's size), checked, then parsed.
    ByteBuffer props = section(file, ch, PROPERTIES, offset, length, crc);
    ByteBuffer userIdBytes = section(file, ch, USER_IDS, offset, length, crc);
    ByteBuffer itemIdBytes = section(file, ch, ITEM_IDS, offset, length, crc);
    ByteBuffer seenBytes = offset[SEEN_ITEMS] >= 0 ? section(file, ch, SEEN_ITEMS, offset, length, crc) : null;
    Map<String, String> properties = properties(props);
    IdIndex userIds = idSection(file, userIdBytes, users, numericUsers, "user ids");
    IdIndex itemIds = idSection(file, itemIdBytes, items, numericItems, "item ids");
    CsrMatrix seen = seenBytes == null ? null : seen(file, seenBytes, users, items);
    FactorMatrix u = null, v = null;
    try {
      u = factors(file, ch, USER_FACTORS, offset, crc, users, rank);
      v = factors(file, ch, ITEM_FACTORS, offset, crc, items, rank);
      String algorithm = properties.getOrDefault("algorithm", "unknown");
      return new Loaded(new FactorModel(algorithm, u, v, userIds, itemIds, kernels, seen, properties), properties);
    } catch (IOException | RuntimeException e) {
      if (u != null) u.close();
      if (v != null) v.close();
      throw e;
    }
  }

  private static void expectLength(Path file, int kind, long[] length, long expected, String why) throws ModelFormatException {
    if (length[kind] != expected) {
      throw new ModelFormatException(file, SECTION_NAMES[kind], length[kind] + " bytes where " + why + " = " + expected);
    }
  }

  private static void checkIdsLength(Path file, int kind, long[] length, int n, boolean numeric) throws ModelFormatException {
    if (numeric) expectLength(file, kind, length, 8L * n, n + " numeric ids × 8 bytes");
    else if (length[kind] < 4L * n) throw new ModelFormatException(file, SECTION_NAMES[kind], length[kind] + " bytes, too short for " + n + " ids");
  }

  /** Reads a non-factor section and checks its CRC32C. */
  private static ByteBuffer section(Path file, FileChannel ch, int kind, long[] offset, long[] length, int[] crc) throws IOException {
    if (length[kind] > Integer.MAX_VALUE - 8) throw new ModelFormatException(file, SECTION_NAMES[kind], length[kind] + " bytes, over 2 GiB");
    int n = (int) length[kind];
    ByteBuffer b = readFully(ch, offset[kind], n);
    if (crc(b, 0, n) != crc[kind]) throw new ModelFormatException(file, SECTION_NAMES[kind] + " checksum", "mismatch");
    return b;
  }

  /** Maps a factor section read-only (copies it on a big-endian machine) after checking its CRC32C. */
  private static FactorMatrix factors(Path file, FileChannel ch, int kind, long[] offset, int[] crc, int rows, int rank) throws IOException {
    FactorMatrix m = FactorMatrix.mapped(ch, offset[kind], rows, rank);
    try {
      MemorySegment seg = m.segment();
      long bytes = rows == 0 ? 0 : seg.byteSize();
      CRC32C sum = new CRC32C();
      for (long off = 0; off < bytes; off += 1 << 30) sum.update(seg.asSlice(off, Math.min(1L << 30, bytes - off)).asByteBuffer());
      if ((int) sum.getValue() != crc[kind]) throw new ModelFormatException(file, SECTION_NAMES[kind] + " checksum", "mismatch");
      if (ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN) return m;
      FactorMatrix copy = FactorMatrix.allocate(rows, rank);
      MemorySegment.copy(seg, java.lang.foreign.ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0, copy.segment(),
          java.lang.foreign.ValueLayout.JAVA_FLOAT, 0, bytes / Float.BYTES);
      m.close();
      return copy;
    } catch (IOException | RuntimeException e) {
      if (m.isAlive()) m.close();
      throw e;
    }
  }

  private static int crc(ByteBuffer b, int from, int n) {
    CRC32C c = new CRC32C();
    c.update(b.array(), b.arrayOffset() + from, n);
    return (int) c.getValue();
  }

  /** The algorithm, the model's settings, then {@code extra}: what the properties section holds. */
  private static Map<String, String> properties(FactorModel model, Map<String, String> extra) {
    Map<String, String> all = new LinkedHashMap<>();
    all.put("algorithm", model.algorithm());
    all.putAll(model.settings());
    all.putAll(extra);
    all.put("algorithm", model.algorithm());
    for (Map.Entry<String, String> e : all.entrySet()) {
      String key = e.getKey(), value = e.getValue();
      if (key.isEmpty() || key.indexOf('=') >= 0 || key.indexOf('\n') >= 0 || value.indexOf('\n') >= 0) {
        throw new IllegalArgumentException("model property " + key + " = " + value + ": keys must be non-empty without '=' or"
            + " line breaks, values without line breaks");
      }
    }
    return all;
  }

  private static Map<String, String> properties(ByteBuffer b) {
    Map<String, String> properties = new LinkedHashMap<>();
    for (String line : new String(b.array(), b.arrayOffset(), b.limit(), StandardCharsets.UTF_8).split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) properties.put(line.substring(0, eq), line.substring(eq + 1));
    }
    return properties;
  }

  /** Parses {@code n} ids from {@code b}'s position on (leaving it after them), none twice. */
  private static IdIndex ids(Path file, ByteBuffer b, int n, boolean numeric, String what) throws ModelFormatException {
    if ((numeric ? 8L : 4L) * n > b.remaining()) throw new ModelFormatException(file, what, n + " ids do not fit in " + b.remaining() + " bytes");
    IdIndex ids = numeric ? IdIndex.withCapacity(n) : new IdIndex(); // n is bounded by the section's length now
    for (int d = 0; d < n; d++) {
      int got;
      if (numeric) {
        got = ids.add(b.getLong());
      } else {
        int len = b.remaining() >= 4 ? b.getInt() : -1;
        if (len < 0 || len > b.remaining()) throw new ModelFormatException(file, what, "id " + d + " of " + n + " has a bad length " + len);
        byte[] t = new byte[len];
        b.get(t);
        got = ids.add(new String(t, StandardCharsets.UTF_8));
      }
      if (got != d) throw new ModelFormatException(file, what, "id " + ids.externalId(got) + " appears twice");
    }
    return ids;
  }

  /** {@link #ids} of a whole section. */
  private static IdIndex idSection(Path file, ByteBuffer b, int n, boolean numeric, String what) throws ModelFormatException {
    IdIndex ids = ids(file, b, n, numeric, what);
    if (b.hasRemaining()) throw new ModelFormatException(file, what, b.remaining() + " bytes left after " + n + " ids");
    return ids;
  }

  /** Parses and checks a seen-items CSR that must fill {@code b} exactly. */
  private static CsrMatrix seen(Path file, ByteBuffer b, int users, int items) throws ModelFormatException {
    long nnz = b.remaining() >= 8 ? b.getLong() : -1;
    long bytes = 8L * (users + 1) + 8L * Math.max(nnz, 0);
    if (nnz < 0 || nnz > Integer.MAX_VALUE - 8 || b.remaining() != bytes) {
      throw new ModelFormatException(file, "seen items", nnz + " entries do not match the section's " + (b.remaining() + 8) + " bytes");
    }
    long[] ptr = new long[users + 1];
    int[] col = new int[(int) nnz];
    float[] val = new float[(int) nnz];
    b.asLongBuffer().get(ptr);
    b.position(b.position() + 8 * ptr.length);
    b.asIntBuffer().get(col);
    b.position(b.position() + 4 * col.length);
    b.asFloatBuffer().get(val);
    b.position(b.position() + 4 * val.length);
    if (ptr[0] != 0 || ptr[users] != nnz) throw new ModelFormatException(file, "seen items", "row pointers do not span the " + nnz + " entries");
    for (int r = 0; r < users; r++) {
      if (ptr[r + 1] < ptr[r]) throw new ModelFormatException(file, "seen items", "row pointers decrease at user " + r);
    }
    for (int c : col) {
      if (c < 0 || c >= items) throw new ModelFormatException(file, "seen items", "item " + c + " not in [0, " + items + ")");
    }
    return new CsrMatrix(users, items, ptr, col, val);
  }

  /**
   * Versions 1 and 2: one CRC32C over everything before the last 4 bytes; the file is read whole (so it
   * must be under 2 GiB) and the factors are copied.
   */
  private static Loaded readWhole(Path file, FileChannel ch, long size, int version, Kernels kernels) throws IOException {
    if (size < 40) throw new ModelFormatException(file, "truncated header", size + " bytes");
    if (size > Integer.MAX_VALUE - 8) throw new ModelFormatException(file, "file length", size + " bytes, over 2 GiB for format version " + version);
    ByteBuffer b = readFully(ch, 0, (int) size);
    if (crc(b, 0, (int) size - 4) != b.getInt((int) size - 4)) throw new ModelFormatException(file, "checksum", "mismatch, the model file is damaged or truncated");
    b.limit((int) size - 4).position(12);
    try {
      int rank = b.getInt(), stride = b.getInt(), users = b.getInt(), items = b.getInt(), flags = b.getInt();
      if (rank < 1 || rank > MAX_RANK || stride != FactorMatrix.strideFor(rank) || users < 0 || items < 0) {
        throw new ModelFormatException(file, "shape", "rank " + rank + ", stride " + stride + ", " + users + " users, " + items + " items");
      }
      int propsLength = b.getInt();
      if (propsLength < 0 || propsLength > b.remaining()) throw new ModelFormatException(file, "properties", "length " + propsLength);
      ByteBuffer props = b.slice(b.position(), propsLength);
      b.position(b.position() + propsLength);
      Map<String, String> properties = properties(ByteBuffer.wrap(bytes(props)));
      IdIndex userIds = ids(file, b, users, (flags & 1) != 0, "user ids");
      IdIndex itemIds = ids(file, b, items, (flags & 2) != 0, "item ids");
      b.position((b.position() + 63) / 64 * 64);
      long factorBytes = ((long) users + items) * stride * Float.BYTES;
      if (factorBytes > b.remaining()) throw new ModelFormatException(file, "factors", "the file ends inside the factors");
      boolean seenSection = version >= 2 && (flags & FLAG_SEEN_V2) != 0;
      if (!seenSection && factorBytes != b.remaining()) throw new ModelFormatException(file, "factors", (b.remaining() - factorBytes) + " bytes left after them");
      FactorMatrix u = FactorMatrix.allocate(users, rank), v = FactorMatrix.allocate(items, rank);
      try {
        copyFactors(b, u);
        copyFactors(b, v);
        CsrMatrix seen = seenSection ? seen(file, b.slice().order(ByteOrder.LITTLE_ENDIAN), users, items) : null;
        return new Loaded(new FactorModel(properties.getOrDefault("algorithm", "unknown"), u, v, userIds, itemIds, kernels, seen,
            properties), properties);
      } catch (IOException | RuntimeException e) {
        u.close();
        v.close();
        throw e;
      }
    } catch (BufferUnderflowException | IndexOutOfBoundsException e) {
      throw new ModelFormatException(file, "layout", "the file ends inside a field (" + e + ")");
    }
  }

  private static byte[] bytes(ByteBuffer b) {
    byte[] a = new byte[b.remaining()];
    b.duplicate().get(a);
    return a;
  }

  private static void copyFactors(ByteBuffer b, FactorMatrix m) {
    float[] row = new float[m.stride()];
    for (int r = 0; r < m.rows(); r++) {
      for (int c = 0; c < m.stride(); c++) row[c] = b.getFloat();
      m.setRow(r, row, 0);
    }
  }
}
