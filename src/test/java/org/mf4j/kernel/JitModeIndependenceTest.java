package org.mf4j.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The Vector API kernels give the same bits interpreted and compiled. Rows of a sweep reach the kernels
 * before and after C2 has compiled them, at moments that depend on the thread count, so a kernel whose
 * rounding depends on the JIT mode (as {@code reduceLanes(ADD)} does) makes the factors depend on the
 * thread count (it did: {@code reduceLanes} adds lanes in order when interpreted and as a tree when
 * compiled).
 */
class JitModeIndependenceTest {

  @Test
  void panamaKernelsGiveTheSameBitsInterpretedAndCompiled() throws Exception {
    assumeTrue(KernelProvider.panamaUnavailableReason() == null, KernelProvider::panamaUnavailableReason);
    List<String> lines = run().lines().toList();
    assertEquals(12, lines.size(), String.join("\n", lines));
    assertEquals(lines.subList(0, 6), lines.subList(6, 12), "interpreted (first 6 lines) vs compiled (last 6)");
  }

  /** {@link #main} in a fresh JVM, where the kernels start interpreted (this JVM has long compiled them). */
  private static String run() throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElseThrow());
    cmd.add("--add-modules");
    cmd.add("jdk.incubator.vector");
    String bits = System.getProperty("mf4j.vector.bits");
    if (bits != null) cmd.add("-Dmf4j.vector.bits=" + bits);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(JitModeIndependenceTest.class.getName());
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);
    return out.lines().filter(l -> l.startsWith("bits ")).reduce("", (a, b) -> a + b + "\n");
  }

  /**
   * Prints the raw bits of the reductions every solver depends on, on fixed data: first while the
   * kernels run interpreted, then after enough calls for C2 to have compiled them.
   */
  public static void main(String[] args) {
    Kernels k = KernelProvider.forName("panama");
    String first = probe(k);
    for (int i = 0; i < 20_000; i++) probe(k);
    System.out.print(first);
    System.out.print(probe(k));
  }

  private static String probe(Kernels k) {
    SplittableRandom rnd = new SplittableRandom(3);
    StringBuilder out = new StringBuilder();
    for (int n : new int[] {8, 16, 33, 64, 100, 128}) {
      float[] a = new float[n], b = new float[n];
      for (int i = 0; i < n; i++) {
        a[i] = (float) rnd.nextGaussian();
        b[i] = (float) rnd.nextGaussian();
      }
      int ld = Kernels.padded(n);
      float[] panel = new float[5 * ld];
      for (int t = 0; t < 5; t++) System.arraycopy(a, 0, panel, t * ld, n);
      float[] w = {0.5f, 1.5f, 2f, 3f, 0.25f};
      float[] x = new float[ld];
      System.arraycopy(b, 0, x, 0, n);
      float[] y = new float[ld];
      k.gramTimesVector(5, n, panel, 0, ld, w, null, 0, x, 0, y, 0);
      out.append("bits n=").append(n).append(" dot=").append(Float.floatToRawIntBits(k.dot(a, 0, b, 0, n)));
      for (int j = 0; j < n; j++) out.append(' ').append(Float.floatToRawIntBits(y[j]));
      out.append('\n');
    }
    return out.toString();
  }
}
