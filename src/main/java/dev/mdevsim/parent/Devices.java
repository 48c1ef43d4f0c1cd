package dev.mdevsim.parent;

import akka.actor.typed.ActorRef;
import dev.mdevsim.core.Phase;
import dev.mdevsim.device.MdevDevice;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * A parent's mdevs and their device actors. Plain and single-threaded: owned by a
 * {@link ParentDevice}, which alone talks to the devices, so everything it sends a device is queued
 * behind what it sent before.
 *
 * <ul>
 *   <li>Every mdev has an entry (its type, and its device actor or none). A device actor serves one
 *       mdev at a time; when the mdev is gone it is recycled into an idle pool (at most
 *       {@code poolSize}; beyond that, stopped) and serves the next create: churn spawns no actors.</li>
 *   <li>Passivation, as in Akka Cluster Sharding with an active-entity limit: at most
 *       {@code maxActiveActors} active mdevs keep their device actor. Beyond that a freshly active mdev
 *       <em>rests</em>: its actor is recycled, the entry keeps the state (active), and
 *       {@link #deviceFor} wakes it (a pooled actor, assigned in {@code active}) when an op needs it.
 *       A transitional mdev always has its device, which answers EAGAIN. One typed actor costs Akka
 *       2.6 about 700 bytes and a spawn; a resting mdev costs its entry.</li>
 * </ul>
 */
final class Devices {

    /** One mdev: its type, and its device actor, or null while it rests (active, no actor). */
    static final class Mdev {
        final String type;
        ActorRef<MdevDevice.Command> device;
        /**
         * Where it is; {@link Phase#STALE}: (linux-5.2, linux-6.1) a remove cleared {@code active}, then
         * found the parent being unregistered (R8): it stays {@code removing}, with no vendor op, until
         * the unregistration removes it.
         */
        Phase phase = Phase.VENDOR;
        /** A sysfs writer took its {@code remove} attribute, which has not been re-created (S7, S9). */
        boolean removeTaken;

        Mdev(String type) {
            this.type = type;
        }

        boolean resting() {
            return device == null;
        }

        boolean stale() {
            return phase == Phase.STALE;
        }
    }

    private final Map<UUID, Mdev> mdevs = new HashMap<>();
    private final ArrayDeque<ActorRef<MdevDevice.Command>> idle = new ArrayDeque<>();
    private final int maxActiveActors;
    private final int poolSize;
    private final Supplier<ActorRef<MdevDevice.Command>> spawn;
    private final BiConsumer<ActorRef<MdevDevice.Command>, MdevDevice.Command> tell;
    private final ActorRef<dev.mdevsim.parent.ParentDevice.Command> parent;
    private int withActor;
    private int resting;

    /**
     * @param spawn a new idle device actor, child of the parent
     * @param tell  sends a device a command (tests record them)
     */
    Devices(int maxActiveActors, int poolSize, ActorRef<ParentDevice.Command> parent,
            Supplier<ActorRef<MdevDevice.Command>> spawn, BiConsumer<ActorRef<MdevDevice.Command>, MdevDevice.Command> tell) {
        this.maxActiveActors = maxActiveActors;
        this.poolSize = poolSize;
        this.parent = parent;
        this.spawn = spawn;
        this.tell = tell;
    }

    Mdev get(UUID uuid) {
        return mdevs.get(uuid);
    }

    boolean contains(UUID uuid) {
        return mdevs.containsKey(uuid);
    }

    /** A new mdev in {@code creating}, with a device (pooled or new). */
    ActorRef<MdevDevice.Command> create(UUID uuid, String type) {
        Mdev m = new Mdev(type);
        m.device = obtain();
        tell.accept(m.device, new MdevDevice.Assign(uuid, parent, false));
        mdevs.put(uuid, m);
        withActor++;
        return m.device;
    }

    /** The device of an mdev, woken (assigned in {@code active}) if it rests. */
    ActorRef<MdevDevice.Command> deviceFor(UUID uuid) {
        Mdev m = mdevs.get(uuid);
        if (m.resting()) {
            m.device = obtain();
            tell.accept(m.device, new MdevDevice.Assign(uuid, parent, true));
            resting--;
            withActor++;
        }
        return m.device;
    }

    /**
     * The mdev's device has been told something after which it is active (OK for its create, EBUSY for
     * its removal). If more active mdevs than allowed have actors, this one rests: its device is
     * recycled behind that message.
     */
    void becameActive(UUID uuid) {
        if (withActor > maxActiveActors) {
            Mdev m = mdevs.get(uuid);
            release(m.device, false);
            m.device = null;
            withActor--;
            resting++;
        }
    }

    /** The mdev is gone (create failed, removal complete); its device is recycled or, if {@code stop}, stopped. */
    void forget(UUID uuid, boolean stop) {
        Mdev m = mdevs.remove(uuid);
        if (m.resting()) {
            resting--;
        } else {
            withActor--;
            release(m.device, stop);
        }
    }

    /** R8 (unreg_sem): the mdev stays {@code removing} until the unregistration's sweep. */
    void markStale(UUID uuid) {
        mdevs.get(uuid).phase = Phase.STALE;
    }

    /** Stops every idle device (the parent is going away). */
    void stopIdle() {
        idle.forEach(d -> tell.accept(d, MdevDevice.Stop.INSTANCE));
        idle.clear();
    }

    Map<UUID, Mdev> all() {
        return mdevs;
    }

    int size() {
        return mdevs.size();
    }

    /** Mdevs resting without an actor. */
    int resting() {
        return resting;
    }

    /** Idle device actors in the pool. */
    int idle() {
        return idle.size();
    }

    /** Device actors that exist: those serving an mdev and the idle ones. */
    int actors() {
        return withActor + idle.size();
    }

    private ActorRef<MdevDevice.Command> obtain() {
        return idle.isEmpty() ? spawn.get() : idle.pop();
    }

    private void release(ActorRef<MdevDevice.Command> device, boolean stop) {
        if (!stop && idle.size() < poolSize) {
            tell.accept(device, MdevDevice.Recycle.INSTANCE);
            idle.push(device);
        } else {
            tell.accept(device, MdevDevice.Stop.INSTANCE);
        }
    }
}
