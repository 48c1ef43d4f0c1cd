package dev.mdevsim.report;

import dev.mdevsim.core.Errno;
import dev.mdevsim.core.Warning;
import dev.mdevsim.load.OpKind;
import dev.mdevsim.report.RunResult.AssertionResult;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A check that fails the run when it does not hold ({@code mdevsim.assertions}). Grammar:
 * <pre>
 *   invariants
 *   count(ERRNO) CMP N          count(OP, ERRNO) CMP N
 *   rate(ERRNO) CMP X           rate(OP, ERRNO) CMP X        (a share of all requests, or of OP's)
 *   pNN(OP) CMP DURATION        NN: 50, 90, 99, 999 (99.9); also max(OP)
 *   warnings CMP N              warnings(KIND) CMP N         (KIND: duplicate_link, remove_failed)
 *   throughput CMP X            (requests per second)
 *   CMP: &lt; &lt;= &gt; &gt;= == !=
 * </pre>
 * Parsed when the scenario is read, so a malformed assertion is a bad input (exit 2) before the run.
 */
public sealed interface Assertion {

    /** The text as written. */
    String text();

    /** Judges a run. */
    AssertionResult evaluate(RunResult run);

    /** A comparison operator. */
    enum Cmp {
        LT("<"), LE("<="), GT(">"), GE(">="), EQ("=="), NE("!=");

        final String symbol;

        Cmp(String symbol) {
            this.symbol = symbol;
        }

        boolean test(double actual, double bound) {
            return switch (this) {
                case LT -> actual < bound;
                case LE -> actual <= bound;
                case GT -> actual > bound;
                case GE -> actual >= bound;
                case EQ -> actual == bound;
                case NE -> actual != bound;
            };
        }

        static Cmp parse(String s) {
            for (Cmp c : values()) {
                if (c.symbol.equals(s)) {
                    return c;
                }
            }
            throw new IllegalArgumentException("unknown comparison '" + s + "' (use <, <=, >, >=, ==, !=)");
        }
    }

    Pattern SHAPE = Pattern.compile("^\\s*([a-z]+[0-9.]*)\\s*(?:\\(([^)]*)\\))?\\s*(<=|>=|==|!=|<|>)\\s*(\\S+)\\s*$");

    /** Parses one assertion; {@link IllegalArgumentException} says what is wrong. */
    static Assertion parse(String text) {
        if (text.trim().equals("invariants")) {
            return new Invariants(text);
        }
        Matcher m = SHAPE.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("expected invariants, count(...), rate(...), pNN(op), warnings or "
                    + "throughput, a comparison and a value, e.g. count(EAGAIN) > 0");
        }
        String fn = m.group(1);
        String args = m.group(2);
        Cmp cmp = Cmp.parse(m.group(3));
        String value = m.group(4);
        switch (fn) {
            case "count", "rate" -> {
                if (args == null) {
                    throw new IllegalArgumentException(fn + " needs (ERRNO) or (OP, ERRNO)");
                }
                String[] a = args.split(",");
                OpKind op = a.length == 2 ? op(a[0]) : null;
                Errno e = Errno.parse(a[a.length - 1].trim()).orElseThrow(() ->
                        new IllegalArgumentException("unknown outcome '" + a[a.length - 1].trim() + "'"));
                if (a.length > 2) {
                    throw new IllegalArgumentException(fn + " takes (ERRNO) or (OP, ERRNO)");
                }
                return fn.equals("count") ? new Count(text, op, e, cmp, number(value)) : new Rate(text, op, e, cmp, number(value));
            }
            case "warnings" -> {
                Warning kind = args == null ? null : Warning.parse(args.trim()).orElseThrow(() ->
                        new IllegalArgumentException("unknown warning '" + args.trim() + "' (" + Warning.keys() + ")"));
                return new Warnings(text, kind, cmp, number(value));
            }
            case "throughput" -> {
                if (args != null) {
                    throw new IllegalArgumentException(fn + " takes no arguments");
                }
                return new Throughput(text, cmp, number(value));
            }
            default -> {
                double p = percentile(fn);
                if (args == null) {
                    throw new IllegalArgumentException(fn + " needs an operation, e.g. " + fn + "(create)");
                }
                return new Latency(text, op(args), p, cmp, duration(value));
            }
        }
    }

    private static OpKind op(String s) {
        return OpKind.parse(s.trim()).orElseThrow(() -> new IllegalArgumentException(
                "unknown operation '" + s.trim() + "' (create, remove, early-remove, duplicate-create, invalid)"));
    }

    private static double percentile(String fn) {
        return switch (fn) {
            case "max" -> 100.0;
            case "p50" -> 50.0;
            case "p90" -> 90.0;
            case "p99" -> 99.0;
            case "p999", "p99.9" -> 99.9;
            default -> throw new IllegalArgumentException("unknown function '" + fn
                    + "' (invariants, count, rate, p50, p90, p99, p999, max, warnings, throughput)");
        };
    }

    private static double number(String s) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + s + "' is not a number");
        }
    }

    private static Duration duration(String s) {
        Matcher m = Pattern.compile("^([0-9]+(?:\\.[0-9]+)?)(us|ms|s)$").matcher(s.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + s + "' is not a duration such as 500us, 50ms or 2s");
        }
        double v = Double.parseDouble(m.group(1));
        double micros = switch (m.group(2)) {
            case "us" -> v;
            case "ms" -> v * 1_000;
            default -> v * 1_000_000;
        };
        return Duration.ofNanos(Math.round(micros * 1_000));
    }

    /** The invariants of the run held. */
    record Invariants(String text) implements Assertion {
        @Override
        public AssertionResult evaluate(RunResult run) {
            long failed = run.invariants().stream().filter(i -> !i.held()).count();
            return new AssertionResult(text, failed == 0, failed, failed == 0 ? "all held" : failed + " failed");
        }
    }

    record Count(String text, OpKind op, Errno errno, Cmp cmp, double bound) implements Assertion {
        @Override
        public AssertionResult evaluate(RunResult run) {
            long n = op == null ? run.count(errno) : run.count(op, errno);
            return new AssertionResult(text, cmp.test(n, bound), n, String.valueOf(n));
        }
    }

    record Rate(String text, OpKind op, Errno errno, Cmp cmp, double bound) implements Assertion {
        @Override
        public AssertionResult evaluate(RunResult run) {
            long n = op == null ? run.count(errno) : run.count(op, errno);
            long of = op == null ? run.total() : run.operations().containsKey(op) ? run.operations().get(op).count() : 0;
            double r = of == 0 ? 0 : (double) n / of;
            return new AssertionResult(text, cmp.test(r, bound), r, String.format(Locale.ROOT, "%.4f", r));
        }
    }

    record Latency(String text, OpKind op, double percentile, Cmp cmp, Duration bound) implements Assertion {
        @Override
        public AssertionResult evaluate(RunResult run) {
            RunResult.OpResult r = run.operations().get(op);
            long micros = r == null ? 0 : percentile == 100.0 ? r.max() : r.percentile(percentile);
            return new AssertionResult(text, cmp.test(micros, bound.toNanos() / 1000.0), micros, Units.micros(micros));
        }
    }

    /** {@code kind} null: every kind together. */
    record Warnings(String text, Warning kind, Cmp cmp, double bound) implements Assertion {
        @Override
        public AssertionResult evaluate(RunResult run) {
            long n = kind == null ? run.warnings().total() : run.warnings().get(kind);
            return new AssertionResult(text, cmp.test(n, bound), n, String.valueOf(n));
        }
    }

    record Throughput(String text, Cmp cmp, double bound) implements Assertion {
        @Override
        public AssertionResult evaluate(RunResult run) {
            double t = run.throughput();
            return new AssertionResult(text, cmp.test(t, bound), t, String.format(Locale.ROOT, "%.1f/s", t));
        }
    }
}
