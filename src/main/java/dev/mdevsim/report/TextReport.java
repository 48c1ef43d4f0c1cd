package dev.mdevsim.report;

import dev.mdevsim.core.Errno;
import dev.mdevsim.load.OpKind;
import dev.mdevsim.report.RunResult.AssertionResult;
import dev.mdevsim.report.RunResult.FaultEvent;
import dev.mdevsim.report.RunResult.InvariantResult;
import dev.mdevsim.report.RunResult.OpResult;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The report {@code run} prints on stdout. */
public final class TextReport {

    private TextReport() {
    }

    public static void print(RunResult r, PrintWriter out) {
        out.printf(Locale.ROOT, "mdevsim run: %s (model %s, seed %d)%n", r.scenario(), r.model(), r.seed());
        out.printf(Locale.ROOT, "  load: %s%n", r.load());
        RunResult.Requests q = r.requests();
        out.printf(Locale.ROOT, "  %s requests in %.2f s: %s ops/s%s%n", Units.count(r.total()), r.durationSeconds(),
                Units.rate(r.throughput()),
                q.notStarted() > 0 ? "; " + Units.count(q.notStarted()) + " steps not started (max-in-flight)" : "");
        if (r.sim() != null) {
            out.printf(Locale.ROOT, "  sim: %s, %.2f s of virtual time in %.2f s, %s steps (the same seed replays this run)%n",
                    r.sim().mode(), r.sim().virtualSeconds(), r.sim().wallSeconds(), Units.count(r.sim().scheduleSteps()));
        }
        if (r.interrupted()) {
            out.printf(Locale.ROOT, "  INTERRUPTED by %s after %.2f s: the load was stopped early; this report covers the requests "
                    + "sent until then%n", r.interruptedBy(), r.durationSeconds());
        }
        if (q.clientsAsked() > 0) {
            out.printf(Locale.ROOT, "  clients: %s asked, %s reached%s%n", Units.count(q.clientsAsked()),
                    Units.count(q.clientsReached()), q.clientsReached() < q.clientsAsked() ? " (the others sent no request)" : "");
        }
        out.println();
        out.printf(Locale.ROOT, "  %-17s %10s %9s %9s %9s %9s %9s  %s%n",
                "operation", "count", "p50", "p90", "p99", "p99.9", "max", "outcomes");
        for (Map.Entry<OpKind, OpResult> e : r.operations().entrySet()) {
            OpResult o = e.getValue();
            out.printf(Locale.ROOT, "  %-17s %10s %9s %9s %9s %9s %9s  %s%n", e.getKey(), Units.count(o.count()),
                    Units.micros(o.percentile(50)), Units.micros(o.percentile(90)), Units.micros(o.percentile(99)),
                    Units.micros(o.percentile(99.9)), Units.micros(o.max()), outcomes(o.outcomes()));
        }
        out.println();
        out.printf(Locale.ROOT, "  warnings: duplicate_link %d, remove_failed %d%n", r.warnings().duplicateLink(),
                r.warnings().removeFailed());
        out.printf(Locale.ROOT, "  timeouts: %d (answered late: %d)%n", q.timedOut(), q.lateReplies());
        for (FaultEvent f : r.faults()) {
            if (f.outcome() == null) {
                out.printf(Locale.ROOT, "  fault at %.1fs: %s: not run (the run ended first)%n", f.plannedSeconds(), f.action());
            } else {
                out.printf(Locale.ROOT, "  fault at %.1fs: %s: %s after %.1f ms%n", f.startedSeconds(), f.action(),
                        f.outcome(), f.tookMillis());
            }
        }
        out.printf(Locale.ROOT, "  final state: active %d, creating %d, removing %d%n",
                r.finalState().active(), r.finalState().creating(), r.finalState().removing());
        out.println();
        out.println("  invariants:");
        for (InvariantResult i : r.invariants()) {
            out.printf(Locale.ROOT, "    %-7s %-16s %s%n", i.held() ? "ok" : "FAILED", i.name(), i.detail());
        }
        if (!r.assertions().isEmpty()) {
            out.println("  assertions:");
            int width = r.assertions().stream().mapToInt(a -> a.expr().length()).max().orElse(10);
            for (AssertionResult a : r.assertions()) {
                out.printf(Locale.ROOT, "    %-7s %-" + width + "s  actual %s%n", a.held() ? "ok" : "FAILED", a.expr(), a.shown());
            }
        }
        out.println();
        long failedInvariants = r.invariants().stream().filter(i -> !i.held()).count();
        long failedAssertions = r.assertions().stream().filter(a -> !a.held()).count();
        String verdict = r.passed() ? "PASSED" : "FAILED: " + failedInvariants + " invariants and "
                + failedAssertions + " assertions did not hold";
        out.println(r.interrupted() ? "  INTERRUPTED (" + r.interruptedBy() + "), a partial run: " + verdict : "  " + verdict);
        out.flush();
    }

    /** "OK 6,000, ENOSPC 80" with OK first and the rest by count. */
    static String outcomes(Map<Errno, Long> outcomes) {
        return outcomes.entrySet().stream()
                .sorted((a, b) -> a.getKey() == Errno.OK ? -1 : b.getKey() == Errno.OK ? 1 : Long.compare(b.getValue(), a.getValue()))
                .map(e -> e.getKey() + " " + Units.count(e.getValue()))
                .collect(Collectors.joining(", "));
    }
}
