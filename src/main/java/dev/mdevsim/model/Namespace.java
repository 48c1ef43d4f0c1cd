package dev.mdevsim.model;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The global mdev namespace as each model keeps it ({@link Description.Duplicates}, {@link Description.Listing}). Not thread-safe: owned by the registry actor.
 *
 * <ul>
 *   <li>{@code seed}, {@code global-lock}: one table, the kernel's {@code mdev_list}. A create reserves
 *       its UUID before anything else (C3–C8: EEXIST while the UUID is reserved anywhere); a remove
 *       finds its device there; the UUID is released when the create fails or the removal completes.</li>
 *   <li>{@code legacy}: two. The <em>bus links</em> ({@code /sys/bus/mdev/devices}) are taken when the
 *       parent registers the device, after its own duplicate check, and released when the device is
 *       unregistered; a second link of one UUID is the duplicate-link warning (C4, C6, C8). The
 *       <em>list</em> ({@code mdev_list}) holds only devices whose creation is complete: a remove takes
 *       its device off the list at once (so an early or a second remove is ENODEV, R5, R6) and a
 *       refused removal puts it back (R4).</li>
 * </ul>
 *
 * @param <O> the owner (a parent)
 */
public final class Namespace<O> {

    private final Description model;
    private final ReservationTable<O> owners = new ReservationTable<>();
    private final Set<UUID> listed = new HashSet<>();

    public Namespace(Description model) {
        this.model = model;
    }

    /** Whether creates check and reserve here (seed, global-lock) rather than link at the parent (legacy). */
    public boolean reservesOnCreate() {
        return model.reservesInList();
    }

    /** seed, global-lock: check-and-reserve; false means EEXIST. Legacy never reserves here. */
    public boolean reserve(UUID uuid, O owner) {
        if (!reservesOnCreate()) {
            throw new IllegalStateException("legacy links at the parent");
        }
        return owners.reserve(uuid, owner);
    }

    /** Legacy: take the bus link. Returns null when linked, else the owner that already holds it. */
    public O link(UUID uuid, O owner) {
        return owners.reserve(uuid, owner) ? null : owners.owner(uuid);
    }

    /** Legacy: the device's creation is complete, or its removal was refused: it is on the list. */
    public void list(UUID uuid) {
        listed.add(uuid);
    }

    /**
     * The owner a remove of {@code uuid} goes to, or null for ENODEV: in legacy only a listed device
     * can be removed (R2, R5, R6).
     */
    public O removable(UUID uuid) {
        O owner = owners.owner(uuid);
        return model.listing() == Description.Listing.WHEN_CREATED && !listed.contains(uuid) ? null : owner;
    }

    /** A remove goes ahead: legacy takes the device off the list. */
    public void takeForRemoval(UUID uuid) {
        listed.remove(uuid);
    }

    /** The owner of a UUID in any state (creating, active, removing), or null when it is free. */
    public O owner(UUID uuid) {
        return owners.owner(uuid);
    }

    /** The device is gone (create failed, removal complete): the UUID is free (and unlinked, unlisted). */
    public boolean release(UUID uuid, O owner) {
        listed.remove(uuid);
        return owners.release(uuid, owner);
    }

    /** Frees everything an owner holds; says how much that was. */
    public int releaseAll(O owner) {
        listed.removeIf(u -> owners.owner(u) == owner);
        return owners.releaseAll(owner);
    }

    /** UUID → owner, for inspection. */
    public Map<UUID, O> snapshot() {
        return owners.snapshot();
    }

    /** The listed UUIDs (legacy), for inspection. */
    public Set<UUID> listed() {
        return Set.copyOf(listed);
    }
}
