package org.mf4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SWAR digit scan of the hot loop, against a byte-by-byte reference and through the reader. */
class ChunkParserTest {
  @TempDir Path dir;

  @Test
  void swarScanAgreesWithByteByByte() {
    SplittableRandom rnd = new SplittableRandom(3);
    byte[] b = new byte[8];
    for (int trial = 0; trial < 200_000; trial++) {
      for (int j = 0; j < 8; j++) {
        // Mostly digits, then delimiters and every byte value (those next to '0'..'9' and above 0xF9 too).
        int kind = rnd.nextInt(4);
        b[j] = (byte) (kind < 2 ? '0' + rnd.nextInt(10) : kind == 2 ? "/:,\t\n.-+".charAt(rnd.nextInt(8))
            : rnd.nextInt(256));
      }
      long w = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong();
      int len = 0;
      while (len < 8 && b[len] >= '0' && b[len] <= '9') len++;
      String text = new String(b, 0, len, StandardCharsets.ISO_8859_1);
      assertEquals(len, Long.numberOfTrailingZeros(ChunkParser.nonDigits(w)) >>> 3, text);
      if (len > 0) assertEquals(Long.parseLong(text), ChunkParser.digits(w, len), text);
    }
  }

  @Test
  void swarDigitsAtEveryLength() {
    String all = "98765432";
    for (int len = 1; len <= 8; len++) {
      for (String tail : new String[] {"::", "\t", "\n", "\r\n", ".5", "x", "\u00ff\u00ff", "12345678"}) {
        String field = all.substring(0, len);
        byte[] b = (field + tail + "99999999").getBytes(StandardCharsets.ISO_8859_1);
        long w = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong();
        int want = (field + tail).length() >= 8 && tail.equals("12345678") ? 8 : len;
        assertEquals(want, Long.numberOfTrailingZeros(ChunkParser.nonDigits(w)) >>> 3, field + tail);
        assertEquals(Long.parseLong(field), ChunkParser.digits(w, len), field + tail);
      }
    }
    long w = ByteBuffer.wrap("00000007".getBytes(StandardCharsets.US_ASCII)).order(ByteOrder.LITTLE_ENDIAN).getLong();
    assertEquals(7, ChunkParser.digits(w, 8));
  }

  @Test
  void timestampsOfEveryLengthParseLikeLongParseLong() throws IOException {
    // 1 to 18 digits (8 or fewer, 9 to 16, and more than 16 take three different paths), leading
    // zeros, and a last line without '\n' that ends the window right after the digits.
    SplittableRandom rnd = new SplittableRandom(11);
    StringBuilder sb = new StringBuilder();
    int lines = 0;
    for (int len = 1; len <= 18; len++) {
      for (int rep = 0; rep < 20; rep++) {
        StringBuilder ts = new StringBuilder();
        for (int j = 0; j < len; j++) { // odd reps may start with zeros
          ts.append((char) ('0' + (j == 0 && rep % 2 == 0 ? 1 + rnd.nextInt(9) : rnd.nextInt(10))));
        }
        sb.append(lines + 1).append("::").append(1 + rep).append("::").append(rep % 2 == 0 ? "4.5" : "3").append("::")
            .append(ts).append('\n');
        lines++;
      }
    }
    sb.append("77::8::1::1234567890"); // no final newline
    lines++;
    String text = sb.toString();
    Path p = Files.writeString(dir.resolve("ts.dat"), text);
    ReadOptions o = ReadOptions.delimited("::", "user,item,rating,timestamp", false);
    ReadResult r = RatingsReader.read(p, o);
    assertEquals(lines, r.ratings().size());
    String[] rows = text.split("\n");
    for (int k = 0; k < lines; k++) {
      String[] f = rows[k].split("::");
      assertEquals(Long.parseLong(f[3]), r.ratings().timestamps()[k], rows[k]);
      assertEquals(Float.parseFloat(f[2]), r.ratings().value(k), rows[k]);
    }
  }
}
