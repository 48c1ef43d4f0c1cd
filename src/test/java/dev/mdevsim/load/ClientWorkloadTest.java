package dev.mdevsim.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mdevsim.core.ParentSpec;
import dev.mdevsim.core.TypeSpec;
import dev.mdevsim.core.Uuids;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The workload is a pure function of (seed, client, parents): same seed, same requests. */
class ClientWorkloadTest {

    static final List<ParentSpec> PARENTS = List.of(
            ParentSpec.of("P1", new TypeSpec("a", 8), new TypeSpec("b", 8)),
            ParentSpec.of("P2", new TypeSpec("a", 8)));
    static final Mix MIX = new Mix(50, 40, 5, 3, 2);

    static List<Step> steps(long seed, int client, int n) {
        ClientWorkload w = new ClientWorkload(seed, client, MIX, 4, PARENTS);
        List<Step> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(w.next());
        }
        return out;
    }

    @Test
    void sameSeedAndClient_sameSteps() {
        assertEquals(steps(42, 3, 2000), steps(42, 3, 2000));
    }

    @Test
    void otherSeedOrClient_otherSteps() {
        assertNotEquals(steps(42, 3, 50), steps(43, 3, 50));
        assertNotEquals(steps(42, 3, 50), steps(42, 4, 50));
    }

    @Test
    void freshUuids_neverRepeatWithinOrAcrossClients() {
        // a regression test: seeds derived as seed ^ gamma * client gave clients shifted copies of one stream
        Set<String> seen = new HashSet<>();
        for (int c = 0; c < 64; c++) {
            for (Step s : steps(42, c, 500)) {
                Step.Request first = s.requests().get(0);
                if (first.op() == OpKind.CREATE || (first.op() == OpKind.INVALID && Uuids.isValid(first.uuid()))) {
                    assertTrue(seen.add(first.uuid()), "UUID " + first.uuid() + " repeated (client " + c + ")");
                }
            }
        }
    }

    @Test
    void steps_followTheMixAndTheirShapes() {
        Map<OpKind, Integer> kinds = new EnumMap<>(OpKind.class);
        Map<String, String> parentOf = new HashMap<>();
        Set<String> live = new HashSet<>();
        for (Step s : steps(7, 0, 20_000)) {
            Step.Request r = s.requests().get(0);
            OpKind kind = s.requests().size() == 2 ? OpKind.EARLY_REMOVE : r.op();
            kinds.merge(kind, 1, Integer::sum);
            switch (kind) {
                case CREATE -> {
                    assertTrue(r.create() && Uuids.isValid(r.uuid()));
                    assertTrue(live.add(r.uuid()));
                    parentOf.put(r.uuid(), r.parent());
                }
                case REMOVE -> assertTrue(live.remove(r.uuid()), "removes one of the client's own mdevs");
                case EARLY_REMOVE -> {
                    Step.Request remove = s.requests().get(1);
                    assertEquals(OpKind.CREATE, r.op());
                    assertEquals(OpKind.EARLY_REMOVE, remove.op());
                    assertEquals(r.uuid(), remove.uuid());
                    assertTrue(live.add(r.uuid()));
                    parentOf.put(r.uuid(), r.parent());
                }
                case DUPLICATE_CREATE -> {
                    assertTrue(live.contains(r.uuid()), "duplicates a live UUID");
                    assertNotEquals(parentOf.get(r.uuid()), r.parent(), "on another parent");
                }
                case INVALID -> assertTrue(!Uuids.isValid(r.uuid()) || r.parent().equals(ClientWorkload.UNKNOWN_PARENT));
            }
            assertTrue(live.size() <= 4, "at most devices-per-client live");
        }
        for (OpKind k : OpKind.values()) {
            assertTrue(kinds.getOrDefault(k, 0) > 0, "no " + k + ": " + kinds);
        }
        // removes come back to the live set's size: no more than the creates
        assertTrue(kinds.get(OpKind.REMOVE) <= kinds.get(OpKind.CREATE) + kinds.get(OpKind.EARLY_REMOVE));
    }
}
