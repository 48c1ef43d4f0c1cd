package dev.mdevsim.history;

import dev.mdevsim.model.Model;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** What {@code check-history} prints: the verdict, the counts, and the first violation as a timeline. */
public final class HistoryReport {

    /** Earlier requests shown before the violating one, besides those overlapping it. */
    static final int CONTEXT = 8;

    private HistoryReport() {
    }

    public static void print(Checker.Result r, String file, Model model, PrintWriter out) {
        out.printf(Locale.ROOT, "mdevsim check-history: %s (model %s)%n", file, model);
        out.printf(Locale.ROOT, "  %,d events, %,d requests, %,d partitions (UUIDs)%s%n", r.events(), r.requests(),
                r.partitions(), r.tornLine() ? "; the last line was cut off and is ignored" : "");
        if (r.partitions() == 0 && r.verdict() == Checker.Verdict.LINEARIZABLE) {
            out.println(nothingChecked(r));
            out.flush();
            return;
        }
        switch (r.verdict()) {
            case LINEARIZABLE -> out.println("  LINEARIZABLE: every partition has an order that the specification allows");
            case UNKNOWN -> {
                out.printf(Locale.ROOT, "  UNKNOWN: %d partitions could not be decided (not counted as passed)%n", r.unknown().size());
                r.unknown().stream().limit(5).forEach(p -> out.printf(Locale.ROOT, "    %s: %s%n", p.uuid(), p.why()));
            }
            case NOT_LINEARIZABLE -> {
                out.printf(Locale.ROOT, "  NOT LINEARIZABLE: %d of %d partitions have no order that the specification allows%n",
                        r.violations().size(), r.partitions());
                Checker.PartitionResult first = r.violations().get(0);
                out.printf(Locale.ROOT, "%n  first violation: UUID %s%n", first.uuid());
                timeline(first, out);
                out.printf(Locale.ROOT, "%n  why: %s%n", first.why());
                if (r.violations().size() > 1) {
                    out.printf(Locale.ROOT, "  also: %s%n", String.join(", ",
                            r.violations().subList(1, Math.min(6, r.violations().size())).stream().map(p -> p.uuid().toString()).toList())
                            + (r.violations().size() > 6 ? ", ..." : ""));
                }
                if (!r.unknown().isEmpty()) {
                    out.printf(Locale.ROOT, "  and %d partitions undecided%n", r.unknown().size());
                }
            }
        }
        out.flush();
    }

    /**
     * The verdict line of a history with no partition: nothing was ordered, so it is trivially
     * linearizable (exit 0), and the line says so rather than claim a check.
     */
    static String nothingChecked(Checker.Result r) {
        String what = r.events() == 0 ? "the history has no events"
                : r.requests() == 0 ? "the history has no create or remove"
                : "no create or remove names a valid UUID";
        return "  NOTHING CHECKED: 0 partitions, " + what + "; trivially linearizable (exit 0)";
    }

    /**
     * The requests that matter for the violation: those overlapping the violating one, and the few
     * that finished just before it, as call and return events in time order.
     */
    static void timeline(Checker.PartitionResult p, PrintWriter out) {
        History.Op bad = p.failing();
        List<History.Op> ops = new ArrayList<>();
        List<History.Op> before = new ArrayList<>();
        for (History.Op op : p.ops()) {
            long end = op.ret() < 0 ? Long.MAX_VALUE : op.ret();
            if (op.call() <= bad.ret() && end >= bad.call()) {
                ops.add(op);
            } else if (end < bad.call()) {
                before.add(op);
            }
        }
        before.sort(Comparator.comparingLong(History.Op::ret));
        ops.addAll(before.subList(Math.max(0, before.size() - CONTEXT), before.size()));
        long t0 = ops.stream().mapToLong(History.Op::call).min().orElse(0);
        record Line(long t, String text) {
        }
        List<Line> lines = new ArrayList<>();
        for (History.Op op : ops) {
            String mark = op == bad ? "   <== no order explains this" : "";
            lines.add(new Line(op.call(), "call    " + op.describe()));
            if (op.ret() >= 0) {
                lines.add(new Line(op.ret(), "return  #" + op.id() + " " + op.result()
                        + (op.result() == dev.mdevsim.core.Errno.ETIMEDOUT ? " (outcome unknown)" : "") + mark));
            } else {
                lines.add(new Line(Long.MAX_VALUE, "        #" + op.id() + " never returned (outcome unknown)"));
            }
        }
        lines.sort(Comparator.comparingLong(Line::t));
        out.printf(Locale.ROOT, "  %14s  %s%n", "time (ms)", "event");
        for (Line l : lines) {
            out.printf(Locale.ROOT, "  %14s  %s%n", l.t() == Long.MAX_VALUE ? "" : String.format(Locale.ROOT, "%+.3f", (l.t() - t0) / 1e6),
                    l.text());
        }
    }
}
