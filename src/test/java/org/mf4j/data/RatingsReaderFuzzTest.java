package org.mf4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.mf4j.api.Ratings;
import org.mf4j.testing.FuzzFiles;
import org.mf4j.testing.HeapAllocation;

/**
 * Fuzz target of the rating-file readers (Jazzer; {@code fuzz/run readers} fuzzes it, a plain test run
 * replays the inputs under {@code RatingsReaderFuzzTestInputs/}: the seeds and every finding kept as a
 * regression). Any bytes, under any options, end in ratings whose ids and values are consistent, or in
 * an {@link IOException} with a message (a {@link RatingsFormatException} naming the line, or the gzip/xz
 * decoder's own) — never another exception, and never an allocation far beyond the input's size.
 */
class RatingsReaderFuzzTest {
  private static final String[] DELIMITERS = {",", "\t", "::", ReadOptions.WHITESPACE, ";", "|"};
  private static final String[] COLUMNS = {"user,item,rating", "user,item,rating,timestamp", "item,user,rating,weight",
      "skip,user,item,rating", "user,item,timestamp,rating,skip"};
  /** Heap a read may take: a fixed allowance (buffers, the first chunk's arrays) plus a multiple of the input. */
  static final long FIXED_ALLOWANCE = 24L << 20, PER_INPUT_BYTE = 64;

  @FuzzTest(maxDuration = "30s")
  void readRatings(FuzzedDataProvider in) throws IOException {
    RatingFormat format = in.pickValue(RatingFormat.values());
    boolean free = format == RatingFormat.AUTO || format == RatingFormat.DELIMITED;
    ReadOptions options = ReadOptions.DEFAULT.withFormat(format)
        .withHeader(in.pickValue(ReadOptions.Header.values()))
        .withDuplicates(in.pickValue(DuplicatePolicy.values()))
        .withSkipInvalid(in.consumeBoolean())
        .withTimestamps(in.consumeBoolean())
        .withThreads(1 + in.consumeInt(0, 1));
    if (free && in.consumeBoolean()) options = options.withDelimiter(in.pickValue(DELIMITERS));
    if (format == RatingFormat.DELIMITED && in.consumeBoolean()) options = options.withColumns(in.pickValue(COLUMNS));
    boolean mapped = in.consumeBoolean();
    byte[] data = in.consumeRemainingAsBytes();

    ReadResult r;
    try {
      long allocated = -HeapAllocation.ofThisThread();
      r = read(data, options, mapped);
      allocated += HeapAllocation.ofThisThread();
      if (allocated > bound(data)) { // measured again, warm: a first run also pays for loading and linking code
        allocated = -HeapAllocation.ofThisThread();
        read(data, options, mapped);
        allocated += HeapAllocation.ofThisThread();
      }
      assertTrue(allocated <= bound(data), "allocated " + allocated + " bytes reading " + data.length + " bytes");
    } catch (IOException expected) {
      assertNotNull(expected.getMessage(), "an IOException without a message: " + expected);
      return;
    }
    checkConsistent(r.ratings());
  }

  private static long bound(byte[] data) { return FIXED_ALLOWANCE + PER_INPUT_BYTE * data.length; }

  private static ReadResult read(byte[] data, ReadOptions options, boolean mapped) throws IOException {
    if (!mapped) return RatingsReader.read(new ByteArrayInputStream(data), "fuzz.txt", options);
    Path f = FuzzFiles.scratch("ratings");
    Files.write(f, data);
    return RatingsReader.read(f, options);
  }

  static void checkConsistent(Ratings r) {
    assertTrue(r.size() >= 0 && r.size() <= r.users().length);
    for (int t = 0; t < r.size(); t++) {
      assertTrue(r.user(t) >= 0 && r.user(t) < r.numUsers(), "user " + r.user(t) + " of " + r.numUsers());
      assertTrue(r.item(t) >= 0 && r.item(t) < r.numItems(), "item " + r.item(t) + " of " + r.numItems());
      assertTrue(Float.isFinite(r.value(t)), "value " + r.value(t));
    }
    for (int d = 0; d < r.numUsers(); d++) assertEquals(d, r.userIds().get(r.userIds().externalId(d)));
  }
}
