package dev.mdevsim.core;

/**
 * Where an mdev is in its life, as its parent sees it, finer than {@link DeviceState}: what the
 * sysfs timeline of each model depends on (SEMANTICS.md "What userspace sees").
 */
public enum Phase {
    /** Creating: reserved, its vendor create op (in 6.1 the probe) running. */
    VENDOR(DeviceState.CREATING),
    /** Creating: the vendor op succeeded, the core adds its sysfs files; not active yet. */
    SETUP(DeviceState.CREATING),
    ACTIVE(DeviceState.ACTIVE),
    /** Removing: its vendor remove op running (or, the unregistration's sweep, about to). */
    REMOVING(DeviceState.REMOVING),
    /** Removing, with no op: a remove cleared {@code active} and then found the parent being unregistered (R8, 5.2 on). */
    STALE(DeviceState.REMOVING);

    private final DeviceState state;

    Phase(DeviceState state) {
        this.state = state;
    }

    /** The state a query reports. */
    public DeviceState state() {
        return state;
    }
}
