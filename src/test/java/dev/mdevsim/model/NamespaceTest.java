package dev.mdevsim.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class NamespaceTest {

    final UUID u = UUID.randomUUID();

    @ParameterizedTest
    @EnumSource(value = Model.class, names = {"SEED", "GLOBAL_LOCK", "LINUX_5_2", "LINUX_6_1"})
    void everyModelButLegacy_reserveOnCreate_removableWhileReserved_C3_R3(Model model) {
        Namespace<String> ns = new Namespace<>(model.description());
        assertTrue(ns.reservesOnCreate());
        assertTrue(ns.reserve(u, "P1"));
        assertFalse(ns.reserve(u, "P2")); // C4, C6, C8: EEXIST, no warning
        assertEquals("P1", ns.removable(u)); // while creating too: the device answers (EAGAIN in seed)
        ns.takeForRemoval(u);
        assertEquals("P1", ns.removable(u)); // still reserved until released (C7)
        assertTrue(ns.release(u, "P1"));
        assertNull(ns.removable(u));
        assertTrue(ns.reserve(u, "P2"));
    }

    @Test
    void legacy_doesNotReserveOnCreate() {
        Namespace<String> ns = new Namespace<>(Model.LEGACY.description());
        assertFalse(ns.reservesOnCreate());
        assertThrows(IllegalStateException.class, () -> ns.reserve(u, "P1"));
    }

    @Test
    void legacy_linkTwice_returnsTheHolder_C4_C6_C8() {
        Namespace<String> ns = new Namespace<>(Model.LEGACY.description());
        assertNull(ns.link(u, "P1"));
        assertEquals("P1", ns.link(u, "P2"));
        assertEquals("P1", ns.owner(u));
    }

    @Test
    void legacy_removableOnlyOnceListed_R5() {
        Namespace<String> ns = new Namespace<>(Model.LEGACY.description());
        ns.link(u, "P1");
        assertNull(ns.removable(u)); // linked, still creating: not on the list yet (R5: ENODEV)
        assertEquals("P1", ns.owner(u)); // but it has an owner, for state queries
        ns.list(u);
        assertEquals("P1", ns.removable(u));
        ns.takeForRemoval(u);
        assertNull(ns.removable(u)); // R6: off the list while it is removed
        assertEquals("P1", ns.link(u, "P2")); // still linked on the bus (C8)
        ns.list(u); // R4: refused, back on the list
        assertEquals("P1", ns.removable(u));
        assertEquals(Set.of(u), ns.listed());
    }

    @Test
    void legacy_release_unlinksAndUnlists() {
        Namespace<String> ns = new Namespace<>(Model.LEGACY.description());
        ns.link(u, "P1");
        ns.list(u);
        assertTrue(ns.release(u, "P1"));
        assertNull(ns.owner(u));
        assertEquals(Set.of(), ns.listed());
        assertNull(ns.link(u, "P2"));
    }

    @Test
    void releaseAll_onlyThatOwner_P5() {
        Namespace<String> ns = new Namespace<>(Model.LEGACY.description());
        UUID v = UUID.randomUUID();
        ns.link(u, "P1");
        ns.list(u);
        ns.link(v, "P2");
        ns.list(v);
        assertEquals(1, ns.releaseAll("P1"));
        assertEquals(Set.of(v), ns.listed());
        assertEquals("P2", ns.owner(v));
    }
}
