package dev.mdevsim.report;

import dev.mdevsim.core.DeviceCounts;
import dev.mdevsim.core.Errno;
import dev.mdevsim.core.Warnings;
import dev.mdevsim.load.OpKind;
import dev.mdevsim.model.Model;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Everything a run measured and judged: the data behind the text and JSON reports and the
 * assertions. Latencies are HdrHistograms in microseconds.
 *
 * @param durationSeconds how long requests were being sent
 * @param warnings        warnings by kind (legacy duplicate links, linux-5.2 failed removes)
 * @param linearizable    null when the run's history was not checked
 * @param timeseries      the run sampled over time (empty when sampling was off)
 * @param settings        the scenario's effective settings (nested maps)
 * @param interruptedBy   what stopped the run before its end ({@code SIGINT}, {@code SIGTERM}): a partial run;
 *                        null when it ran to its end
 */
public record RunResult(String scenario, Model model, long seed, String load, double durationSeconds,
                        Map<OpKind, OpResult> operations, Warnings warnings, Requests requests, List<FaultEvent> faults,
                        List<InvariantResult> invariants, DeviceCounts finalState, List<AssertionResult> assertions,
                        Boolean linearizable, TimeSeries timeseries, Map<String, Object> settings, String interruptedBy,
                        SimInfo sim) {

    /** A result of a run on threads (no {@code sim} block). */
    public RunResult(String scenario, Model model, long seed, String load, double durationSeconds,
                     Map<OpKind, OpResult> operations, Warnings warnings, Requests requests, List<FaultEvent> faults,
                     List<InvariantResult> invariants, DeviceCounts finalState, List<AssertionResult> assertions,
                     Boolean linearizable, TimeSeries timeseries, Map<String, Object> settings, String interruptedBy) {
        this(scenario, model, seed, load, durationSeconds, operations, warnings, requests, faults, invariants, finalState,
                assertions, linearizable, timeseries, settings, interruptedBy, null);
    }

    /**
     * A deterministic run's schedule (DESIGN.md, JSON {@code sim}): its virtual and wall seconds and the
     * steps it took. Everything else in a deterministic run's result is in virtual time.
     */
    public record SimInfo(String mode, double virtualSeconds, double wallSeconds, long scheduleSteps) {
    }

    /** The same result, saying how it was scheduled. */
    public RunResult withSim(SimInfo info) {
        return new RunResult(scenario, model, seed, load, durationSeconds, operations, warnings, requests, faults,
                invariants, finalState, assertions, linearizable, timeseries, settings, interruptedBy, info);
    }

    /** A result of a run that ran to its end. */
    public RunResult(String scenario, Model model, long seed, String load, double durationSeconds,
                     Map<OpKind, OpResult> operations, Warnings warnings, Requests requests, List<FaultEvent> faults,
                     List<InvariantResult> invariants, DeviceCounts finalState, List<AssertionResult> assertions,
                     Boolean linearizable, TimeSeries timeseries, Map<String, Object> settings) {
        this(scenario, model, seed, load, durationSeconds, operations, warnings, requests, faults, invariants, finalState,
                assertions, linearizable, timeseries, settings, null);
    }

    /** A result without time series or settings (built by hand, in tests). */
    public RunResult(String scenario, Model model, long seed, String load, double durationSeconds,
                     Map<OpKind, OpResult> operations, Warnings warnings, Requests requests, List<FaultEvent> faults,
                     List<InvariantResult> invariants, DeviceCounts finalState, List<AssertionResult> assertions,
                     Boolean linearizable) {
        this(scenario, model, seed, load, durationSeconds, operations, warnings, requests, faults, invariants, finalState,
                assertions, linearizable, TimeSeries.none(), Map.of(), null);
    }

    /** One operation kind: how many, with which outcomes, how fast. */
    public record OpResult(long count, Map<Errno, Long> outcomes, Histogram latencyMicros) {
        /** A latency percentile (0–100) in microseconds; 0 when nothing was measured. */
        public long percentile(double p) {
            return latencyMicros.getTotalCount() == 0 ? 0 : latencyMicros.getValueAtPercentile(p);
        }

        public long max() {
            return latencyMicros.getTotalCount() == 0 ? 0 : latencyMicros.getMaxValue();
        }
    }

    /**
     * What happened to the requests: sent to the host; answered; given up after the timeout
     * (ETIMEDOUT); answered after that (late); answered twice (a G1 violation); steps an open
     * workload could not start because {@code max-in-flight} requests were out; the most requests
     * in flight at once; and the clients the scenario asked for ({@code load.clients}) against those
     * that sent at least one request (0 and 0 when not counted).
     */
    public record Requests(long sent, long answered, long timedOut, long lateReplies, long duplicateReplies,
                           long notStarted, long peakInFlight, long clientsAsked, long clientsReached) {

        /** Without the clients (built by hand, in tests). */
        public Requests(long sent, long answered, long timedOut, long lateReplies, long duplicateReplies,
                        long notStarted, long peakInFlight) {
            this(sent, answered, timedOut, lateReplies, duplicateReplies, notStarted, peakInFlight, 0, 0);
        }
    }

    /** A scheduled fault and how it went. */
    public record FaultEvent(String action, double plannedSeconds, double startedSeconds, double tookMillis, Errno outcome) {
    }

    /** One invariant check: G1-one-reply, G2-unique-live, G4-consistent. */
    public record InvariantResult(String name, boolean held, String detail) {
    }

    /** One assertion's verdict: its text, whether it held, and the measured value it compared. */
    public record AssertionResult(String expr, boolean held, double actual, String shown) {
    }

    /** Requests answered or timed out per second of sending. */
    public double throughput() {
        return durationSeconds <= 0 ? 0 : (requests.answered() + requests.timedOut()) / durationSeconds;
    }

    /** Requests with that outcome, over every operation. */
    public long count(Errno errno) {
        return operations.values().stream().mapToLong(o -> o.outcomes().getOrDefault(errno, 0L)).sum();
    }

    /** Requests of one operation with that outcome. */
    public long count(OpKind op, Errno errno) {
        OpResult r = operations.get(op);
        return r == null ? 0 : r.outcomes().getOrDefault(errno, 0L);
    }

    /** Requests with an outcome, over every operation. */
    public long total() {
        return operations.values().stream().mapToLong(OpResult::count).sum();
    }

    /** The run was stopped before its end (Ctrl-C, SIGTERM): the result covers what was sent until then. */
    public boolean interrupted() {
        return interruptedBy != null;
    }

    public boolean invariantsHeld() {
        return invariants.stream().allMatch(InvariantResult::held);
    }

    /** Every invariant and every assertion held. */
    public boolean passed() {
        return invariantsHeld() && assertions.stream().allMatch(AssertionResult::held);
    }

    /** The same result with its assertions judged. */
    public RunResult withAssertions(List<AssertionResult> judged) {
        return new RunResult(scenario, model, seed, load, durationSeconds, operations, warnings, requests, faults,
                invariants, finalState, List.copyOf(judged), linearizable, timeseries, settings, interruptedBy, sim);
    }
}
