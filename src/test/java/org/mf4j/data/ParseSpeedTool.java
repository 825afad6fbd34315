package org.mf4j.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Measures {@link RatingsReader}, alone and plus building both CSR matrices
 * ({@link org.mf4j.sparse.CsrMatrix#buildBoth}), with and without keeping timestamps, against
 * {@code wc -l} on the same page-cached file (not a test: run it by hand). Usage:
 * {@code ParseSpeedTool [file] [runs]}; without a file it generates a 10 M-line MovieLens-10M-shaped
 * "::" file in /tmp first.
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
    double[] wc = new double[runs];
    for (int k = 0; k < runs; k++) wc[k] = wc(file);
    double mw = median(wc);
    System.out.printf("wc -l median %.3f s %s%n", mw, Arrays.toString(wc));
    measure(file, ReadOptions.DEFAULT, "", runs, mw);
    // What a caller that neither splits nor weighs by time pays (e.g. a plain fit).
    measure(file, ReadOptions.DEFAULT.withTimestamps(false), " (timestamps not kept)", runs, mw);
  }

  private static void measure(Path file, ReadOptions o, String label, int runs, double mw) throws IOException {
    double[] rd = new double[runs], rc = new double[runs];
    ReadResult r = null;
    for (int k = 0; k < runs + 1; k++) { // run 0 warms the JIT and is reported separately
      long t = System.nanoTime();
      r = RatingsReader.read(file, o);
      double read = (System.nanoTime() - t) / 1e9;
      // The figure that matters is file to training-ready matrices: both CSR forms included.
      var ratings = r.ratings();
      var both = org.mf4j.sparse.CsrMatrix.buildBoth(ratings.numUsers(), ratings.numItems(), ratings.users(),
          ratings.items(), ratings.values(), ratings.size(), 0);
      double s = (System.nanoTime() - t) / 1e9;
      if (both.byCol().nnz() != ratings.size()) throw new AssertionError("CSR lost entries");
      if (k == 0) {
        System.out.printf("first (cold JIT) run%s: reader %.3f s, reader + both CSR %.3f s%n", label, read, s);
      } else {
        rd[k - 1] = read;
        rc[k - 1] = s;
      }
    }
    System.out.println(r.summary());
    double mr = median(rd), mc = median(rc);
    System.out.printf("reader%s median %.3f s %s, %.1fx wc -l%n", label, mr, Arrays.toString(rd), mr / mw);
    System.out.printf("reader + both CSR%s median %.3f s %s, %.1fx wc -l%n", label, mc, Arrays.toString(rc), mc / mw);
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
