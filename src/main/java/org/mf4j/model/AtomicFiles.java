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
 * atomic), readable like a normal output file ({@code rw-r--r--} where the file system has POSIX
 * permissions) rather than {@link Files#createTempFile}'s private {@code rw-------}, so a failed write
 * leaves no half file and a reader sees either the old target or the whole new one. {@link #write} does
 * not force the data to disk (unlike {@link ModelFile#write}): it protects against failed writes, not
 * against a crash of the machine. Static methods only; thread-safe for distinct targets.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /** What {@link #write} runs to fill the temp file. */
  @FunctionalInterface
  public interface Body {
    /**
     * Writes the file's whole content to {@code out}; {@link AtomicFiles#write} closes the stream
     * afterwards.
     *
     * @param out the temp file's stream (unbuffered)
     * @throws IOException to abandon the write: the temp file is deleted and the target left as it was
     */
    void write(OutputStream out) throws IOException;
  }

  /**
   * Writes {@code target} through {@code body} into a temp file beside it (creating missing directories),
   * then renames it atomically over the target, replacing an existing file. When {@code body} or the
   * rename fails, the temp file is deleted and the target is left as it was.
   *
   * @throws IOException from {@code body}, or when the temp file cannot be created or renamed (also where
   *     the file system has no atomic rename)
   */
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

  /**
   * Creates the directories of {@code target} and a new, empty temp file beside it, named
   * {@code .<target name><random>.tmp}; the caller fills it, renames or deletes it.
   *
   * @return the temp file
   * @throws IOException when the directories or the file cannot be created
   */
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
