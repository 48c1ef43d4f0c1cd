package dev.mdevsim.vendor;

import dev.mdevsim.config.ConfigReader;
import dev.mdevsim.core.Errno;
import java.util.List;

/**
 * The simulated vendor's profile: latencies, injected faults and the capacity errno. Read from the
 * {@code mdevsim.vendor} section (documented in {@code reference.conf}).
 *
 * @param createLatency     how long a create op takes
 * @param removeLatency     how long a remove op takes
 * @param createFailureRate the probability that a create op fails (C9)
 * @param createFailureErrno what a failing create op answers
 * @param removeRefusalRate the probability that a remove op is refused (R4: the user sees EBUSY)
 * @param hangRate          the probability that an op never completes
 * @param capacityErrno     what a create answers when its type is full (C10)
 * @param setupLatency      how long the sysfs setup after a successful create op takes (SEMANTICS
 *                          "What userspace sees": the "setup" phase; 0 in the kernel, nearly)
 */
public record VendorSettings(
        Latency createLatency,
        Latency removeLatency,
        double createFailureRate,
        Errno createFailureErrno,
        double removeRefusalRate,
        double hangRate,
        Errno capacityErrno,
        Latency setupLatency) {

    /** The keys of the {@code vendor} section. */
    public static final List<String> KEYS = List.of("create-latency", "remove-latency", "create-failure",
            "remove-refusal-rate", "hang-rate", "capacity-errno", "setup-latency");

    /** A vendor whose ops succeed at once. */
    public static VendorSettings instant() {
        return new VendorSettings(new Latency.Fixed(0), new Latency.Fixed(0), 0, Errno.EIO, 0, 0, Errno.ENOSPC,
                new Latency.Fixed(0));
    }

    /** Reads the {@code vendor} section; every problem names its key. */
    public static VendorSettings read(ConfigReader vendor) {
        ConfigReader failure = vendor.section("create-failure", List.of("rate", "errno"));
        return new VendorSettings(
                vendor.latency("create-latency"),
                vendor.latency("remove-latency"),
                failure.rate("rate"),
                failure.errno("errno", false),
                vendor.rate("remove-refusal-rate"),
                vendor.rate("hang-rate"),
                vendor.errno("capacity-errno", false),
                vendor.latency("setup-latency"));
    }

    public VendorSettings withLatencies(Latency create, Latency remove) {
        return new VendorSettings(create, remove, createFailureRate, createFailureErrno, removeRefusalRate, hangRate, capacityErrno,
                setupLatency);
    }
}
