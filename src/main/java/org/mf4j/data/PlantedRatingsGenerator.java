package org.mf4j.data;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.mf4j.api.IdIndex;
import org.mf4j.api.Ratings;

/**
 * Generates ratings from a planted low-rank model (see {@link GeneratorConfig}) with the shape of
 * real rating data: per-user counts log-normal (heavy-tailed, at least {@code minPerUser}), items
 * drawn without repeats per user from a Zipf-like popularity over a random permutation of the items
 * (alias sampling with rejection; Efraimidis–Spirakis weighted sampling for users who rate more than
 * a quarter of the items).
 *
 * <p>Every user draws from its own {@link SplittableRandom} seeded by (seed, user index), and so does
 * every item, so the output depends on the seed only, not on the thread count or block size. The
 * noise floor, the RMSE between the clean planted score and the emitted rating, is summed per block
 * and the blocks in order, so it is reproducible too. Emitted values are rounded to 4 decimals, the
 * precision written to files, in memory as well. Stateless and thread-safe.
 */
public final class PlantedRatingsGenerator {
  /** Text layouts for {@link #write}. */
  public enum TextLayout {
    /** {@code user<TAB>item<TAB>rating<TAB>timestamp}, no header (MovieLens 100K style). */
    TAB,
    /** {@code user::item::rating::timestamp} (MovieLens 1M/10M style). */
    DOUBLE_COLON,
    /** {@code userId,movieId,rating,timestamp} with that header (MovieLens 20M/25M style). */
    CSV,
    /**
     * Netflix Prize style: a line {@code item:} and then that item's {@code user,rating,YYYY-MM-DD} lines
     * (users in order). Item-major, so it is written in passes over ranges of items, each regenerating the
     * users and keeping only that range's ratings: memory holds one range (about 8 M ratings), time grows
     * with the number of passes.
     */
    NETFLIX
  }

  private static final long T_START = 946_684_800L; // 2000-01-01 UTC
  private static final long USER_START_SPAN = 8L * 365 * 86400, ACTIVE_SPAN = 2L * 365 * 86400;
  private static final int BLOCK = 256; // users per task
  private static final long SALT_ACTIVITY = 1, SALT_USER = 2, SALT_ITEM = 3, SALT_PERM = 4;

  private PlantedRatingsGenerator() {}

  /**
   * Generates the ratings, and the planted model they come from, in memory.
   *
   * @param c the settings
   * @return the ratings with the planted factors, biases and noise floor
   * @throws IllegalArgumentException when the ratings would be more than 2^31 − 16 (write them to a
   *     file instead)
   * @throws IllegalStateException when the calling thread is interrupted while waiting for the workers
   */
  public static PlantedRatings generate(GeneratorConfig c) {
    Model m = new Model(c);
    long total = 0;
    long[] offset = new long[c.users() + 1];
    for (int u = 0; u < c.users(); u++) offset[u + 1] = total += m.counts[u];
    if (total > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException(total + " ratings do not fit in memory arrays; write them to a file");
    }
    int n = (int) total;
    int[] users = new int[n], items = new int[n];
    float[] values = new float[n];
    long[] ts = new long[n];
    float[] uf = new float[c.users() * c.rank()], ub = new float[c.users()];
    int blocks = (c.users() + BLOCK - 1) / BLOCK;
    Acc[] accs = new Acc[blocks];
    try (ExecutorService ex = pool(c)) {
      List<Future<Acc>> fs = new ArrayList<>();
      for (int b = 0; b < blocks; b++) {
        int from = b * BLOCK, to = Math.min(c.users(), from + BLOCK);
        fs.add(ex.submit(() -> {
          Scratch s = new Scratch(m);
          Acc acc = new Acc();
          int[] pos = {(int) offset[from]};
          for (int u = from; u < to; u++) {
            generateUser(m, u, s, uf, ub, acc, (user, item, v, t) -> {
              int p = pos[0]++;
              users[p] = user;
              items[p] = item;
              values[p] = (float) v;
              ts[p] = t;
            });
          }
          return acc;
        }));
      }
      for (int b = 0; b < blocks; b++) accs[b] = get(fs.get(b));
    }
    Acc all = Acc.sum(accs);
    Ratings r = new Ratings(users, items, values, ts, n, IdIndex.identity(c.users()), IdIndex.identity(c.items()));
    return new PlantedRatings(r, c, uf, m.itemFactors, ub, m.itemBias, all.rmse());
  }

  /**
   * Streams the ratings to {@code file} in bounded memory (a few blocks of users at a time), through a
   * temporary file renamed into place, and writes {@code FILE.truth.json} beside it with the config
   * and the noise floor. External ids are 1-based (user u is written as u + 1); every line has the
   * user, item, rating (at most 4 decimals) and a synthetic timestamp in epoch seconds. Missing parent
   * directories are created; an existing file (and truth file) is replaced. The ratings are those
   * {@link #generate} makes from the same config, ids shifted by one.
   *
   * @param c the settings
   * @param file the ratings file to write
   * @param layout the text layout of the lines
   * @return what was written
   * @throws IOException when a file cannot be written (the temporary ratings file is then deleted)
   * @throws IllegalStateException when the calling thread is interrupted while waiting for the workers
   */
  public static GenerationSummary write(GeneratorConfig c, Path file, TextLayout layout) throws IOException {
    return write(c, file, layout, NETFLIX_PASS_RATINGS);
  }

  /** {@link #write(GeneratorConfig, Path, TextLayout)} with {@link TextLayout#NETFLIX} passes of about {@code passRatings}. */
  static GenerationSummary write(GeneratorConfig c, Path file, TextLayout layout, long passRatings) throws IOException {
    long t0 = System.nanoTime();
    Model m = new Model(c);
    Path abs = file.toAbsolutePath();
    Path dir = abs.getParent();
    Files.createDirectories(dir);
    Path tmp = tempSibling(abs);
    int blocks = (c.users() + BLOCK - 1) / BLOCK;
    Acc[] accs = new Acc[blocks];
    boolean[] rated = new boolean[c.items()];
    byte[] sep = switch (layout) {
      case TAB -> new byte[] {'\t'};
      case DOUBLE_COLON -> new byte[] {':', ':'};
      case CSV, NETFLIX -> new byte[] {','};
    };
    try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), 1 << 16);
        ExecutorService ex = pool(c)) {
      if (layout == TextLayout.NETFLIX) writeNetflix(m, out, ex, accs, rated, passRatings);
      if (layout == TextLayout.CSV) out.write("userId,movieId,rating,timestamp\n".getBytes(StandardCharsets.US_ASCII));
      ArrayDeque<Future<Text>> pending = new ArrayDeque<>();
      int window = 2 * c.effectiveThreads() + 2, next = 0, done = layout == TextLayout.NETFLIX ? blocks : 0;
      while (done < blocks) { // user-major layouts: blocks of users in order, a window of them in flight
        while (next < blocks && pending.size() < window) {
          int from = next * BLOCK, to = Math.min(c.users(), from + BLOCK);
          pending.add(ex.submit(() -> {
            Scratch s = new Scratch(m);
            Text text = new Text(sep, c.items());
            for (int u = from; u < to; u++) generateUser(m, u, s, null, null, text.acc, text);
            return text;
          }));
          next++;
        }
        Text t = get(pending.removeFirst());
        out.write(t.buf, 0, t.len);
        for (int i = 0; i < rated.length; i++) rated[i] |= t.rated[i];
        accs[done++] = t.acc;
      }
    } catch (IOException | RuntimeException | Error e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    Acc all = Acc.sum(accs);
    int itemsRated = 0;
    for (boolean b : rated) if (b) itemsRated++;
    moveIntoPlace(tmp, abs);
    Path truth = abs.resolveSibling(abs.getFileName() + ".truth.json");
    Path truthTmp = tempSibling(truth);
    Files.writeString(truthTmp, truthJson(c, layout, all, itemsRated), StandardCharsets.UTF_8,
        StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    moveIntoPlace(truthTmp, truth);
    return new GenerationSummary(abs, truth, all.n, c.users(), itemsRated, all.rmse(), all.mean(), all.std(),
        (System.nanoTime() - t0) / 1e9);
  }

  private static final long NETFLIX_PASS_RATINGS = 8_000_000;

  /** {@link TextLayout#NETFLIX}: passes over item ranges; the noise floor's sums come from the first pass. */
  private static void writeNetflix(Model m, OutputStream out, ExecutorService ex, Acc[] accs, boolean[] rated, long passRatings)
      throws IOException {
    GeneratorConfig c = m.c;
    long total = 0;
    for (int n : m.counts) total += n;
    int passes = (int) Math.max(1, Math.min(c.items(), (total + passRatings - 1) / passRatings));
    int per = (c.items() + passes - 1) / passes, blocks = accs.length;
    byte[] line = new byte[96];
    for (int lo = 0; lo < c.items(); lo += per) {
      final int from = lo, to = Math.min(c.items(), lo + per);
      List<Future<Range>> fs = new ArrayList<>();
      for (int b = 0; b < blocks; b++) {
        int u0 = b * BLOCK, u1 = Math.min(c.users(), u0 + BLOCK);
        fs.add(ex.submit(() -> {
          Scratch s = new Scratch(m);
          Range r = new Range(from, to);
          for (int u = u0; u < u1; u++) generateUser(m, u, s, null, null, r.acc, r);
          return r;
        }));
      }
      Range[] parts = new Range[blocks];
      int[] start = new int[to - from + 1];
      for (int b = 0; b < blocks; b++) {
        parts[b] = get(fs.get(b));
        if (from == 0) accs[b] = parts[b].acc;
        for (int q = 0; q < parts[b].n; q++) start[parts[b].item[q] - from + 1]++;
      }
      for (int i = 0; i < to - from; i++) start[i + 1] += start[i];
      int n = start[to - from];
      int[] users = new int[n], fill = Arrays.copyOf(start, to - from);
      float[] values = new float[n];
      long[] days = new long[n];
      for (Range r : parts) { // blocks in user order, so each item's users come out in order
        for (int q = 0; q < r.n; q++) {
          int at = fill[r.item[q] - from]++;
          users[at] = r.user[q];
          values[at] = r.value[q];
          days[at] = Math.floorDiv(r.ts[q], 86400L);
        }
      }
      for (int i = from; i < to; i++) {
        if (start[i - from] == start[i - from + 1]) continue;
        rated[i] = true;
        out.write((i + 1 + ":\n").getBytes(StandardCharsets.US_ASCII));
        for (int at = start[i - from]; at < start[i - from + 1]; at++) {
          int len = Text.writeLong(line, 0, users[at] + 1L);
          line[len++] = ',';
          len = Text.writeValue(line, len, values[at]);
          line[len++] = ',';
          byte[] date = java.time.LocalDate.ofEpochDay(days[at]).toString().getBytes(StandardCharsets.US_ASCII);
          System.arraycopy(date, 0, line, len, date.length);
          len += date.length;
          line[len++] = '\n';
          out.write(line, 0, len);
        }
      }
    }
  }

  /** One block's ratings of the items in {@code [from, to)}. */
  private static final class Range implements Sink {
    final int from, to;
    final Acc acc = new Acc();
    int[] user = new int[1024], item = new int[1024];
    float[] value = new float[1024];
    long[] ts = new long[1024];
    int n;

    Range(int from, int to) {
      this.from = from;
      this.to = to;
    }

    @Override public void add(int u, int i, double emitted, long t) {
      if (i < from || i >= to) return;
      if (n == user.length) {
        user = Arrays.copyOf(user, 2 * n);
        item = Arrays.copyOf(item, 2 * n);
        value = Arrays.copyOf(value, 2 * n);
        ts = Arrays.copyOf(ts, 2 * n);
      }
      user[n] = u;
      item[n] = i;
      value[n] = (float) emitted;
      ts[n++] = t;
    }
  }

  // ---- the model ------------------------------------------------------------------------------

  /** The shared, read-only part: item factors and biases, popularity, per-user counts. */
  private static final class Model {
    final GeneratorConfig c;
    final float[] itemFactors, itemBias;
    final int[] counts, perm, alias;
    final double[] weight, aliasProb;

    Model(GeneratorConfig c) {
      this.c = c;
      int ni = c.items(), r = c.rank();
      double fs = c.factorStd();
      itemFactors = new float[ni * r];
      itemBias = new float[ni];
      for (int i = 0; i < ni; i++) {
        SplittableRandom rng = rng(c.seed(), SALT_ITEM, i);
        itemBias[i] = (float) (rng.nextGaussian() * c.itemBiasSigma());
        for (int k = 0; k < r; k++) itemFactors[i * r + k] = (float) (rng.nextGaussian() * fs);
      }
      perm = new int[ni]; // popularity rank -> item
      for (int i = 0; i < ni; i++) perm[i] = i;
      SplittableRandom pr = rng(c.seed(), SALT_PERM, 0);
      for (int i = ni - 1; i > 0; i--) {
        int j = pr.nextInt(i + 1), t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
      }
      weight = new double[ni];
      for (int k = 0; k < ni; k++) weight[k] = Math.pow(k + 1, -c.zipfExponent());
      aliasProb = new double[ni];
      alias = new int[ni];
      buildAlias(weight, aliasProb, alias);
      counts = counts(c);
    }

  }

  /** Per-user counts: clamp(round(s·exp(σ z_u)), min, items), s found by bisection to hit the total. */
  private static int[] counts(GeneratorConfig c) {
    int nu = c.users();
    double[] a = new double[nu];
    for (int u = 0; u < nu; u++) a[u] = Math.exp(c.activitySigma() * rng(c.seed(), SALT_ACTIVITY, u).nextGaussian());
    double lo = 0, hi = 1;
    while (total(c, a, hi) < c.ratings()) hi *= 2;
    for (int it = 0; it < 200 && hi - lo > 1e-12 * hi; it++) {
      double mid = 0.5 * (lo + hi);
      if (total(c, a, mid) < c.ratings()) lo = mid;
      else hi = mid;
    }
    double s = c.ratings() - total(c, a, lo) < total(c, a, hi) - c.ratings() ? lo : hi;
    int[] n = new int[nu];
    for (int u = 0; u < nu; u++) n[u] = count(c, a[u], s);
    return n;
  }

  private static int count(GeneratorConfig c, double a, double s) {
    return (int) Math.max(c.minPerUser(), Math.min(c.items(), Math.round(s * a)));
  }

  private static long total(GeneratorConfig c, double[] a, double s) {
    long t = 0;
    for (double x : a) t += count(c, x, s);
    return t;
  }

  /** Vose's alias method: O(1) draws from the discrete distribution ∝ w. */
  private static void buildAlias(double[] w, double[] prob, int[] alias) {
    int n = w.length;
    double sum = 0;
    for (double x : w) sum += x;
    double[] p = new double[n];
    int[] small = new int[n], large = new int[n];
    int ns = 0, nl = 0;
    for (int k = 0; k < n; k++) {
      p[k] = w[k] * n / sum;
      if (p[k] < 1) small[ns++] = k;
      else large[nl++] = k;
    }
    while (ns > 0 && nl > 0) {
      int s = small[--ns], l = large[--nl];
      prob[s] = p[s];
      alias[s] = l;
      p[l] = p[l] + p[s] - 1;
      if (p[l] < 1) small[ns++] = l;
      else large[nl++] = l;
    }
    while (nl > 0) prob[large[--nl]] = 1;
    while (ns > 0) prob[small[--ns]] = 1; // rounding leftovers
  }

  /** Per-task scratch. */
  private static final class Scratch {
    final int[] stamp, chosen;
    final float[] uf;
    long[] keys;

    Scratch(Model m) {
      stamp = new int[m.c.items()];
      chosen = new int[m.c.items()];
      uf = new float[m.c.rank()];
    }
  }

  private interface Sink {
    void add(int user, int item, double emitted, long ts);
  }

  /** Generates user u's ratings in item order; stores its factors and bias when the arrays are given. */
  private static void generateUser(Model m, int u, Scratch s, float[] ufOut, float[] ubOut, Acc acc, Sink sink) {
    GeneratorConfig c = m.c;
    int r = c.rank(), ni = c.items();
    SplittableRandom rng = rng(c.seed(), SALT_USER, u);
    double bu = (float) (rng.nextGaussian() * c.userBiasSigma());
    double fs = c.factorStd();
    for (int k = 0; k < r; k++) s.uf[k] = (float) (rng.nextGaussian() * fs);
    if (ufOut != null) {
      System.arraycopy(s.uf, 0, ufOut, u * r, r);
      ubOut[u] = (float) bu;
    }
    int n = m.counts[u];
    if (4L * n <= ni) { // rejection: few repeats when the user takes at most a quarter of the items
      int tag = u + 1, got = 0;
      while (got < n) {
        int k = rng.nextInt(ni);
        int item = m.perm[rng.nextDouble() < m.aliasProb[k] ? k : m.alias[k]];
        if (s.stamp[item] != tag) {
          s.stamp[item] = tag;
          s.chosen[got++] = item;
        }
      }
    } else { // Efraimidis–Spirakis: the n smallest keys -ln(U)/w; positive float bits sort like the floats
      if (s.keys == null) s.keys = new long[ni];
      for (int k = 0; k < ni; k++) {
        float key = (float) (-Math.log(1.0 - rng.nextDouble()) / m.weight[k]);
        s.keys[k] = (long) Float.floatToRawIntBits(key) << 32 | k;
      }
      Arrays.sort(s.keys);
      for (int j = 0; j < n; j++) s.chosen[j] = m.perm[(int) s.keys[j]];
    }
    Arrays.sort(s.chosen, 0, n);
    long start = T_START + (long) (rng.nextDouble() * USER_START_SPAN);
    double mean = c.globalMean(), sigma = c.noiseSigma();
    for (int j = 0; j < n; j++) {
      int i = s.chosen[j];
      double clean = mean + bu + m.itemBias[i];
      for (int k = 0; k < r; k++) clean += (double) s.uf[k] * m.itemFactors[i * r + k];
      double emitted = Math.rint(c.scale().apply(clean + sigma * rng.nextGaussian()) * 1e4) / 1e4;
      long t = start + rng.nextLong(ACTIVE_SPAN);
      acc.add(emitted, c.scale().exponential() ? Math.exp(clean) : clean); // counts: the floor is in counts too
      sink.add(u, i, emitted, t);
    }
  }

  /** A stream per (seed, salt, index): SplitMix64-mixed so that nearby indices give unrelated streams. */
  private static SplittableRandom rng(long seed, long salt, long index) {
    return new SplittableRandom(mix(mix(seed ^ salt * 0xD1B54A32D192ED03L) + index * 0x9E3779B97F4A7C15L));
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  // ---- accumulation and output ----------------------------------------------------------------

  /** Sums for the noise floor and the rating mean/std. */
  private static final class Acc {
    double sq, sum, sum2;
    long n;

    void add(double emitted, double clean) {
      double d = emitted - clean;
      sq += d * d;
      sum += emitted;
      sum2 += emitted * emitted;
      n++;
    }

    static Acc sum(Acc[] parts) { // in block order, so the result does not depend on scheduling
      Acc a = new Acc();
      for (Acc p : parts) {
        a.sq += p.sq;
        a.sum += p.sum;
        a.sum2 += p.sum2;
        a.n += p.n;
      }
      return a;
    }

    double rmse() { return n == 0 ? 0 : Math.sqrt(sq / n); }
    double mean() { return n == 0 ? 0 : sum / n; }
    double std() { return n == 0 ? 0 : Math.sqrt(Math.max(0, sum2 / n - mean() * mean())); }
  }

  /** One block's lines as bytes. */
  private static final class Text implements Sink {
    final byte[] sep;
    final boolean[] rated;
    final Acc acc = new Acc();
    byte[] buf = new byte[1 << 16];
    int len;

    Text(byte[] sep, int items) {
      this.sep = sep;
      this.rated = new boolean[items];
    }

    @Override public void add(int user, int item, double emitted, long ts) {
      if (len + 96 > buf.length) buf = Arrays.copyOf(buf, buf.length * 2);
      rated[item] = true;
      len = writeLong(buf, len, user + 1L);
      for (byte b : sep) buf[len++] = b;
      len = writeLong(buf, len, item + 1L);
      for (byte b : sep) buf[len++] = b;
      len = writeValue(buf, len, emitted);
      for (byte b : sep) buf[len++] = b;
      len = writeLong(buf, len, ts);
      buf[len++] = '\n';
    }

    /** {@code v} with at most 4 decimals, trailing zeros dropped. */
    static int writeValue(byte[] buf, int len, double v) {
      long q = Math.round(v * 1e4);
      if (q < 0) {
        buf[len++] = '-';
        q = -q;
      }
      len = writeLong(buf, len, q / 10_000);
      int f = (int) (q % 10_000);
      if (f != 0) {
        buf[len++] = '.';
        int digits = 4;
        while (f % 10 == 0) {
          f /= 10;
          digits--;
        }
        for (int k = digits - 1, d = f; k >= 0; k--, d /= 10) buf[len + k] = (byte) ('0' + d % 10);
        len += digits;
      }
      return len;
    }

    static int writeLong(byte[] b, int p, long v) { // v >= 0
      int digits = 1;
      for (long x = v; x >= 10; x /= 10) digits++;
      for (int k = p + digits - 1; k >= p; k--, v /= 10) b[k] = (byte) ('0' + v % 10);
      return p + digits;
    }
  }

  /** A new name beside {@code target} (same file system, so the final rename can be atomic). */
  private static Path tempSibling(Path target) {
    return target.resolveSibling(target.getFileName() + "." + ProcessHandle.current().pid() + "."
        + Long.toHexString(System.nanoTime()) + ".tmp");
  }

  private static void moveIntoPlace(Path tmp, Path target) throws IOException {
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static String truthJson(GeneratorConfig c, TextLayout layout, Acc a, int items) {
    RatingScale s = c.scale();
    return String.format(Locale.ROOT, """
        {
          "generator": "org.mf4j.data.PlantedRatingsGenerator",
          "model": "rating = scale(globalMean + b_u + b_i + x_u.y_i + N(0, noiseSigma^2)), rounded to 4 decimals",
          "layout": "%s",
          "config": {
            "users": %d, "items": %d, "ratings": %d, "rank": %d, "noiseSigma": %s,
            "globalMean": %s, "userBiasSigma": %s, "itemBiasSigma": %s, "signalStd": %s, "factorStd": %s,
            "scale": {"min": %s, "max": %s, "step": %s},
            "activitySigma": %s, "minPerUser": %d, "zipfExponent": %s, "seed": %d
          },
          "written": {"ratings": %d, "users": %d, "itemsRated": %d, "mean": %s, "std": %s},
          "noiseFloorRmse": %s
        }
        """, layout, c.users(), c.items(), c.ratings(), c.rank(), num(c.noiseSigma()), num(c.globalMean()),
        num(c.userBiasSigma()), num(c.itemBiasSigma()), num(c.signalStd()), num(c.factorStd()), num(s.min()),
        num(s.max()), num(s.step()), num(c.activitySigma()), c.minPerUser(), num(c.zipfExponent()), c.seed(),
        a.n, c.users(), items, num(a.mean()), num(a.std()), num(a.rmse()));
  }

  private static String num(double v) { return Double.isFinite(v) ? Double.toString(v) : "null"; }

  private static ExecutorService pool(GeneratorConfig c) {
    return Executors.newFixedThreadPool(c.effectiveThreads(), Thread.ofPlatform().daemon().factory());
  }

  private static <T> T get(Future<T> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) throw re;
      if (e.getCause() instanceof Error err) throw err;
      throw new IllegalStateException(e.getCause());
    }
  }
}
