package dev.mdevsim.core;

/**
 * The answer to an {@code available_instances} query: {@link Errno#OK} with the count, or
 * {@link Errno#ENOENT} (and 0) when the parent or type is unknown.
 */
public record InstancesReply(long requestId, Errno errno, int available) {
}
