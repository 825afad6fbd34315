package org.mf4j.model;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The temp-file half of "write to a temp file, then rename": a temp file beside the target (same file
 * system, so the rename is atomic), readable like a normal output file ({@code rw-r--r--}) rather than
 * {@link Files#createTempFile}'s private {@code rw-------}.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

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
