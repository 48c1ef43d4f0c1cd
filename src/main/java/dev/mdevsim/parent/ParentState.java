package dev.mdevsim.parent;

import akka.actor.typed.ActorRef;
import dev.mdevsim.core.DeviceCounts;
import dev.mdevsim.core.HostObserver;
import dev.mdevsim.core.ParentSpec;
import dev.mdevsim.device.MdevDevice;
import dev.mdevsim.model.Description;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    ParentState(Description model, ParentSpec spec, Devices devices, HostObserver observer) {
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

    /** C14: setup done: the request is over; the device to activate (then {@link Devices#becameActive}). */
    ActorRef<MdevDevice.Command> created(UUID uuid) {
        creating--;
        sem.exit();
        return devices.get(uuid).device;
    }

    /** A remove's vendor op starts (a stale mdev was counted when it was left removing). */
    void removeStarted(UUID uuid) {
        if (!devices.get(uuid).stale) {
            removing++;
        }
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
        return devices.get(uuid).device;
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
        return new ArrayList<>(devices.all().keySet());
    }

    /** P5: the sweep is over, nothing is left. */
    boolean empty() {
        return swept && devices.size() == 0;
    }

    DeviceCounts counts() {
        return new DeviceCounts(creating, devices.size() - creating - removing, removing);
    }

    ParentDevice.View view(String name, int liveChildren) {
        Map<UUID, String> types = new HashMap<>();
        devices.all().forEach((uuid, m) -> types.put(uuid, m.type));
        return new ParentDevice.View(name, types, capacity.slots(), liveChildren, devices.idle(), devices.resting(),
                sem.readers(), creating, removing);
    }
}
