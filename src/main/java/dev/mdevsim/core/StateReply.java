package dev.mdevsim.core;

import java.util.UUID;

/** The answer to a state query: what the owner of the UUID says its state is right now. */
public record StateReply(long requestId, UUID uuid, DeviceState state) {
}
