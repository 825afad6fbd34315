package org.mf4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;
import org.mf4j.kernel.KernelProvider;
import org.mf4j.kernel.Kernels;
import org.mf4j.serving.ItemFilter;
import org.mf4j.testing.FuzzFiles;
import org.mf4j.testing.HeapAllocation;

/**
 * Fuzz target of the model loader (Jazzer; {@code fuzz/run model} fuzzes it, a plain test run replays the
 * inputs under {@code ModelFileFuzzTestInputs/}, the golden files among them). Each input is loaded as it
 * is and again with its checksums repaired, so that mutations get past the CRC32C checks and reach the
 * structural ones. Either the file loads into a model that can be served from and refolded, or it is
 * refused with a {@link ModelFormatException} — never another exception, and never a heap allocation
 * beyond the file's size plus a small allowance (the factors are mapped, not read).
 */
class ModelFileFuzzTest {
  private static final Kernels KERNELS = KernelProvider.get();
  static final long ALLOWANCE = 256 << 10;

  @FuzzTest(maxDuration = "30s")
  void loadModel(byte[] data) throws IOException {
    load(data);
    byte[] sealed = data.clone();
    if (reseal(sealed)) load(sealed);
  }

  private static void load(byte[] bytes) throws IOException {
    Path f = FuzzFiles.scratch("model.mf4j");
    Files.write(f, bytes);
    try {
      long allocated = loadAndClose(f);
      // a loaded model's ids and seen items are on the heap: never more than the file holds, plus hash tables
      if (allocated > 8L * bytes.length + ALLOWANCE) allocated = loadAndClose(f); // warm: a first run also links code
      assertTrue(allocated <= 8L * bytes.length + ALLOWANCE, "allocated " + allocated + " bytes loading a " + bytes.length + "-byte file");
    } catch (ModelFormatException refused) {
      assertTrue(refused.getMessage().startsWith(f.toString()), "the message names the file: " + refused.getMessage());
      long allocated = refuse(f);
      if (allocated > bytes.length + ALLOWANCE) allocated = refuse(f);
      assertTrue(allocated <= bytes.length + ALLOWANCE, "allocated " + allocated + " bytes refusing a " + bytes.length + "-byte file");
      return;
    }
    ModelFile.Loaded loaded = ModelFile.read(f, KERNELS);
    try (FactorModel m = loaded.model()) {
      serve(m);
      try {
        ModelFoldIn.of(m);
      } catch (IllegalArgumentException | UnsupportedOperationException notRefoldable) {
        // settings a fold-in cannot use are refused with a message naming them
        if (notRefoldable.getMessage() == null) fail("no message", notRefoldable);
      }
    }
  }

  /** Heap allocated loading {@code f} (a model, closed at once). */
  private static long loadAndClose(Path f) throws IOException {
    long before = HeapAllocation.ofThisThread();
    ModelFile.read(f, KERNELS).model().close();
    return HeapAllocation.ofThisThread() - before;
  }

  /** Heap allocated refusing {@code f}, which must be refused. */
  private static long refuse(Path f) throws IOException {
    long before = HeapAllocation.ofThisThread();
    try {
      ModelFile.read(f, KERNELS).model().close();
      fail("refused once, loaded the next time");
    } catch (ModelFormatException expected) {
      // measured
    }
    return HeapAllocation.ofThisThread() - before;
  }

  /** Scores, recommends and finds similar items for the first user and item, whatever the shape. */
  private static void serve(FactorModel m) {
    assertEquals(m.numUsers(), m.userIds().size());
    assertEquals(m.numItems(), m.itemIds().size());
    if (m.numUsers() > 0 && m.numItems() > 0) {
      m.predict(0, 0);
      m.recommend(0, 3, ItemFilter.EXCLUDE_SEEN);
      m.similarItems(0, 3);
    }
  }

  /**
   * Rewrites the CRC32C of every section the header lists in the file, then the header's own; false when
   * the bytes do not have a version-3 header to reseal.
   */
  static boolean reseal(byte[] bytes) {
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    if (bytes.length < 44 || b.getInt(8) != 3) return false;
    int sections = b.getInt(32), headerBytes = 44 + 24 * sections;
    if (sections < 0 || sections > 64 || headerBytes > bytes.length) return false;
    for (int s = 0; s < sections; s++) {
      int at = 40 + 24 * s;
      long off = b.getLong(at + 8), len = b.getLong(at + 16);
      if (off >= 0 && len >= 0 && off <= bytes.length - len) b.putInt(at + 4, crc(bytes, (int) off, (int) len));
    }
    b.putInt(36, headerBytes);
    b.putInt(headerBytes - 4, crc(bytes, 0, headerBytes - 4));
    return true;
  }

  private static int crc(byte[] bytes, int from, int n) {
    CRC32C c = new CRC32C();
    c.update(bytes, from, n);
    return (int) c.getValue();
  }
}
