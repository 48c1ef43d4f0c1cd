package dev.mdevsim.vendor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mdevsim.core.Errno;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The simulated vendor's faults (C9, R4, hangs, C10's errno) and latencies, the latter on a clock the
 * test drives by hand; how fast the real timer is, is measured by the benchmark.
 */
class SimulatedVendorTest {

    static final Latency ZERO = new Latency.Fixed(0);
    static final UUID U = UUID.randomUUID();

    static VendorSettings profile(double failure, double refusal, double hang) {
        return new VendorSettings(ZERO, ZERO, failure, Errno.ENOMEM, refusal, hang, Errno.EUSERS, ZERO);
    }

    static List<Errno> run(VendorSettings s, long seed, boolean create, int n) {
        try (SimulatedVendor.Factory f = new SimulatedVendor.Factory(s, seed)) {
            VendorDriver d = f.forParent("P1");
            List<Errno> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                CompletableFuture<Errno> r = (create ? d.create(i, "P1", "t", U) : d.remove(i, "P1", "t", U)).toCompletableFuture();
                out.add(r.getNow(null)); // zero latency: done at once, unless hung (null)
            }
            return out;
        }
    }

    static long count(List<Errno> l, Errno e) {
        return l.stream().filter(x -> x == e).count();
    }

    @Test
    void faultFree_everyOpOKAtOnce() {
        List<Errno> out = run(profile(0, 0, 0), 1, true, 1000);
        assertEquals(1000, count(out, Errno.OK));
    }

    @Test
    void createFailureRate_failsWithTheErrnoAtThatRate_C9() {
        List<Errno> out = run(profile(0.25, 0, 0), 1, true, 20_000);
        assertEquals(0.25, count(out, Errno.ENOMEM) / 20_000.0, 0.02);
        assertEquals(20_000, count(out, Errno.ENOMEM) + count(out, Errno.OK));
    }

    @Test
    void removeRefusalRate_refusesWithEBUSY_R4() {
        List<Errno> out = run(profile(0, 0.1, 0), 1, false, 20_000);
        assertEquals(0.1, count(out, Errno.EBUSY) / 20_000.0, 0.02);
        assertEquals(0, count(out, Errno.ENOMEM)); // the create failure does not apply to removes
    }

    @Test
    void hangRate_opsThatNeverComplete() {
        List<Errno> out = run(profile(0, 0, 0.5), 1, true, 20_000);
        long hung = out.stream().filter(x -> x == null).count();
        assertEquals(0.5, hung / 20_000.0, 0.02);
        assertEquals(Errno.EUSERS, new SimulatedVendor(profile(0, 0, 0), null, new java.util.SplittableRandom(1)).capacityErrno());
    }

    @Test
    void sameSeed_sameOutcomes_otherSeed_otherOutcomes() {
        VendorSettings s = profile(0.3, 0, 0.1);
        assertEquals(run(s, 42, true, 2000), run(s, 42, true, 2000));
        assertFalse(run(s, 42, true, 2000).equals(run(s, 43, true, 2000)));
    }

    /** Delays driven by hand: each op's wait is recorded, and completes only when the test fires it. */
    static final class ManualDelays implements Delays {
        record Pending(long nanos, Errno outcome, CompletableFuture<Errno> stage) {
        }

        final List<Pending> pending = new ArrayList<>();

        @Override
        public CompletableFuture<Errno> after(long nanos, Errno outcome) {
            Pending p = new Pending(nanos, outcome, new CompletableFuture<>());
            pending.add(p);
            if (nanos <= 0) {
                p.stage().complete(outcome); // the contract: no latency, done at once
            }
            return p.stage();
        }

        List<Long> waits() {
            return pending.stream().map(Pending::nanos).toList();
        }

        void fire(int i) {
            pending.get(i).stage().complete(pending.get(i).outcome());
        }
    }

    @Test
    void latency_eachOpWaitsItsSampledLatencyOnTheClock_thenCompletesWithItsOutcome_C9_R4() {
        long createNanos = TimeUnit.MILLISECONDS.toNanos(20);
        long removeNanos = TimeUnit.MILLISECONDS.toNanos(3);
        VendorSettings s = profile(1, 1, 0).withLatencies(new Latency.Fixed(createNanos), new Latency.Fixed(removeNanos));
        ManualDelays clock = new ManualDelays();
        VendorDriver d = new SimulatedVendor(s, clock, new java.util.SplittableRandom(1));
        CompletableFuture<Errno> create = d.create(1, "P1", "t", U).toCompletableFuture();
        CompletableFuture<Errno> remove = d.remove(2, "P1", "t", U).toCompletableFuture();
        assertEquals(List.of(createNanos, removeNanos), clock.waits(), "each op waits its own latency");
        assertFalse(create.isDone() || remove.isDone(), "nothing completes before its latency has passed");
        clock.fire(1);
        assertEquals(Errno.EBUSY, remove.getNow(null), "the refusal is decided at the call, delivered after the latency");
        assertFalse(create.isDone(), "ops complete independently, in the order their latencies end");
        clock.fire(0);
        assertEquals(Errno.ENOMEM, create.getNow(null));
    }

    @Test
    void latency_completesOnTheFactorysTimer() throws Exception {
        VendorSettings s = profile(0, 0, 0).withLatencies(new Latency.Fixed(TimeUnit.MILLISECONDS.toNanos(1)), ZERO);
        try (SimulatedVendor.Factory f = new SimulatedVendor.Factory(s, 1)) {
            CompletableFuture<Errno> r = f.forParent("P1").create(1, "P1", "t", U).toCompletableFuture();
            assertEquals(Errno.OK, r.get(30, TimeUnit.SECONDS));
        }
    }
}
