package org.mf4j.api;

import java.util.Locale;
import java.util.Map;

/**
 * Reads the settings maps that configs write ({@link AlsConfig#settings()}, {@link WalsConfig#settings()})
 * and model files keep: every missing or unreadable value is an {@link IllegalArgumentException} naming
 * the key and the text.
 */
final class Settings {
  private Settings() {}

  /** The value of {@code key}, stripped; required. */
  static String text(Map<String, String> s, String key) {
    String v = s.get(key);
    if (v == null) throw new IllegalArgumentException("settings lack '" + key + "' (have " + s.keySet() + ")");
    return v.strip();
  }

  /** The value of {@code key} as a {@code double} ({@link Double#parseDouble}); required. */
  static double number(Map<String, String> s, String key) {
    String v = text(s, key);
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " = '" + v + "' is not a number");
    }
  }

  /** The value of {@code key} as a {@code double}, or {@code fallback} when the key is absent. */
  static double number(Map<String, String> s, String key, double fallback) {
    return s.containsKey(key) ? number(s, key) : fallback;
  }

  /** The value of {@code key} as an {@code int}, or {@code fallback} when the key is absent. */
  static int integer(Map<String, String> s, String key, int fallback) {
    return s.containsKey(key) ? integer(s, key) : fallback;
  }

  /** The value of {@code key} as an {@code int} ({@link Integer#parseInt}); required. */
  static int integer(Map<String, String> s, String key) {
    String v = text(s, key);
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " = '" + v + "' is not an integer");
    }
  }

  /** The value of {@code key} as a {@code long}, or {@code fallback} when the key is absent. */
  static long longInteger(Map<String, String> s, String key, long fallback) {
    if (!s.containsKey(key)) return fallback;
    String v = text(s, key);
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " = '" + v + "' is not an integer");
    }
  }

  /** The value of {@code key}, true or false in any case, or {@code fallback} when the key is absent. */
  static boolean bool(Map<String, String> s, String key, boolean fallback) {
    if (!s.containsKey(key)) return fallback;
    String v = text(s, key);
    return switch (v.toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException(key + " = '" + v + "' is not true or false");
    };
  }

  /**
   * The constant of {@code type} named by the value of {@code key}, in any case, or {@code fallback} when
   * the key is absent; required when {@code fallback} is null.
   */
  static <E extends Enum<E>> E choice(Map<String, String> s, String key, Class<E> type, E fallback) {
    if (fallback != null && !s.containsKey(key)) return fallback;
    String v = text(s, key);
    for (E e : type.getEnumConstants()) if (e.name().equalsIgnoreCase(v)) return e;
    throw new IllegalArgumentException(key + " = '" + v + "' is not one of " + names(type));
  }

  /** The constants' names in lower case, as settings spell them. */
  static String lower(Enum<?> e) { return e.name().toLowerCase(Locale.ROOT); }

  private static String names(Class<? extends Enum<?>> type) {
    StringBuilder b = new StringBuilder();
    for (Enum<?> e : type.getEnumConstants()) b.append(b.isEmpty() ? "" : ", ").append(lower(e));
    return b.toString();
  }
}
