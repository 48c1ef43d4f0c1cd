package dev.mdevsim.parent;

import dev.mdevsim.core.ParentSpec;
import dev.mdevsim.core.TypeSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Instances of one parent, counted in <em>slots</em>: one per type ({@code available_instances =
 * max-instances − claimed}), or one pool that all the parent's types share. An instance is claimed
 * when the vendor create op starts and released when the create fails or the removal completes; a
 * device in {@code removing} still holds its instance (SEMANTICS, Capacity). A pool the core counts
 * (linux-6.1) is not counted here but in the registry, which claims at reservation: its types are
 * then {@link #countedElsewhere}. Keeps {@code 0 <= claimed <= max} (G4). Not thread-safe: owned by
 * a {@link ParentDevice} (or, a core pool, by the registry).
 */
public final class Capacity {

    /** The name of a parent's pool slot. */
    public static final String POOL = "pool";

    /** One slot as inspected: its types, its size and its claims. */
    public record Slot(String name, List<String> types, int max, int claimed) {
        public Slot {
            types = List.copyOf(types);
        }

        public int available() {
            return max - claimed;
        }
    }

    private static final class Counter {
        final String name;
        final List<String> types = new ArrayList<>();
        final int max;
        int claimed;

        Counter(String name, int max) {
            this.name = name;
            this.max = max;
        }
    }

    /** Type → its slot; a type counted elsewhere maps to null. */
    private final Map<String, Counter> byType = new LinkedHashMap<>();
    private final List<Counter> slots = new ArrayList<>();

    /**
     * @param countsPool whether this counts the parent's pool (false when the core does: linux-6.1)
     */
    public Capacity(ParentSpec spec, boolean countsPool) {
        Counter pool = null;
        if (spec.hasPool() && countsPool) {
            pool = new Counter(POOL, spec.pool());
            slots.add(pool);
        }
        for (TypeSpec t : spec.types()) {
            Counter c = pool;
            if (!spec.hasPool()) {
                c = new Counter(t.name(), t.maxInstances());
                slots.add(c);
            }
            if (c != null) {
                c.types.add(t.name());
            }
            byType.put(t.name(), c);
        }
    }

    /** The instances of a whole parent spec as one pool (the registry's core pool). */
    public static Capacity corePool(ParentSpec spec) {
        return new Capacity(spec, true);
    }

    public boolean hasType(String type) {
        return byType.containsKey(type);
    }

    /** Whether the type's instances are counted by someone else (the core's pool). */
    public boolean countedElsewhere(String type) {
        return byType.containsKey(type) && byType.get(type) == null;
    }

    /** Claims one instance; false when none is left (C10). A type counted elsewhere always succeeds here. */
    public boolean tryClaim(String type) {
        Counter s = byType.get(type);
        if (s == null) {
            return byType.containsKey(type);
        }
        if (s.claimed == s.max) {
            return false;
        }
        s.claimed++;
        return true;
    }

    /** Returns one instance. */
    public void release(String type) {
        if (countedElsewhere(type)) {
            return;
        }
        Counter s = byType.get(type);
        if (s == null || s.claimed == 0) {
            throw new IllegalStateException("release of an unclaimed instance of " + type);
        }
        s.claimed--;
    }

    /** {@code available_instances}: the remainder of the type's slot; -1 for an unknown type or one counted elsewhere. */
    public int available(String type) {
        Counter s = byType.get(type);
        return s == null ? -1 : s.max - s.claimed;
    }

    /** Every slot counted here, for inspection (G4) and the sysfs tree. */
    public List<Slot> slots() {
        List<Slot> out = new ArrayList<>(slots.size());
        for (Counter c : slots) {
            out.add(new Slot(c.name, c.types, c.max, c.claimed));
        }
        return out;
    }

    /** The one slot (a core pool), for inspection. */
    public Slot pool() {
        Counter c = slots.get(0);
        return new Slot(c.name, c.types, c.max, c.claimed);
    }
}
