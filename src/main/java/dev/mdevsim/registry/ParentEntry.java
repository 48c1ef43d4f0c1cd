package dev.mdevsim.registry;

import akka.actor.typed.ActorRef;
import dev.mdevsim.core.ParentSpec;
import dev.mdevsim.core.TypeSpec;
import dev.mdevsim.parent.Capacity;
import dev.mdevsim.parent.ParentDevice;

/** One parent as the registry knows it: its spec, its phase, its actor and (linux-6.1) its core pool. */
final class ParentEntry {

    final ParentSpec spec;
    /** Whether the core counts the parent's pool, claimed at reservation (linux-6.1); else the vendor does. */
    final boolean corePool;
    int poolClaimed;
    Registry.ParentPhase phase = Registry.ParentPhase.REGISTERING;
    ActorRef<ParentDevice.Command> ref;
    /**
     * global-lock: creates admitted to this parent (found, not unregistering) that wait for the global
     * lock. They are in progress on it, as legacy's creates queued on the parent's lock are (P5).
     */
    int waitingForLock;
    /** global-lock: an unregistration that waits for {@link #waitingForLock} to reach 0 before it goes to the parent. */
    ParentDevice.Unregister deferredUnregister;

    ParentEntry(ParentSpec spec, boolean corePool) {
        this.spec = spec;
        this.corePool = corePool;
    }

    String name() {
        return spec.name();
    }

    /** The core pool as inspected (G4, S10). */
    Capacity.Slot pool() {
        return new Capacity.Slot(Capacity.POOL, spec.types().stream().map(TypeSpec::name).toList(), spec.pool(), poolClaimed);
    }
}
