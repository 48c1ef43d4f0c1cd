package dev.mdevsim.parent;

import akka.actor.typed.ActorRef;
import dev.mdevsim.core.DeviceCounts;
import dev.mdevsim.core.HostObserver;
import dev.mdevsim.core.Errno;
import dev.mdevsim.core.ParentSpec;
import dev.mdevsim.core.Phase;
import dev.mdevsim.core.RemoveFileOp;
import dev.mdevsim.device.MdevDevice;
import dev.mdevsim.model.Description;
import dev.mdevsim.model.SysfsTimeline;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A parent's books, kept by its {@link ParentDevice} actor, which only sends what these say: its
 * {@link Capacity}, its mdevs and their device actors ({@link Devices}), the requests in progress
 * ({@link UnregSem}), and how many mdevs are being created and removed. Every change of a request's
 * phase is one call here, so the counts and the semaphore cannot drift apart. Not thread-safe.
 */
final class ParentState {

    final Capacity capacity;
    final Devices devices;
    final UnregSem sem;
    /** Mdevs from the start of their create until active or failed (vendor op and setup). */
    private int creating;
    /** Mdevs with a vendor remove op running, or left {@code removing} by R8. */
    private int removing;
    private boolean swept;
    private final SysfsTimeline timeline;

    ParentState(Description model, ParentSpec spec, Devices devices, HostObserver observer) {
        this.timeline = model.sysfs();
        this.capacity = new Capacity(spec, !model.corePool(spec.hasPool()));
        this.devices = devices;
        this.sem = new UnregSem(observer);
    }

    /** C10, C14: claims an instance and assigns a device in {@code creating}; false when none is left. */
    boolean startCreate(UUID uuid, String type) {
        if (!capacity.tryClaim(type)) {
            return false;
        }
        devices.create(uuid, type);
        creating++;
        return true;
    }

    /** C9: the create failed: its instance is back, its device forgotten, the request over. */
    void createFailed(UUID uuid) {
        creating--;
        capacity.release(devices.get(uuid).type);
        devices.forget(uuid, sem.writerArrived());
        sem.exit();
    }

    /** The vendor op succeeded: the setup adds the sysfs files. Returns the mdev's type. */
    String settingUp(UUID uuid) {
        Devices.Mdev m = devices.get(uuid);
        m.phase = Phase.SETUP;
        return m.type;
    }

    /** C14: setup done: the request is over; the device to activate (then {@link Devices#becameActive}). */
    ActorRef<MdevDevice.Command> created(UUID uuid) {
        creating--;
        sem.exit();
        Devices.Mdev m = devices.get(uuid);
        m.phase = Phase.ACTIVE;
        return m.device;
    }

    /** A remove's vendor op starts (a stale mdev was counted when it was left removing). */
    void removeStarted(UUID uuid) {
        Devices.Mdev m = devices.get(uuid);
        if (!m.stale()) {
            removing++;
        }
        m.phase = Phase.REMOVING;
    }

    /** R8 with unreg_sem: the trylock failed after {@code active} was cleared; the mdev waits for the sweep. */
    void leftRemoving(UUID uuid) {
        devices.markStale(uuid);
        removing++;
        sem.exit();
    }

    /** R3, P5: the removal is complete: the instance is back, the device forgotten ({@code force}: the sweep's). */
    void removed(UUID uuid, boolean force) {
        removing--;
        if (!force) {
            sem.exit();
        }
        capacity.release(devices.get(uuid).type);
        devices.forget(uuid, sem.writerArrived());
    }

    /** R4: the vendor refused; the device is active again (then {@link Devices#becameActive}). */
    ActorRef<MdevDevice.Command> refused(UUID uuid) {
        removing--;
        sem.exit();
        Devices.Mdev m = devices.get(uuid);
        m.phase = Phase.ACTIVE;
        return m.device;
    }

    /**
     * A sysfs writer's look at ({@link RemoveFileOp#PROBE}), take of ({@link RemoveFileOp#TAKE}) or
     * re-creation of ({@link RemoveFileOp#RESTORE}, where the model re-creates it) the mdev's
     * {@code remove} attribute: OK, or ENOENT when it does not exist now (S5, S7, S9).
     */
    Errno removeFile(UUID uuid, RemoveFileOp op) {
        Devices.Mdev m = devices.get(uuid);
        if (op == RemoveFileOp.RESTORE) {
            if (m != null && timeline.recreatesRemove()) {
                m.removeTaken = false; // device_create_file(dev, attr), after the failed removal
            }
            return Errno.OK;
        }
        if (m == null || !timeline.parts(m.phase, m.removeTaken).remove()) {
            return Errno.ENOENT;
        }
        if (op == RemoveFileOp.TAKE) {
            m.removeTaken = true; // device_remove_file_self: at the write itself
        }
        return Errno.OK;
    }

    /**
     * P5: the mdevs to force-remove, once: when the unregistration holds the write side (every
     * request drained). Empty before that, and after.
     */
    List<UUID> toSweep() {
        if (!sem.writerHolds() || swept) {
            return List.of();
        }
        swept = true;
        devices.all().values().forEach(m -> {
            if (!m.stale()) {
                m.phase = Phase.REMOVING; // the sweep's removals have begun (a stale one is swept as it is)
            }
        });
        return new ArrayList<>(devices.all().keySet());
    }

    /** P5: the sweep is over, nothing is left. */
    boolean empty() {
        return swept && devices.size() == 0;
    }

    DeviceCounts counts() {
        return new DeviceCounts(creating, devices.size() - creating - removing, removing);
    }

    ParentView view(String name, int liveChildren) {
        Map<UUID, String> types = new HashMap<>();
        Map<UUID, Phase> phases = new HashMap<>();
        Set<UUID> taken = new HashSet<>();
        devices.all().forEach((uuid, m) -> {
            types.put(uuid, m.type);
            phases.put(uuid, m.phase);
            if (m.removeTaken) {
                taken.add(uuid);
            }
        });
        return new ParentView(name, types, capacity.slots(), liveChildren, devices.idle(), devices.resting(),
                sem.readers(), creating, removing, phases, taken);
    }
}
