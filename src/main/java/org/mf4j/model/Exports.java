package org.mf4j.model;

import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import org.mf4j.api.IdIndex;
import org.mf4j.memory.FactorMatrix;

/**
 * Factor matrices in the formats other tools read: NumPy's {@code .npy} (format 1.0, little-endian
 * float32, C order, shape (rows, rank): {@code np.load} reads it) with the rows' original ids one per line
 * beside it, and TSV ({@code id<TAB>f1<TAB>…<TAB>fK}). Only the rank columns are written, not the stride
 * padding. A model trained with biases has rank K + 2: its user rows end in (μ + b_u, 1) and its item rows
 * in (1, b_i), so the dot product of the exported rows is the full prediction. Every file is written to a
 * temp file and renamed ({@link AtomicFiles#write}): on failure the target is left as it was. The matrices
 * and id maps are only read; they must stay open while an export runs. Static methods only.
 */
public final class Exports {
  private Exports() {}

  private static final byte[] NPY_MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};

  /**
   * Writes the rows of {@code m} as a float32 array of shape (rows, rank), little-endian, C order.
   *
   * @throws IOException when the file cannot be written
   */
  public static void npy(FactorMatrix m, Path file) throws IOException {
    String dict = String.format(Locale.ROOT, "{'descr': '<f4', 'fortran_order': False, 'shape': (%d, %d), }", m.rows(), m.rank());
    // magic (8) + header length (2) + dict, padded with spaces and ended by '\n' to a multiple of 64
    int headerLength = (10 + dict.length() + 1 + 63) / 64 * 64 - 10;
    ByteBuffer head = ByteBuffer.allocate(10 + headerLength).order(ByteOrder.LITTLE_ENDIAN);
    head.put(NPY_MAGIC).putShort((short) headerLength).put(dict.getBytes(StandardCharsets.US_ASCII));
    while (head.position() < head.capacity() - 1) head.put((byte) ' ');
    head.put((byte) '\n');
    AtomicFiles.write(file, out -> {
      out.write(head.array());
      int rowBytes = m.rank() * Float.BYTES;
      ByteBuffer rows = ByteBuffer.allocate(Math.max(rowBytes, (1 << 20) / rowBytes * rowBytes)).order(ByteOrder.LITTLE_ENDIAN);
      MemorySegment seg = m.segment();
      for (int r = 0; r < m.rows(); r++) {
        if (rows.remaining() < rowBytes) {
          out.write(rows.array(), 0, rows.position());
          rows.clear();
        }
        for (int c = 0; c < m.rank(); c++) rows.putFloat(seg.getAtIndex(ValueLayout.JAVA_FLOAT, m.rowOffset(r) + c));
      }
      out.write(rows.array(), 0, rows.position());
    });
  }

  /**
   * Writes the first {@code n} external ids of {@code ids}, one per line (UTF-8, {@code \n}), in dense
   * order: line r + 1 is the id of row r of the matching {@link #npy} file.
   *
   * @throws IllegalArgumentException when an id holds a tab or a line break
   * @throws IndexOutOfBoundsException when {@code n} exceeds the ids' size
   * @throws IOException when the file cannot be written
   */
  public static void ids(IdIndex ids, int n, Path file) throws IOException {
    AtomicFiles.write(file, out -> {
      BufferedWriter w = new BufferedWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
      for (int d = 0; d < n; d++) w.append(checkedId(ids, d)).append('\n');
      w.flush();
    });
  }

  /**
   * Writes one line per row of {@code m} (UTF-8, {@code \n}): the row's external id from {@code ids}, then
   * its rank values, tab-separated, each the shortest decimal that reads back to the same float
   * ({@link Float#toString(float)}).
   *
   * @throws IllegalArgumentException when an id holds a tab or a line break
   * @throws IndexOutOfBoundsException when {@code ids} has fewer ids than {@code m} has rows
   * @throws IOException when the file cannot be written
   */
  public static void tsv(FactorMatrix m, IdIndex ids, Path file) throws IOException {
    AtomicFiles.write(file, out -> {
      BufferedWriter w = new BufferedWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
      for (int r = 0; r < m.rows(); r++) {
        w.write(checkedId(ids, r));
        for (int c = 0; c < m.rank(); c++) w.append('\t').append(Float.toString(m.get(r, c)));
        w.append('\n');
      }
      w.flush();
    });
  }

  /** An id that a line-based file can hold (ids read from delimited text never contain these). */
  private static String checkedId(IdIndex ids, int d) {
    String id = ids.externalId(d);
    if (id.indexOf('\n') >= 0 || id.indexOf('\r') >= 0 || id.indexOf('\t') >= 0) {
      throw new IllegalArgumentException("id " + d + " (\"" + id.replace("\n", "\\n").replace("\t", "\\t")
          + "\") holds a tab or line break and cannot be exported one per line");
    }
    return id;
  }
}
