package dev.mdevsim.core;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** A parent device to register: its name and the types it offers, in order. */
public record ParentSpec(String name, List<TypeSpec> types) {

    public ParentSpec {
        types = List.copyOf(types);
    }

    public static ParentSpec of(String name, TypeSpec... types) {
        return new ParentSpec(name, List.of(types));
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
     * name or a non-positive capacity is EINVAL. Returns {@link Errno#OK} when the spec is valid.
     */
    public Errno validate() {
        if (name == null || name.isEmpty() || types.isEmpty()) {
            return Errno.EINVAL;
        }
        Set<String> seen = new HashSet<>();
        for (TypeSpec t : types) {
            if (t.name() == null || t.name().isEmpty() || t.maxInstances() <= 0 || !seen.add(t.name())) {
                return Errno.EINVAL;
            }
        }
        return Errno.OK;
    }
}
