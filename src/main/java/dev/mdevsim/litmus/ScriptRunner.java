package dev.mdevsim.litmus;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.mdevsim.core.DeviceState;
import dev.mdevsim.core.Errno;
import dev.mdevsim.core.ParentSpec;
import dev.mdevsim.host.HostSettings;
import dev.mdevsim.host.MdevHost;
import dev.mdevsim.litmus.Statement.AwaitStmt;
import dev.mdevsim.litmus.Statement.CreateStmt;
import dev.mdevsim.litmus.Statement.ExpectInstancesStmt;
import dev.mdevsim.litmus.Statement.ExpectStateStmt;
import dev.mdevsim.litmus.Statement.ExpectWarningsStmt;
import dev.mdevsim.litmus.Statement.ModelStmt;
import dev.mdevsim.litmus.Statement.ParentStmt;
import dev.mdevsim.litmus.Statement.PendingStmt;
import dev.mdevsim.litmus.Statement.ReleaseStmt;
import dev.mdevsim.litmus.Statement.RemoveStmt;
import dev.mdevsim.litmus.Statement.Request;
import dev.mdevsim.litmus.Statement.UnregisterStmt;
import dev.mdevsim.sim.SimLoop;
import dev.mdevsim.vendor.VendorGate;
import dev.mdevsim.vendor.VendorSettings;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletionStage;

/**
 * Runs one litmus script against a fresh simulated host with a {@link VendorGate}: unheld vendor ops
 * complete at once, held ones when the script releases them. Before each statement the system
 * settles ({@link Tracker}); {@code expect}, {@code pending} and {@code await} are judged on that
 * settled state. Prints one line per statement: its line number, its text, the actual outcome and
 * {@code ok} or {@code FAILED (expected X)}.
 */
public final class ScriptRunner {

    /** Expectations that held and that did not. */
    public record Result(int passed, int failed) {
        public Result plus(Result other) {
            return new Result(passed + other.passed, failed + other.failed);
        }
    }

    /** How long the system may take to settle, or a query to answer, before the script fails. */
    static final Duration BOUND = Duration.ofSeconds(10);

    private static final class Launched {
        final Request statement;
        final long id;
        VendorGate.Held held;
        boolean awaited;

        Launched(Request statement, long id) {
            this.statement = statement;
            this.id = id;
        }
    }

    private final Script script;
    private final PrintWriter out;
    private final Tracker tracker = new Tracker();
    private final VendorGate gate = new VendorGate();
    private final Map<String, Launched> labels = new LinkedHashMap<>();
    private final int width;
    private MdevHost host;
    private int passed;
    private int failed;

    private final int maxActiveDeviceActors;
    /** A deterministic run's loop (driven by this thread), or null on threads. */
    private final SimLoop loop;

    private ScriptRunner(Script script, PrintWriter out, int maxActiveDeviceActors, SimLoop loop) {
        this.loop = loop;
        this.script = script;
        this.maxActiveDeviceActors = maxActiveDeviceActors;
        this.out = out;
        this.width = Math.min(72, script.statements().stream().mapToInt(s -> s.text().length()).max().orElse(0));
    }

    /** Runs the script and prints its lines to {@code out}. */
    public static Result run(Script script, PrintWriter out) throws InterruptedException {
        return new ScriptRunner(script, out, HostSettings.MAX_ACTIVE_DEVICE_ACTORS, null).run();
    }

    /**
     * Runs the script deterministically: the host's actors run on {@code loop} (made on this thread),
     * one message at a time in the order its chooser draws; settling is running the loop until nothing
     * is ready, so a script's results must not depend on that order.
     */
    public static Result run(Script script, PrintWriter out, SimLoop loop) throws InterruptedException {
        return new ScriptRunner(script, out, HostSettings.MAX_ACTIVE_DEVICE_ACTORS, loop).run();
    }

    /** Runs the script on a host whose parents keep at most {@code maxActiveDeviceActors} active device actors. */
    public static Result run(Script script, PrintWriter out, int maxActiveDeviceActors) throws InterruptedException {
        return new ScriptRunner(script, out, maxActiveDeviceActors, null).run();
    }

    private Result run() throws InterruptedException {
        out.println("== " + script.file() + " (model " + script.model() + ")");
        Config config = ConfigFactory.load();
        HostSettings settings = new HostSettings(script.model(), 0, List.of(), VendorSettings.instant(), Duration.ofMinutes(10),
                maxActiveDeviceActors);
        MdevHost.Builder builder = MdevHost.builder(config).settings(settings).vendor(gate).observer(tracker).registerParents(false);
        host = (loop == null ? builder : builder.loop(loop)).start();
        try {
            for (Statement s : script.statements()) {
                if (!execute(s)) {
                    break;
                }
            }
            labels.forEach((label, l) -> {
                if (!l.awaited) {
                    fail("end: '" + label + "' (line " + l.statement.line() + ") was started but never awaited");
                }
            });
        } finally {
            host.close();
            out.flush();
        }
        return new Result(passed, failed);
    }

    /** Runs one statement; false when the script cannot go on (the system did not settle). */
    private boolean execute(Statement s) throws InterruptedException {
        if (s instanceof ModelStmt m) {
            print(s, "");
            return true;
        }
        if (!settle(s)) {
            return false;
        }
        if (s instanceof Request r) {
            return request(r);
        } else if (s instanceof ReleaseStmt r) {
            release(r);
        } else if (s instanceof AwaitStmt a) {
            Launched l = labels.get(a.label());
            l.awaited = true;
            Optional<Errno> reply = tracker.reply(l.id);
            judge(s, reply.map(Errno::name).orElse("pending, " + tracker.phase(l.id).description), a.outcome().name());
        } else if (s instanceof PendingStmt p) {
            long id = labels.get(p.label()).id;
            Optional<Errno> reply = tracker.reply(id);
            String where = p.where() == null ? "" : " " + tracker.phase(id).word;
            judge(s, reply.map(Errno::name).orElse("pending" + where), "pending" + (p.where() == null ? "" : " " + p.where().word));
        } else if (Observed.isQuery(s)) {
            judge(s, Observed.actual(s, host, this::get), Observed.expected(s));
        } else if (s instanceof Statement.ExpectOverStmt e) {
            e.terms().forEach(t -> {
                if (t instanceof Statement.OutcomeTerm o) {
                    labels.get(o.label()).awaited = true; // judged here: as good as awaited
                }
            });
            boolean holds = Observed.holds(e, label -> tracker.reply(labels.get(label).id), host, this::get);
            boolean wanted = e.quantifier() != Statement.Quantifier.NEVER;
            judge(s, holds ? "holds" : "does not hold", wanted ? "holds" : "does not hold");
        }
        return true;
    }

    private boolean request(Request r) throws InterruptedException {
        long id = host.nextRequestId();
        Launched l = new Launched(r, id);
        tracker.sent(id);
        if (r.start().hold()) {
            boolean setup = r.start().setup();
            l.held = gate.hold(id, setup);
            l.held.started().thenRun(() -> {
                if (setup) {
                    tracker.inSetup(id);
                } else {
                    tracker.atVendor(id);
                }
            });
        }
        CompletionStage<Errno> reply = send(host, r, id);
        reply.whenComplete((errno, failure) -> {
            if (l.held != null) {
                l.held.cancel(); // answered without reaching the vendor: disarm
            }
            tracker.answered(id, errno != null ? errno : Errno.EIO);
        });
        if (r.start().started()) {
            labels.put(r.start().label(), l);
            print(r, r.start().setup() ? "started, held in setup" : r.start().hold() ? "started, held" : "started");
            return true;
        }
        if (!settle(r)) {
            return false;
        }
        Optional<Errno> outcome = tracker.reply(id);
        judge(r, outcome.map(Errno::name).orElse("pending, " + tracker.phase(id).description), r.start().outcome().name());
        return true;
    }

    /** Sends a script's request to {@code host} (also for {@link Explorer}). */
    static CompletionStage<Errno> send(MdevHost host, Request r, long id) {
        if (r instanceof ParentStmt p) {
            return host.registerParent(id, new ParentSpec(p.name(), p.types(), p.pool()));
        } else if (r instanceof CreateStmt c) {
            return host.create(id, c.parent(), c.type(), c.uuid());
        } else if (r instanceof RemoveStmt rm) {
            return host.remove(id, rm.uuid());
        } else if (r instanceof Statement.SysfsCreateStmt c) {
            return host.sysfs().create(id, c.parent(), c.type(), c.uuid());
        } else if (r instanceof Statement.SysfsRemoveStmt rm) {
            return host.sysfs().remove(id, rm.uuid());
        } else if (r instanceof Statement.SysfsWriteStmt w) {
            return host.sysfs().write(id, w.path(), w.bytes().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        } else {
            return host.unregisterParent(id, ((UnregisterStmt) r).parent());
        }
    }

    private void release(ReleaseStmt r) {
        Launched l = labels.get(r.label());
        Tracker.Phase phase = tracker.phase(l.id);
        Tracker.Phase held = l.statement.start().setup() ? Tracker.Phase.SETUP : Tracker.Phase.AT_VENDOR;
        if (phase != held) {
            String where = held == Tracker.Phase.SETUP ? "its setup" : "the vendor";
            String why = phase == Tracker.Phase.ANSWERED
                    ? "answered " + tracker.reply(l.id).map(Errno::name).orElse("?") + " without reaching " + where
                    : phase.description;
            print(r, why + "  FAILED (expected it " + held.description + ")");
            failed++;
            return;
        }
        tracker.released(l.id);
        if (r.fail().isPresent()) {
            l.held.fail(r.fail().get());
        } else {
            l.held.release();
        }
        print(r, "released" + r.fail().map(e -> " with " + e).orElse("") + "  ok");
        passed++;
    }

    private boolean settle(Statement s) throws InterruptedException {
        if (loop != null) {
            loop.quiesce(); // one thread: settled once nothing is ready
        }
        long moving = tracker.settle(loop != null ? Duration.ZERO : BOUND);
        if (moving < 0) {
            return true;
        }
        String who = labels.entrySet().stream().filter(e -> e.getValue().id == moving).map(Map.Entry::getKey)
                .findFirst().map(l -> "'" + l + "'").orElse("the request of the line before");
        print(s, "FAILED (the system did not settle within " + BOUND.toSeconds() + " s: " + who
                + " is still in transit; a lost reply?)");
        failed++;
        return false;
    }

    private <T> T get(CompletionStage<T> stage) {
        try {
            return host.sim().await(stage, BOUND);
        } catch (Exception e) {
            throw new IllegalStateException("the host did not answer a query: " + e, e);
        }
    }

    private void judge(Statement s, String actual, String expected) {
        if (actual.equals(expected)) {
            passed++;
            print(s, actual + "  ok");
        } else {
            failed++;
            print(s, actual + "  FAILED (expected " + expected + ")");
        }
    }

    private void fail(String message) {
        failed++;
        out.println("      " + message + "  FAILED");
    }

    private void print(Statement s, String result) {
        out.println(String.format("%4d  %-" + Math.max(1, width) + "s  %s", s.line(), s.text(), result).stripTrailing());
    }
}
