package dev.mdevsim.registry;

import akka.actor.typed.ActorRef;
import dev.mdevsim.core.Errno;
import dev.mdevsim.core.ParentSpec;
import dev.mdevsim.model.Description;
import dev.mdevsim.model.Namespace;
import dev.mdevsim.parent.Capacity;
import dev.mdevsim.parent.ParentDevice;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The registry's tables (the {@code parent_list}, the global namespace, the core pools) and the
 * rules of the mdev core over them, per the model's {@link Description}: which answer a create or a
 * remove gets at the registry, or which parent it goes on to. Plain and single-threaded: owned by
 * the {@link Registry} actor, which only sends what these rules decide; unit-tested on its own.
 */
final class CoreTables {

    /**
     * What the registry does with a request: answer it ({@code answer}), hand it to {@code parent},
     * or (global-lock) queue it on the global lock ({@link #QUEUE}).
     */
    record Decision(Errno answer, ParentEntry parent) {
        static final Decision QUEUE = new Decision(null, null);

        static Decision answer(Errno errno) {
            return new Decision(errno, null);
        }

        boolean queued() {
            return this == QUEUE;
        }
    }

    private final Description model;
    private final Namespace<ParentEntry> namespace;
    private final Map<String, ParentEntry> parents = new HashMap<>();
    /** The registry's part of each create, computed once: for parents with and without a pool. */
    private final List<Description.CreateStep> withoutPool;
    private final List<Description.CreateStep> withPool;

    CoreTables(Description model) {
        this.model = model;
        this.namespace = new Namespace<>(model);
        this.withoutPool = model.createOrder(false);
        this.withPool = model.createOrder(true);
    }

    ParentEntry parent(String name) {
        return parents.get(name);
    }

    /** P2, P3: EINVAL or EEXIST when the parent cannot be registered, else OK. */
    Errno checkRegistration(ParentSpec spec) {
        Errno valid = spec.validate();
        return !valid.isOk() ? valid : parents.containsKey(spec.name()) ? Errno.EEXIST : Errno.OK;
    }

    /** P1: a new parent, registering (its actor is being spawned). */
    ParentEntry register(ParentSpec spec) {
        ParentEntry entry = new ParentEntry(spec, model.corePool(spec.hasPool()));
        parents.put(spec.name(), entry);
        return entry;
    }

    /** Spawning the parent's actor failed: forget it. */
    void registrationFailed(ParentEntry entry) {
        parents.remove(entry.name(), entry);
    }

    /** P4, P5: the parent starts unregistering, or null (ENODEV) when it is not registered. */
    ParentEntry beginUnregister(String name) {
        ParentEntry p = parents.get(name);
        if (p == null || p.phase != Registry.ParentPhase.REGISTERED) {
            return null;
        }
        p.phase = Registry.ParentPhase.UNREGISTERING;
        return p;
    }

    /**
     * P5, global-lock: whether an unregistration of {@code p} that has begun must wait before it goes
     * to the parent, because creates admitted to it still wait for the global lock.
     */
    boolean unregisterWaitsForLock(ParentEntry p) {
        return p.waitingForLock > 0;
    }

    /**
     * global-lock: the deferred unregistration of {@code parent}, taken, once no create admitted to it
     * waits for the global lock any more; else null.
     */
    ParentDevice.Unregister dueUnregister(String parent) {
        ParentEntry p = parents.get(parent);
        if (p == null || p.deferredUnregister == null || p.waitingForLock > 0) {
            return null;
        }
        ParentDevice.Unregister due = p.deferredUnregister;
        p.deferredUnregister = null;
        return due;
    }

    /** The parent's unregistration is complete: it is gone, and every UUID it held is free. Returns those left. */
    int gone(ParentEntry p) {
        return gone(p, Set.of());
    }

    /** The parent is gone; its UUIDs are free but for {@code leftBehind} (a buggy walk's leftovers keep theirs). */
    int gone(ParentEntry p, Set<UUID> leftBehind) {
        parents.remove(p.name(), p);
        if (leftBehind.isEmpty()) {
            return namespace.releaseAll(p);
        }
        int released = 0;
        for (Map.Entry<UUID, ParentEntry> e : namespace.snapshot().entrySet()) {
            if (e.getValue() == p && !leftBehind.contains(e.getKey()) && namespace.release(e.getKey(), p)) {
                released++;
            }
        }
        return released;
    }

    /**
     * The registry's steps of {@link Description#createOrder}, in order: find the parent (ENOENT, C2),
     * its phase (ENODEV, C13: at entry or as the trylock), the global lock (queue), the reservation
     * (EEXIST, C3–C8), the core pool (EUSERS); a failed check undoes what earlier ones claimed. The
     * first of the parent's steps ends them: the create goes on to it. A create queued on the global
     * lock is counted as waiting on its parent ({@link ParentEntry#waitingForLock}): it was admitted.
     * {@code locked}: the create holds the global lock now and runs the steps again, all but the
     * unregistration check it passed on entry: like legacy's create queued on the parent's lock, it
     * is in progress on its parent, which an unregistration waits for (P5); in the kernel's draft it
     * holds its parent ({@code mdev_get_parent} before the lock) and nothing re-checks it after.
     */
    Decision admitCreate(String parent, String type, UUID uuid, boolean locked) {
        ParentEntry p = parents.get(parent);
        if (locked && p != null) {
            p.waitingForLock--; // it holds the lock now
        }
        boolean reserved = false;
        for (Description.CreateStep step : p != null && p.spec.hasPool() ? withPool : withoutPool) {
            Errno refused = switch (step) {
                case FIND_PARENT -> p == null || p.phase == Registry.ParentPhase.REGISTERING || p.spec.type(type).isEmpty()
                        ? Errno.ENOENT : null;
                case NOT_UNREGISTERING -> !locked && p.phase == Registry.ParentPhase.UNREGISTERING ? Errno.ENODEV : null;
                case TRYLOCK -> p.phase == Registry.ParentPhase.UNREGISTERING ? Errno.ENODEV : null;
                case GLOBAL_LOCK -> null;
                case RESERVE -> (reserved = namespace.reserve(uuid, p)) ? null : Errno.EEXIST;
                case CORE_POOL -> p.poolClaimed < p.spec.pool() ? null : Errno.EUSERS;
                default -> {
                    if (p.corePool) {
                        p.poolClaimed++; // claimed last, so a refusal before it has nothing to give back
                    }
                    yield Errno.OK;
                }
            };
            if (step == Description.CreateStep.GLOBAL_LOCK && !locked) {
                p.waitingForLock++;
                return Decision.QUEUE;
            }
            if (refused == Errno.OK) {
                return new Decision(null, p);
            }
            if (refused != null) {
                if (reserved) {
                    namespace.release(uuid, p); // the UUID is free again
                }
                return Decision.answer(refused);
            }
        }
        throw new IllegalStateException("a create order without the parent's steps: " + model);
    }

    /**
     * A remove: ENODEV (R2; legacy R5, R6: not on the list; R8 where the parent's phase is checked at
     * entry), or the parent that owns the device (taken off legacy's list).
     */
    Decision routeRemove(UUID uuid) {
        ParentEntry p = namespace.removable(uuid);
        if (p == null) {
            return Decision.answer(Errno.ENODEV);
        }
        if (p.phase == Registry.ParentPhase.UNREGISTERING && model.gate() == Description.Gate.AT_ENTRY) {
            return Decision.answer(Errno.ENODEV); // with unreg_sem the parent tries the lock after clearing active
        }
        namespace.takeForRemoval(uuid);
        return new Decision(null, p);
    }

    /** The device is gone (create failed, removal complete): its UUID is free, and a core pool's instance. */
    boolean release(UUID uuid) {
        ParentEntry p = namespace.owner(uuid);
        if (p == null || !namespace.release(uuid, p)) {
            return false;
        }
        if (p.corePool) {
            p.poolClaimed--;
        }
        return true;
    }

    /** Legacy: take the bus link for {@code parent}; null when linked, else the parent that holds it. */
    ParentEntry link(UUID uuid, String parent) {
        return namespace.link(uuid, parents.get(parent));
    }

    /** Legacy: the device's creation completed, or its removal was refused. */
    void list(UUID uuid) {
        namespace.list(uuid);
    }

    /** The parent that holds a UUID in any state, or null. */
    ParentEntry owner(UUID uuid) {
        return namespace.owner(uuid);
    }

    Map<UUID, String> reservations() {
        Map<UUID, String> out = new HashMap<>();
        namespace.snapshot().forEach((uuid, p) -> out.put(uuid, p.name()));
        return out;
    }

    java.util.Set<UUID> listed() {
        return namespace.listed();
    }

    Map<String, Registry.ParentPhase> phases() {
        return collect(p -> true, p -> p.phase);
    }

    Map<String, ActorRef<ParentDevice.Command>> refs() {
        return collect(p -> p.ref != null, p -> p.ref);
    }

    Map<String, Capacity.Slot> corePools() {
        return collect(p -> p.corePool, ParentEntry::pool);
    }

    private <T> Map<String, T> collect(Predicate<ParentEntry> which, Function<ParentEntry, T> what) {
        Map<String, T> out = new LinkedHashMap<>();
        parents.forEach((name, p) -> {
            if (which.test(p)) {
                out.put(name, what.apply(p));
            }
        });
        return out;
    }
}
