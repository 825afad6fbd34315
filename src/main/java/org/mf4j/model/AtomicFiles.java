package org.mf4j.model;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * "Write to a temp file, then rename": a temp file beside the target (same file system, so the rename is
 * atomic), readable like a normal output file ({@code rw-r--r--}) rather than
 * {@link Files#createTempFile}'s private {@code rw-------}, so a failed write leaves no half file.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /** What {@link #write} runs to fill the temp file. */
  @FunctionalInterface
  public interface Body {
    void write(OutputStream out) throws IOException;
  }

  /** Writes {@code target} through {@code body} into a temp file beside it, then renames it over the target. */
  public static void write(Path target, Body body) throws IOException {
    Path tmp = tempBeside(target);
    try {
      try (OutputStream out = Files.newOutputStream(tmp)) {
        body.write(out);
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Creates the directories of {@code target} and an empty temp file beside it. */
  public static Path tempBeside(Path target) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    String prefix = "." + target.getFileName();
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      return Files.createTempFile(dir, prefix, ".tmp", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
    }
    return Files.createTempFile(dir, prefix, ".tmp");
  }
}
