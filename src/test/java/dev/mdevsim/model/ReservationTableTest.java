package dev.mdevsim.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class ReservationTableTest {

    final ReservationTable<String> table = new ReservationTable<>();
    final UUID a = UUID.randomUUID();
    final UUID b = UUID.randomUUID();

    @Test
    void reserve_free_ownedUntilReleased_C14_R3() {
        assertTrue(table.reserve(a, "P1"));
        assertEquals("P1", table.owner(a));
        assertTrue(table.release(a, "P1"));
        assertNull(table.owner(a));
        assertTrue(table.reserve(a, "P2"));
    }

    @Test
    void reserve_taken_refusedWhateverTheOwner_C3_C4() {
        assertTrue(table.reserve(a, "P1"));
        assertFalse(table.reserve(a, "P1"));
        assertFalse(table.reserve(a, "P2"));
        assertEquals("P1", table.owner(a));
        assertEquals(1, table.size());
    }

    @Test
    void release_byAnotherOwner_refused() {
        table.reserve(a, "P1");
        assertFalse(table.release(a, "P2"));
        assertFalse(table.release(b, "P1"));
        assertEquals("P1", table.owner(a));
    }

    @Test
    void releaseAll_onlyThatOwner_P5() {
        table.reserve(a, "P1");
        table.reserve(b, "P2");
        table.reserve(UUID.randomUUID(), "P1");
        assertEquals(2, table.releaseAll("P1"));
        assertEquals(1, table.size());
        assertEquals("P2", table.snapshot().get(b));
    }
}
