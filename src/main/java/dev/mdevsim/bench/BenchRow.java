package dev.mdevsim.bench;

/**
 * One row of the benchmark table, as DESIGN.md's JSON rows: throughput rows carry
 * {@code name, model, clients, parents, vendor_latency_us, ops_per_s, p50_us, p99_us} (plus the
 * efficiency against the design's bound where one applies); the memory row carries
 * {@code name, devices, bytes_per_device} (plus how long creating them took).
 *
 * @param efficiency ops/s divided by the design's Little's-law bound, or NaN where none applies
 * @param runs       how many measured runs the medians come from
 */
public record BenchRow(String name, String model, int clients, int parents, long vendorLatencyMicros,
                       double opsPerSecond, long p50Micros, long p99Micros, double efficiency,
                       long devices, double bytesPerDevice, double createSeconds, int runs) {

    public static BenchRow throughput(String name, String model, int clients, int parents, long vendorLatencyMicros,
                                      double opsPerSecond, long p50, long p99, double efficiency, int runs) {
        return new BenchRow(name, model, clients, parents, vendorLatencyMicros, opsPerSecond, p50, p99, efficiency,
                0, Double.NaN, Double.NaN, runs);
    }

    public static BenchRow memory(long devices, double bytesPerDevice, double createSeconds, int runs) {
        return new BenchRow("memory", "seed", 0, 0, 0, Double.NaN, 0, 0, Double.NaN, devices, bytesPerDevice,
                createSeconds, runs);
    }

    public boolean isMemory() {
        return name.equals("memory");
    }
}
