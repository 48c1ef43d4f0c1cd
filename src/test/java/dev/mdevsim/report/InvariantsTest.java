package dev.mdevsim.report;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mdevsim.parent.Capacity;
import dev.mdevsim.parent.ParentDevice;
import dev.mdevsim.parent.ParentView;
import dev.mdevsim.registry.Registry;
import dev.mdevsim.report.RunResult.InvariantResult;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class InvariantsTest {

    final UUID a = UUID.randomUUID();
    final UUID b = UUID.randomUUID();

    static ParentView parent(String name, Map<UUID, String> devices, int claimed, int max, int children) {
        return new ParentView(name, devices, List.of(new Capacity.Slot("t", List.of("t"), max, claimed)), children, 0, 0, 0, 0, 0);
    }

    static Registry.View registry(Map<UUID, String> reservations, Set<UUID> listed) {
        return new Registry.View(reservations, listed, Map.of(), Map.of(), Map.of());
    }

    @Test
    void g4_agreeing_holds() {
        InvariantResult r = Invariants.consistent(registry(Map.of(a, "P1", b, "P2"), Set.of()),
                Map.of("P1", parent("P1", Map.of(a, "t"), 1, 2, 1), "P2", parent("P2", Map.of(b, "t"), 1, 1, 1)));
        assertTrue(r.held(), r.detail());
    }

    @Test
    void g4_everyDisagreement_isCaught() {
        Map<String, ParentView> ok = Map.of("P1", parent("P1", Map.of(a, "t"), 1, 2, 1));
        assertFalse(Invariants.consistent(registry(Map.of(), Set.of()), ok).held(), "a device the registry does not know");
        assertFalse(Invariants.consistent(registry(Map.of(a, "P2"), Set.of()), ok).held(), "another owner");
        assertFalse(Invariants.consistent(registry(Map.of(a, "P1", b, "P1"), Set.of()), ok).held(), "a reservation without device");
        assertFalse(Invariants.consistent(registry(Map.of(a, "P1"), Set.of(b)), ok).held(), "listed but not linked");
        Registry.View reg = registry(Map.of(a, "P1"), Set.of());
        assertFalse(Invariants.consistent(reg, Map.of("P1", parent("P1", Map.of(a, "t"), 2, 2, 1))).held(), "claims != devices");
        assertFalse(Invariants.consistent(reg, Map.of("P1", parent("P1", Map.of(a, "t"), 1, 0, 1))).held(), "over capacity");
        assertFalse(Invariants.consistent(reg, Map.of("P1", parent("P1", Map.of(a, "t"), 1, 2, 2))).held(), "a stray actor");
    }

    @Test
    void g1_duplicatesOrMissingOutcomes_fail() {
        assertTrue(Invariants.oneReply(new RunResult.Requests(10, 8, 2, 1, 0, 0, 3)).held());
        assertFalse(Invariants.oneReply(new RunResult.Requests(10, 10, 0, 0, 1, 0, 3)).held());
        assertFalse(Invariants.oneReply(new RunResult.Requests(10, 9, 0, 0, 0, 0, 3)).held());
    }

    @Test
    void g2_violations_fail() {
        assertTrue(Invariants.uniqueLive(0, List.of()).held());
        assertFalse(Invariants.uniqueLive(1, List.of("x live 2 times")).held());
    }
}
