package dev.mdevsim.parent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mdevsim.core.ParentSpec;
import dev.mdevsim.core.TypeSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SEMANTICS.md "Capacity", C10, S10 (pools) and G4's bounds. */
class CapacityTest {

    final Capacity capacity = new Capacity(ParentSpec.of("P1", new TypeSpec("a", 2), new TypeSpec("b", 1)), true);
    final Capacity pool = new Capacity(ParentSpec.pooled("P2", 3, "vga", "xga"), true);

    @Test
    void available_startsAtMax_P1() {
        assertEquals(2, capacity.available("a"));
        assertEquals(1, capacity.available("b"));
        assertEquals(-1, capacity.available("c"));
    }

    @Test
    void tryClaim_untilFullThenRefused_C10() {
        assertTrue(capacity.tryClaim("a"));
        assertTrue(capacity.tryClaim("a"));
        assertFalse(capacity.tryClaim("a"));
        assertEquals(0, capacity.available("a"));
        assertEquals(1, capacity.available("b")); // types are independent
        capacity.release("a");
        assertTrue(capacity.tryClaim("a"));
    }

    @Test
    void tryClaim_unknownType_refused() {
        assertFalse(capacity.tryClaim("c"));
    }

    @Test
    void release_unclaimed_isABug_G4() {
        assertThrows(IllegalStateException.class, () -> capacity.release("a"));
        assertThrows(IllegalStateException.class, () -> capacity.release("c"));
    }

    @Test
    void slots_perType() {
        capacity.tryClaim("b");
        assertEquals(List.of(new Capacity.Slot("a", List.of("a"), 2, 0), new Capacity.Slot("b", List.of("b"), 1, 1)),
                capacity.slots());
    }

    @Test
    void pool_sharedByItsTypes_everyTypeShowsTheRemainder_C10_S10() {
        assertTrue(pool.tryClaim("vga"));
        assertTrue(pool.tryClaim("xga"));
        assertEquals(1, pool.available("vga"));
        assertEquals(1, pool.available("xga"));
        assertTrue(pool.tryClaim("xga"));
        assertFalse(pool.tryClaim("vga")); // the pool is empty, whichever type asks
        pool.release("vga");
        assertEquals(1, pool.available("xga"));
        assertEquals(List.of(new Capacity.Slot(Capacity.POOL, List.of("vga", "xga"), 3, 2)), pool.slots());
    }

    @Test
    void pool_countedByTheCore_isNotCountedHere_linux61C10() {
        Capacity parentSide = new Capacity(ParentSpec.pooled("P2", 1, "vga", "xga"), false);
        assertTrue(parentSide.countedElsewhere("vga"));
        assertTrue(parentSide.tryClaim("vga"));
        assertTrue(parentSide.tryClaim("vga")); // the registry refuses with EUSERS before the parent sees it
        parentSide.release("vga");
        assertEquals(-1, parentSide.available("vga"));
        assertEquals(List.of(), parentSide.slots());
        assertFalse(parentSide.tryClaim("nope"));
    }
}
