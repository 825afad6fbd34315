package org.mf4j.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Measures {@link RatingsReader} against {@code wc -l} on the same page-cached file (not a test: run
 * it by hand). Usage: {@code ParseSpeedTool [file] [runs]}; without a file it generates a 10 M-line
 * MovieLens-10M-shaped "::" file in /tmp first.
 */
public final class ParseSpeedTool {
  private ParseSpeedTool() {}

  public static void main(String[] args) throws Exception {
    Path file = args.length > 0 ? Path.of(args[0]) : Path.of("/tmp/mf4j-speed/ratings-10m.dat");
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    if (!Files.exists(file)) {
      Files.createDirectories(file.getParent());
      GeneratorConfig cfg = GeneratorConfig.ml10m(1).withSize(69_878, 10_677, 10_000_000L);
      long t = System.nanoTime();
      var s = PlantedRatingsGenerator.write(cfg, file, PlantedRatingsGenerator.TextLayout.DOUBLE_COLON);
      System.out.printf("generated %s: %,d ratings in %.2f s%n", file, s.ratings(), (System.nanoTime() - t) / 1e9);
    }
    System.out.printf("file %s, %,d bytes%n", file, Files.size(file));
    double[] wc = new double[runs], rd = new double[runs];
    for (int k = 0; k < runs; k++) wc[k] = wc(file);
    ReadResult r = null;
    for (int k = 0; k < runs + 1; k++) { // run 0 warms the JIT and is reported separately
      long t = System.nanoTime();
      r = RatingsReader.read(file);
      double s = (System.nanoTime() - t) / 1e9;
      if (k == 0) System.out.printf("reader first (cold JIT) run: %.3f s%n", s);
      else rd[k - 1] = s;
    }
    System.out.println(r.summary());
    double mw = median(wc), mr = median(rd);
    System.out.printf("wc -l median %.3f s %s%nreader median %.3f s %s%nratio %.1fx%n", mw, Arrays.toString(wc), mr,
        Arrays.toString(rd), mr / mw);
  }

  private static double wc(Path f) throws IOException, InterruptedException {
    long t = System.nanoTime();
    Process p = new ProcessBuilder("wc", "-l", f.toString()).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    p.waitFor();
    return (System.nanoTime() - t) / 1e9;
  }

  private static double median(double[] a) {
    double[] s = a.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }
}
