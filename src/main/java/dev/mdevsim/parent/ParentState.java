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
import java.util.TreeMap;
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
    /** {@code host.unregister-walk = stop-at-transitional}: the 4.18 walk bug, on purpose. */
    private final boolean stopAtTransitional;
    /** With that bug: the mdevs the unregistration's walk does not reach. */
    private Set<UUID> leftBehind = Set.of();

    ParentState(Description model, ParentSpec spec, Devices devices, HostObserver observer) {
        this(model, spec, devices, observer, false);
    }

    ParentState(Description model, ParentSpec spec, Devices devices, HostObserver observer, boolean stopAtTransitional) {
        this.stopAtTransitional = stopAtTransitional;
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
        List<UUID> out = new ArrayList<>();
        devices.all().forEach((uuid, m) -> {
            if (leftBehind.contains(uuid)) {
                return;
            }
            if (!m.stale()) {
                m.phase = Phase.REMOVING; // the sweep's removals have begun (a stale one is swept as it is)
            }
            out.add(uuid);
        });
        return out;
    }

    /**
     * An unregistration begins. With {@code stop-at-transitional} (the 4.18 bug of SEMANTICS P5's
     * note, never a model's default), its walk is decided now, as 4.18's {@code device_for_each_child}
     * walked at once: it stops at the first mdev (in the walk's order) that is not active, because
     * removing it answers EAGAIN, and that mdev and every one after it are left behind.
     */
    void unregistrationBegins() {
        if (!stopAtTransitional) {
            return;
        }
        Set<UUID> left = new HashSet<>();
        boolean stopped = false;
        for (Map.Entry<UUID, Devices.Mdev> e : new TreeMap<>(devices.all()).entrySet()) {
            stopped |= e.getValue().phase != Phase.ACTIVE;
            if (stopped) {
                left.add(e.getKey());
            }
        }
        leftBehind = left;
    }

    /** The mdevs the unregistration left behind that still exist (empty unless {@code stop-at-transitional}). */
    Set<UUID> leftBehind() {
        Set<UUID> out = new HashSet<>(leftBehind);
        out.retainAll(devices.all().keySet());
        return out;
    }

    /** P5: the sweep is over, nothing is left (but what a buggy walk left behind). */
    boolean empty() {
        return swept && devices.size() == leftBehind().size();
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
