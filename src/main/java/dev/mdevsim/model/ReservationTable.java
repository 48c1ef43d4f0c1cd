package dev.mdevsim.model;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Which owner (a parent) holds each UUID, from reservation until release: the kernel's
 * {@code mdev_list} in seed (a UUID stays here while its device is creating, active or removing, so
 * any second create of it is a duplicate, C3–C8) and the bus links in legacy. Not thread-safe: used
 * by {@link Namespace} inside the registry actor.
 *
 * @param <O> the owner type
 */
public final class ReservationTable<O> {

    private final HashMap<UUID, O> owners = new HashMap<>();

    /** Check-and-reserve: true if the UUID was free and now belongs to {@code owner}. */
    public boolean reserve(UUID uuid, O owner) {
        return owners.putIfAbsent(uuid, owner) == null;
    }

    /** The owner of a reserved UUID, or {@code null} when it is free. */
    public O owner(UUID uuid) {
        return owners.get(uuid);
    }

    /** Frees a UUID held by {@code owner}; false if it was not held by that owner. */
    public boolean release(UUID uuid, O owner) {
        return owners.remove(uuid, owner);
    }

    /** Frees every UUID held by {@code owner} and says how many there were. */
    public int releaseAll(O owner) {
        int before = owners.size();
        owners.values().removeIf(o -> o == owner);
        return before - owners.size();
    }

    public int size() {
        return owners.size();
    }

    /** A copy, for inspection. */
    public Map<UUID, O> snapshot() {
        return Map.copyOf(owners);
    }
}
