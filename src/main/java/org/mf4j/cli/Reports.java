package org.mf4j.cli;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.mf4j.model.AtomicFiles;

/** Writes JSON reports atomically (temp file, then rename), so a failed run leaves no half report. */
final class Reports {
  private Reports() {}

  static void writeJson(Map<String, Object> report, Path file) throws IOException {
    String json = JSON.std.with(JSON.Feature.PRETTY_PRINT_OUTPUT).asString(report);
    AtomicFiles.write(file, out -> out.write((json + "\n").getBytes(StandardCharsets.UTF_8)));
  }
}
