package org.mf4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mf4j.api.Ratings;

class RatingsBuilderTest {
  record Event(Object user, Object item, double strength) {}

  @Test
  void externalIdsGetDenseIdsInOrderOfFirstAppearance() {
    Ratings r = new RatingsBuilder().add("alice", "sku-1", 4f).add("bob", "sku-2", 2f).add("alice", "sku-2", 5f).build();
    assertEquals(3, r.size());
    assertEquals(2, r.numUsers());
    assertEquals(2, r.numItems());
    assertEquals("alice", r.userIds().externalId(r.user(2)));
    assertEquals("sku-2", r.itemIds().externalId(r.item(2)));
    assertEquals(5f, r.value(2));
    assertNull(r.timestamps());

    Ratings n = new RatingsBuilder().add(1017L, 88L, 1f).add(5L, 88L, 2f).build();
    assertTrue(n.userIds().isNumeric());
    assertEquals(1017L, n.userIds().numericId(0));
  }

  @Test
  void anIteratorOfRowsWithMixedIdTypes() {
    List<Event> events = List.of(new Event(7, "a", 1), new Event(7L, "b", 2.5), new Event("x", 3.0, 1));
    Ratings r = RatingsBuilder.from(events.iterator(), Event::user, Event::item, Event::strength);
    assertEquals(3, r.size());
    assertEquals(2, r.numUsers(), "7 and 7L are the same user");
    assertEquals(3, r.numItems());
    assertEquals(2.5f, r.value(1));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RatingsBuilder.from(List.of(new Event(1.5, "a", 1)).iterator(), Event::user, Event::item, Event::strength));
    assertEquals("user id 1.5 (Double) is not an integer or text", e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> RatingsBuilder.from(List.of(new Event(null, "a", 1)).iterator(), Event::user, Event::item, Event::strength));
  }

  @Test
  void duplicatesAreMergedByThePolicy() {
    RatingsBuilder last = new RatingsBuilder().add("u", "i", 1f).add("u", "j", 2f).add("u", "i", 3f);
    Ratings r = last.build();
    assertEquals(2, r.size());
    assertArrayEquals(new float[] {3f, 2f}, java.util.Arrays.copyOf(r.values(), 2), "last wins, at the first position");
    Ratings sum = new RatingsBuilder().duplicates(DuplicatePolicy.SUM).add("u", "i", 1f).add("u", "i", 3f).build();
    assertEquals(4f, sum.value(0));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new RatingsBuilder().duplicates(DuplicatePolicy.ERROR).add("u", "i", 1f).add("v", "i", 1f).add("u", "i", 3f).build());
    assertEquals("rating #3: duplicate pair (user u, item i), first at #1", e.getMessage());
    assertThrows(IllegalStateException.class, last::build, "build once");
  }

  @Test
  void timestampsAndNonFiniteValues() {
    Ratings r = new RatingsBuilder().add("u", "i", 1f).add("u", "j", 2f, 1700000000L).build();
    assertArrayEquals(new long[] {0, 1700000000L}, java.util.Arrays.copyOf(r.timestamps(), 2));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RatingsBuilder().add("u", "i", 1f).add("u", "j", Float.NaN));
    assertEquals("rating #2 (user u, item j): value NaN is not finite", e.getMessage());
  }
}
