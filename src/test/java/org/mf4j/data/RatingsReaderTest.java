package org.mf4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mf4j.api.Ratings;
import org.mf4j.data.ReadOptions.Header;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

class RatingsReaderTest {
  @TempDir Path dir;

  private Path write(String name, String text) throws IOException {
    return Files.write(dir.resolve(name), text.getBytes(StandardCharsets.UTF_8));
  }

  private static ReadResult read(Path p) throws IOException { return RatingsReader.read(p); }

  private static String externalUsers(Ratings r) {
    StringBuilder sb = new StringBuilder();
    for (int k = 0; k < r.size(); k++) sb.append(r.userIds().externalId(r.user(k))).append(' ');
    return sb.toString().trim();
  }

  private static String externalItems(Ratings r) {
    StringBuilder sb = new StringBuilder();
    for (int k = 0; k < r.size(); k++) sb.append(r.itemIds().externalId(r.item(k))).append(' ');
    return sb.toString().trim();
  }

  // ---- formats and detection ------------------------------------------------------------------

  @Test
  void movieLens100kTabs() throws IOException {
    ReadResult res = read(write("u.data", "196\t242\t3\t881250949\n186\t302\t3\t891717742\n22\t377\t1\t878887116\n196\t377\t4\t1\n"));
    Ratings r = res.ratings();
    assertEquals(4, r.size());
    assertEquals(3, r.numUsers());
    assertEquals(3, r.numItems());
    assertArrayEquals(new int[] {0, 1, 2, 0}, Arrays.copyOf(r.users(), 4)); // first appearance order
    assertArrayEquals(new int[] {0, 1, 2, 2}, Arrays.copyOf(r.items(), 4));
    assertArrayEquals(new float[] {3, 3, 1, 4}, Arrays.copyOf(r.values(), 4));
    assertArrayEquals(new long[] {881250949, 891717742, 878887116, 1}, Arrays.copyOf(r.timestamps(), 4));
    assertEquals(196, r.userIds().numericId(0));
    assertTrue(res.format().startsWith("MovieLens 100K"), res.format());
    assertEquals(4, res.lines());
  }

  @Test
  void movieLens100kSpacesNamedFormat() throws IOException {
    Path p = write("u.data", "  1   2  3 4\n5 6\t7\t8\n");
    ReadResult res = RatingsReader.read(p, ReadOptions.DEFAULT.withFormat(RatingFormat.MOVIELENS_100K));
    assertEquals("1 5", externalUsers(res.ratings()));
    assertEquals("2 6", externalItems(res.ratings()));
    assertEquals(7f, res.ratings().value(1));
    assertEquals(8L, res.ratings().timestamps()[1]);
  }

  @Test
  void movieLensDat() throws IOException {
    ReadResult res = read(write("ratings.dat", "1::122::5::838985046\n1::185::4.5::838983525\n2::122::3::868245777\n"));
    assertEquals("MovieLens 1M/10M layout (user::item::rating::timestamp)", res.format());
    assertEquals(3, res.ratings().size());
    assertEquals(4.5f, res.ratings().value(1));
    assertEquals(2, res.ratings().numItems());
    ReadResult named = RatingsReader.read(dir.resolve("ratings.dat"), ReadOptions.DEFAULT.withFormat(RatingFormat.MOVIELENS_DAT));
    assertArrayEquals(res.ratings().values(), named.ratings().values());
  }

  @Test
  void movieLensCsvWithHeader() throws IOException {
    ReadResult res = read(write("ratings.csv", "userId,movieId,rating,timestamp\n1,31,2.5,1260759144\n1,1029,3.0,1260759179\n"));
    assertEquals("MovieLens CSV with header (userId,movieId,rating,timestamp)", res.format());
    assertEquals(2, res.ratings().size());
    assertEquals(2.5f, res.ratings().value(0));
    assertEquals(3, res.lines());
  }

  @Test
  void netflixBlocks() throws IOException {
    Path p = write("mv.txt", "1:\n1488844,3,2005-09-06\n822109,5,2005-05-13\n2:\n1488844,4,1999-12-31\n");
    ReadResult res = read(p);
    assertTrue(res.format().startsWith("Netflix"), res.format());
    Ratings r = res.ratings();
    assertEquals("1488844 822109 1488844", externalUsers(r));
    assertEquals("1 1 2", externalItems(r));
    assertArrayEquals(new float[] {3, 5, 4}, Arrays.copyOf(r.values(), 3));
    assertEquals(LocalDate.of(2005, 9, 6).toEpochDay() * 86400, r.timestamps()[0]);
    assertEquals(LocalDate.of(1999, 12, 31).toEpochDay() * 86400, r.timestamps()[2]);
  }

  @Test
  void delimitedColumnsInAnyOrderWithSkip() throws IOException {
    Path p = write("x.txt", "id|item|user|stars|when\n9|i1|u1|4|2020-01-02\n9|i2|u1|2|17\n");
    ReadResult res = RatingsReader.read(p, ReadOptions.delimited("pipe", "skip,item,user,rating,timestamp", true));
    Ratings r = res.ratings();
    assertEquals("u1 u1", externalUsers(r));
    assertEquals("i1 i2", externalItems(r));
    assertArrayEquals(new float[] {4, 2}, Arrays.copyOf(r.values(), 2));
    assertEquals(LocalDate.of(2020, 1, 2).toEpochDay() * 86400, r.timestamps()[0]);
    assertEquals(17, r.timestamps()[1]);
  }

  @Test
  void delimitedWhitespaceAndMultiCharDelimiter() throws IOException {
    ReadResult ws = RatingsReader.read(write("w.txt", "1 \t 2   3\n"), ReadOptions.delimited("whitespace", "user,item,rating", false));
    assertEquals(3f, ws.ratings().value(0));
    ReadResult multi = RatingsReader.read(write("m.txt", "1<->2<->3.5\n"), ReadOptions.delimited("<->", "user,item,rating", false));
    assertEquals(3.5f, multi.ratings().value(0));
    ReadResult blanks = RatingsReader.read(write("b.csv", " 1 , 2 , 3.5 \n"), ReadOptions.delimited(",", "user,item,rating", false));
    assertEquals("1", blanks.ratings().userIds().externalId(0));
    assertEquals(3.5f, blanks.ratings().value(0));
  }

  @Test
  void autoDetectsTabWithHeaderAndImplicitPairs() throws IOException {
    ReadResult steam = read(write("game_play.dat", "User_ID\tGame_ID\tHours\n1\t7\t0.5\n2\t7\t12.25\n"));
    assertEquals(2, steam.ratings().size());
    assertTrue(steam.format().contains("header \"User_ID\\tGame_ID\\tHours\""), steam.format());
    assertNull(steam.ratings().timestamps());
    ReadResult pairs = read(write("pairs.csv", "a,b\nc,b\n"));
    assertEquals(2, pairs.ratings().size());
    assertEquals(1f, pairs.ratings().value(1));
    assertTrue(pairs.format().contains("every value 1"), pairs.format());
  }

  @Test
  void weightColumn() throws IOException {
    ReadResult res = RatingsReader.read(write("w.csv", "1,2,1,0.25\n1,3,1,4\n"), ReadOptions.delimited(",", "user,item,rating,weight", false));
    assertArrayEquals(new float[] {0.25f, 4f}, Arrays.copyOf(res.weights(), 2));
    assertNull(read(write("n.csv", "1,2,1\n")).weights());
  }

  @Test
  void emptyFileAndBlankLines() throws IOException {
    assertEquals(0, read(write("empty.txt", "")).ratings().size());
    ReadResult res = read(write("blank.txt", "\n1,2,3\n   \n\r\n4,5,1\n\n"));
    assertEquals(2, res.ratings().size());
    assertEquals(0, res.invalidLines());
    assertEquals(6, res.lines());
  }

  // ---- encodings, compression, line endings ----------------------------------------------------

  @Test
  void gzipAndXzByMagicBytes() throws IOException {
    String text = "userId,movieId,rating,timestamp\n1,2,3.5,10\n3,2,4,11\n";
    Path gz = dir.resolve("ratings.bin"); // no .gz extension: detected from the bytes
    try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(gz))) {
      o.write(text.getBytes(StandardCharsets.UTF_8));
    }
    Path xz = dir.resolve("ratings.csv.xz");
    try (OutputStream o = new XZOutputStream(Files.newOutputStream(xz), new LZMA2Options())) {
      o.write(text.getBytes(StandardCharsets.UTF_8));
    }
    for (Path p : new Path[] {gz, xz}) {
      ReadResult res = read(p);
      assertEquals(2, res.ratings().size(), p.toString());
      assertEquals(4f, res.ratings().value(1));
      assertTrue(res.format().startsWith("MovieLens CSV with header"), res.format());
    }
    assertTrue(read(gz).format().endsWith("gzip-compressed"));
    assertTrue(read(xz).format().endsWith("xz-compressed"));
    ReadResult stream = RatingsReader.read(Files.newInputStream(xz), "stdin", ReadOptions.DEFAULT);
    assertEquals(2, stream.ratings().size());
  }

  /** Found by fuzzing: a cut-off gzip or xz stream ended in an EOFException without a message. */
  @Test
  void aTruncatedCompressedFileIsAnErrorNamingIt() throws IOException {
    byte[] text = "1,2,3.5\n3,2,4\n".repeat(200).getBytes(StandardCharsets.UTF_8);
    java.io.ByteArrayOutputStream gz = new java.io.ByteArrayOutputStream(), xz = new java.io.ByteArrayOutputStream();
    try (OutputStream o = new GZIPOutputStream(gz)) {
      o.write(text);
    }
    try (OutputStream o = new XZOutputStream(xz, new LZMA2Options())) {
      o.write(text);
    }
    for (byte[] whole : new byte[][] {gz.toByteArray(), xz.toByteArray()}) {
      for (int cut : new int[] {3, 8, whole.length / 2, whole.length - 1}) {
        Path f = dir.resolve("cut.bin");
        Files.write(f, Arrays.copyOf(whole, cut));
        IOException e = assertThrows(IOException.class, () -> read(f));
        assertTrue(e.getMessage() != null && e.getMessage().startsWith(f.toString()), "cut at " + cut + ": " + e);
        IOException s = assertThrows(IOException.class,
            () -> RatingsReader.read(new ByteArrayInputStream(Arrays.copyOf(whole, cut)), "stdin", ReadOptions.DEFAULT));
        assertTrue(s.getMessage() != null && s.getMessage().startsWith("stdin"), "cut at " + cut + ": " + s);
      }
    }
  }

  @Test
  void crlfAndNoFinalNewline() throws IOException {
    ReadResult res = read(write("crlf.dat", "userID\tartistID\tweight\r\n2\t51\t13883\r\n2\t52\t11690"));
    assertEquals(2, res.ratings().size());
    assertEquals(11690f, res.ratings().value(1));
    assertEquals("51 52", externalItems(res.ratings()));
  }

  @Test
  void utf8BomAndStringIds() throws IOException {
    ReadResult res = read(write("bom.csv", "\uFEFFuserId,movieId,rating,timestamp\nalice,Amélie,5,1\nbob,Up,4,2\nalice,Up,3,3\n"));
    Ratings r = res.ratings();
    assertTrue(res.format().startsWith("MovieLens CSV with header"), res.format());
    assertEquals(3, r.size());
    assertEquals(2, r.numUsers());
    assertFalse(r.userIds().isNumeric());
    assertEquals("alice bob alice", externalUsers(r));
    assertEquals("Amélie Up Up", externalItems(r));
    assertEquals(1, r.itemIds().get("Up"));
  }

  @Test
  void mixedNumericAndTextIds() throws IOException {
    ReadResult res = read(write("mixed.csv", "1,7,3\n2,x,4\n1,x,5\n3,7,1\n"));
    Ratings r = res.ratings();
    assertEquals("7 x x 7", externalItems(r));
    assertArrayEquals(new int[] {0, 1, 1, 0}, Arrays.copyOf(r.items(), 4));
  }

  @Test
  void streamWithoutCompression() throws IOException {
    byte[] text = "1::2::3::4\n".getBytes(StandardCharsets.US_ASCII);
    ReadResult res = RatingsReader.read(new ByteArrayInputStream(text), "in", ReadOptions.DEFAULT);
    assertEquals(1, res.ratings().size());
  }

  // ---- numbers ------------------------------------------------------------------------------

  @Test
  void ratingsParseExactlyLikeFloatParseFloat() throws IOException {
    Random rnd = new Random(3);
    StringBuilder sb = new StringBuilder();
    String[] fixed = {"4", "3.5", "4.0", "-1.25", "1e3", "2.5E-2", "+3", ".5", "5.", "0.1", "16777217", "123456789.123",
        "0.000001", "1.00000001", "-0", "7e-12", "3.4028235e38", "9.999999999"};
    int n = 0;
    for (String f : fixed) {
      sb.append("1,").append(n++).append(',').append(f).append('\n');
    }
    for (int k = 0; k < 20000; k++) {
      int decimals = rnd.nextInt(8);
      double v = (rnd.nextDouble() - 0.3) * Math.pow(10, rnd.nextInt(9) - 2);
      sb.append("1,").append(n++).append(',').append(String.format(java.util.Locale.ROOT, "%." + decimals + "f", v)).append('\n');
    }
    Path p = write("numbers.csv", sb.toString());
    Ratings r = RatingsReader.read(p, ReadOptions.delimited(",", "user,item,rating", false)).ratings();
    String[] lines = sb.toString().split("\n");
    assertEquals(lines.length, r.size());
    for (int k = 0; k < lines.length; k++) {
      String text = lines[k].substring(lines[k].lastIndexOf(',') + 1);
      assertEquals(Float.floatToIntBits(Float.parseFloat(text)), Float.floatToIntBits(r.value(k)), text);
    }
  }

  // ---- duplicates -----------------------------------------------------------------------------

  private static final String DUPS = "1,1,4,100\n1,2,2,101\n1,1,3,102\n1,1,2,104\n2,1,5,103\n"; // grouped by user
  private static final String DUPS_UNGROUPED = "1,1,4,100\n2,1,5,101\n1,1,3,102\n2,2,1,103\n1,1,2,104\n2,1,1,105\n";

  @Test
  void duplicatePolicies() throws IOException {
    Path p = write("dups.csv", DUPS);
    float[] expect = {2, 3, 9, 4}; // LAST, MEAN, SUM, MAX of 4, 3, 2
    DuplicatePolicy[] ps = {DuplicatePolicy.LAST, DuplicatePolicy.MEAN, DuplicatePolicy.SUM, DuplicatePolicy.MAX};
    for (int k = 0; k < ps.length; k++) {
      ReadResult res = RatingsReader.read(p, ReadOptions.DEFAULT.withDuplicates(ps[k]));
      Ratings r = res.ratings();
      assertEquals(3, r.size(), ps[k].name());
      assertEquals(2, res.duplicateRows());
      assertEquals(1, res.duplicatePairs());
      assertEquals(ps[k], res.duplicatePolicy());
      assertEquals("1 1 2", externalUsers(r)); // survivors keep the first occurrence's position
      assertEquals("1 2 1", externalItems(r));
      assertEquals(expect[k], r.value(0), ps[k].name());
      assertEquals(104, r.timestamps()[0]); // the last occurrence's timestamp
      assertEquals(5f, r.value(2));
    }
  }

  @Test
  void duplicatesWhenRowsAreNotGroupedByUser() throws IOException {
    ReadResult res = RatingsReader.read(write("d2.csv", DUPS_UNGROUPED), ReadOptions.DEFAULT.withDuplicates(DuplicatePolicy.SUM));
    Ratings r = res.ratings();
    assertEquals(3, r.size());
    assertEquals(3, res.duplicateRows());
    assertEquals(2, res.duplicatePairs());
    assertEquals("1 2 2", externalUsers(r));
    assertEquals("1 1 2", externalItems(r));
    assertArrayEquals(new float[] {9, 6, 1}, Arrays.copyOf(r.values(), 3));
  }

  @Test
  void duplicateErrorNamesFileLinesAndPair() throws IOException {
    Path p = write("dups.csv", DUPS);
    RatingsFormatException e = assertThrows(RatingsFormatException.class,
        () -> RatingsReader.read(p, ReadOptions.DEFAULT.withDuplicates(DuplicatePolicy.ERROR)));
    assertTrue(e.getMessage().contains("dups.csv:3:"), e.getMessage());
    assertTrue(e.getMessage().contains("duplicate pair (user 1, item 1), first on line 1"), e.getMessage());
    assertEquals(3, e.line());
    Path q = write("d2.csv", "# ratings\n\n" + DUPS_UNGROUPED); // skipped lines shift the line numbers
    RatingsFormatException e2 = assertThrows(RatingsFormatException.class,
        () -> RatingsReader.read(q, ReadOptions.DEFAULT.withDuplicates(DuplicatePolicy.ERROR)));
    assertTrue(e2.getMessage().contains("d2.csv:5: duplicate pair (user 1, item 1), first on line 3"), e2.getMessage());
  }

  // ---- bad input ------------------------------------------------------------------------------

  private void assertBad(String name, String text, ReadOptions o, long line, String... parts) throws IOException {
    Path p = write(name, text);
    RatingsFormatException e = assertThrows(RatingsFormatException.class, () -> RatingsReader.read(p, o));
    String m = e.getMessage();
    assertTrue(m.startsWith(p + ":" + line + ": "), m);
    assertEquals(line, e.line());
    for (String part : parts) assertTrue(m.contains(part), "'" + part + "' not in: " + m);
  }

  @Test
  void tooFewFields() throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int k = 1; k <= 16; k++) sb.append(k).append("::5::3\n");
    sb.append("12::5\n");
    assertBad("ratings.dat", sb.toString(), ReadOptions.DEFAULT, 17,
        "expected 3 fields (user, item, rating) separated by \"::\", found 2 in \"12::5\"");
  }

  @Test
  void mistypedDelimiterIsExplained() throws IOException {
    assertBad("u.data", "1\t2\t3\n", ReadOptions.delimited(",", "user,item,rating", false), 1,
        "separated by \",\", found 1", "\"1\\t2\\t3\"", "contains tab");
  }

  @Test
  void badRatings() throws IOException {
    ReadOptions o = ReadOptions.delimited(",", "user,item,rating", false);
    assertBad("a.csv", "1,2,3\n1,3,abc\n", o, 2, "rating \"abc\" is not a number", "\"1,3,abc\"");
    assertBad("b.csv", "1,2,NaN\n", o, 1, "rating \"NaN\" is not a number");
    assertBad("c.csv", "1,2,3\n1,2,Infinity\n", o, 2, "not a number");
    assertBad("d.csv", "1,2,1e99\n", o, 1, "outside the float range");
    assertBad("e.csv", "1,2,3.5f\n", o, 1, "not a number");
    assertBad("f.csv", "1,2,\n", o, 1, "empty rating");
  }

  @Test
  void emptyIdsAndBadTimestamps() throws IOException {
    assertBad("a.csv", "1,2,3\n1,,3\n", ReadOptions.DEFAULT, 2, "empty item id", "\"1,,3\"");
    assertBad("b.csv", ",2,3\n", ReadOptions.delimited(",", "user,item,rating", false), 1, "empty user id");
    assertBad("c.dat", "1::2::3::4\n1::2::3::noon\n", ReadOptions.DEFAULT.withFormat(RatingFormat.MOVIELENS_DAT), 2, "timestamp \"noon\" is not an integer");
  }

  @Test
  void netflixRatingBeforeMovieLine() throws IOException {
    assertBad("mv.txt", "1488844,3,2005-09-06\n1:\n", ReadOptions.DEFAULT.withFormat(RatingFormat.NETFLIX), 1,
        "rating line before any \"movie_id:\" line", "\"1488844,3,2005-09-06\"");
  }

  @Test
  void longLinesAreTruncatedInMessages() throws IOException {
    String junk = "x".repeat(5000);
    Path p = write("long.csv", "1,2,3\n1,2," + junk + "\n");
    RatingsFormatException e = assertThrows(RatingsFormatException.class, () -> read(p));
    assertTrue(e.getMessage().length() < 600, e.getMessage());
    assertTrue(e.getMessage().endsWith("..."), e.getMessage());
  }

  @Test
  void skipInvalidCountsAndRecords() throws IOException {
    Path p = write("s.csv", "1,2,3\n1,3,bad\n\n4,5\n2,2,1\n");
    ReadResult res = RatingsReader.read(p, ReadOptions.DEFAULT.withSkipInvalid(true));
    assertEquals(2, res.ratings().size());
    assertEquals(2, res.invalidLines());
    assertEquals(2, res.invalidSamples().size());
    assertEquals(2, res.invalidSamples().get(0).line());
    assertEquals("1,3,bad", res.invalidSamples().get(0).text());
    assertEquals(4, res.invalidSamples().get(1).line());
    assertTrue(res.invalidSamples().get(1).reason().startsWith("expected 3 fields"));
    assertEquals(2, res.ratings().numUsers()); // ids on bad lines are not added
    assertEquals(1, res.ratings().numItems());
  }

  @Test
  void optionsAreValidated() {
    assertThrows(IllegalArgumentException.class, () -> ReadOptions.parseColumns("item,rating"));
    assertThrows(IllegalArgumentException.class, () -> ReadOptions.parseColumns("user,item,user"));
    assertThrows(IllegalArgumentException.class, () -> ReadOptions.parseColumns("user,item,stars"));
    assertThrows(IllegalArgumentException.class, () -> ReadOptions.DEFAULT.withFormat(RatingFormat.MOVIELENS_DAT).withDelimiter(","));
    assertThrows(IllegalArgumentException.class, () -> ReadOptions.DEFAULT.withDelimiter(""));
    assertThrows(IllegalArgumentException.class, () -> ReadOptions.DEFAULT.withThreads(-1));
    assertEquals("\t", ReadOptions.DEFAULT.withDelimiter("\\t").delimiter());
    assertEquals(Header.AUTO, ReadOptions.DEFAULT.header());
  }

  // ---- parallel chunks ------------------------------------------------------------------------

  @Test
  void parallelChunksGiveTheSameResultAsOneThread() throws IOException {
    // > 4 MB so that the reader cuts it into chunks; header, blank lines, duplicates and bad lines
    // spread over the file exercise the gap handling and the line numbers across chunks.
    GeneratorConfig cfg = GeneratorConfig.DEFAULT.withSize(3000, 800, 240_000).withSeed(5);
    Path gen = PlantedRatingsGenerator.write(cfg, dir.resolve("gen.csv"), PlantedRatingsGenerator.TextLayout.CSV).file();
    String[] lines = Files.readString(gen).split("\n");
    StringBuilder sb = new StringBuilder();
    Random rnd = new Random(9);
    for (int k = 0; k < lines.length; k++) {
      sb.append(lines[k]).append('\n');
      if (k > 0 && rnd.nextInt(5000) == 0) sb.append('\n');
      if (k > 0 && rnd.nextInt(7000) == 0) sb.append("oops\n");
      if (k > 0 && rnd.nextInt(3000) == 0) sb.append(lines[k].replace(",", " , ")).append("\r\n"); // a duplicate
    }
    Path p = write("big.csv", sb.toString());
    assertTrue(Files.size(p) > 5 << 20, "file too small to be cut: " + Files.size(p));
    ReadOptions o = ReadOptions.DEFAULT.withSkipInvalid(true).withDuplicates(DuplicatePolicy.SUM);
    ReadResult one = RatingsReader.read(p, o.withThreads(1));
    for (int t : new int[] {2, 3, 5}) {
      ReadResult many = RatingsReader.read(p, o.withThreads(t));
      Ratings a = one.ratings(), b = many.ratings();
      assertEquals(a.size(), b.size());
      int n = a.size();
      assertArrayEquals(Arrays.copyOf(a.users(), n), Arrays.copyOf(b.users(), n));
      assertArrayEquals(Arrays.copyOf(a.items(), n), Arrays.copyOf(b.items(), n));
      assertArrayEquals(Arrays.copyOf(a.values(), n), Arrays.copyOf(b.values(), n));
      assertArrayEquals(Arrays.copyOf(a.timestamps(), n), Arrays.copyOf(b.timestamps(), n));
      for (int d = 0; d < a.numItems(); d++) assertEquals(a.itemIds().externalId(d), b.itemIds().externalId(d));
      assertEquals(one.invalidSamples(), many.invalidSamples());
      assertEquals(one.duplicateRows(), many.duplicateRows());
      assertEquals(one.lines(), many.lines());
    }
    assertTrue(one.invalidLines() > 0 && one.duplicateRows() > 0);
    // line numbers of bad lines are global
    for (ReadResult.InvalidLine l : one.invalidSamples()) assertEquals("oops", lines(sb)[(int) l.line() - 1]);
    // without skipping, the first bad line in file order is reported, whatever the threads
    RatingsFormatException e1 = assertThrows(RatingsFormatException.class, () -> RatingsReader.read(p, ReadOptions.DEFAULT.withThreads(1)));
    RatingsFormatException e2 = assertThrows(RatingsFormatException.class, () -> RatingsReader.read(p, ReadOptions.DEFAULT.withThreads(4)));
    assertEquals(e1.getMessage(), e2.getMessage());
    assertEquals(one.invalidSamples().get(0).line(), e1.line());
    // a duplicate under ERROR names the same lines whatever the threads
    ReadOptions err = o.withDuplicates(DuplicatePolicy.ERROR);
    RatingsFormatException d1 = assertThrows(RatingsFormatException.class, () -> RatingsReader.read(p, err.withThreads(1)));
    RatingsFormatException d2 = assertThrows(RatingsFormatException.class, () -> RatingsReader.read(p, err.withThreads(3)));
    assertEquals(d1.getMessage(), d2.getMessage());
    String dupLine = lines(sb)[(int) d1.line() - 1];
    assertTrue(dupLine.contains(" , "), dupLine);
  }

  @Test
  void timestampsCanBeLeftOutWithTheSameRatingsAndErrors() throws IOException {
    // ML-10M layout, > 4 MB (parallel chunks) and small (one chunk, and the stream path), with
    // half-star ratings and duplicates; the ratings must equal those of a read that keeps timestamps.
    GeneratorConfig cfg = GeneratorConfig.DEFAULT.withSize(3000, 800, 240_000).withSeed(6);
    Path big = PlantedRatingsGenerator.write(cfg, dir.resolve("big.dat"),
        PlantedRatingsGenerator.TextLayout.DOUBLE_COLON).file();
    Path small = write("small.dat", "1::10::4.5::978300760\n2::10::3::978300761\n1::10::2::978300762\n");
    for (Path p : new Path[] {big, small}) {
      for (int t : new int[] {1, 2, 3}) {
        ReadResult with = RatingsReader.read(p, ReadOptions.DEFAULT.withThreads(t));
        ReadResult without = RatingsReader.read(p, ReadOptions.DEFAULT.withThreads(t).withTimestamps(false));
        Ratings a = with.ratings(), b = without.ratings();
        assertTrue(a.timestamps() != null);
        assertNull(b.timestamps());
        assertEquals(a.size(), b.size());
        int n = a.size();
        assertArrayEquals(Arrays.copyOf(a.users(), n), Arrays.copyOf(b.users(), n));
        assertArrayEquals(Arrays.copyOf(a.items(), n), Arrays.copyOf(b.items(), n));
        assertArrayEquals(Arrays.copyOf(a.values(), n), Arrays.copyOf(b.values(), n));
        assertEquals(with.duplicateRows(), without.duplicateRows());
      }
      try (var in = Files.newInputStream(p)) {
        Ratings s = RatingsReader.read(in, p.toString(), ReadOptions.DEFAULT.withTimestamps(false)).ratings();
        assertNull(s.timestamps());
        assertEquals(RatingsReader.read(p).ratings().size(), s.size());
      }
    }
    // Timestamps are still checked when they are not kept.
    Path bad = write("bad.dat", "1::10::4.5::978300760\n2::10::3::yesterday\n");
    ReadOptions dat = ReadOptions.delimited("::", "user,item,rating,timestamp", false);
    RatingsFormatException kept = assertThrows(RatingsFormatException.class, () -> RatingsReader.read(bad, dat));
    RatingsFormatException e = assertThrows(RatingsFormatException.class,
        () -> RatingsReader.read(bad, dat.withTimestamps(false)));
    assertEquals(2, e.line());
    assertTrue(e.getMessage().contains("yesterday"), e.getMessage());
    assertEquals(kept.getMessage(), e.getMessage());
    assertFalse(ReadOptions.DEFAULT.withTimestamps(false).timestamps());
    assertTrue(ReadOptions.DEFAULT.withThreads(2).timestamps());
  }

  @Test
  void parallelChunksWithNonAsciiTextIds() throws IOException {
    StringBuilder sb = new StringBuilder(6 << 20);
    for (int k = 0; sb.length() < (5 << 20); k++) { // 'Ê' is C3 8A in UTF-8: 8A differs from '\n' only in bit 7
      sb.append("userÊ").append(k / 7).append("\tÊÊitem").append(k % 997).append('\t').append(k % 5 + 1).append('\n');
    }
    Path p = write("utf8.tsv", sb.toString());
    ReadResult one = RatingsReader.read(p, ReadOptions.DEFAULT.withThreads(1));
    ReadResult two = RatingsReader.read(p, ReadOptions.DEFAULT.withThreads(2));
    assertEquals(one.lines(), two.lines());
    assertEquals(one.ratings().size(), two.ratings().size());
    assertEquals(lines(sb).length - 1, two.ratings().size());
    assertEquals("userÊ0", two.ratings().userIds().externalId(0));
    assertEquals(997, two.ratings().numItems());
  }

  private static String[] lines(StringBuilder sb) { return sb.toString().split("\n", -1); }
}
