package dev.mdevsim.load;

import dev.mdevsim.core.DeviceCounts;
import dev.mdevsim.core.Errno;
import dev.mdevsim.core.Warnings;
import dev.mdevsim.report.TimeSeries;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * Samples a run into a {@link TimeSeries} on its own thread, once per interval counted from the
 * run's start, and once more when the run ends, so that the series adds up to the run's totals.
 *
 * <p>Cost per sample, whatever the load: swapping each recording thread's interval histograms
 * ({@link Metrics#sampleLatency()}), summing the outcome counters, and one cheap query to the
 * registry and to each parent for the device counts ({@link dev.mdevsim.host.MdevHost#deviceCounts}).
 * A host too busy to answer that query within one interval (at most one second) gives a point without
 * device counts rather than a late one. Memory: at most {@code max-points} points (see
 * {@link TimeSeries}).
 */
final class Sampler {

    private static final Errno[] ERRNOS = Errno.values();
    private static final OpKind[] OPS = OpKind.values();
    private static final Duration MAX_DEVICE_WAIT = Duration.ofSeconds(1);

    private final TimeSeries series;
    private final Metrics metrics;
    private final IntSupplier inFlight;
    private final Supplier<Warnings> warnings;
    private final Function<Duration, CompletionStage<DeviceCounts>> devices;
    private final long t0;
    private final Thread thread;
    private volatile boolean running = true;
    private long[][] lastCounts;
    private Warnings lastWarnings;
    private long lastAt;

    /**
     * @param devices asks the host for its device counts, answering within the given time
     */
    Sampler(TimeSeries series, Metrics metrics, IntSupplier inFlight, Supplier<Warnings> warnings,
            Function<Duration, CompletionStage<DeviceCounts>> devices, long t0) {
        this.series = series;
        this.metrics = metrics;
        this.inFlight = inFlight;
        this.warnings = warnings;
        this.devices = devices;
        this.t0 = t0;
        this.lastAt = t0;
        this.lastCounts = metrics.outcomeCounts();
        this.lastWarnings = warnings.get();
        this.thread = new Thread(this::loop, "mdevsim-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        long next = t0 + intervalNanos();
        while (running) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(this, wait);
                continue; // woken early (finish, or spuriously): check again
            }
            sample(System.nanoTime());
            next = Math.max(next + intervalNanos(), System.nanoTime()); // behind: sample at once, do not burst
        }
    }

    private long intervalNanos() {
        return Math.max(1, (long) (series.intervalSeconds() * 1e9));
    }

    /** Stops sampling and adds the last point, up to now; returns that moment ({@link System#nanoTime()}). */
    long finish() throws InterruptedException {
        stop();
        thread.join();
        long end = System.nanoTime();
        sample(end);
        return end;
    }

    /** Stops sampling (idempotent); the thread ends after the sample it may be taking. */
    void stop() {
        running = false;
        LockSupport.unpark(thread);
    }

    private synchronized void sample(long now) {
        Map<OpKind, TimeSeries.Latency> latency = metrics.sampleLatency();
        long[][] counts = metrics.outcomeCounts();
        Warnings warned = warnings.get();
        Map<OpKind, Map<Errno, Long>> outcomes = new EnumMap<>(OpKind.class);
        for (OpKind op : OPS) {
            for (Errno e : ERRNOS) {
                long n = counts[op.ordinal()][e.ordinal()] - lastCounts[op.ordinal()][e.ordinal()];
                if (n != 0) {
                    outcomes.computeIfAbsent(op, x -> new EnumMap<>(Errno.class)).put(e, n);
                }
            }
        }
        DeviceCounts state = deviceCounts();
        series.add(new TimeSeries.Point((now - t0) / 1e9, (now - lastAt) / 1e9, outcomes, latency, state,
                inFlight.getAsInt(), warned.minus(lastWarnings)));
        lastCounts = counts;
        lastWarnings = warned;
        lastAt = now;
    }

    private DeviceCounts deviceCounts() {
        Duration within = Duration.ofNanos(Math.min(intervalNanos(), MAX_DEVICE_WAIT.toNanos()));
        try {
            return devices.apply(within).toCompletableFuture().get(within.toNanos() * 2, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (Exception e) {
            return null; // too busy to answer in time: a point without device counts
        }
    }
}
