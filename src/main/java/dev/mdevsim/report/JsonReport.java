package dev.mdevsim.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mdevsim.core.DeviceCounts;
import dev.mdevsim.core.Errno;
import dev.mdevsim.core.Warning;
import dev.mdevsim.load.OpKind;
import dev.mdevsim.report.RunResult.AssertionResult;
import dev.mdevsim.report.RunResult.FaultEvent;
import dev.mdevsim.report.RunResult.InvariantResult;
import dev.mdevsim.report.RunResult.OpResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.ToLongFunction;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * The JSON report of DESIGN.md: {@code scenario, model, seed, duration_s, throughput_ops_per_s,
 * operations{op: {count, outcomes, latency_us{p50, p90, p99, p999, max}}}, warnings{duplicate_link, remove_failed},
 * invariants[{name, held, detail}], assertions[{expr, held, actual}], final_state{active, creating,
 * removing}, linearizable}}, in that order. It adds {@code interrupted} (true when Ctrl-C or SIGTERM
 * stopped the run early: the report covers what was sent until then), {@code sim} (a deterministic run only:
 * mode, virtual_s, wall_s, schedule_steps; wall_s is the one value that differs between two runs of one seed), {@code requests} (sent, answered, timed out,
 * late, duplicate, not started, peak in flight, clients asked and reached), {@code faults}, {@code load} (described), {@code settings} (the effective scenario),
 * {@code timeseries} (see {@link #timeseries}) and {@code latency_distribution} (per operation). {@code actual} is a count, a share (rate),
 * microseconds (latency) or requests per second (throughput).
 */
public final class JsonReport {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonReport() {
    }

    public static ObjectNode toJson(RunResult r) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("scenario", r.scenario());
        root.put("model", r.model().configName());
        root.put("seed", r.seed());
        root.put("duration_s", r.durationSeconds());
        root.put("throughput_ops_per_s", r.throughput());
        ObjectNode ops = root.putObject("operations");
        for (Map.Entry<OpKind, OpResult> e : r.operations().entrySet()) {
            OpResult o = e.getValue();
            ObjectNode op = ops.putObject(e.getKey().label());
            op.put("count", o.count());
            ObjectNode outcomes = op.putObject("outcomes");
            for (Map.Entry<Errno, Long> x : o.outcomes().entrySet()) {
                outcomes.put(x.getKey().name(), x.getValue());
            }
            ObjectNode lat = op.putObject("latency_us");
            lat.put("p50", o.percentile(50));
            lat.put("p90", o.percentile(90));
            lat.put("p99", o.percentile(99));
            lat.put("p999", o.percentile(99.9));
            lat.put("max", o.max());
        }
        ObjectNode warnings = root.putObject("warnings");
        r.warnings().byKind().forEach((kind, n) -> warnings.put(kind.key(), n));
        ArrayNode invariants = root.putArray("invariants");
        for (InvariantResult i : r.invariants()) {
            invariants.addObject().put("name", i.name()).put("held", i.held()).put("detail", i.detail());
        }
        ArrayNode assertions = root.putArray("assertions");
        for (AssertionResult a : r.assertions()) {
            ObjectNode n = assertions.addObject().put("expr", a.expr()).put("held", a.held());
            if (a.actual() == Math.rint(a.actual()) && Math.abs(a.actual()) < 1e15) {
                n.put("actual", (long) a.actual());
            } else {
                n.put("actual", a.actual());
            }
        }
        root.putObject("final_state")
                .put("active", r.finalState().active())
                .put("creating", r.finalState().creating())
                .put("removing", r.finalState().removing());
        if (r.linearizable() == null) {
            root.putNull("linearizable");
        } else {
            root.put("linearizable", r.linearizable());
        }
        root.put("interrupted", r.interrupted());
        if (r.sim() != null) {
            root.putObject("sim").put("mode", r.sim().mode()).put("virtual_s", r.sim().virtualSeconds())
                    .put("wall_s", r.sim().wallSeconds()).put("schedule_steps", r.sim().scheduleSteps());
        }
        RunResult.Requests q = r.requests();
        root.putObject("requests")
                .put("sent", q.sent()).put("answered", q.answered()).put("timed_out", q.timedOut())
                .put("answered_late", q.lateReplies()).put("answered_twice", q.duplicateReplies())
                .put("steps_not_started", q.notStarted()).put("peak_in_flight", q.peakInFlight())
                .put("clients_asked", q.clientsAsked()).put("clients_reached", q.clientsReached());
        ArrayNode faults = root.putArray("faults");
        for (FaultEvent f : r.faults()) {
            ObjectNode n = faults.addObject().put("action", f.action()).put("at_s", f.plannedSeconds());
            if (f.outcome() == null) {
                n.putNull("outcome");
            } else {
                n.put("started_s", f.startedSeconds()).put("took_ms", f.tookMillis()).put("outcome", f.outcome().name());
            }
        }
        root.put("load", r.load());
        root.set("settings", MAPPER.valueToTree(r.settings()));
        root.set("timeseries", timeseries(r.timeseries()));
        ObjectNode distribution = root.putObject("latency_distribution");
        r.operations().forEach((op, o) -> distribution.set(op.label(), distribution(o.latencyMicros())));
        return root;
    }

    /**
     * Columns, one value per point: {@code t_s} (end of the interval, seconds since the start),
     * {@code dt_s} (its length), {@code operations{op: {outcomes{errno: [n]}, latency_us{p50, p90, p99,
     * max: [us or null]}}}}, {@code devices{creating, active, removing: [n or null]}}, {@code in_flight},
     * {@code duplicate_link_warnings}, {@code remove_failed_warnings}. Only outcomes seen somewhere in
     * the run have a column.
     */
    static ObjectNode timeseries(TimeSeries series) {
        ObjectNode ts = MAPPER.createObjectNode();
        ts.put("interval_s", round(series.intervalSeconds()));
        List<TimeSeries.Point> points = series.points();
        ArrayNode t = ts.putArray("t_s");
        ArrayNode dt = ts.putArray("dt_s");
        points.forEach(p -> {
            t.add(round(p.endSeconds()));
            dt.add(round(p.lengthSeconds()));
        });
        ObjectNode ops = ts.putObject("operations");
        for (OpKind op : OpKind.values()) {
            Set<Errno> seen = new TreeSet<>();
            points.forEach(p -> seen.addAll(p.outcomes().getOrDefault(op, Map.of()).keySet()));
            if (seen.isEmpty() && points.stream().noneMatch(p -> p.latency().containsKey(op))) {
                continue;
            }
            ObjectNode o = ops.putObject(op.label());
            ObjectNode outcomes = o.putObject("outcomes");
            for (Errno e : seen) {
                ArrayNode column = outcomes.putArray(e.name());
                points.forEach(p -> column.add(p.count(op, e)));
            }
            ObjectNode lat = o.putObject("latency_us");
            Map<String, ToLongFunction<TimeSeries.Latency>> stats = new LinkedHashMap<>();
            stats.put("p50", TimeSeries.Latency::p50);
            stats.put("p90", TimeSeries.Latency::p90);
            stats.put("p99", TimeSeries.Latency::p99);
            stats.put("max", TimeSeries.Latency::max);
            stats.forEach((name, stat) -> {
                ArrayNode column = lat.putArray(name);
                points.forEach(p -> {
                    TimeSeries.Latency l = p.latency().get(op);
                    if (l == null) {
                        column.addNull();
                    } else {
                        column.add(stat.applyAsLong(l));
                    }
                });
            });
        }
        ObjectNode devices = ts.putObject("devices");
        Map<String, ToLongFunction<DeviceCounts>> states = new LinkedHashMap<>();
        states.put("creating", DeviceCounts::creating);
        states.put("active", DeviceCounts::active);
        states.put("removing", DeviceCounts::removing);
        states.forEach((name, count) -> {
            ArrayNode column = devices.putArray(name);
            points.forEach(p -> {
                if (p.devices() == null) {
                    column.addNull();
                } else {
                    column.add(count.applyAsLong(p.devices()));
                }
            });
        });
        ArrayNode inFlight = ts.putArray("in_flight");
        points.forEach(p -> inFlight.add(p.inFlight()));
        for (Warning kind : Warning.values()) {
            ArrayNode warnings = ts.putArray(kind.key() + "_warnings");
            points.forEach(p -> warnings.add(p.warnings().get(kind)));
        }
        return ts;
    }

    /** {@code {percentile: [..], latency_us: [..]}}: HdrHistogram's percentile iteration, 5 steps per halving. */
    static ObjectNode distribution(Histogram h) {
        ObjectNode d = MAPPER.createObjectNode();
        ArrayNode pct = d.putArray("percentile");
        ArrayNode us = d.putArray("latency_us");
        if (h.getTotalCount() > 0) {
            for (HistogramIterationValue v : h.percentiles(5)) {
                pct.add(Math.round(v.getPercentileLevelIteratedTo() * 1e4) / 1e4);
                us.add(h.highestEquivalentValue(v.getValueIteratedTo()));
            }
        }
        return d;
    }

    private static double round(double seconds) {
        return Math.round(seconds * 1e3) / 1e3;
    }

    public static void write(RunResult r, Path file) throws IOException {
        MAPPER.writeValue(file.toFile(), toJson(r));
    }

    /** {@code compare --json}: {@code {"scenario", "runs": [report, ...]}}. */
    public static void writeAll(String scenario, List<RunResult> runs, Path file) throws IOException {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("scenario", scenario);
        ArrayNode array = root.putArray("runs");
        runs.forEach(r -> array.add(toJson(r)));
        MAPPER.writeValue(file.toFile(), root);
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
