package dev.mdevsim.parent;

import dev.mdevsim.core.Phase;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A parent's tables, its answer to {@link ParentDevice.Inspect}: device UUID → type, the capacity slots it counts, the number of child
 * actors still alive, the requests in progress, its mdevs {@code creating} (vendor op or setup)
 * and {@code removing} (vendor op, or left by R8), each mdev's phase, and the mdevs whose
 * {@code remove} attribute a sysfs writer took.
 */
public record ParentView(String name, Map<UUID, String> devices, List<Capacity.Slot> slots, int liveChildren,
                         int idleDevices, int restingDevices, int inProgress, int creating, int removing,
                         Map<UUID, Phase> phases, Set<UUID> removeTaken) {

    /** A view without phases (built by hand, in tests): every mdev active. */
    public ParentView(String name, Map<UUID, String> devices, List<Capacity.Slot> slots, int liveChildren,
                      int idleDevices, int restingDevices, int inProgress, int creating, int removing) {
        this(name, devices, slots, liveChildren, idleDevices, restingDevices, inProgress, creating, removing,
                active(devices), Set.of());
    }

    /** The same view with other capacity slots (a core pool's, from the registry). */
    public ParentView withSlots(List<Capacity.Slot> other) {
        return new ParentView(name, devices, other, liveChildren, idleDevices, restingDevices, inProgress, creating, removing,
                phases, removeTaken);
    }

    private static Map<UUID, Phase> active(Map<UUID, String> devices) {
        Map<UUID, Phase> out = new HashMap<>();
        devices.keySet().forEach(u -> out.put(u, Phase.ACTIVE));
        return out;
    }
}
