package dev.mdevsim.model;

import dev.mdevsim.core.Errno;
import java.util.ArrayList;
import java.util.List;

/**
 * One kernel's mdev core as a handful of choices, which the actors consult instead of asking which
 * model they run: where a create or remove waits, where duplicates are found, when a remove can find
 * its device, how an unregistration keeps new requests out, what a failed vendor remove does, and who
 * counts a parent's pool, and when its sysfs files exist. A sixth kernel is a new combination (SEMANTICS.md "The models"); a genuinely
 * new behaviour is a new value of one of these enums, and the code that gives it meaning.
 *
 * <p>The rows each choice decides are named on its values. Plain and immutable; unit-tested on its
 * own ({@code DescriptionTest}).
 *
 * @param lock          the kernel mutex a create or remove holds across its whole run, vendor op included
 * @param duplicates    where a create's duplicate check happens
 * @param listing       when a remove can find a device
 * @param gate          how a parent's unregistration keeps new requests out
 * @param removeFailure what a vendor remove op that fails does to a user's remove
 * @param pools         who counts a pool shared by a parent's types
 * @param sysfs         when each sysfs file of an mdev exists, and whether a failed remove write re-creates
 *                      its {@code remove} attribute (the S rows)
 */
public record Description(Lock lock, Duplicates duplicates, Listing listing, Gate gate, RemoveFailure removeFailure,
                          Pools pools, SysfsTimeline sysfs) {

    /** A kernel mutex held across a whole create or remove (vendor op included), and who owns its queue. */
    public enum Lock {
        /** Nothing is held across a vendor op: ops run in parallel, even on one parent (C11, C12, R7). */
        NONE,
        /** {@code parent->lock}, queued in the parent's actor: one op at a time per parent (legacy C3, C5, C7, C11). */
        PER_PARENT,
        /** One lock for the whole host, queued in the registry: one op at a time anywhere (global-lock C11, C12). */
        GLOBAL
    }

    /** Where a create finds a duplicate UUID. */
    public enum Duplicates {
        /** Check-and-reserve in the global {@code mdev_list} before anything else: EEXIST at once (C3–C8). */
        RESERVE_IN_LIST,
        /**
         * Among the parent's own children under its lock (EEXIST), then at the bus link, where another
         * parent's UUID is refused with a duplicate-link warning (legacy C4, C6, C8).
         */
        PARENT_THEN_BUS_LINK
    }

    /** When a remove finds its device on the list. */
    public enum Listing {
        /** From reservation to the end of its removal: a transitional device answers EAGAIN (R5, R6). */
        FROM_RESERVATION,
        /** Only once its create is complete, and off the list as soon as a remove begins: ENODEV (legacy R5, R6). */
        WHEN_CREATED
    }

    /** How an unregistration keeps new creates and removes out (C13, R8; P5 drains in every model). */
    public enum Gate {
        /** The parent's phase is checked as a request enters the core: ENODEV before anything else. */
        AT_ENTRY,
        /**
         * {@code down_read_trylock(&parent->unreg_sem)}: a create tries it after its reservation (and
         * the core pool), a remove after it cleared {@code active}; a failed remove leaves the mdev
         * {@code removing} until the unregistration removes it (5.2 C13, R8).
         */
        UNREG_SEM
    }

    /** What a user's remove answers when the vendor's remove op fails (R4). */
    public enum RemoveFailure {
        /** EBUSY, and the mdev is active again. */
        REFUSED,
        /** OK: the failure is logged ("Remove failed: err=E", a {@code remove_failed} warning) and the mdev removed. */
        LOGGED,
        /** OK: a vendor's remove cannot fail; a scripted failure is ignored, nothing is logged. */
        IGNORED
    }

    /** Who counts a pool that a parent's types share ({@code max-instances} on the parent). */
    public enum Pools {
        /** The vendor: claimed when its create op starts, answering {@code capacity-errno} (C10). */
        VENDOR,
        /** The core: claimed at reservation under the registry's lock, answering EUSERS (6.1 C10). */
        CORE
    }

    /** One check or step of a create, in the order the kernel makes them. */
    public enum CreateStep {
        /** The parent and type exist and the parent is registered: else ENOENT (C2). */
        FIND_PARENT,
        /** The parent is not being unregistered: else ENODEV (C13). */
        NOT_UNREGISTERING,
        /** Wait for the global lock. */
        GLOBAL_LOCK,
        /** Check-and-reserve the UUID in the global list: else EEXIST (C3–C8). */
        RESERVE,
        /** Claim an instance of the parent's core pool: else EUSERS (6.1 C10). */
        CORE_POOL,
        /** {@code down_read_trylock(&parent->unreg_sem)}: else ENODEV (C13). */
        TRYLOCK,
        /** Wait for the parent's lock. */
        PARENT_LOCK,
        /** The UUID is not one of the parent's own children: else EEXIST (legacy C3, C5, C7). */
        OWN_CHILDREN,
        /** Link the device on the bus: another parent's UUID is EEXIST and a warning (legacy C4, C6, C8). */
        BUS_LINK,
        /** The vendor claims an instance (type or vendor-counted pool): else {@code capacity-errno} (C10). */
        VENDOR_CLAIM,
        /** The vendor's create op (or, in 6.1, probe): its errno (C9). */
        VENDOR_CREATE,
        /** The sysfs files after the vendor op (SEMANTICS "What userspace sees"). */
        SETUP,
        /** The device turns active and the request is answered OK (C14). */
        ACTIVATE
    }

    /** The designs SEMANTICS.md specifies. */
    static final Description SEED = new Description(Lock.NONE, Duplicates.RESERVE_IN_LIST, Listing.FROM_RESERVATION,
            Gate.AT_ENTRY, RemoveFailure.REFUSED, Pools.VENDOR, SysfsTimeline.REGISTER_BEFORE_VENDOR);
    static final Description LEGACY = new Description(Lock.PER_PARENT, Duplicates.PARENT_THEN_BUS_LINK, Listing.WHEN_CREATED,
            Gate.AT_ENTRY, RemoveFailure.REFUSED, Pools.VENDOR, SysfsTimeline.REGISTER_BEFORE_VENDOR);
    static final Description GLOBAL_LOCK = new Description(Lock.GLOBAL, Duplicates.RESERVE_IN_LIST, Listing.FROM_RESERVATION,
            Gate.AT_ENTRY, RemoveFailure.REFUSED, Pools.VENDOR, SysfsTimeline.REGISTER_BEFORE_VENDOR);
    static final Description LINUX_5_2 = new Description(Lock.NONE, Duplicates.RESERVE_IN_LIST, Listing.FROM_RESERVATION,
            Gate.UNREG_SEM, RemoveFailure.LOGGED, Pools.VENDOR, SysfsTimeline.ADD_AFTER_VENDOR);
    static final Description LINUX_6_1 = new Description(Lock.NONE, Duplicates.RESERVE_IN_LIST, Listing.FROM_RESERVATION,
            Gate.UNREG_SEM, RemoveFailure.IGNORED, Pools.CORE, SysfsTimeline.ADD_BEFORE_PROBE);

    public Description {
        if (duplicates == Duplicates.PARENT_THEN_BUS_LINK && lock != Lock.PER_PARENT) {
            // the own-children check is only a duplicate check while the parent's lock is held
            throw new IllegalArgumentException("a duplicate check among the parent's children needs the parent's lock");
        }
        if (listing == Listing.WHEN_CREATED && duplicates != Duplicates.PARENT_THEN_BUS_LINK) {
            throw new IllegalArgumentException("a late list needs the bus link to keep UUIDs unique (G2)");
        }
    }

    /** Whether the registry reserves a create's UUID (else the parent checks and links it). */
    public boolean reservesInList() {
        return duplicates == Duplicates.RESERVE_IN_LIST;
    }

    /** Whether a create with this parent spec has its pool counted by the core at reservation. */
    public boolean corePool(boolean parentHasPool) {
        return parentHasPool && pools == Pools.CORE;
    }

    /** The user's answer to a remove whose vendor op ended with {@code vendor} (R3, R4). */
    public Errno removeAnswer(Errno vendor) {
        return vendor.isOk() || removeFailure != RemoveFailure.REFUSED ? Errno.OK : Errno.EBUSY;
    }

    /** Whether a failed vendor remove op (a user's or the unregistration's) counts a {@code remove_failed} warning. */
    public boolean warnsWhenRemoveFails() {
        return removeFailure == RemoveFailure.LOGGED;
    }

    /** Whether a remove may find its device transitional and answer EAGAIN (R5, R6). */
    public boolean answersEagain() {
        return listing == Listing.FROM_RESERVATION && lock != Lock.GLOBAL;
    }

    /** Whether a request's effect on its UUID is one atomic step (everything under one lock). */
    public boolean atomicRequests() {
        return lock == Lock.GLOBAL;
    }

    /**
     * The steps of a create in order, for a parent with a pool ({@code pool}) or per-type capacities:
     * SEMANTICS.md's C rows and "Order of a create's checks" (5.2, 6.1). The actors follow this order;
     * tests check it against the rows.
     */
    public List<CreateStep> createOrder(boolean pool) {
        List<CreateStep> steps = new ArrayList<>();
        steps.add(CreateStep.FIND_PARENT);
        if (gate == Gate.AT_ENTRY) {
            steps.add(CreateStep.NOT_UNREGISTERING);
        }
        if (lock == Lock.GLOBAL) {
            steps.add(CreateStep.GLOBAL_LOCK);
        }
        if (reservesInList()) {
            steps.add(CreateStep.RESERVE);
        }
        if (corePool(pool)) {
            steps.add(CreateStep.CORE_POOL);
        }
        if (gate == Gate.UNREG_SEM) {
            steps.add(CreateStep.TRYLOCK);
        }
        if (lock == Lock.PER_PARENT) {
            steps.add(CreateStep.PARENT_LOCK);
        }
        if (!reservesInList()) {
            steps.add(CreateStep.OWN_CHILDREN);
            steps.add(CreateStep.BUS_LINK);
        }
        if (!corePool(pool)) {
            steps.add(CreateStep.VENDOR_CLAIM);
        }
        steps.add(CreateStep.VENDOR_CREATE);
        steps.add(CreateStep.SETUP);
        steps.add(CreateStep.ACTIVATE);
        return List.copyOf(steps);
    }
}
