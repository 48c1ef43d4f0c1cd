package dev.mdevsim.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mdevsim.core.DeviceCounts;
import dev.mdevsim.core.Errno;
import dev.mdevsim.core.Warnings;
import dev.mdevsim.report.TimeSeries;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The time series of a run, sampled by hand at times the test sets (the sampler's own thread only
 * decides when): points that follow each other, counts per interval that add up, a bounded number of
 * points, and the cadence rule.
 */
class SamplerTest {

    static final long MS = 1_000_000L;
    static final long T0 = 1_000 * MS;

    final Metrics metrics = new Metrics();
    final AtomicReference<Warnings> warnings = new AtomicReference<>(Warnings.NONE);
    final AtomicInteger active = new AtomicInteger();

    Sampler sampler(TimeSeries series, Function<Duration, CompletionStage<DeviceCounts>> devices) {
        return new Sampler(series, metrics, () -> 7, warnings::get, devices, T0);
    }

    Function<Duration, CompletionStage<DeviceCounts>> answering() {
        return within -> CompletableFuture.completedFuture(new DeviceCounts(0, active.get(), 0));
    }

    void record(OpKind op, Errno e, int n) {
        for (int i = 0; i < n; i++) {
            metrics.record(op, e, 2 * MS);
        }
    }

    @Test
    void pointsFollowEachOther_countsAreThoseOfTheirInterval_devicesAndWarningsAsSeen() {
        TimeSeries series = new TimeSeries(0.1, 100);
        Sampler s = sampler(series, answering());
        record(OpKind.CREATE, Errno.OK, 5);
        active.set(5);
        s.sample(T0 + 100 * MS);
        record(OpKind.CREATE, Errno.OK, 2);
        record(OpKind.REMOVE, Errno.EBUSY, 1);
        warnings.set(new Warnings(3, 0));
        active.set(6);
        s.sample(T0 + 250 * MS); // late: its interval is longer
        List<TimeSeries.Point> p = series.points();
        assertEquals(2, p.size());
        assertEquals(0.1, p.get(0).endSeconds(), 1e-9);
        assertEquals(0.1, p.get(0).lengthSeconds(), 1e-9);
        assertEquals(0.25, p.get(1).endSeconds(), 1e-9);
        assertEquals(0.15, p.get(1).lengthSeconds(), 1e-9);
        assertEquals(5, p.get(0).count(OpKind.CREATE, Errno.OK));
        assertEquals(2, p.get(1).count(OpKind.CREATE, Errno.OK), "only what finished in its interval");
        assertEquals(1, p.get(1).count(OpKind.REMOVE, Errno.EBUSY));
        assertEquals(5, p.get(0).latency().get(OpKind.CREATE).count());
        assertEquals(2, p.get(1).latency().get(OpKind.CREATE).count());
        assertEquals(new DeviceCounts(0, 6, 0), p.get(1).devices());
        assertEquals(new Warnings(3, 0), p.get(1).warnings());
        assertEquals(7, p.get(1).inFlight());
        assertEquals(7, series.total(OpKind.CREATE, Errno.OK));
    }

    @Test
    void aHostThatDoesNotAnswer_givesAPointWithoutDeviceCounts_notALateOne() {
        TimeSeries series = new TimeSeries(0.01, 100);
        sampler(series, within -> new CompletableFuture<>()).sample(T0 + 10 * MS);
        assertEquals(1, series.points().size());
        assertNull(series.points().get(0).devices());
    }

    @Test
    void boundedWhateverTheLength_intervalDoubles_countsStayExact() {
        TimeSeries series = new TimeSeries(0.01, 8);
        Sampler s = sampler(series, answering());
        for (int i = 1; i <= 100; i++) { // a 1 s run sampled every 10 ms
            record(OpKind.CREATE, Errno.OK, i % 3);
            s.sample(T0 + i * 10 * MS);
        }
        assertTrue(series.points().size() <= 8, series.points().size() + " points");
        assertTrue(series.intervalSeconds() >= 0.08, "the interval doubled: " + series.intervalSeconds());
        assertEquals(metrics.outcomeCounts()[OpKind.CREATE.ordinal()][Errno.OK.ordinal()], series.total(OpKind.CREATE, Errno.OK));
        assertEquals(1.0, series.points().get(series.points().size() - 1).endSeconds(), 1e-9, "the points still cover the run");
    }

    @Test
    void cadence_oneIntervalAfterTheLastDue_atOnceWhenBehind_neverABurst() {
        assertEquals(200 * MS, Sampler.nextDue(100 * MS, 100 * MS, 101 * MS), "on time: the next interval, from the start");
        assertEquals(200 * MS, Sampler.nextDue(100 * MS, 100 * MS, 199 * MS), "a slow sample does not shift the cadence");
        assertEquals(450 * MS, Sampler.nextDue(100 * MS, 100 * MS, 450 * MS),
                "three intervals behind: one sample at once, not three catch-up samples");
    }
}
