package dev.mdevsim.litmus;

import dev.mdevsim.core.DeviceState;
import dev.mdevsim.core.Errno;
import dev.mdevsim.core.TypeSpec;
import dev.mdevsim.core.Warning;
import dev.mdevsim.model.Model;
import java.util.List;
import java.util.Optional;

/** One parsed line of a litmus script. {@code line} is its 1-based line number, {@code text} its source. */
public sealed interface Statement {

    int line();

    String text();

    /**
     * How a request statement runs: to completion expecting {@code outcome}, or started under
     * {@code label} (and, with {@code hold}, held at the vendor; with {@code hold setup}, in setup).
     */
    record Start(Errno outcome, String label, boolean hold, boolean setup) {
        Start(Errno outcome, String label, boolean hold) {
            this(outcome, label, hold, false);
        }

        static Start complete(Errno outcome) {
            return new Start(outcome, null, false, false);
        }

        public boolean started() {
            return label != null;
        }
    }

    /** A statement that sends a request (parent, create, remove, unregister). */
    sealed interface Request extends Statement {
        Start start();
    }

    record ModelStmt(int line, String text, Model model) implements Statement {
    }

    /** {@code pool}: {@link dev.mdevsim.core.ParentSpec#NO_POOL}, or the size of the pool its types share. */
    record ParentStmt(int line, String text, String name, List<TypeSpec> types, int pool, Start start) implements Request {
    }

    record CreateStmt(int line, String text, String parent, String type, String uuid, Start start) implements Request {
    }

    record RemoveStmt(int line, String text, String uuid, Start start) implements Request {
    }

    record UnregisterStmt(int line, String text, String parent, Start start) implements Request {
    }

    /** {@code sysfs create P T U}: the UUID written to the type's {@code create} file, as mdevctl writes it. */
    record SysfsCreateStmt(int line, String text, String parent, String type, String uuid, Start start) implements Request {
    }

    /** {@code sysfs remove U}: {@code 1} written to {@code bus/mdev/devices/U/remove}. */
    record SysfsRemoveStmt(int line, String text, String uuid, Start start) implements Request {
    }

    /** {@code sysfs write PATH TEXT}: {@code bytes} (TEXT with its escapes decoded) written to PATH. */
    record SysfsWriteStmt(int line, String text, String path, String bytes, Start start) implements Request {
    }

    /** {@code expect sysfs PATH present|absent}. */
    record ExpectSysfsStmt(int line, String text, String path, boolean present) implements Statement {
    }

    /** {@code release L}, or {@code release L fail ERRNO}. */
    record ReleaseStmt(int line, String text, String label, Optional<Errno> fail) implements Statement {
    }

    record AwaitStmt(int line, String text, String label, Errno outcome) implements Statement {
    }

    /** Where a pending request is: waiting on a lock (or, an unregistration, for the ops it drains), held at its vendor, held in setup. */
    enum Where {
        QUEUED("queued"), AT_VENDOR("at-vendor"), SETUP("setup");

        final String word;

        Where(String word) {
            this.word = word;
        }

        static Optional<Where> parse(String word) {
            for (Where w : values()) {
                if (w.word.equals(word)) {
                    return Optional.of(w);
                }
            }
            return Optional.empty();
        }
    }

    /** {@code pending L}, or {@code pending L queued|at-vendor|setup} ({@code where} null: anywhere). */
    record PendingStmt(int line, String text, String label, Where where) implements Statement {
    }

    record ExpectStateStmt(int line, String text, String uuid, DeviceState state) implements Statement {
    }

    /** {@code instances} is -1 for ENOENT (no such parent or type). */
    record ExpectInstancesStmt(int line, String text, String parent, String type, int instances) implements Statement {
    }

    /** How an {@code expect sometimes|always|never} is judged over the schedules {@code explore} runs. */
    enum Quantifier { SOMETIMES, ALWAYS, NEVER }

    /** One term of such an expectation: a label's outcome, or a UUID's state afterwards. */
    sealed interface Term {
        String text();
    }

    record OutcomeTerm(String label, Errno outcome) implements Term {
        @Override
        public String text() {
            return label + "=" + outcome;
        }
    }

    record StateTerm(String uuid, DeviceState state) implements Term {
        @Override
        public String text() {
            return uuid + "=" + state.label();
        }
    }

    /** {@code duplicate_link=N}: that many warnings of that kind by the end. */
    record WarningsTerm(Warning kind, long count) implements Term {
        @Override
        public String text() {
            return kind.key() + "=" + count;
        }
    }

    /**
     * {@code expect sometimes|always|never TERM...}: in {@code explore}, some, every or no schedule
     * ends with all the terms true; in {@code script}, the one run does (sometimes, always) or does not (never).
     */
    record ExpectOverStmt(int line, String text, Quantifier quantifier, List<Term> terms) implements Statement {
    }

    /** {@code kind} null: every kind together. */
    record ExpectWarningsStmt(int line, String text, Warning kind, long warnings) implements Statement {
    }
}
