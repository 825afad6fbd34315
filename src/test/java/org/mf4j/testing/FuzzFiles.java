package org.mf4j.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** One scratch file per name and JVM, in memory-backed /dev/shm where there is one: fuzz targets rewrite it per input. */
public final class FuzzFiles {
  private static final Path DIR;

  static {
    try {
      Path shm = Path.of("/dev/shm");
      DIR = Files.createTempDirectory(Files.isDirectory(shm) && Files.isWritable(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir")),
          "mf4j-fuzz-");
      DIR.toFile().deleteOnExit();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private FuzzFiles() {}

  /** The scratch file {@code name} (deleted when the JVM exits). */
  public static Path scratch(String name) {
    Path f = DIR.resolve(name);
    f.toFile().deleteOnExit();
    return f;
  }
}
