package dev.mdevsim.core;

/**
 * The answer to a create, remove, register or unregister request: the caller's {@code requestId}
 * echoed back with the outcome. Exactly one is sent per request (G1).
 */
public record Reply(long requestId, Errno errno) {
}
