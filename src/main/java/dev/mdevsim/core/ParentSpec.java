package dev.mdevsim.core;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A parent device to register: its name, the types it offers (in order), and either a capacity per
 * type or one pool that all its types share ({@code max-instances} on the parent: the kernel's
 * {@code mdev_driver.max_instances}, used by mdpy, vfio-ccw and vfio-ap).
 *
 * @param pool the shared pool's size, or {@link #NO_POOL} when each type has its own {@code max-instances}
 *             (a pool's types have none: {@link TypeSpec#IN_POOL})
 */
public record ParentSpec(String name, List<TypeSpec> types, int pool) {

    /** {@link #pool} of a parent whose types each have their own capacity. */
    public static final int NO_POOL = 0;

    public ParentSpec {
        types = List.copyOf(types);
    }

    /** A parent whose types have their own capacities. */
    public ParentSpec(String name, List<TypeSpec> types) {
        this(name, types, NO_POOL);
    }

    public static ParentSpec of(String name, TypeSpec... types) {
        return new ParentSpec(name, List.of(types));
    }

    /** A parent whose types share one pool of {@code pool} instances. */
    public static ParentSpec pooled(String name, int pool, String... typeNames) {
        return new ParentSpec(name, java.util.Arrays.stream(typeNames).map(TypeSpec::inPool).toList(), pool);
    }

    /** Whether the types share a pool. */
    public boolean hasPool() {
        return pool != NO_POOL;
    }

    /** The type with that name, if this parent offers it. */
    public Optional<TypeSpec> type(String typeName) {
        for (TypeSpec t : types) {
            if (t.name().equals(typeName)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /**
     * P3: a registration with no types, an empty name, a type with an empty name, a repeated type
     * name or a non-positive capacity is EINVAL, and so is a pool with per-type capacities. Returns
     * {@link Errno#OK} when the spec is valid.
     */
    public Errno validate() {
        if (name == null || name.isEmpty() || types.isEmpty() || pool < 0) {
            return Errno.EINVAL;
        }
        Set<String> seen = new HashSet<>();
        for (TypeSpec t : types) {
            boolean capacityOk = hasPool() ? t.maxInstances() == TypeSpec.IN_POOL : t.maxInstances() > 0;
            if (t.name() == null || t.name().isEmpty() || !capacityOk || !seen.add(t.name())) {
                return Errno.EINVAL;
            }
        }
        return Errno.OK;
    }

    /** The instances this parent offers in all: the pool, or the sum of its types' capacities. */
    public long instances() {
        return hasPool() ? pool : types.stream().mapToLong(TypeSpec::maxInstances).sum();
    }
}
