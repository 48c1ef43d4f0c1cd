package dev.mdevsim.core;

/**
 * One mdev type offered by a parent, e.g. {@code nvidia-63} with 8 instances, or a type of a parent's
 * pool ({@link #IN_POOL}: the parent's pool counts its instances).
 */
public record TypeSpec(String name, int maxInstances) {

    /** {@link #maxInstances} of a type whose instances come from its parent's pool. */
    public static final int IN_POOL = 0;

    /** A type of a pooled parent. */
    public static TypeSpec inPool(String name) {
        return new TypeSpec(name, IN_POOL);
    }
}
