package dev.mdevsim.bench;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.Props;
import akka.actor.typed.javadsl.Behaviors;
import com.typesafe.config.Config;
import dev.mdevsim.core.Errno;
import dev.mdevsim.core.HostObserver;
import dev.mdevsim.core.ParentSpec;
import dev.mdevsim.core.Reply;
import dev.mdevsim.core.TypeSpec;
import dev.mdevsim.host.HostSettings;
import dev.mdevsim.history.HistoryWriter;
import dev.mdevsim.host.MdevHost;
import dev.mdevsim.load.Metrics;
import dev.mdevsim.load.OpKind;
import dev.mdevsim.load.Step;
import dev.mdevsim.model.Model;
import dev.mdevsim.registry.Registry;
import dev.mdevsim.vendor.Latency;
import dev.mdevsim.vendor.VendorSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/**
 * Measures one workload: {@code clients} closed loops, each creating and removing its own UUID on
 * parent {@code client % parents} (so every answer is OK), against the actors or against
 * {@link BaselineLocks}. A create and a remove count one op each. Ops are counted over a window
 * after a warm-up.
 *
 * <p>Actor clients talk to the registry directly (no ask, no stream) and record what a run's report
 * records ({@link Metrics}: an HdrHistogram and outcome counters per op), or, with {@code record}
 * off, only a counter: the difference is what recording costs.
 */
final class Harness {

    /** What to measure. */
    record Workload(Model model, int clients, int parents, long latencyNanos, boolean record) {
    }

    /** Ops per second over the window, and the latency of the ops in it (microseconds). */
    record Measurement(double opsPerSecond, long p50Micros, long p99Micros, long errors) {
    }

    private Harness() {
    }

    static List<ParentSpec> parents(int parents, int perParent) {
        List<ParentSpec> out = new ArrayList<>();
        for (int p = 0; p < parents; p++) {
            out.add(ParentSpec.of("P" + p, new TypeSpec("t", Math.max(1, perParent))));
        }
        return out;
    }

    static HostSettings settings(Model model, List<ParentSpec> parents, long latencyNanos) {
        Latency l = new Latency.Fixed(latencyNanos);
        return new HostSettings(model, 42, parents, VendorSettings.instant().withLatencies(l, l), Duration.ofMinutes(5));
    }

    /** A host with the workload's clients running against it. */
    private record Running(MdevHost host, Metrics metrics, LongAdder ops, LongAdder errors, AtomicBoolean recording,
                           AtomicBoolean stop, CountDownLatch stopped, HistoryWriter history, AtomicBoolean historyOn,
                           LongAdder historySkipped) implements AutoCloseable {

        static Running start(Config config, Workload w) {
            return start(config, w, null);
        }

        /** ... recording each op's call and return into {@code history} (when not null) while {@code historyOn}. */
        static Running start(Config config, Workload w, HistoryWriter history) {
            List<ParentSpec> parents = parents(w.parents(), (w.clients() + w.parents() - 1) / w.parents());
            MdevHost host = MdevHost.builder(config).settings(settings(w.model(), parents, w.latencyNanos()))
                    .observer(HostObserver.NONE).start();
            Running r = new Running(host, new Metrics(), new LongAdder(), new LongAdder(), new AtomicBoolean(w.record()),
                    new AtomicBoolean(), new CountDownLatch(w.clients()), history, new AtomicBoolean(history != null),
                    new LongAdder());
            for (int c = 0; c < w.clients(); c++) {
                host.system().systemActorOf(client(host.registry(), "P" + (c % w.parents()), new UUID(0xBE, c), r),
                        "bench-client-" + c, Props.empty());
            }
            return r;
        }

        /** Lets every client finish its current create/remove pair, then stops the host. */
        @Override
        public void close() throws InterruptedException {
            stop.set(true);
            stopped.await(30, TimeUnit.SECONDS);
            host.close();
        }
    }

    /**
     * The cost of recording, interleaved: one host and one set of clients (peak, 64 × 16) switch
     * recording on and off every {@code slice} for {@code cycles} cycles, so that drift and noisy
     * neighbours hit both modes alike. Returns 1 − (ops/s recording) / (ops/s not recording).
     */
    static double recordingCost(Config config, Duration warmup, Duration slice, int cycles) throws InterruptedException {
        try (Running r = Running.start(config, new Workload(Model.SEED, 64, 16, 0, true))) {
            Thread.sleep(warmup.toMillis());
            long[] opsIn = new long[2];
            long[] nanosIn = new long[2];
            for (int i = 0; i < 2 * cycles; i++) {
                int mode = i % 2; // 0: recording, 1: not
                r.recording().set(mode == 0);
                long t0 = System.nanoTime();
                long o0 = r.ops().sum();
                Thread.sleep(slice.toMillis());
                opsIn[mode] += r.ops().sum() - o0;
                nanosIn[mode] += System.nanoTime() - t0;
            }
            double on = opsIn[0] / (nanosIn[0] / 1e9);
            double off = opsIn[1] / (nanosIn[1] / 1e9);
            return 1 - on / off;
        }
    }

    /** What recording a history costs: the fraction of throughput lost, and the ops that found the writer behind. */
    record HistoryCost(double cost, long skipped, long events) {
    }

    /**
     * The cost of recording a history at peak (64 × 16), interleaved as {@link #recordingCost}: one
     * host, every op's call and return written to {@code file} in every other slice. An op whose
     * call finds the writer's ring full is not recorded (it is counted): a bench client, an actor,
     * must not wait; the load runner's clients do.
     */
    static HistoryCost historyCost(Config config, Duration warmup, Duration slice, int cycles, java.nio.file.Path file)
            throws InterruptedException, java.io.IOException {
        try (HistoryWriter history = new HistoryWriter(file, System.nanoTime());
             Running r = Running.start(config, new Workload(Model.SEED, 64, 16, 0, true), history)) {
            Thread.sleep(warmup.toMillis());
            // each cycle is a slice with the history on and one with it off, in turn; the cost is the median
            // of the cycles' own ratios, so that a slice the machine stole from does not weigh on the rest
            double[] ratios = new double[cycles];
            for (int c = 0; c < cycles; c++) {
                double[] rate = new double[2];
                for (int mode = 0; mode < 2; mode++) { // 0: history on, 1: off
                    r.historyOn().set(mode == 0);
                    long t0 = System.nanoTime();
                    long o0 = r.ops().sum();
                    Thread.sleep(slice.toMillis());
                    rate[mode] = (r.ops().sum() - o0) / ((System.nanoTime() - t0) / 1e9);
                }
                ratios[c] = rate[0] / rate[1];
            }
            r.historyOn().set(false);
            java.util.Arrays.sort(ratios);
            return new HistoryCost(1 - ratios[cycles / 2], r.historySkipped().sum(), history.written());
        }
    }

    /** Runs the workload against the actors. */
    static Measurement actors(Config config, Workload w, Duration warmup, Duration window) throws InterruptedException {
        try (Running r = Running.start(config, w)) {
            return window(warmup, window, r.ops()::sum, r.metrics(), r.errors());
        }
    }

    /**
     * A client: create, remove, create, ... its own UUID, each sent when the last is answered; it
     * records what a run's report records while {@code recording} is on.
     */
    private static Behavior<Reply> client(ActorRef<Registry.Command> registry, String parent, UUID uuid, Running run) {
        Metrics metrics = run.metrics();
        AtomicBoolean recording = run.recording();
        LongAdder ops = run.ops();
        LongAdder errors = run.errors();
        AtomicBoolean stop = run.stop();
        CountDownLatch stopped = run.stopped();
        HistoryWriter history = run.history();
        int client = uuid.hashCode();
        Step.Request create = new Step.Request(OpKind.CREATE, true, parent, "t", uuid.toString());
        Step.Request remove = new Step.Request(OpKind.REMOVE, false, null, null, uuid.toString());
        return Behaviors.setup(ctx -> {
            ActorRef<Reply> self = ctx.getSelf();
            long[] state = {0, System.nanoTime(), 0}; // request count (odd: a remove is out), sent at, recorded
            registry.tell(new Registry.Create(0, parent, "t", uuid, self));
            return Behaviors.receiveMessage(reply -> {
                long now = System.nanoTime();
                boolean wasCreate = (state[0] & 1) == 0;
                if (state[2] == 1) {
                    history.returned(state[0], client, reply.errno(), now);
                }
                if (recording.get()) {
                    metrics.record(wasCreate ? OpKind.CREATE : OpKind.REMOVE, reply.errno(), now - state[1]);
                }
                if (!reply.errno().isOk()) {
                    errors.increment();
                }
                ops.increment();
                if (stop.get() && !wasCreate) {
                    stopped.countDown();
                    return Behaviors.stopped();
                }
                long id = ++state[0];
                state[1] = now;
                state[2] = 0;
                if (history != null && run.historyOn().get()) {
                    if (history.tryAdmit(2)) {
                        history.call(id, client, wasCreate ? remove : create, now);
                        state[2] = 1;
                    } else {
                        run.historySkipped().increment();
                    }
                }
                registry.tell(wasCreate ? new Registry.Remove(id, uuid, self) : new Registry.Create(id, parent, "t", uuid, self));
                return Behaviors.same();
            });
        });
    }

    /** Runs the same workload on {@link BaselineLocks}, one thread per client. */
    static Measurement baseline(Workload w, Duration warmup, Duration window) throws InterruptedException {
        List<ParentSpec> parents = parents(w.parents(), (w.clients() + w.parents() - 1) / w.parents());
        BaselineLocks host = new BaselineLocks(parents, w.latencyNanos() == 0 ? instantVendor() : BaselineLocks.sleeping(w.latencyNanos()));
        Metrics metrics = new Metrics();
        LongAdder ops = new LongAdder();
        LongAdder errors = new LongAdder();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < w.clients(); c++) {
            String parent = "P" + (c % w.parents());
            UUID uuid = new UUID(0xBE, c);
            Thread t = new Thread(() -> {
                while (!stop.get()) {
                    long t0 = System.nanoTime();
                    Errno created = host.create(parent, "t", uuid);
                    long t1 = System.nanoTime();
                    Errno removed = host.remove(uuid);
                    long t2 = System.nanoTime();
                    if (w.record()) {
                        metrics.record(OpKind.CREATE, created, t1 - t0);
                        metrics.record(OpKind.REMOVE, removed, t2 - t1);
                    }
                    if (!created.isOk() || !removed.isOk()) {
                        errors.increment();
                    }
                    ops.add(2);
                }
            }, "baseline-client-" + c);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        Measurement m = window(warmup, window, ops::sum, metrics, errors);
        stop.set(true);
        for (Thread t : threads) {
            t.join(10_000);
        }
        return m;
    }

    private static BaselineLocks.Vendor instantVendor() {
        return new BaselineLocks.Vendor() {
            @Override
            public Errno create(UUID uuid) {
                return Errno.OK;
            }

            @Override
            public Errno remove(UUID uuid) {
                return Errno.OK;
            }
        };
    }

    /** Warms up, then counts ops over the window; latency from the window only. */
    private static Measurement window(Duration warmup, Duration window, java.util.function.LongSupplier ops,
                                      Metrics metrics, LongAdder errors) throws InterruptedException {
        Thread.sleep(warmup.toMillis());
        metrics.reset(); // drop what the warm-up recorded
        long errorsBefore = errors.sum();
        long start = System.nanoTime();
        long first = ops.getAsLong();
        Thread.sleep(window.toMillis());
        long last = ops.getAsLong();
        double seconds = (System.nanoTime() - start) / 1e9;
        Histogram h = metrics.combinedLatency();
        return new Measurement((last - first) / seconds,
                h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(50),
                h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(99),
                errors.sum() - errorsBefore);
    }

    /** Median of several measurements, by throughput; latency taken from the same run. */
    static Measurement median(List<Measurement> runs) {
        List<Measurement> sorted = new ArrayList<>(runs);
        sorted.sort((a, b) -> Double.compare(a.opsPerSecond(), b.opsPerSecond()));
        return sorted.get(sorted.size() / 2);
    }
}
