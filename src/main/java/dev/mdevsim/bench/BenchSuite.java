package dev.mdevsim.bench;

import com.typesafe.config.Config;
import dev.mdevsim.load.LoadRunner;
import dev.mdevsim.load.RequestListener;
import dev.mdevsim.model.Description;
import dev.mdevsim.model.Model;
import java.io.PrintStream;
import dev.mdevsim.report.RunResult;
import dev.mdevsim.scenario.Scenario;
import dev.mdevsim.scenario.ScenarioLoader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The benchmark suite of DESIGN.md, "Benchmarks":
 * <ul>
 *   <li>{@code peak}: zero vendor latency, seed, clients 1/16/64/256 × parents 1/16;</li>
 *   <li>{@code peak-unrecorded}: the 64 × 16 peak row with nothing recorded but a counter. The cost of
 *       recording what reports need is measured apart, interleaved within one host
 *       ({@link Harness#recordingCost}): rows measured minutes apart differ by more than that cost on
 *       a noisy machine, and so did back-to-back pairs of runs (−31%, +6%, +57% in one run);</li>
 *   <li>{@code latency-bound}: vendor ops of 1 ms, 64 clients, parents 1/4/16, every model, each with its
 *       efficiency against the design's Little's-law bound, from its lock (seed, linux-5.2, linux-6.1:
 *       clients / latency; legacy: parents / latency; global-lock: 1 / latency);</li>
 *   <li>the {@code peak} and seed {@code latency-bound} workloads again on {@link BaselineLocks}
 *       ({@code model = baseline-locks});</li>
 *   <li>{@code memory}: 1,000,000 active mdevs, bytes per device and the time to create them.</li>
 * </ul>
 * Each row is the median of {@code repeats} measured runs (ops/s; its latency from the same run).
 */
public final class BenchSuite {

    /** How long and how often to measure. */
    public record Options(String label, Duration warmup, Duration window, int repeats, long memoryDevices,
                          int recordingCycles) {
        /** Under 2 minutes on 2 cores. */
        public static Options quick() {
            return new Options("quick", Duration.ofMillis(800), Duration.ofMillis(1200), 1, 1_000_000, 10);
        }

        /** Medians of 3 runs; under 10 minutes on 2 cores. */
        public static Options full() {
            return new Options("full", Duration.ofMillis(1500), Duration.ofMillis(2500), 3, 1_000_000, 30);
        }

        /**
         * Seconds in all: for the test suite's smoke run of every code path. Its memory row creates 50,000
         * mdevs (about 15 MB): with 5,000 (1.5 MB) the heap freed meanwhile by other tests' hosts, shutting
         * down in the same JVM, twice made the measured bytes per device come out at zero or below.
         */
        public static Options tiny() {
            return new Options("tiny", Duration.ofMillis(50), Duration.ofMillis(100), 1, 50_000, 2);
        }
    }

    static final long LATENCY_NANOS = 1_000_000;
    static final int[] PEAK_CLIENTS = {1, 16, 64, 256};
    static final int[] PEAK_PARENTS = {1, 16};
    static final int[] BOUND_PARENTS = {1, 4, 16};
    static final int BOUND_CLIENTS = 64;

    private BenchSuite() {
    }

    /**
     * What recording a history costs (issue 14): at peak, interleaved in one host (with the ops that
     * found the writer behind and went unrecorded), and on {@code conf/contention.conf} from runs with
     * and without {@code --history} in turn (medians of throughput and of the runs' peak heap, the
     * check at the end included). Each cost is the median of paired measurements' ratios (a slice with
     * and one without, a run with and one without), which the machine's noise moves less than a ratio of
     * sums. {@code scenarioCost} is NaN where the scenario was not found.
     */
    public record HistoryCosts(double peakCost, long peakSkipped, long peakEvents, double scenarioCost,
                               double opsWith, double opsWithout, double heapMbWith, double heapMbWithout, int runs) {
    }

    /** The rows, the cost of recording (a fraction of peak throughput) from paired runs, and of histories. */
    public record Results(List<BenchRow> rows, double recordingCost, HistoryCosts history, SimBench.Figures simulation) {
        public Results(List<BenchRow> rows, double recordingCost, HistoryCosts history) {
            this(rows, recordingCost, history, SimBench.Figures.NONE);
        }
    }

    /** Runs every row; tells {@code progress} as each row is done. */
    public static Results run(Config config, Options o, PrintStream progress) throws InterruptedException {
        List<BenchRow> rows = new ArrayList<>();
        for (int parents : PEAK_PARENTS) {
            for (int clients : PEAK_CLIENTS) {
                rows.add(actors(config, o, "peak", new Harness.Workload(Model.SEED, clients, parents, 0, true), progress));
            }
        }
        rows.add(actors(config, o, "peak-unrecorded", new Harness.Workload(Model.SEED, 64, 16, 0, false), progress));
        double recordingCost = Harness.recordingCost(config, o.warmup(), Duration.ofMillis(o.label().equals("tiny") ? 50 : 250),
                o.recordingCycles());
        progress.printf(Locale.ROOT, "  recording cost, interleaved in one host: %.1f%%%n", recordingCost * 100);
        // models interleaved, so that a machine whose speed drifts during the suite weighs on all alike
        List<BenchRow> bound = new ArrayList<>();
        for (int parents : BOUND_PARENTS) {
            for (Model model : Model.values()) {
                bound.add(actors(config, o, "latency-bound",
                        new Harness.Workload(model, BOUND_CLIENTS, parents, LATENCY_NANOS, true), progress));
            }
        }
        for (Model model : Model.values()) { // reported model by model
            bound.stream().filter(r -> r.model().equals(model.configName())).forEach(rows::add);
        }
        for (int parents : PEAK_PARENTS) {
            for (int clients : PEAK_CLIENTS) {
                rows.add(baseline(o, "peak", new Harness.Workload(Model.SEED, clients, parents, 0, true), progress));
            }
        }
        for (int parents : BOUND_PARENTS) {
            rows.add(baseline(o, "latency-bound", new Harness.Workload(Model.SEED, BOUND_CLIENTS, parents, LATENCY_NANOS, true), progress));
        }
        rows.add(memory(config, o, progress));
        HistoryCosts history = historyCosts(config, o, progress);
        SimBench.Figures simulation = SimBench.run(o, progress);
        if (!Double.isNaN(simulation.simRequestsPerWallS())) {
            rows.add(BenchRow.throughput("deterministic", "seed", 16, 2, 0, simulation.simRequestsPerWallS(), 0, 0, Double.NaN,
                    simulation.pairs()));
        }
        return new Results(rows, recordingCost, history, simulation);
    }

    static HistoryCosts historyCosts(Config config, Options o, PrintStream progress) throws InterruptedException {
        Path file;
        try {
            file = Files.createTempFile("mdevsim-bench-history", ".jsonl");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Harness.HistoryCost peak = Harness.historyCost(config, o.warmup(),
                    Duration.ofMillis(o.label().equals("tiny") ? 50 : 250), o.recordingCycles(), file);
            progress.printf(Locale.ROOT, "  history cost at peak, interleaved in one host: %.1f%% (%,d events, %,d ops unrecorded)%n",
                    peak.cost() * 100, peak.events(), peak.skipped());
            Path scenario = Path.of("conf/contention.conf");
            if (!Files.isRegularFile(scenario)) {
                progress.println("  history cost on conf/contention.conf: skipped (run bench from the project's directory)");
                return new HistoryCosts(peak.cost(), peak.skipped(), peak.events(), Double.NaN, 0, 0, 0, 0, 0);
            }
            String duration = o.label().equals("tiny") ? "300ms" : o.label().equals("quick") ? "3s" : "5s";
            int pairs = o.label().equals("tiny") ? 1 : o.label().equals("quick") ? 4 : 6;
            List<Double> with = new ArrayList<>();
            List<Double> without = new ArrayList<>();
            List<Double> heapWith = new ArrayList<>();
            List<Double> heapWithout = new ArrayList<>();
            for (int i = -1; i < 2 * pairs; i++) { // run -1 warms the JIT up and is not counted
                boolean recording = i >= 0 && (i % 2 == 0) == (i / 2 % 2 == 0); // on, off, off, on, on, off: drift hits both
                Config c = ScenarioLoader.config(scenario, List.of("load.duration=" + duration, "report.progress-interval=0"));
                Scenario s = ScenarioLoader.read(scenario.toString(), c);
                System.gc();
                resetPeaks();
                RunResult r = LoadRunner.run(s, c, new PrintStream(OutputStream.nullOutputStream()), RequestListener.NONE,
                        recording ? file : null);
                double heap = peakHeapMb();
                if (i < 0) {
                    continue;
                }
                (recording ? with : without).add(r.throughput());
                (recording ? heapWith : heapWithout).add(heap);
                progress.printf(Locale.ROOT, "  conf/contention.conf %s --history: %,.0f ops/s, peak heap %,.0f MB%n",
                        recording ? "with" : "without", r.throughput(), heap);
            }
            // runs 2k and 2k+1 are a pair, one with and one without: the cost is the median of the pairs' ratios
            List<Double> ratios = new ArrayList<>();
            for (int k = 0; k < pairs; k++) {
                ratios.add(with.get(k) / without.get(k));
            }
            return new HistoryCosts(peak.cost(), peak.skipped(), peak.events(), 1 - median(ratios), median(with),
                    median(without), median(heapWith), median(heapWithout), pairs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // a temporary file
            }
        }
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    /** The heap's peak since {@link #resetPeaks}, in MB (the pools' peaks added: an upper bound). */
    private static double peakHeapMb() {
        long bytes = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                bytes += pool.getPeakUsage().getUsed();
            }
        }
        return bytes / 1e6;
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }

    /** Little's law: the throughput a design allows, in ops/s, or NaN without latency. */
    static double bound(String model, int clients, int parents, long latencyNanos) {
        if (latencyNanos == 0) {
            return Double.NaN;
        }
        double perSecond = 1e9 / latencyNanos;
        Description.Lock lock = Model.parse(model).map(m -> m.description().lock()).orElse(Description.Lock.NONE);
        return switch (lock) {
            case PER_PARENT -> Math.min(clients, parents) * perSecond; // legacy: one op per parent
            case GLOBAL -> perSecond; // global-lock: one op on the whole host
            case NONE -> clients * perSecond; // seed, linux-5.2, linux-6.1, baseline-locks: every client's op in flight
        };
    }

    private static BenchRow actors(Config config, Options o, String name, Harness.Workload w, PrintStream progress)
            throws InterruptedException {
        List<Harness.Measurement> runs = new ArrayList<>();
        for (int i = 0; i < o.repeats(); i++) {
            runs.add(Harness.actors(config, w, o.warmup(), o.window()));
        }
        return row(name, w.model().configName(), w, Harness.median(runs), o.repeats(), progress);
    }

    private static BenchRow baseline(Options o, String name, Harness.Workload w, PrintStream progress) throws InterruptedException {
        List<Harness.Measurement> runs = new ArrayList<>();
        for (int i = 0; i < o.repeats(); i++) {
            runs.add(Harness.baseline(w, o.warmup(), o.window()));
        }
        return row(name, "baseline-locks", w, Harness.median(runs), o.repeats(), progress);
    }

    private static BenchRow row(String name, String model, Harness.Workload w, Harness.Measurement m, int runs,
                                PrintStream progress) {
        if (m.errors() > 0) {
            throw new IllegalStateException(name + " " + model + ": " + m.errors() + " requests failed; the benchmark expects only OK");
        }
        double bound = bound(model, w.clients(), w.parents(), w.latencyNanos());
        BenchRow r = BenchRow.throughput(name, model, w.clients(), w.parents(), w.latencyNanos() / 1000,
                m.opsPerSecond(), m.p50Micros(), m.p99Micros(), m.opsPerSecond() / bound, runs);
        progress.printf(Locale.ROOT, "  %-16s %-15s %3d clients %2d parents: %,12.0f ops/s%n", name, model, w.clients(),
                w.parents(), m.opsPerSecond());
        return r;
    }

    private static BenchRow memory(Config config, Options o, PrintStream progress) throws InterruptedException {
        List<MemoryBench.Result> runs = new ArrayList<>();
        for (int i = 0; i < o.repeats(); i++) {
            MemoryBench.Result r = MemoryBench.run(config, o.memoryDevices());
            if (r.failed() > 0) {
                throw new IllegalStateException("memory: " + r.failed() + " creates failed");
            }
            runs.add(r);
        }
        runs.sort((a, b) -> Double.compare(a.bytesPerDevice(), b.bytesPerDevice()));
        MemoryBench.Result median = runs.get(runs.size() / 2);
        List<Double> times = new ArrayList<>(runs.stream().map(MemoryBench.Result::createSeconds).toList());
        times.sort(Double::compare);
        progress.printf(Locale.ROOT, "  memory: %,d devices, %.0f bytes each, created in %.2f s%n",
                median.devices(), median.bytesPerDevice(), times.get(times.size() / 2));
        return BenchRow.memory(median.devices(), median.bytesPerDevice(), times.get(times.size() / 2), o.repeats());
    }
}
