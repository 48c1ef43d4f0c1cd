package dev.mdevsim.vendor;

import dev.mdevsim.core.Errno;
import dev.mdevsim.core.Seeds;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A vendor driver drawn from a {@link VendorSettings} profile: each op samples its latency and its
 * fault from a per-parent seeded generator, then completes after that latency on its {@link Delays}
 * (in a run, the {@link DelayScheduler} its {@link Factory} shares among the parents).
 * Called only from its parent's actor (see {@link VendorDriver}), so the generator needs no lock.
 */
public final class SimulatedVendor implements VendorDriver {

    private final VendorSettings settings;
    private final Delays clock;
    private final SplittableRandom random;

    public SimulatedVendor(VendorSettings settings, Delays clock, SplittableRandom random) {
        this.settings = settings;
        this.clock = clock;
        this.random = random;
    }

    @Override
    public CompletionStage<Errno> create(long requestId, String parent, String type, UUID uuid) {
        if (happens(settings.hangRate())) {
            return new CompletableFuture<>();
        }
        Errno outcome = happens(settings.createFailureRate()) ? settings.createFailureErrno() : Errno.OK;
        return clock.after(sample(settings.createLatency()), outcome);
    }

    @Override
    public CompletionStage<Errno> remove(long requestId, String parent, String type, UUID uuid) {
        if (happens(settings.hangRate())) {
            return new CompletableFuture<>();
        }
        Errno outcome = happens(settings.removeRefusalRate()) ? Errno.EBUSY : Errno.OK;
        return clock.after(sample(settings.removeLatency()), outcome);
    }

    @Override
    public CompletionStage<Errno> setup(long requestId, String parent, String type, UUID uuid) {
        return clock.after(sample(settings.setupLatency()), Errno.OK);
    }

    @Override
    public Errno capacityErrno() {
        return settings.capacityErrno();
    }

    private boolean happens(double rate) {
        // no draw at rate 0: a fault-free profile costs nothing and stays reproducible
        return rate > 0 && random.nextDouble() < rate;
    }

    private long sample(Latency latency) {
        return latency.isZero() ? 0 : latency.sampleNanos(random);
    }

    /** Makes one {@link SimulatedVendor} per parent, all sharing one timer thread. */
    public static final class Factory implements VendorFactory, AutoCloseable {

        private final VendorSettings settings;
        private final long seed;
        private final Delays clock;
        /** The timer thread this factory made, if any: closed with it. */
        private final DelayScheduler owned;

        public Factory(VendorSettings settings, long seed) {
            this.settings = settings;
            this.seed = seed;
            this.owned = new DelayScheduler("mdevsim-vendor-timer");
            this.clock = owned;
        }

        /** Vendors that wait on {@code clock} (a deterministic run's virtual time). */
        public Factory(VendorSettings settings, long seed, Delays clock) {
            this.settings = settings;
            this.seed = seed;
            this.owned = null;
            this.clock = clock;
        }

        @Override
        public VendorDriver forParent(String parentName) {
            // same seed and parent name, same sequence of latencies and faults
            return new SimulatedVendor(settings, clock, new SplittableRandom(Seeds.stream(seed, parentName.hashCode())));
        }

        @Override
        public void close() {
            if (owned != null) {
                owned.close();
            }
        }
    }
}
