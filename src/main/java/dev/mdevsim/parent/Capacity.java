package dev.mdevsim.parent;

import dev.mdevsim.core.ParentSpec;
import dev.mdevsim.core.TypeSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Instances per type of one parent: {@code available_instances = max-instances − claimed}. An
 * instance is claimed when the vendor create op starts and released when the create fails or the
 * removal succeeds; a device in {@code removing} still holds its instance (SEMANTICS, Capacity).
 * Keeps {@code 0 <= claimed <= max} (G4). Not thread-safe: owned by a {@link ParentDevice}.
 */
public final class Capacity {

    private static final class Slot {
        final int max;
        int claimed;

        Slot(int max) {
            this.max = max;
        }
    }

    private final Map<String, Slot> slots = new LinkedHashMap<>();

    public Capacity(ParentSpec spec) {
        for (TypeSpec t : spec.types()) {
            slots.put(t.name(), new Slot(t.maxInstances()));
        }
    }

    public boolean hasType(String type) {
        return slots.containsKey(type);
    }

    /** Claims one instance; false when none is left (C10). */
    public boolean tryClaim(String type) {
        Slot s = slots.get(type);
        if (s == null || s.claimed == s.max) {
            return false;
        }
        s.claimed++;
        return true;
    }

    /** Returns one instance. */
    public void release(String type) {
        Slot s = slots.get(type);
        if (s == null || s.claimed == 0) {
            throw new IllegalStateException("release of an unclaimed instance of " + type);
        }
        s.claimed--;
    }

    /** {@code available_instances}, or -1 for an unknown type. */
    public int available(String type) {
        Slot s = slots.get(type);
        return s == null ? -1 : s.max - s.claimed;
    }

    /** {@code max-instances} per type. */
    public Map<String, Integer> max() {
        Map<String, Integer> out = new LinkedHashMap<>();
        slots.forEach((k, v) -> out.put(k, v.max));
        return out;
    }

    /** Claimed instances per type, for inspection. */
    public Map<String, Integer> claimed() {
        Map<String, Integer> out = new LinkedHashMap<>();
        slots.forEach((k, v) -> out.put(k, v.claimed));
        return out;
    }
}
