package org.mf4j.tune;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A search space: each named setting with its list of values; the configurations are every combination
 * (the first setting varies slowest). Values stay strings, as written on a command line, so the caller
 * that starts the runs does the parsing and validation it already has.
 */
public final class Grid {
  private final Map<String, List<String>> values;

  /**
   * A grid of the given values per setting (copied, in the map's order).
   *
   * @throws IllegalArgumentException when a setting has no values or repeats one
   */
  public Grid(Map<String, List<String>> values) {
    Map<String, List<String>> copy = new LinkedHashMap<>();
    values.forEach((name, list) -> {
      if (list.isEmpty()) throw new IllegalArgumentException("setting '" + name + "' has no values");
      if (list.stream().distinct().count() != list.size()) throw new IllegalArgumentException("setting '" + name + "' repeats a value: " + list);
      copy.put(name, List.copyOf(list));
    });
    this.values = Collections.unmodifiableMap(copy);
  }

  /** The values per setting, unmodifiable, in the grid's order. */
  public Map<String, List<String>> values() { return values; }

  /** The number of configurations (1 for an empty grid: the defaults alone). */
  public long size() {
    long n = 1;
    for (List<String> l : values.values()) n = Math.multiplyExact(n, l.size());
    return n;
  }

  /** Every configuration, in order; each map keeps the settings' order. */
  public List<Map<String, String>> all() {
    if (size() > 1_000_000) throw new IllegalArgumentException("the grid has " + size() + " configurations: too many to list");
    List<Map<String, String>> out = new ArrayList<>();
    for (long i = 0; i < size(); i++) out.add(point(i));
    return out;
  }

  /** {@code n} distinct configurations drawn at random by {@code seed}, in grid order; all of them when n ≥ size. */
  public List<Map<String, String>> sample(int n, long seed) {
    if (n < 1) throw new IllegalArgumentException("sample size n = " + n + " must be >= 1");
    long size = size();
    if (n >= size) return all();
    // Floyd's algorithm: n distinct indices without listing the grid.
    java.util.TreeSet<Long> chosen = new java.util.TreeSet<>();
    Random rng = new Random(seed);
    for (long j = size - n; j < size; j++) {
      long t = (long) (rng.nextDouble() * (j + 1));
      if (!chosen.add(t)) chosen.add(j);
    }
    List<Map<String, String>> out = new ArrayList<>(n);
    for (long i : chosen) out.add(point(i));
    return out;
  }

  /** The i-th configuration in grid order (mixed radix, the last setting fastest). */
  private Map<String, String> point(long i) {
    List<String> names = new ArrayList<>(values.keySet());
    String[] picked = new String[names.size()];
    for (int d = names.size() - 1; d >= 0; d--) {
      List<String> l = values.get(names.get(d));
      picked[d] = l.get((int) (i % l.size()));
      i /= l.size();
    }
    Map<String, String> m = new LinkedHashMap<>();
    for (int d = 0; d < picked.length; d++) m.put(names.get(d), picked[d]);
    return m;
  }
}
