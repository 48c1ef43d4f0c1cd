package dev.mdevsim.litmus;

import dev.mdevsim.core.Errno;
import dev.mdevsim.host.MdevHost;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * What a script's expectations observe on a host, and what they expect, in one place for
 * {@link ScriptRunner} (one run) and {@link Explorer} (every schedule).
 */
final class Observed {

    /** How a query's answer is waited for (each runner has its own bound and errors). */
    interface Query {
        <T> T get(CompletionStage<T> stage);
    }

    private Observed() {
    }

    /** Whether {@code s} is an {@code expect state|instances|sysfs|warnings}, which {@link #actual} reads. */
    static boolean isQuery(Statement s) {
        return s instanceof Statement.ExpectStateStmt || s instanceof Statement.ExpectInstancesStmt
                || s instanceof Statement.ExpectSysfsStmt || s instanceof Statement.ExpectWarningsStmt;
    }

    /** The observed value of an {@code expect state|instances|sysfs|warnings}, as printed. */
    static String actual(Statement s, MdevHost host, Query query) {
        if (s instanceof Statement.ExpectStateStmt e) {
            return query.get(host.state(e.uuid())).label();
        } else if (s instanceof Statement.ExpectInstancesStmt e) {
            OptionalInt n = query.get(host.availableInstances(e.parent(), e.type()));
            return n.isPresent() ? String.valueOf(n.getAsInt()) : Errno.ENOENT.name();
        } else if (s instanceof Statement.ExpectSysfsStmt e) {
            return query.get(host.sysfs().exists(e.path())) ? "present" : "absent";
        } else if (s instanceof Statement.ExpectWarningsStmt e) {
            return String.valueOf(e.kind() == null ? host.warnings().total() : host.warnings().get(e.kind()));
        }
        throw new IllegalArgumentException(s.text());
    }

    /** The value an {@code expect state|instances|sysfs|warnings} expects, as printed. */
    static String expected(Statement s) {
        if (s instanceof Statement.ExpectStateStmt e) {
            return e.state().label();
        } else if (s instanceof Statement.ExpectInstancesStmt e) {
            return e.instances() < 0 ? Errno.ENOENT.name() : String.valueOf(e.instances());
        } else if (s instanceof Statement.ExpectSysfsStmt e) {
            return e.present() ? "present" : "absent";
        } else if (s instanceof Statement.ExpectWarningsStmt e) {
            return String.valueOf(e.warnings());
        }
        throw new IllegalArgumentException(s.text());
    }

    /** Whether every term of an {@code expect sometimes|always|never} is true now; {@code outcomeOf} gives a label's reply. */
    static boolean holds(Statement.ExpectOverStmt e, Function<String, Optional<Errno>> outcomeOf, MdevHost host, Query query) {
        boolean all = true;
        for (Statement.Term t : e.terms()) {
            if (t instanceof Statement.OutcomeTerm o) {
                all &= outcomeOf.apply(o.label()).map(o.outcome()::equals).orElse(false);
            } else if (t instanceof Statement.StateTerm st) {
                all &= query.get(host.state(st.uuid())) == st.state();
            } else if (t instanceof Statement.WarningsTerm w) {
                all &= host.warnings().get(w.kind()) == w.count();
            }
        }
        return all;
    }
}
