package dev.mdevsim.core;

/**
 * Mdevs by state: {@code creating} (the vendor create op is running), {@code active}, and
 * {@code removing} (the vendor remove op is running). A run's final state, and one point of its time
 * series.
 */
public record DeviceCounts(long creating, long active, long removing) {

    public static final DeviceCounts NONE = new DeviceCounts(0, 0, 0);

    public DeviceCounts plus(DeviceCounts o) {
        return new DeviceCounts(creating + o.creating, active + o.active, removing + o.removing);
    }

    public long total() {
        return creating + active + removing;
    }
}
