package dev.mdevsim.parent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mdevsim.core.ParentSpec;
import dev.mdevsim.core.TypeSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SEMANTICS.md "Capacity", C10 and G4's bounds. */
class CapacityTest {

    final Capacity capacity = new Capacity(ParentSpec.of("P1", new TypeSpec("a", 2), new TypeSpec("b", 1)));

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
    void claimed_perType() {
        capacity.tryClaim("b");
        assertEquals(Map.of("a", 0, "b", 1), capacity.claimed());
    }
}
