package dev.mdevsim.load;

import dev.mdevsim.config.ConfigReader;
import java.time.Duration;
import java.util.List;

/**
 * The workload of a run ({@code mdevsim.load}, documented in {@code reference.conf}).
 *
 * @param operations requests to send; 0 means the run is bounded by {@code duration} instead
 * @param sysfs      {@code interface = sysfs}: the requests are writes to create and remove files (the S rows),
 *                   not calls of the kernel functions
 */
public record LoadSettings(Arrival arrival, int clients, double rate, Duration duration, long operations,
                           Duration timeout, Mix mix, int devicesPerClient, int maxInFlight, int uuidPool, boolean sysfs) {

    public LoadSettings(Arrival arrival, int clients, double rate, Duration duration, long operations,
                        Duration timeout, Mix mix, int devicesPerClient, int maxInFlight) {
        this(arrival, clients, rate, duration, operations, timeout, mix, devicesPerClient, maxInFlight, 0, false);
    }

    /** Closed: clients loop; open: steps start at a rate. */
    public enum Arrival { CLOSED, OPEN }

    public static final List<String> KEYS = List.of("arrival", "clients", "rate", "duration", "operations",
            "timeout", "mix", "devices-per-client", "max-in-flight", "uuid-pool", "interface");

    public static LoadSettings read(ConfigReader load) {
        load.requireKnownKeys(KEYS);
        Arrival arrival = load.oneOf("arrival", List.of("closed", "open")).equals("open") ? Arrival.OPEN : Arrival.CLOSED;
        return new LoadSettings(
                arrival,
                (int) load.integer("clients", 1, 100_000),
                load.positive("rate"),
                load.positiveDuration("duration"),
                load.isSet("operations") ? load.integer("operations", 1, Long.MAX_VALUE) : 0,
                load.positiveDuration("timeout"),
                Mix.read(load.section("mix")),
                (int) load.integer("devices-per-client", 1, 1_000_000),
                (int) load.integer("max-in-flight", 1, 10_000_000),
                (int) load.integer("uuid-pool", 0, 100_000_000),
                load.oneOf("interface", List.of("api", "sysfs")).equals("sysfs"));
    }

    /** Whether the run ends after {@link #operations} requests rather than after {@link #duration}. */
    public boolean byOperations() {
        return operations > 0;
    }

    /** "closed, 64 clients, 10 s" or "open, 10000/s, 100000 requests". */
    public String describe() {
        String shape = arrival == Arrival.CLOSED ? "closed, " + clients + " clients"
                : "open, " + (rate == Math.rint(rate) ? String.valueOf((long) rate) : String.valueOf(rate)) + " steps/s over "
                + clients + " clients, at most " + maxInFlight + " in flight";
        return shape + ", " + (byOperations() ? operations + " requests" : duration.toMillis() / 1000.0 + " s")
                + ", timeout " + duration(timeout) + (uuidPool > 0 ? ", a shared pool of " + uuidPool + " UUIDs" : "")
                + (sysfs ? ", through sysfs" : "");
    }

    static String duration(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }
}
