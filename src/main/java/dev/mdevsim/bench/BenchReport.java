package dev.mdevsim.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mdevsim.report.JsonReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The benchmark table, the ratios that matter, and the JSON rows of DESIGN.md. */
public final class BenchReport {

    private BenchReport() {
    }

    public static void print(BenchSuite.Results results, String machine, PrintWriter out) {
        List<BenchRow> rows = results.rows();
        out.println("mdevsim bench (" + machine + ")");
        out.printf(Locale.ROOT, "  %-16s %-15s %7s %7s %9s %14s %9s %9s %10s%n",
                "name", "model", "clients", "parents", "vendor", "ops/s", "p50", "p99", "efficiency");
        for (BenchRow r : rows) {
            if (r.isMemory()) {
                continue;
            }
            out.printf(Locale.ROOT, "  %-16s %-15s %7d %7d %9s %,14.0f %9s %9s %10s%n", r.name(), r.model(), r.clients(),
                    r.parents(), r.vendorLatencyMicros() == 0 ? "0" : r.vendorLatencyMicros() + "us", r.opsPerSecond(),
                    dev.mdevsim.report.Units.micros(r.p50Micros()), dev.mdevsim.report.Units.micros(r.p99Micros()),
                    Double.isNaN(r.efficiency()) ? "" : String.format(Locale.ROOT, "%.2f", r.efficiency()));
        }
        rows.stream().filter(BenchRow::isMemory).findFirst().ifPresent(m -> out.printf(Locale.ROOT,
                "  memory: %,d active mdevs, %.0f bytes per device (heap after GC), created in %.2f s%n",
                m.devices(), m.bytesPerDevice(), m.createSeconds()));
        out.println();
        ratio(rows, "latency-bound", "seed", "latency-bound", "legacy", 64, 1)
                .ifPresent(x -> out.printf(Locale.ROOT, "  seed / legacy, 1 ms vendor, 1 parent: %.1fx%n", x));
        ratio(rows, "latency-bound", "seed", "latency-bound", "global-lock", 64, 16)
                .ifPresent(x -> out.printf(Locale.ROOT, "  seed / global-lock, 1 ms vendor, 16 parents: %.1fx%n", x));
        ratio(rows, "peak", "seed", "peak", "baseline-locks", 64, 16)
                .ifPresent(x -> out.printf(Locale.ROOT, "  actors / baseline-locks, peak, 64 clients, 16 parents: %.2f%n", x));
        out.printf(Locale.ROOT, "  recording cost (histograms, counters), peak 64 x 16, interleaved in one host: %.1f%%%n",
                results.recordingCost() * 100);
        BenchSuite.HistoryCosts h = results.history();
        out.printf(Locale.ROOT, "  history cost, peak 64 x 16, interleaved in one host (median of the slices' ratios): %.1f%% (%,d ops found the writer behind)%n",
                h.peakCost() * 100, h.peakSkipped());
        if (!Double.isNaN(h.scenarioCost())) {
            out.printf(Locale.ROOT, "  history cost, conf/contention.conf, with and without --history in turn (%d each, median of the pairs' ratios): %.1f%%"
                    + " (%,.0f against %,.0f ops/s); peak heap %,.0f MB against %,.0f MB (%.2fx)%n", h.runs(),
                    h.scenarioCost() * 100, h.opsWith(), h.opsWithout(), h.heapMbWith(), h.heapMbWithout(),
                    h.heapMbWith() / h.heapMbWithout());
        }
        SimBench.Figures f = results.simulation();
        if (!Double.isNaN(f.simRequestsPerWallS())) {
            out.printf(Locale.ROOT, "  deterministic mode, conf/quickstart.conf with latency 0 (%d pairs, medians): %,.0f simulated requests"
                    + " per wall second against %,.0f ops/s on threads (%.2fx, median of the pairs' ratios)%n", f.pairs(),
                    f.simRequestsPerWallS(), f.threadsOpsPerS(), f.ratio());
            out.printf(Locale.ROOT, "  swarm conf/unplug-race.conf: %.0f seeds per minute (%d seeds, %,.0f requests each)%n",
                    f.swarmSeedsPerMinute(), f.swarmSeeds(), f.swarmRequestsPerSeed());
            f.explore().forEach((model, x) -> out.printf(Locale.ROOT,
                    "  explore conf/explore/create-remove-create.litmus (3 requests racing), %s: %,.0f schedules in %.1f s%n",
                    model, x[0], x[1]));
        }
        out.flush();
    }

    static Optional<Double> ratio(List<BenchRow> rows, String name, String model, String otherName, String otherModel,
                                  int clients, int parents) {
        Optional<BenchRow> a = find(rows, name, model, clients, parents);
        Optional<BenchRow> b = find(rows, otherName, otherModel, clients, parents);
        return a.isPresent() && b.isPresent() ? Optional.of(a.get().opsPerSecond() / b.get().opsPerSecond()) : Optional.empty();
    }

    static Optional<BenchRow> find(List<BenchRow> rows, String name, String model, int clients, int parents) {
        return rows.stream().filter(r -> r.name().equals(name) && r.model().equals(model) && r.clients() == clients
                && r.parents() == parents).findFirst();
    }

    /** The rows of DESIGN.md: throughput rows and the memory row, plus efficiency and runs. */
    public static void writeJson(BenchSuite.Results results, String machine, Path file) throws IOException {
        ObjectNode root = JsonReport.mapper().createObjectNode();
        root.put("machine", machine);
        root.put("recording_cost", results.recordingCost());
        BenchSuite.HistoryCosts h = results.history();
        ObjectNode history = root.putObject("history_cost");
        history.put("peak", h.peakCost());
        history.put("peak_unrecorded_ops", h.peakSkipped());
        if (!Double.isNaN(h.scenarioCost())) {
            history.put("contention", h.scenarioCost());
            history.put("contention_ops_per_s_with", h.opsWith());
            history.put("contention_ops_per_s_without", h.opsWithout());
            history.put("contention_peak_heap_mb_with", h.heapMbWith());
            history.put("contention_peak_heap_mb_without", h.heapMbWithout());
        }
        ArrayNode array = root.putArray("rows");
        for (BenchRow r : results.rows()) {
            ObjectNode n = array.addObject();
            n.put("name", r.name());
            if (r.isMemory()) {
                n.put("devices", r.devices());
                n.put("bytes_per_device", r.bytesPerDevice());
                n.put("create_s", r.createSeconds());
            } else {
                n.put("model", r.model());
                n.put("clients", r.clients());
                n.put("parents", r.parents());
                n.put("vendor_latency_us", r.vendorLatencyMicros());
                n.put("ops_per_s", r.opsPerSecond());
                n.put("p50_us", r.p50Micros());
                n.put("p99_us", r.p99Micros());
                if (!Double.isNaN(r.efficiency())) {
                    n.put("efficiency", r.efficiency());
                }
                if (r.name().equals("deterministic")) {
                    n.put("sim_requests_per_wall_s", r.opsPerSecond());
                    n.put("threads_ops_per_s", results.simulation().threadsOpsPerS());
                    n.put("ratio_to_threads", results.simulation().ratio());
                }
            }
            n.put("runs", r.runs());
        }
        SimBench.Figures f = results.simulation();
        if (!Double.isNaN(f.simRequestsPerWallS())) {
            ObjectNode sim = root.putObject("simulation");
            sim.put("swarm_seeds_per_minute", f.swarmSeedsPerMinute()).put("swarm_seeds", f.swarmSeeds())
                    .put("swarm_requests_per_seed", f.swarmRequestsPerSeed());
            ObjectNode explore = sim.putObject("explore_three_request_race");
            f.explore().forEach((model, x) -> explore.putObject(model).put("schedules", (long) x[0]).put("seconds", x[1]));
        }
        JsonReport.mapper().writeValue(file.toFile(), root);
    }
}
