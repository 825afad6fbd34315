package org.mf4j.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Text ids are numbers only in their canonical form, so distinct ids never merge, in either mode. */
class IdIndexTest {
  @Test
  void canonicalNumbersStayNumericAndEverythingElseIsText() {
    IdIndex ids = new IdIndex();
    assertEquals(0, ids.add("7"));
    assertEquals(1, ids.add("-12"));
    assertEquals(2, ids.add("9223372036854775807"));
    assertEquals(3, ids.add("-9223372036854775808"));
    assertTrue(ids.isNumeric());
    assertEquals(0, ids.add(7L));
    assertEquals(4, ids.add("007"), "a leading zero is another id");
    assertFalse(ids.isNumeric());
    assertEquals(5, ids.add("+7"));
    assertEquals(6, ids.add("-0"));
    assertEquals(7, ids.add("25000000000000000000"), "20 digits overflow a long: text, not a wrapped number");
    assertEquals(0, ids.get("7"));
    assertEquals(4, ids.get("007"));
    assertEquals("25000000000000000000", ids.externalId(7));
    assertEquals(8, ids.size());
  }

  @Test
  void anOverflowingIdIsNeverTheWrappedNumber() {
    IdIndex ids = new IdIndex();
    ids.add("25000000000000000000");
    assertEquals(-1, ids.get(6553255926290448384L));
    assertEquals(-1, new IdIndex().get("99999999999999999999"));
  }

  @Test
  void copiesKeepTheMode() {
    IdIndex numeric = new IdIndex();
    numeric.add(5L);
    numeric.add(9L);
    IdIndex c = numeric.copy();
    assertTrue(c.isNumeric());
    assertEquals(2, c.add(11L));
    assertEquals(2, numeric.size(), "the original is unchanged");
    IdIndex text = new IdIndex();
    text.add("a");
    text.add("12");
    IdIndex t = text.copy();
    assertFalse(t.isNumeric());
    assertEquals(1, t.get("12"));
    assertEquals(3, IdIndex.identity(3).copy().size());
  }
}
