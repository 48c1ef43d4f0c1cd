package dev.mdevsim.core;

/** One mdev type offered by a parent, e.g. {@code nvidia-63} with 8 instances. */
public record TypeSpec(String name, int maxInstances) {
}
