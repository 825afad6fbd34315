package org.mf4j.kernel;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Only {@code org.mf4j.kernel.panama} may refer to {@code jdk.incubator.vector}: checked on the class files. */
class VectorApiConfinementTest {
  @Test
  void noOtherPackageReferencesTheVectorApi() throws IOException {
    Path classes = Path.of(PanamaKernelsTest.class.getProtectionDomain().getCodeSource().getLocation().getPath())
        .getParent().resolve("classes");
    assertTrue(Files.isDirectory(classes.resolve("org/mf4j")), "compiled classes not found at " + classes);
    List<String> offenders = new ArrayList<>();
    int scanned = 0;
    try (Stream<Path> files = Files.walk(classes)) {
      for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
        scanned++;
        String rel = classes.relativize(f).toString().replace('\\', '/');
        // The constant pool names referenced classes in internal form, e.g. jdk/incubator/vector/FloatVector.
        String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
        if (text.contains("jdk/incubator/vector") && !rel.startsWith("org/mf4j/kernel/panama/")) offenders.add(rel);
      }
    }
    assertTrue(scanned > 20, "scanned only " + scanned + " class files");
    assertTrue(offenders.isEmpty(), "classes outside kernel.panama use the Vector API: " + offenders);
  }
}
