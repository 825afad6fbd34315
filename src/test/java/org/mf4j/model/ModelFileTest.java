package org.mf4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mf4j.api.IdIndex;
import org.mf4j.kernel.KernelProvider;
import org.mf4j.memory.FactorMatrix;

class ModelFileTest {
  @TempDir Path dir;

  static FactorModel model(IdIndex users, IdIndex items, int k) {
    FactorMatrix u = FactorMatrix.allocate(users.size(), k);
    FactorMatrix v = FactorMatrix.allocate(items.size(), k);
    for (int r = 0; r < u.rows(); r++) for (int c = 0; c < k; c++) u.set(r, c, r + c / 10f);
    for (int r = 0; r < v.rows(); r++) for (int c = 0; c < k; c++) v.set(r, c, -r - c / 7f);
    return new FactorModel("als", u, v, users, items, KernelProvider.get());
  }

  @Test
  void roundTripsFactorsIdsAndProperties() throws IOException {
    IdIndex users = new IdIndex();
    users.add(17);
    users.add(3);
    users.add(99);
    IdIndex items = new IdIndex();
    items.add("tt0111161");
    items.add("tt0068646");
    Path f = dir.resolve("m.mf4j");
    try (FactorModel m = model(users, items, 5)) {
      ModelFile.write(m, Map.of("rank", "5"), f);
      try (FactorModel r = ModelFile.read(f, KernelProvider.get()).model()) {
        assertEquals(5, r.rank());
        assertEquals(3, r.numUsers());
        assertEquals("99", r.userIds().externalId(2));
        assertEquals("tt0068646", r.itemIds().externalId(1));
        for (int a = 0; a < 3; a++) for (int b = 0; b < 2; b++) assertEquals(m.predict(a, b), r.predict(a, b));
        assertTrue(r.userFactors().paddingIsZero());
      }
      assertEquals("5", ModelFile.read(f, KernelProvider.get()).properties().get("rank"));
    }
    try (var s = Files.list(dir)) {
      assertEquals(1, s.count(), "no temp file may be left behind");
    }
  }

  @Test
  void roundTripsSeenItemsAndRecommendExcludesThem() throws IOException {
    int users = 5, items = 40;
    // User 0 has seen items 3, 1, 39 (unsorted), user 2 every item, the others none.
    int[] us = {0, 0, 0}, is = {3, 1, 39};
    int n = us.length + items;
    int[] u2 = java.util.Arrays.copyOf(us, n), i2 = java.util.Arrays.copyOf(is, n);
    for (int i = 0; i < items; i++) {
      u2[us.length + i] = 2;
      i2[us.length + i] = i;
    }
    float[] vals = new float[n];
    for (int q = 0; q < n; q++) vals[q] = q * 0.5f;
    org.mf4j.sparse.CsrMatrix seen = org.mf4j.sparse.CsrMatrix.build(users, items, u2, i2, vals, n);
    Path f = dir.resolve("seen.mf4j"), g = dir.resolve("plain.mf4j");
    try (FactorModel m = model(IdIndex.identity(users), IdIndex.identity(items), 7)) {
      ModelFile.write(m, seen, Map.of(), f);
      ModelFile.write(m, Map.of(), g);
      assertThrows(IllegalArgumentException.class, () -> ModelFile.write(m, org.mf4j.sparse.CsrMatrix.build(users, items + 1,
          new int[0], new int[0], new float[0], 0), Map.of(), dir.resolve("bad.mf4j")));
    }
    assertEquals(ModelFile.VERSION, java.nio.ByteBuffer.wrap(Files.readAllBytes(f)).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt(8), "version");
    try (FactorModel r = ModelFile.read(f, KernelProvider.get()).model(); FactorModel p = ModelFile.read(g, KernelProvider.get()).model()) {
      org.mf4j.sparse.CsrMatrix back = r.seenItems();
      assertArrayEquals(seen.rowPointers(), back.rowPointers());
      assertArrayEquals(seen.colIndex(), back.colIndex());
      assertArrayEquals(seen.values(), back.values());
      assertEquals(null, p.seenItems());
      // V[r] = -r - c/7 and U[u] >= 0: lower item ids score higher.
      assertArrayEquals(new int[] {0, 2, 4, 5}, r.recommend(0, 4).items());
      assertArrayEquals(new int[] {0, 1, 2, 3}, r.recommend(0, 4, org.mf4j.serving.ItemFilter.INCLUDE_SEEN).items());
      assertArrayEquals(new int[] {0, 1, 2, 3}, p.recommend(0, 4).items(), "no seen items stored: nothing excluded");
      // Popular items: 1, 3 and 39 have two interactions, the rest one (user 2 has them all).
      assertArrayEquals(new int[] {1, 3, 39, 0}, r.popularItems(4, org.mf4j.serving.ItemFilter.INCLUDE_SEEN).items());
      assertArrayEquals(new float[] {2, 2, 2, 1}, r.popularItems(4, org.mf4j.serving.ItemFilter.INCLUDE_SEEN).scores());
      assertArrayEquals(new int[] {1, 39, 0, 2}, r.popularItems(4, org.mf4j.serving.ItemFilter.INCLUDE_SEEN.withDenied(3)).items());
      assertArrayEquals(new int[] {39, 5}, r.popularItems(4, org.mf4j.serving.ItemFilter.INCLUDE_SEEN.withAllowed(5, 39)).items());
      assertThrows(IllegalStateException.class, () -> p.popularItems(3, org.mf4j.serving.ItemFilter.INCLUDE_SEEN));
      assertEquals(0, r.recommend(2, 4).size());
      assertEquals(items, r.recommend(1, items + 5).size());
    }
  }

  /**
   * A version-1 file written by mf4j before the seen-items section existed (3 users with numeric ids
   * 17, 3, 99; 4 items with string ids; K = 5; U[r][c] = r + c/8, V[r][c] = -r - c/4): must load forever.
   */
  @Test
  void readsTheVersion1GoldenFile() throws Exception {
    Path f = Path.of(ModelFileTest.class.getResource("model-v1.mf4j").toURI());
    ModelFile.Loaded loaded = ModelFile.read(f, KernelProvider.get());
    try (FactorModel m = loaded.model()) {
      assertEquals("als", m.algorithm());
      assertEquals("0.1", loaded.properties().get("lambda_u"));
      assertEquals(5, m.rank());
      assertEquals(3, m.numUsers());
      assertEquals(4, m.numItems());
      assertEquals(99L, m.userIds().numericId(2));
      assertEquals(2, m.itemIds().get("tt0071562"));
      for (int r = 0; r < 3; r++) for (int c = 0; c < 5; c++) assertEquals(r + c / 8f, m.userFactors().get(r, c));
      for (int r = 0; r < 4; r++) for (int c = 0; c < 5; c++) assertEquals(-r - c / 4f, m.itemFactors().get(r, c));
      assertTrue(m.userFactors().paddingIsZero() && m.itemFactors().paddingIsZero());
    }
  }

  /**
   * Golden files of versions 2 and 3, written by mf4j with version 2's and version 3's writer: 3 users with
   * numeric ids 17, 3, 99; 4 items with string ids; K = 5; U[r][c] = r + c/8, V[r][c] = −r − c/4; seen
   * items: user 17 has items 3 and 1 (values 4, 5), user 99 item 0 (3.5). They must load forever.
   */
  @ParameterizedTest
  @ValueSource(strings = {"model-v2.mf4j", "model-v3.mf4j"})
  void readsTheGoldenFilesWithSeenItems(String name) throws Exception {
    Path f = Path.of(ModelFileTest.class.getResource(name).toURI());
    ModelFile.Loaded loaded = ModelFile.read(f, KernelProvider.get());
    try (FactorModel m = loaded.model()) {
      assertEquals("als", m.algorithm());
      assertEquals("0.1", loaded.properties().get("lambda_u"));
      assertEquals("10", loaded.properties().get("iterations"));
      assertEquals(5, m.rank());
      assertEquals(17L, m.userIds().numericId(0));
      assertEquals(3, m.itemIds().get("tt0468569"));
      for (int r = 0; r < 3; r++) for (int c = 0; c < 5; c++) assertEquals(r + c / 8f, m.userFactors().get(r, c));
      for (int r = 0; r < 4; r++) for (int c = 0; c < 5; c++) assertEquals(-r - c / 4f, m.itemFactors().get(r, c));
      assertArrayEquals(new long[] {0, 2, 2, 3}, m.seenItems().rowPointers());
      assertArrayEquals(new int[] {3, 1, 0}, m.seenItems().colIndex());
      assertArrayEquals(new float[] {4f, 5f, 3.5f}, m.seenItems().values());
      assertEquals(name.contains("v3"), m.userFactors().segment().isMapped(), "version 3 factors are mapped, not copied");
      assertTrue(m.userFactors().isReadOnly(), "callers get read-only views");
    }
  }

  @Test
  void version3FactorsAreMappedReadOnlyViews() throws IOException {
    Path f = dir.resolve("m.mf4j");
    try (FactorModel m = model(IdIndex.identity(40), IdIndex.identity(30), 19)) {
      ModelFile.write(m, Map.of(), f);
      try (FactorModel r = ModelFile.read(f, KernelProvider.get()).model()) {
        assertTrue(r.userFactors().isReadOnly() && r.itemFactors().isReadOnly());
        assertEquals(0, r.userFactors().segment().address() % FactorMatrix.ALIGN_BYTES, "rows stay 64-byte aligned");
        assertTrue(r.userFactors().paddingIsZero() && r.itemFactors().paddingIsZero());
        for (int a = 0; a < 40; a += 7) for (int b = 0; b < 30; b += 5) assertEquals(m.predict(a, b), r.predict(a, b));
        assertThrows(IllegalArgumentException.class, () -> r.userFactors().set(0, 0, 1f), "the FFM API refuses writes to a read-only segment");
      }
    }
  }

  @Test
  void damagedOrForeignFilesAreRefused() throws IOException {
    Path f = dir.resolve("m.mf4j");
    try (FactorModel m = model(IdIndex.identity(4), IdIndex.identity(3), 16)) {
      ModelFile.write(m, Map.of(), f);
    }
    byte[] bytes = Files.readAllBytes(f);
    bytes[bytes.length / 2] ^= 1;
    Files.write(f, bytes);
    IOException e = assertThrows(ModelFormatException.class, () -> ModelFile.read(f, KernelProvider.get()));
    assertTrue(e.getMessage().contains("checksum") && e.getMessage().contains(f.toString()), e.getMessage());
    Path g = dir.resolve("x.txt");
    Files.writeString(g, "user\titem\trating\n1\t2\t3\n".repeat(10));
    IOException e2 = assertThrows(ModelFormatException.class, () -> ModelFile.read(g, KernelProvider.get()));
    assertTrue(e2.getMessage().contains("not an mf4j model file"), e2.getMessage());
  }
}
