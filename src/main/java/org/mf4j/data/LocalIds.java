package org.mf4j.data;

import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;
import java.util.Arrays;
import org.mf4j.api.IdIndex;

/**
 * External id → local dense id for one parse chunk, in order of first appearance in that chunk.
 *
 * <p>Small non-negative numeric ids (the usual case) go through a direct table, so the hot parse
 * loop pays an array load instead of a hash lookup; sparse or huge ids use a fastutil map, text ids a
 * string map. {@link #toGlobal} later folds the chunks, in file order, into one {@link IdIndex}.
 * Not thread-safe: one instance per chunk.
 */
final class LocalIds {
  private static final int TABLE_MAX = 1 << 22;
  private int[] table = new int[1 << 10]; // raw id -> local id + 1; 0 = absent
  private Long2IntOpenHashMap other;      // numeric ids outside the table
  private Object2IntOpenHashMap<String> text;
  private long[] numeric = new long[1 << 10];
  private String[] texts;                 // null until the first text id; null entries are numeric
  private int size;

  int size() { return size; }

  /** Local id of a numeric external id, adding it if new. */
  int id(long raw) {
    if (raw >= 0 && raw < table.length) {
      int v = table[(int) raw];
      if (v != 0) return v - 1;
    }
    return slowId(raw);
  }

  private int slowId(long raw) {
    if (other != null) {
      int v = other.get(raw);
      if (v >= 0) return v;
    }
    // Grow the table only while it stays reasonably dense (ids up to ~64x the distinct count).
    if (raw >= 0 && raw < TABLE_MAX && (raw < table.length || raw < 64L * (size + 1024))) {
      if (raw >= table.length) table = Arrays.copyOf(table, Integer.highestOneBit((int) raw) << 1);
      int id = append(raw, null);
      table[(int) raw] = id + 1;
      return id;
    }
    if (other == null) {
      other = new Long2IntOpenHashMap();
      other.defaultReturnValue(-1);
    }
    int id = append(raw, null);
    other.put(raw, id);
    return id;
  }

  /** Local id of a non-numeric external id, adding it if new. */
  int id(String s) {
    if (text == null) {
      text = new Object2IntOpenHashMap<>();
      text.defaultReturnValue(-1);
      texts = new String[numeric.length];
    }
    int v = text.getInt(s);
    if (v >= 0) return v;
    int id = append(0, s);
    text.put(s, id);
    return id;
  }

  private int append(long raw, String s) {
    if (size == numeric.length) {
      numeric = Arrays.copyOf(numeric, size * 2);
      if (texts != null) texts = Arrays.copyOf(texts, size * 2);
    }
    if (s != null && texts == null) texts = new String[numeric.length];
    numeric[size] = raw;
    if (texts != null) texts[size] = s;
    return size++;
  }

  /** Adds this chunk's ids to {@code global} in local order; returns local id → global id. */
  int[] toGlobal(IdIndex global) {
    int[] map = new int[size];
    for (int j = 0; j < size; j++) {
      map[j] = texts != null && texts[j] != null ? global.add(texts[j]) : global.add(numeric[j]);
    }
    return map;
  }
}
