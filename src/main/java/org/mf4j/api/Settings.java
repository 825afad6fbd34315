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

  static String text(Map<String, String> s, String key) {
    String v = s.get(key);
    if (v == null) throw new IllegalArgumentException("settings lack '" + key + "' (have " + s.keySet() + ")");
    return v.strip();
  }

  static double number(Map<String, String> s, String key) {
    String v = text(s, key);
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " = '" + v + "' is not a number");
    }
  }

  static double number(Map<String, String> s, String key, double fallback) {
    return s.containsKey(key) ? number(s, key) : fallback;
  }

  static int integer(Map<String, String> s, String key, int fallback) {
    return s.containsKey(key) ? integer(s, key) : fallback;
  }

  static int integer(Map<String, String> s, String key) {
    String v = text(s, key);
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " = '" + v + "' is not an integer");
    }
  }

  static long longInteger(Map<String, String> s, String key, long fallback) {
    if (!s.containsKey(key)) return fallback;
    String v = text(s, key);
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " = '" + v + "' is not an integer");
    }
  }

  static boolean bool(Map<String, String> s, String key, boolean fallback) {
    if (!s.containsKey(key)) return fallback;
    String v = text(s, key);
    return switch (v.toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException(key + " = '" + v + "' is not true or false");
    };
  }

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
