package org.mf4j.model;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file that is not a model file mf4j can read: foreign, of an unknown format version, truncated or
 * damaged. The message names the file and the check that failed ("bad magic", "header checksum",
 * "user factors checksum", "section table", …), so a person can tell a truncated copy from a flipped
 * bit. The only exception {@link ModelFile#read} throws for bad content; other {@link IOException}s
 * come from the file system.
 */
public final class ModelFormatException extends IOException {
  private final String check;

  /**
   * An exception with the message {@code "<file>: <check>: <detail>"} ({@code "<file>: <check>"} when
   * {@code detail} is empty).
   *
   * @param file the file that failed
   * @param check the name of the check that failed, returned by {@link #check()}
   * @param detail what was found, or empty; not null
   */
  public ModelFormatException(Path file, String check, String detail) {
    super(file + ": " + check + (detail.isEmpty() ? "" : ": " + detail));
    this.check = check;
  }

  /** The name of the check that failed, e.g. {@code "header checksum"}. */
  public String check() { return check; }
}
