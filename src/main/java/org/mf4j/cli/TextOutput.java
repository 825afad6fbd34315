package org.mf4j.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.mf4j.model.AtomicFiles;

/** A command's text output: standard output, or a file written atomically (a failed run leaves no half file). */
final class TextOutput {
  private TextOutput() {}

  @FunctionalInterface
  interface Body {
    void write(Writer w) throws IOException;
  }

  /** Runs {@code body} on a UTF-8 writer to {@code file}, or to standard output when {@code file} is null. */
  static void write(Path file, Body body) throws IOException {
    if (file == null) to(System.out, body);
    else AtomicFiles.write(file, out -> to(out, body));
  }

  private static void to(OutputStream out, Body body) throws IOException {
    Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
    body.write(w);
    w.flush();
  }
}
