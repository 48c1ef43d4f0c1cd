package dev.mdevsim.load;

import dev.mdevsim.core.DeviceCounts;
import dev.mdevsim.core.Errno;
import dev.mdevsim.core.Warnings;
import dev.mdevsim.report.TimeSeries;
import dev.mdevsim.sim.Sim;
import dev.mdevsim.vendor.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
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
 * device counts rather than a late one; the last point, taken once the run is quiet, waits for them
 * (as the run's own inspection does). Memory: at most {@code max-points} points (see
 * {@link TimeSeries}).
 */
final class Sampler {

    private static final Errno[] ERRNOS = Errno.values();
    private static final OpKind[] OPS = OpKind.values();
    private static final Duration MAX_DEVICE_WAIT = Duration.ofSeconds(1);
    /** The last point's wait for the device counts: the run is over, nothing is made late by waiting. */
    private static final Duration FINAL_DEVICE_WAIT = Duration.ofSeconds(30);

    private final TimeSeries series;
    private final Metrics metrics;
    private final IntSupplier inFlight;
    private final Supplier<Warnings> warnings;
    private final Function<Duration, CompletionStage<DeviceCounts>> devices;
    private final long t0;
    private final Clock clock;
    private final Sim sim;
    private final Thread thread;
    /** Deterministic runs: the sample whose device counts are still being asked for. */
    private CompletableFuture<Void> taking = CompletableFuture.completedFuture(null);
    private volatile boolean running = true;
    private long[][] lastCounts;
    private Warnings lastWarnings;
    private long lastAt;

    /**
     * A sampler whose points are taken by hand ({@link #sample}); {@link #start} makes one that samples
     * on its own thread.
     *
     * @param devices asks the host for its device counts, answering within the given time
     */
    Sampler(TimeSeries series, Metrics metrics, IntSupplier inFlight, Supplier<Warnings> warnings,
            Function<Duration, CompletionStage<DeviceCounts>> devices, long t0) {
        this(series, metrics, inFlight, warnings, devices, t0, new SystemClock(), Sim.threads());
    }

    private Sampler(TimeSeries series, Metrics metrics, IntSupplier inFlight, Supplier<Warnings> warnings,
                    Function<Duration, CompletionStage<DeviceCounts>> devices, long t0, Clock clock, Sim sim) {
        this.clock = clock;
        this.sim = sim;
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
    }

    /** Starts sampling once per interval from {@code t0} ({@link System#nanoTime()} time). */
    static Sampler start(TimeSeries series, Metrics metrics, IntSupplier inFlight, Supplier<Warnings> warnings,
                         Function<Duration, CompletionStage<DeviceCounts>> devices, long t0) {
        return start(series, metrics, inFlight, warnings, devices, t0, new SystemClock(), Sim.threads());
    }

    /**
     * Starts sampling on {@code clock} from {@code t0}: on a thread of its own on threads; in a
     * deterministic run, by the loop's timers, each point added when its device counts arrive.
     */
    static Sampler start(TimeSeries series, Metrics metrics, IntSupplier inFlight, Supplier<Warnings> warnings,
                         Function<Duration, CompletionStage<DeviceCounts>> devices, long t0, Clock clock, Sim sim) {
        Sampler sampler = new Sampler(series, metrics, inFlight, warnings, devices, t0, clock, sim);
        if (sim.deterministic()) {
            sampler.tick(t0 + sampler.intervalNanos());
        } else {
            sampler.thread.start();
        }
        return sampler;
    }

    /** Deterministic runs: the sample due at {@code due}, then the next. */
    private void tick(long due) {
        clock.at(due).thenAccept(now -> {
            if (!running) {
                return;
            }
            Duration within = Duration.ofNanos(Math.min(intervalNanos(), MAX_DEVICE_WAIT.toNanos()));
            Pending p = begin(now);
            taking = devices.apply(within).toCompletableFuture()
                    .handle((counts, failure) -> {
                        p.add(counts);
                        return (Void) null;
                    });
            taking.thenRun(() -> tick(nextDue(due, intervalNanos(), clock.now())));
        });
    }

    /** {@link System#nanoTime()}, for samplers on threads. */
    private static final class SystemClock implements Clock {
        @Override
        public long now() {
            return System.nanoTime();
        }

        @Override
        public CompletionStage<Long> at(long deadlineNanos) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletionStage<dev.mdevsim.core.Errno> after(long nanos, dev.mdevsim.core.Errno outcome) {
            throw new UnsupportedOperationException();
        }
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
            next = nextDue(next, intervalNanos(), System.nanoTime());
        }
    }

    /**
     * When the sample after the one due at {@code due} is due, {@code now} being when that one was
     * done: one interval later, or at once when the sampler is behind, never a burst of catch-up samples.
     */
    static long nextDue(long due, long intervalNanos, long now) {
        return Math.max(due + intervalNanos, now);
    }

    private long intervalNanos() {
        return Math.max(1, (long) (series.intervalSeconds() * 1e9));
    }

    /** Stops sampling and adds the last point, up to now; returns that moment ({@link System#nanoTime()}). */
    long finish() throws InterruptedException {
        stop();
        if (sim.deterministic()) {
            try {
                sim.await(taking, FINAL_DEVICE_WAIT);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                // the point is added without device counts
            }
        } else {
            thread.join();
        }
        long end = clock.now();
        sample(end, FINAL_DEVICE_WAIT);
        return end;
    }

    /** Stops sampling (idempotent); the thread ends after the sample it may be taking. */
    void stop() {
        running = false;
        LockSupport.unpark(thread);
    }

    /** Adds the point from the previous one to {@code now} ({@link System#nanoTime()} time). */
    synchronized void sample(long now) {
        sample(now, Duration.ofNanos(Math.min(intervalNanos(), MAX_DEVICE_WAIT.toNanos())));
    }

    private synchronized void sample(long now, Duration deviceWait) {
        Pending p = begin(now);
        p.add(deviceCounts(deviceWait));
    }

    /** A point up to {@code now} but for its device counts; the counts since the last point are taken now. */
    private Pending begin(long now) {
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
        Pending p = new Pending(now, lastAt, outcomes, latency, inFlight.getAsInt(), warned.minus(lastWarnings));
        lastCounts = counts;
        lastWarnings = warned;
        lastAt = now;
        return p;
    }

    /** A point waiting for its device counts. */
    private final class Pending {
        private final long now;
        private final long from;
        private final Map<OpKind, Map<Errno, Long>> outcomes;
        private final Map<OpKind, TimeSeries.Latency> latency;
        private final int inFlight;
        private final Warnings warned;

        Pending(long now, long from, Map<OpKind, Map<Errno, Long>> outcomes, Map<OpKind, TimeSeries.Latency> latency,
                int inFlight, Warnings warned) {
            this.now = now;
            this.from = from;
            this.outcomes = outcomes;
            this.latency = latency;
            this.inFlight = inFlight;
            this.warned = warned;
        }

        /** Adds the point; null counts: the host did not answer in time. */
        void add(DeviceCounts state) {
            series.add(new TimeSeries.Point((now - t0) / 1e9, (now - from) / 1e9, outcomes, latency, state, inFlight, warned));
        }
    }

    private DeviceCounts deviceCounts(Duration within) {
        try {
            return sim.await(devices.apply(within), within.multipliedBy(2));
        } catch (Exception e) {
            return null; // too busy to answer in time: a point without device counts
        }
    }
}
