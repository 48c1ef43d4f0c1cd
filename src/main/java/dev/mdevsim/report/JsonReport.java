package dev.mdevsim.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mdevsim.core.Errno;
import dev.mdevsim.load.OpKind;
import dev.mdevsim.report.RunResult.AssertionResult;
import dev.mdevsim.report.RunResult.FaultEvent;
import dev.mdevsim.report.RunResult.InvariantResult;
import dev.mdevsim.report.RunResult.OpResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The JSON report of DESIGN.md: {@code scenario, model, seed, duration_s, throughput_ops_per_s,
 * operations{op: {count, outcomes, latency_us{p50, p90, p99, p999, max}}}, warnings{duplicate_link},
 * invariants[{name, held, detail}], assertions[{expr, held, actual}], final_state{active, creating,
 * removing}, linearizable}}, in that order. It adds {@code requests} (sent, answered, timed out,
 * late, duplicate, not started) and {@code faults}. {@code actual} is a count, a share (rate),
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
        root.putObject("warnings").put("duplicate_link", r.warnings());
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
        RunResult.Requests q = r.requests();
        root.putObject("requests")
                .put("sent", q.sent()).put("answered", q.answered()).put("timed_out", q.timedOut())
                .put("answered_late", q.lateReplies()).put("answered_twice", q.duplicateReplies())
                .put("steps_not_started", q.notStarted()).put("peak_in_flight", q.peakInFlight());
        ArrayNode faults = root.putArray("faults");
        for (FaultEvent f : r.faults()) {
            ObjectNode n = faults.addObject().put("action", f.action()).put("at_s", f.plannedSeconds());
            if (f.outcome() == null) {
                n.putNull("outcome");
            } else {
                n.put("started_s", f.startedSeconds()).put("took_ms", f.tookMillis()).put("outcome", f.outcome().name());
            }
        }
        return root;
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
