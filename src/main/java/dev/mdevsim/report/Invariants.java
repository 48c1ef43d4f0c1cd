package dev.mdevsim.report;

import dev.mdevsim.history.Checker;
import dev.mdevsim.model.Model;
import dev.mdevsim.parent.Capacity;
import dev.mdevsim.parent.ParentDevice;
import dev.mdevsim.parent.ParentView;
import dev.mdevsim.registry.Registry;
import dev.mdevsim.report.RunResult.InvariantResult;
import dev.mdevsim.report.RunResult.Requests;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The invariant checks every run ends with (SEMANTICS.md, "Guarantees every model keeps"). */
public final class Invariants {

    public static final String G1 = "G1-one-reply";
    public static final String G2 = "G2-unique-live";
    public static final String G4 = "G4-consistent";
    public static final String G3 = "G3-linearizable";

    private Invariants() {
    }

    /** G1: every request got one outcome (a reply, or a timeout), and none was answered twice. */
    public static InvariantResult oneReply(Requests r) {
        boolean held = r.duplicateReplies() == 0 && r.answered() + r.timedOut() == r.sent();
        String detail = r.answered() + " answered, " + r.timedOut() + " timed out (" + r.lateReplies()
                + " of them answered later), " + r.duplicateReplies() + " answered twice"
                + (r.answered() + r.timedOut() == r.sent() ? "" : ", " + (r.sent() - r.answered() - r.timedOut()) + " without an outcome");
        return new InvariantResult(G1, held, detail);
    }

    /**
     * G3 (or the model's own specification): the run's history is linearizable. Undecided partitions
     * fail it too: never counted as passed.
     */
    public static InvariantResult linearizable(Checker.Result r, Model model) {
        String counts = r.partitions() + " UUIDs, " + r.events() + " events, " + model + " specification";
        return switch (r.verdict()) {
            case LINEARIZABLE -> new InvariantResult(G3, true, "linearizable: " + counts);
            case UNKNOWN -> new InvariantResult(G3, false, "undecided in " + r.unknown().size() + " partitions ("
                    + r.unknown().get(0).why() + "): " + counts);
            case NOT_LINEARIZABLE -> new InvariantResult(G3, false, "not linearizable in " + r.violations().size()
                    + " partitions; UUID " + r.violations().get(0).uuid() + ": " + r.violations().get(0).why());
        };
    }

    /** The report's {@code linearizable}: true, false, or null when it was not decided. */
    public static Boolean verdict(InvariantResult g3) {
        return g3.held() ? Boolean.TRUE : g3.detail().startsWith("not linearizable") ? Boolean.FALSE : null;
    }

    /** G2: no UUID was ever live on two devices at once. */
    public static InvariantResult uniqueLive(long violations, List<String> examples) {
        return new InvariantResult(G2, violations == 0, violations == 0
                ? "no UUID was live twice"
                : violations + " times a UUID was live twice, e.g. " + String.join("; ", examples));
    }

    /** A slot's claims match its devices and stay within 0..max. */
    private static void checkSlot(String what, Capacity.Slot slot, long devices, List<String> problems) {
        if (slot.claimed() != devices) {
            problems.add(what + " claims " + slot.claimed() + " instances for " + devices + " devices");
        }
        if (slot.claimed() < 0 || slot.claimed() > slot.max()) {
            problems.add(what + " claims " + slot.claimed() + " of " + slot.max() + " instances");
        }
    }

    /**
     * G4, once the system is quiet: the registry and the parents agree on which mdevs exist, every
     * parent's claimed instances match its devices and stay within 0..max-instances, the device
     * actors alive are the devices, and (legacy) every listed UUID exists.
     */
    public static InvariantResult consistent(Registry.View registry, Map<String, ParentView> parents) {
        List<String> problems = new ArrayList<>();
        Map<UUID, String> fromParents = new HashMap<>();
        long devices = 0;
        for (ParentView p : parents.values()) {
            devices += p.devices().size();
            p.devices().keySet().forEach(u -> fromParents.put(u, p.name()));
            for (Capacity.Slot slot : p.slots()) {
                long inSlot = p.devices().values().stream().filter(slot.types()::contains).count();
                checkSlot(p.name() + "/" + slot.name(), slot, inSlot, problems);
            }
            int expected = p.devices().size() - p.restingDevices() + p.idleDevices();
            if (p.liveChildren() != expected) {
                problems.add(p.name() + " has " + p.liveChildren() + " device actors for " + p.devices().size()
                        + " devices (" + p.restingDevices() + " resting) and " + p.idleDevices() + " idle ones");
            }
        }
        registry.reservations().forEach((u, parent) -> {
            if (!parent.equals(fromParents.get(u))) {
                problems.add("the registry gives " + u + " to " + parent + ", the parents to " + fromParents.get(u));
            }
        });
        fromParents.forEach((u, parent) -> {
            if (!registry.reservations().containsKey(u)) {
                problems.add(parent + " has " + u + ", which the registry does not know");
            }
        });
        registry.corePools().forEach((parent, pool) -> {
            long reserved = registry.reservations().values().stream().filter(parent::equals).count();
            checkSlot("the core pool of " + parent, pool, reserved, problems);
        });
        registry.listed().forEach(u -> {
            if (!registry.reservations().containsKey(u)) {
                problems.add(u + " is listed but not linked");
            }
        });
        if (problems.isEmpty()) {
            return new InvariantResult(G4, true, "registry, " + parents.size() + " parents and " + devices
                    + " devices agree; capacity within bounds");
        }
        return new InvariantResult(G4, false, problems.size() + " disagreements, e.g. "
                + String.join("; ", problems.subList(0, Math.min(3, problems.size()))));
    }
}
