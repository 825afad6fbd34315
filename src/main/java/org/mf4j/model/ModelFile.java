package org.mf4j.model;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32C;
import org.mf4j.api.IdIndex;
import org.mf4j.kernel.Kernels;
import org.mf4j.memory.FactorMatrix;
import org.mf4j.sparse.CsrMatrix;

/**
 * The model file, format version 2: little-endian, written through a temp file, fsync and an atomic
 * rename, so a reader never sees half a model. Version 1 files (the same without flag bit 2 and its
 * section) are still read.
 *
 * <pre>
 * offset  field
 * 0       magic "MF4JMODL" (8 bytes)
 * 8       int   format version (2; 1 is read too)
 * 12      int   rank K
 * 16      int   stride (floats per factor row, K rounded up to 16)
 * 20      int   users
 * 24      int   items
 * 28      int   flags: bit 0 user ids are numbers, bit 1 item ids are numbers, bit 2 (version 2) the
 *               seen-items section is present
 * 32      int   length of the properties text in bytes, then that UTF-8 text ("key=value" lines:
 *               algorithm, hyper-parameters)
 *         user ids: numbers as longs, else per id an int byte length and UTF-8 bytes; then item ids alike
 *         zero padding to a multiple of 64 bytes
 *         U: users × stride floats; V: items × stride floats (padding lanes zero)
 *         seen items, when flag bit 2: the training interactions as a CSR matrix by user: long nnz;
 *               users + 1 longs of row pointers; nnz ints of item (column) indices; nnz floats of values
 * end-4   int   CRC32C of every byte before it
 * </pre>
 *
 * Factor blocks start 64-byte aligned in the file so a later reader can map them straight into
 * {@link FactorMatrix} views. The whole file is read into one array, so it must be under 2 GiB.
 */
public final class ModelFile {
  static final byte[] MAGIC = "MF4JMODL".getBytes(StandardCharsets.US_ASCII);
  /** The version this class writes. */
  public static final int VERSION = 2;
  private static final int FLAG_SEEN = 4;

  private ModelFile() {}

  /** Writes {@code model} (with its seen items, when it has them) and {@code properties} to {@code file} atomically. */
  public static void write(FactorModel model, Map<String, String> properties, Path file) throws IOException {
    write(model, model.seenItems(), properties, file);
  }

  /**
   * Writes {@code model} with {@code seenItems} (its training interactions by user, users × items; null
   * for none) in place of the model's own, and {@code properties}, to {@code file} atomically.
   */
  public static void write(FactorModel model, CsrMatrix seenItems, Map<String, String> properties, Path file) throws IOException {
    if (seenItems != null && (seenItems.rows() != model.numUsers() || seenItems.numCols() != model.numItems())) {
      throw new IllegalArgumentException("seen items are " + seenItems.rows() + " users × " + seenItems.numCols()
          + " items, the model " + model.numUsers() + " × " + model.numItems());
    }
    Path tmp = AtomicFiles.tempBeside(file);
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        CRC32C crc = new CRC32C();
        StringBuilder text = new StringBuilder();
        text.append("algorithm=").append(model.algorithm()).append('\n');
        for (Map.Entry<String, String> e : properties.entrySet()) text.append(e.getKey()).append('=').append(e.getValue()).append('\n');
        byte[] props = text.toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer head = le(36 + props.length);
        head.put(MAGIC).putInt(VERSION).putInt(model.rank()).putInt(model.userFactors().stride())
            .putInt(model.numUsers()).putInt(model.numItems())
            .putInt((model.userIds().isNumeric() ? 1 : 0) | (model.itemIds().isNumeric() ? 2 : 0)
                | (seenItems != null ? FLAG_SEEN : 0))
            .putInt(props.length).put(props);
        long pos = put(ch, crc, head.flip());
        pos += putIds(ch, crc, model.userIds(), model.numUsers());
        pos += putIds(ch, crc, model.itemIds(), model.numItems());
        int pad = (int) ((64 - pos % 64) % 64);
        put(ch, crc, le(pad));
        putFactors(ch, crc, model.userFactors());
        putFactors(ch, crc, model.itemFactors());
        if (seenItems != null) putSeen(ch, crc, seenItems);
        ByteBuffer tail = le(4).putInt((int) crc.getValue()).flip();
        while (tail.hasRemaining()) ch.write(tail);
        ch.force(true);
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** What {@link #read} returns: the model and the properties it was saved with. */
  public record Loaded(FactorModel model, Map<String, String> properties) {}

  /**
   * Reads a model file (copying the factors into new off-heap matrices).
   *
   * @throws IOException naming the file when it is not a model file, of an unknown version, truncated
   *     or damaged (checksum mismatch)
   */
  public static Loaded read(Path file, Kernels kernels) throws IOException {
    byte[] all = Files.readAllBytes(file);
    if (all.length < 40 || !java.util.Arrays.equals(all, 0, 8, MAGIC, 0, 8)) {
      throw new IOException(file + ": not an mf4j model file (bad magic)");
    }
    ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
    CRC32C crc = new CRC32C();
    crc.update(all, 0, all.length - 4);
    if ((int) crc.getValue() != b.getInt(all.length - 4)) {
      throw new IOException(file + ": checksum mismatch, the model file is damaged or truncated");
    }
    b.position(8);
    int version = b.getInt();
    if (version != 1 && version != 2) {
      throw new IOException(file + ": model format version " + version + " is not supported (this mf4j reads 1 and 2)");
    }
    int rank = b.getInt(), stride = b.getInt(), users = b.getInt(), items = b.getInt(), flags = b.getInt();
    if (stride != FactorMatrix.strideFor(rank)) throw new IOException(file + ": stride " + stride + " does not match rank " + rank);
    byte[] props = new byte[b.getInt()];
    b.get(props);
    Map<String, String> properties = new LinkedHashMap<>();
    for (String line : new String(props, StandardCharsets.UTF_8).split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) properties.put(line.substring(0, eq), line.substring(eq + 1));
    }
    IdIndex userIds = getIds(b, users, (flags & 1) != 0);
    IdIndex itemIds = getIds(b, items, (flags & 2) != 0);
    b.position((b.position() + 63) / 64 * 64);
    FactorMatrix u = FactorMatrix.allocate(users, rank);
    FactorMatrix v = FactorMatrix.allocate(items, rank);
    getFactors(b, u);
    getFactors(b, v);
    CsrMatrix seen = null;
    if (version >= 2 && (flags & FLAG_SEEN) != 0) {
      try {
        seen = getSeen(b, users, items, file);
      } catch (IOException | RuntimeException e) {
        u.close();
        v.close();
        throw e;
      }
    }
    String algorithm = properties.getOrDefault("algorithm", "unknown");
    return new Loaded(new FactorModel(algorithm, u, v, userIds, itemIds, kernels, seen), properties);
  }

  private static ByteBuffer le(int n) {
    return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static long put(FileChannel ch, CRC32C crc, ByteBuffer buf) throws IOException {
    if (buf == null) return 0;
    long n = buf.remaining();
    crc.update(buf.duplicate());
    while (buf.hasRemaining()) ch.write(buf);
    return n;
  }

  private static long putIds(FileChannel ch, CRC32C crc, IdIndex ids, int n) throws IOException {
    long written = 0;
    ByteBuffer buf = le(1 << 16);
    for (int d = 0; d < n; d++) {
      byte[] text = ids.isNumeric() ? null : ids.externalId(d).getBytes(StandardCharsets.UTF_8);
      int need = text == null ? 8 : 4 + text.length;
      if (buf.remaining() < need) {
        written += put(ch, crc, buf.flip());
        buf = le(Math.max(1 << 16, need));
      }
      if (text == null) buf.putLong(ids.numericId(d));
      else buf.putInt(text.length).put(text);
    }
    return written + put(ch, crc, buf.flip());
  }

  private static void putFactors(FileChannel ch, CRC32C crc, FactorMatrix m) throws IOException {
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
      put(ch, crc, view);
    }
  }

  private static void putSeen(FileChannel ch, CRC32C crc, CsrMatrix m) throws IOException {
    ByteBuffer buf = le(1 << 16);
    buf.putLong(m.nnz());
    for (long p : m.rowPointers()) buf = room(ch, crc, buf, 8).putLong(p);
    for (int c : m.colIndex()) buf = room(ch, crc, buf, 4).putInt(c);
    for (float x : m.values()) buf = room(ch, crc, buf, 4).putFloat(x);
    put(ch, crc, buf.flip());
  }

  /** buf itself when it has {@code need} bytes free, else buf written out and cleared. */
  private static ByteBuffer room(FileChannel ch, CRC32C crc, ByteBuffer buf, int need) throws IOException {
    if (buf.remaining() >= need) return buf;
    put(ch, crc, buf.flip());
    return buf.clear();
  }

  /** Reads and checks the seen-items section; b is at its start. */
  private static CsrMatrix getSeen(ByteBuffer b, int users, int items, Path file) throws IOException {
    long nnz = b.remaining() >= 8 ? b.getLong() : -1;
    long bytes = 8L * (users + 1) + 8L * Math.max(nnz, 0);
    if (nnz < 0 || nnz > Integer.MAX_VALUE - 8 || b.remaining() - 4 != bytes) {
      throw new IOException(file + ": seen-items section of " + nnz + " entries does not match the file length");
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
    if (ptr[0] != 0 || ptr[users] != nnz) throw new IOException(file + ": seen-items row pointers do not span the " + nnz + " entries");
    for (int r = 0; r < users; r++) {
      if (ptr[r + 1] < ptr[r]) throw new IOException(file + ": seen-items row pointers decrease at user " + r);
    }
    for (int c : col) {
      if (c < 0 || c >= items) throw new IOException(file + ": seen item " + c + " not in [0, " + items + ")");
    }
    return new CsrMatrix(users, items, ptr, col, val);
  }

  private static IdIndex getIds(ByteBuffer b, int n, boolean numeric) {
    IdIndex ids = new IdIndex();
    for (int d = 0; d < n; d++) {
      if (numeric) {
        ids.add(b.getLong());
      } else {
        byte[] t = new byte[b.getInt()];
        b.get(t);
        ids.add(new String(t, StandardCharsets.UTF_8));
      }
    }
    return ids;
  }

  private static void getFactors(ByteBuffer b, FactorMatrix m) {
    float[] row = new float[m.stride()];
    for (int r = 0; r < m.rows(); r++) {
      for (int c = 0; c < m.stride(); c++) row[c] = b.getFloat();
      m.setRow(r, row, 0);
    }
  }
}
