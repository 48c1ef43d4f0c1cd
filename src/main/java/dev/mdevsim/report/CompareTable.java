package dev.mdevsim.report;

import dev.mdevsim.core.Errno;
import dev.mdevsim.load.OpKind;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/** The side-by-side table {@code compare} prints: one column per model. */
public final class CompareTable {

    private CompareTable() {
    }

    public static void print(List<RunResult> runs, PrintWriter out) {
        List<String[]> rows = new ArrayList<>();
        rows.add(row("", runs, r -> r.model().configName()));
        rows.add(row("throughput (ops/s)", runs, r -> Units.rate(r.throughput())));
        rows.add(row("requests", runs, r -> Units.count(r.total())));
        Set<OpKind> ops = new LinkedHashSet<>();
        runs.forEach(r -> ops.addAll(r.operations().keySet()));
        for (OpKind op : ops) {
            rows.add(row(op + " p50", runs, r -> latency(r, op, 50)));
            rows.add(row(op + " p99", runs, r -> latency(r, op, 99)));
            Set<Errno> errnos = new LinkedHashSet<>();
            errnos.add(Errno.OK);
            runs.forEach(r -> {
                if (r.operations().containsKey(op)) {
                    errnos.addAll(r.operations().get(op).outcomes().keySet());
                }
            });
            for (Errno e : errnos) {
                if (runs.stream().anyMatch(r -> r.count(op, e) > 0)) {
                    rows.add(row(op + " " + e, runs, r -> Units.count(r.count(op, e))));
                }
            }
        }
        rows.add(row("warnings (duplicate link)", runs, r -> Units.count(r.warnings().duplicateLink())));
        rows.add(row("warnings (remove failed)", runs, r -> Units.count(r.warnings().removeFailed())));
        rows.add(row("timeouts", runs, r -> Units.count(r.requests().timedOut())));
        rows.add(row("invariants", runs, r -> r.invariantsHeld() ? "held" : "FAILED"));
        rows.add(row("assertions held", runs, r -> r.assertions().stream().filter(RunResult.AssertionResult::held).count()
                + "/" + r.assertions().size()));
        int first = rows.stream().mapToInt(x -> x[0].length()).max().orElse(10);
        int[] widths = new int[runs.size()];
        for (String[] x : rows) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], x[i + 1].length());
            }
        }
        for (String[] x : rows) {
            StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "  %-" + first + "s", x[0]));
            for (int i = 0; i < widths.length; i++) {
                b.append(String.format(Locale.ROOT, "  %" + widths[i] + "s", x[i + 1]));
            }
            out.println(b.toString().stripTrailing());
        }
        out.flush();
    }

    private static String latency(RunResult r, OpKind op, double p) {
        RunResult.OpResult o = r.operations().get(op);
        return o == null ? "-" : Units.micros(o.percentile(p));
    }

    private static String[] row(String label, List<RunResult> runs, Function<RunResult, String> cell) {
        String[] x = new String[runs.size() + 1];
        x[0] = label;
        for (int i = 0; i < runs.size(); i++) {
            x[i + 1] = cell.apply(runs.get(i));
        }
        return x;
    }
}
