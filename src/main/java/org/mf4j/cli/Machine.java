package org.mf4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mf4j.kernel.Kernels;

/** What a benchmark report says about the machine it ran on: CPU model and SIMD flags, cores, JDK, kernels. */
final class Machine {
  private static final List<String> FLAGS = List.of("sse4_2", "avx", "avx2", "fma", "avx512f", "avx512dq", "avx512bw", "avx512vl",
      "avx512_bf16", "avx512_fp16", "amx_tile", "asimd", "sve");

  private Machine() {}

  static Map<String, Object> describe(Kernels kernels, int threads) {
    Map<String, Object> m = new LinkedHashMap<>();
    String model = "unknown", flags = "";
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        int colon = line.indexOf(':');
        if (colon < 0) continue;
        String key = line.substring(0, colon).trim(), value = line.substring(colon + 1).trim();
        if (model.equals("unknown") && (key.equals("model name") || key.equals("Model"))) model = value;
        if (flags.isEmpty() && (key.equals("flags") || key.equals("Features"))) flags = " " + value + " ";
      }
    } catch (IOException | RuntimeException e) {
      model = System.getProperty("os.arch") + " (no /proc/cpuinfo)";
    }
    List<String> simd = new ArrayList<>();
    for (String f : FLAGS) if (flags.contains(" " + f + " ")) simd.add(f);
    m.put("cpu", model);
    m.put("simd_flags", simd);
    m.put("cores", Runtime.getRuntime().availableProcessors());
    m.put("threads_used", threads);
    m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
    m.put("jdk", System.getProperty("java.vm.vendor") + " " + Runtime.version());
    m.put("kernels", kernels.name());
    m.put("vector_bits", vectorBits(kernels));
    m.put("id", id(model, vectorBits(kernels)));
    return m;
  }

  /** The SIMD width the kernels use, from their name ("panama(512-bit, 16 lanes)"), or 32 for scalar. */
  static int vectorBits(Kernels kernels) {
    String n = kernels.name();
    int dash = n.indexOf("-bit");
    if (dash < 0) return 32;
    int open = n.lastIndexOf('(', dash);
    return Integer.parseInt(n.substring(open + 1, dash).trim());
  }

  /** A file-name-safe id of the machine: the CPU model in lower case and dashes, then the vector width. */
  static String id(String cpu, int bits) {
    String s = cpu.toLowerCase(Locale.ROOT).replaceAll("\\(r\\)|\\(tm\\)|cpu|processor|@.*$", " ").replaceAll("[^a-z0-9]+", "-")
        .replaceAll("^-+|-+$", "");
    return (s.isEmpty() ? "unknown" : s) + "-" + bits + "bit";
  }
}
