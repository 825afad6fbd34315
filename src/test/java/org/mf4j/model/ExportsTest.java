package org.mf4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mf4j.api.IdIndex;
import org.mf4j.memory.FactorMatrix;

class ExportsTest {
  @TempDir Path dir;

  static FactorMatrix matrix(int rows, int k) {
    FactorMatrix m = FactorMatrix.allocate(rows, k);
    for (int r = 0; r < rows; r++) for (int c = 0; c < k; c++) m.set(r, c, r * 100 + c + 0.25f);
    return m;
  }

  @Test
  void npyHasNumpysHeaderAndTheRankColumnsInRowOrder() throws IOException {
    Path f = dir.resolve("u.npy");
    try (FactorMatrix m = matrix(7, 19)) {
      Exports.npy(m, f);
    }
    byte[] b = Files.readAllBytes(f);
    assertEquals((byte) 0x93, b[0]);
    assertEquals("NUMPY", new String(b, 1, 5, StandardCharsets.US_ASCII));
    assertEquals(1, b[6], "format 1.0");
    ByteBuffer le = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    int header = le.getShort(8) & 0xffff;
    assertEquals(0, (10 + header) % 64, "data starts aligned");
    String dict = new String(b, 10, header, StandardCharsets.US_ASCII);
    assertTrue(dict.startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (7, 19), }") && dict.endsWith("\n"), dict);
    assertEquals(10 + header + 7 * 19 * 4, b.length, "no padding lanes");
    for (int r = 0; r < 7; r++) for (int c = 0; c < 19; c++) assertEquals(r * 100 + c + 0.25f, le.getFloat(10 + header + 4 * (r * 19 + c)));
  }

  @Test
  void idsAndTsvUseTheOriginalIds() throws IOException {
    IdIndex ids = new IdIndex();
    ids.add("tt01");
    ids.add("tt02");
    ids.add("x y");
    try (FactorMatrix m = matrix(3, 2)) {
      Exports.ids(ids, 3, dir.resolve("ids.txt"));
      Exports.tsv(m, ids, dir.resolve("f.tsv"));
    }
    assertEquals(List.of("tt01", "tt02", "x y"), Files.readAllLines(dir.resolve("ids.txt")));
    assertEquals(List.of("tt01\t0.25\t1.25", "tt02\t100.25\t101.25", "x y\t200.25\t201.25"), Files.readAllLines(dir.resolve("f.tsv")));
    IdIndex bad = new IdIndex();
    bad.add("a\tb");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Exports.ids(bad, 1, dir.resolve("bad.txt")));
    assertTrue(e.getMessage().contains("tab or line break"), e.getMessage());
    try (var s = Files.list(dir)) {
      assertEquals(2, s.count(), "the failed export left no file, temp or final");
    }
  }

  /** The real reader, where one is installed (skipped elsewhere: NumPy is not a dependency). */
  @Test
  void numpyLoadsIt() throws Exception {
    Path f = dir.resolve("v.npy");
    try (FactorMatrix m = matrix(5, 33)) {
      Exports.npy(m, f);
    }
    Process p;
    try {
      p = new ProcessBuilder("python3", "-c", "import numpy as np, sys; a = np.load(sys.argv[1]); print(a.dtype, a.shape, repr(float(a[4, 32])))",
          f.toString()).redirectErrorStream(true).start();
    } catch (IOException noPython) {
      assumeTrue(false, "no python3");
      return;
    }
    assumeTrue(p.waitFor(60, TimeUnit.SECONDS), "python3 did not answer");
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assumeTrue(p.exitValue() == 0 || !out.contains("No module named"), "no numpy: " + out);
    assertEquals("float32 (5, 33) 432.25", out);
  }
}
