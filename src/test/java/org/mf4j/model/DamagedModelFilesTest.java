package org.mf4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mf4j.api.IdIndex;
import org.mf4j.kernel.KernelProvider;
import org.mf4j.memory.FactorMatrix;
import org.mf4j.sparse.CsrMatrix;
import org.mf4j.testing.HeapAllocation;

/**
 * A corpus of damaged model files, every one of which must be refused with a {@link ModelFormatException}
 * (never another exception, never a model), without allocating more heap than the file's size: each
 * truncation class, flipped bits in every section and in the header, wrong magic and versions, and
 * absurd counts, offsets and ids written with valid checksums so that the structural checks, not the
 * checksums, have to catch them.
 */
class DamagedModelFilesTest {
  @TempDir static Path dir;
  static byte[] good;
  /** Offset and length of each section kind in {@link #good}. */
  static final Map<Integer, long[]> SECTIONS = new TreeMap<>();
  static int headerBytes;

  @BeforeAll
  static void writeAGoodFile() throws IOException {
    IdIndex users = new IdIndex(), items = new IdIndex();
    for (int i = 0; i < 9; i++) users.add(1000L + 7 * i);
    for (int i = 0; i < 6; i++) items.add("item-" + i);
    FactorMatrix u = FactorMatrix.allocate(9, 21), v = FactorMatrix.allocate(6, 21);
    for (int r = 0; r < 9; r++) for (int c = 0; c < 21; c++) u.set(r, c, r * 0.5f - c);
    for (int r = 0; r < 6; r++) for (int c = 0; c < 21; c++) v.set(r, c, c * 0.25f - r);
    CsrMatrix seen = CsrMatrix.build(9, 6, new int[] {0, 0, 4, 8}, new int[] {5, 1, 2, 0}, new float[] {1, 2, 3, 4}, 4);
    Path f = dir.resolve("good.mf4j");
    try (FactorModel m = new FactorModel("als", u, v, users, items, KernelProvider.get(), seen)) {
      ModelFile.write(m, Map.of("lambda_u", "0.1"), f);
    }
    good = Files.readAllBytes(f);
    ByteBuffer b = ByteBuffer.wrap(good).order(ByteOrder.LITTLE_ENDIAN);
    headerBytes = b.getInt(36);
    for (int s = 0; s < b.getInt(32); s++) {
      int at = 40 + 24 * s;
      SECTIONS.put(b.getInt(at), new long[] {b.getLong(at + 8), b.getLong(at + 16), at});
    }
    assertEquals(6, SECTIONS.size());
    try (FactorModel back = ModelFile.read(f, KernelProvider.get()).model()) {
      assertEquals(9, back.numUsers()); // the corpus starts from a file that loads
    }
  }

  static long offset(int kind) { return SECTIONS.get(kind)[0]; }

  static long length(int kind) { return SECTIONS.get(kind)[1]; }

  static int tableEntry(int kind) { return (int) SECTIONS.get(kind)[2]; }

  static UnaryOperator<byte[]> truncate(long at) { return b -> Arrays.copyOf(b, (int) at); }

  static UnaryOperator<byte[]> flip(long at, int bit) {
    return b -> {
      b[(int) at] ^= (byte) (1 << bit);
      return b;
    };
  }

  /** Sets an int of the header, then recomputes the header checksum, so only the structural checks can object. */
  static UnaryOperator<byte[]> headerInt(int at, int value) {
    return b -> resealHeader(le(b).putInt(at, value).array());
  }

  static UnaryOperator<byte[]> headerLong(int at, long value) {
    return b -> resealHeader(le(b).putLong(at, value).array());
  }

  static ByteBuffer le(byte[] b) { return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN); }

  static byte[] resealHeader(byte[] b) {
    CRC32C c = new CRC32C();
    c.update(b, 0, headerBytes - 4);
    le(b).putInt(headerBytes - 4, (int) c.getValue());
    return b;
  }

  /** Changes bytes inside a section, then recomputes that section's and the header's checksums. */
  static UnaryOperator<byte[]> resealedEdit(int kind, UnaryOperator<byte[]> edit) {
    return b -> {
      byte[] e = edit.apply(b);
      CRC32C c = new CRC32C();
      c.update(e, (int) offset(kind), (int) length(kind));
      le(e).putInt(tableEntry(kind) + 4, (int) c.getValue());
      return resealHeader(e);
    };
  }

  static Map<String, UnaryOperator<byte[]>> corpus() {
    Map<String, UnaryOperator<byte[]>> c = new LinkedHashMap<>();
    int n = good.length;
    c.put("empty file", truncate(0));
    c.put("truncated in the magic", truncate(5));
    c.put("truncated in the fixed header", truncate(30));
    c.put("truncated in the section table", truncate(60));
    c.put("truncated before the header checksum", truncate(headerBytes - 2));
    c.put("truncated after the header", truncate(headerBytes));
    for (int kind = ModelFile.PROPERTIES; kind <= ModelFile.SEEN_ITEMS; kind++) {
      c.put("truncated inside section " + kind, truncate(offset(kind) + length(kind) / 2));
      c.put("bit flipped in section " + kind, flip(offset(kind) + length(kind) / 3, 5));
    }
    c.put("last byte missing", truncate(n - 1));
    c.put("bad magic", flip(3, 1));
    c.put("future version", headerInt(8, 99));
    c.put("version 0", headerInt(8, 0));
    c.put("bit flipped in the rank", flip(12, 0));
    c.put("bit flipped in the user count", flip(21, 3));
    c.put("bit flipped in a section offset", flip(tableEntry(ModelFile.USER_FACTORS) + 9, 2));
    c.put("bit flipped in a section checksum", flip(tableEntry(ModelFile.ITEM_FACTORS) + 4, 7));
    c.put("bit flipped in the header checksum", flip(headerBytes - 3, 4));
    c.put("absurd user count", headerInt(20, Integer.MAX_VALUE));
    c.put("negative item count", headerInt(24, -5));
    c.put("absurd rank", headerInt(12, 1 << 30));
    c.put("stride not matching the rank", headerInt(16, 48));
    c.put("absurd section count", headerInt(32, 1_000_000));
    c.put("ids said to be numbers", headerInt(28, 3));
    c.put("section beyond the end", headerLong(tableEntry(ModelFile.ITEM_FACTORS) + 8, n + 64L));
    c.put("section of absurd length", headerLong(tableEntry(ModelFile.SEEN_ITEMS) + 16, Long.MAX_VALUE));
    c.put("negative section length", headerLong(tableEntry(ModelFile.PROPERTIES) + 16, -1));
    c.put("overlapping sections", headerLong(tableEntry(ModelFile.ITEM_FACTORS) + 8, offset(ModelFile.USER_FACTORS)));
    c.put("misaligned factor section", headerLong(tableEntry(ModelFile.USER_FACTORS) + 8, offset(ModelFile.USER_FACTORS) + 4));
    c.put("required section missing", headerInt(tableEntry(ModelFile.ITEM_IDS), 77));
    c.put("section listed twice", headerInt(tableEntry(ModelFile.ITEM_IDS), ModelFile.USER_IDS));
    c.put("duplicate user id", resealedEdit(ModelFile.USER_IDS, b -> le(b).putLong((int) offset(ModelFile.USER_IDS) + 8, 1000L).array()));
    c.put("text id longer than its section", resealedEdit(ModelFile.ITEM_IDS, b -> le(b).putInt((int) offset(ModelFile.ITEM_IDS), 1 << 30).array()));
    c.put("seen item out of range", resealedEdit(ModelFile.SEEN_ITEMS,
        b -> le(b).putInt((int) (offset(ModelFile.SEEN_ITEMS) + 8 + 8 * 10), 6).array()));
    c.put("seen row pointers decreasing", resealedEdit(ModelFile.SEEN_ITEMS,
        b -> le(b).putLong((int) (offset(ModelFile.SEEN_ITEMS) + 8 + 8 * 3), 0).array()));
    c.put("seen entry count too large", resealedEdit(ModelFile.SEEN_ITEMS, b -> le(b).putLong((int) offset(ModelFile.SEEN_ITEMS), 1L << 40).array()));
    return c;
  }

  @Test
  void everyDamagedFileIsRefusedWithTheDocumentedException() throws IOException {
    Map<String, UnaryOperator<byte[]>> corpus = corpus();
    assertTrue(corpus.size() >= 20, "a corpus of at least 20 damaged files");
    Map<String, List<String>> byCheck = new TreeMap<>();
    for (Map.Entry<String, UnaryOperator<byte[]>> e : corpus.entrySet()) {
      Files.write(dir.resolve("damaged-" + e.getKey().replace(' ', '-') + ".mf4j"), e.getValue().apply(good.clone()));
    }
    // Once unmeasured: the first failures load classes and link string concatenations, which allocate.
    for (String name : corpus.keySet()) {
      try {
        ModelFile.read(dir.resolve("damaged-" + name.replace(' ', '-') + ".mf4j"), KernelProvider.get()).model().close();
      } catch (ModelFormatException expected) {
        // checked below
      }
    }
    for (Map.Entry<String, UnaryOperator<byte[]>> e : corpus.entrySet()) {
      Path f = dir.resolve("damaged-" + e.getKey().replace(' ', '-') + ".mf4j");
      byte[] bytes = Files.readAllBytes(f);
      long before = HeapAllocation.ofThisThread();
      try (FactorModel m = ModelFile.read(f, KernelProvider.get()).model()) {
        fail(e.getKey() + ": loaded a model of " + m.numUsers() + " users from a damaged file");
      } catch (ModelFormatException x) {
        long allocated = HeapAllocation.ofThisThread() - before;
        assertTrue(x.getMessage().startsWith(f.toString()), e.getKey() + ": the message names the file: " + x.getMessage());
        // the file's size plus a fixed allowance for the exception, its message and the loader's small objects
        assertTrue(allocated <= bytes.length + 64 * 1024, e.getKey() + ": allocated " + allocated + " bytes for a " + bytes.length + "-byte file");
        byCheck.computeIfAbsent(x.check(), k -> new ArrayList<>()).add(e.getKey());
      } catch (IOException | RuntimeException | Error x) {
        fail(e.getKey() + ": " + x + " instead of a ModelFormatException", x);
      }
    }
    // Each kind of damage is caught by its own check, not all by one catch-all.
    assertTrue(byCheck.size() >= 10, "checks that fired: " + byCheck);
  }

  @Test
  void damagedVersion1And2FilesAreRefusedToo() throws Exception {
    for (String name : new String[] {"model-v1.mf4j", "model-v2.mf4j"}) {
      byte[] golden = Files.readAllBytes(Path.of(DamagedModelFilesTest.class.getResource(name).toURI()));
      List<byte[]> damaged = List.of(Arrays.copyOf(golden, golden.length / 2), Arrays.copyOf(golden, 39), flip(golden.length / 2, 6).apply(golden.clone()),
          flip(golden.length - 2, 0).apply(golden.clone()), le(golden.clone()).putInt(8, 7).array());
      for (int i = 0; i < damaged.size(); i++) {
        Path f = dir.resolve(name + "-damaged-" + i);
        Files.write(f, damaged.get(i));
        try (FactorModel m = ModelFile.read(f, KernelProvider.get()).model()) {
          fail(name + " variant " + i + " loaded");
        } catch (ModelFormatException x) {
          assertTrue(x.getMessage().startsWith(f.toString()), x.getMessage());
        }
      }
    }
  }
}
