package dev.mdevsim.litmus;

import com.typesafe.config.ConfigFactory;
import dev.mdevsim.core.DeviceState;
import dev.mdevsim.core.Errno;
import dev.mdevsim.core.ParentSpec;
import dev.mdevsim.host.HostSettings;
import dev.mdevsim.host.MdevHost;
import dev.mdevsim.litmus.Statement.ExpectOverStmt;
import dev.mdevsim.litmus.Statement.Request;
import dev.mdevsim.load.LiveTracker;
import dev.mdevsim.model.Model;
import dev.mdevsim.report.Invariants;
import dev.mdevsim.report.RunResult.InvariantResult;
import dev.mdevsim.sim.SimLoop;
import dev.mdevsim.sim.SimSettings;
import dev.mdevsim.vendor.VendorDriver;
import dev.mdevsim.vendor.VendorFactory;
import dev.mdevsim.vendor.VendorSettings;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

/**
 * {@code explore}: every schedule of a litmus script's race (DESIGN.md, "Exploring every
 * interleaving"). Consecutive starts {@code ... as L} without {@code hold} form the race. Each
 * schedule runs the script on a fresh deterministic host ({@link SimLoop}, virtual time) whose vendor
 * completes every op as a step of its own, so that which vendor op completes first is a choice too;
 * the racing requests are sent as steps of their own, so that the order in which they arrive is one.
 *
 * <p>Search: depth-first over the loop's choices, replaying each schedule from the start (stateless,
 * as CHESS does). Reduction: none: every order of the steps ready at each point is run, so the counts
 * are counts of schedules, not of equivalence classes. The statements before and after the race run
 * with the first choice every time (they are answered one by one, so that choice changes nothing).
 * {@code max-schedules} bounds the search; when it is hit the result says so.
 */
public final class Explorer {

    /** Every schedule's choices, each as (ready count, index chosen). */
    private static final class Chooser implements SimLoop.Chooser {
        final int[] prefix;
        final List<int[]> trace = new ArrayList<>();
        boolean exploring;

        Chooser(int[] prefix) {
            this.prefix = prefix;
        }

        @Override
        public int next(int n) {
            if (!exploring) {
                return 0;
            }
            int pos = trace.size();
            int c = pos < prefix.length ? Math.min(prefix[pos], n - 1) : 0;
            trace.add(new int[] {n, c});
            return c;
        }

        int[] choices() {
            return trace.stream().mapToInt(t -> t[1]).toArray();
        }

        /** The next schedule in depth-first order, or null when every one has been run. */
        int[] next() {
            for (int i = trace.size() - 1; i >= 0; i--) {
                int[] t = trace.get(i);
                if (t[1] + 1 < t[0]) {
                    int[] out = new int[i + 1];
                    for (int j = 0; j < i; j++) {
                        out[j] = trace.get(j)[1];
                    }
                    out[i] = t[1] + 1;
                    return out;
                }
            }
            return null;
        }
    }

    /** A vendor whose every op completes OK as a step of its own on the loop. */
    private record DeferredVendor(SimLoop loop) implements VendorFactory, VendorDriver {
        @Override
        public VendorDriver forParent(String parentName) {
            return this;
        }

        private CompletionStage<Errno> later() {
            CompletableFuture<Errno> f = new CompletableFuture<>();
            loop.execute(() -> f.complete(Errno.OK));
            return f;
        }

        @Override
        public CompletionStage<Errno> create(long requestId, String parent, String type, UUID uuid) {
            return later();
        }

        @Override
        public CompletionStage<Errno> remove(long requestId, String parent, String type, UUID uuid) {
            return later();
        }

        @Override
        public CompletionStage<Errno> setup(long requestId, String parent, String type, UUID uuid) {
            return later();
        }
    }

    /** What one schedule did: its outcome line, each statement's actual value, broken invariants. */
    record Schedule(int[] choices, String outcome, Map<Statement, String> actual, Map<Statement, Boolean> holds,
                    List<String> broken) {
    }

    /** The explorer's verdict on one script and model. */
    public record Result(int passed, int failed, long schedules, boolean exhaustive) {
    }

    private final Script script;
    private final Model model;
    private final int raceFrom;
    private final int raceTo;
    private final List<String> stateUuids;

    private Explorer(Script script, Model model) throws ScriptException {
        this.script = script;
        this.model = model;
        int from = -1;
        int to = -1;
        List<Statement> st = script.statements();
        for (int i = 0; i < st.size(); i++) {
            Statement s = st.get(i);
            if (s instanceof Statement.ReleaseStmt || s instanceof Statement.PendingStmt
                    || s instanceof Request r && r.start().hold()) {
                throw new ScriptException(script.file(), s.line(), "explore runs every schedule: 'hold', 'release' and"
                        + " 'pending' pin one (use 'script' for them)");
            }
            boolean racing = s instanceof Request r && r.start().started();
            if (racing && (to == i || from < 0)) {
                if (from < 0) {
                    from = i;
                }
                to = i + 1;
            } else if (racing) {
                throw new ScriptException(script.file(), s.line(), "a second race: explore runs one race per script"
                        + " (the starts 'as L' from line " + st.get(from).line() + " on)");
            }
        }
        this.raceFrom = from;
        this.raceTo = to;
        Set<String> uuids = new LinkedHashSet<>();
        for (Statement s : st) {
            if (s instanceof ExpectOverStmt e) {
                e.terms().stream().filter(t -> t instanceof Statement.StateTerm).forEach(t -> uuids.add(((Statement.StateTerm) t).uuid()));
            }
        }
        this.stateUuids = List.copyOf(uuids);
    }

    /** Checks that {@code explore} can run {@code script} (one race, no hold/release/pending). */
    public static void check(Script script) throws ScriptException {
        new Explorer(script, script.model());
    }

    /**
     * Explores {@code script} under {@code model}, printing the outcomes and judged expectations;
     * {@code replay} (may be null) runs that one schedule instead.
     */
    public static Result explore(Script script, Model model, long maxSchedules, int[] replay, PrintWriter out)
            throws ScriptException {
        return new Explorer(script, model).run(maxSchedules, replay, out);
    }

    private Result run(long maxSchedules, int[] replay, PrintWriter out) {
        List<Schedule> schedules = new ArrayList<>();
        boolean exhaustive = true;
        int[] prefix = replay != null ? replay : new int[0];
        while (prefix != null) {
            if (schedules.size() >= maxSchedules) {
                exhaustive = false;
                break;
            }
            Chooser chooser = new Chooser(prefix);
            schedules.add(runOne(chooser));
            prefix = replay != null ? null : chooser.next();
        }
        return report(schedules, exhaustive, replay != null, out);
    }

    private Result report(List<Schedule> schedules, boolean exhaustive, boolean replayed, PrintWriter out) {
        Map<String, Long> outcomes = new TreeMap<>();
        schedules.forEach(s -> outcomes.merge(s.outcome(), 1L, Long::sum));
        int racing = raceFrom < 0 ? 0 : raceTo - raceFrom;
        out.printf("== %s (model %s): %d requests racing, %d schedule%s%s, %d outcome%s%s%n", script.file(), model, racing,
                schedules.size(), schedules.size() == 1 ? "" : "s", replayed ? " (replayed)" : "", outcomes.size(),
                outcomes.size() == 1 ? "" : "s", exhaustive || replayed ? "" : ", not exhaustive (--max-schedules)");
        int width = outcomes.keySet().stream().mapToInt(String::length).max().orElse(0);
        outcomes.forEach((o, n) -> out.printf("  %-" + Math.max(1, width) + "s  %d schedule%s%n", o, n, n == 1 ? "" : "s"));
        if (replayed) {
            out.println("  schedule: " + choices(schedules.get(0).choices()));
        }
        int passed = 0;
        int failed = 0;
        int textWidth = Math.min(72, script.statements().stream().mapToInt(s -> s.text().length()).max().orElse(0));
        for (Statement s : script.statements()) {
            if (s instanceof Statement.ModelStmt || (s instanceof Request r && r.start().started())) {
                continue;
            }
            String verdict;
            boolean ok;
            if (s instanceof ExpectOverStmt e) {
                long yes = schedules.stream().filter(x -> x.holds().get(s)).count();
                long n = schedules.size();
                Schedule counter = switch (e.quantifier()) {
                    case SOMETIMES -> null;
                    case ALWAYS -> schedules.stream().filter(x -> !x.holds().get(s)).findFirst().orElse(null);
                    case NEVER -> schedules.stream().filter(x -> x.holds().get(s)).findFirst().orElse(null);
                };
                ok = switch (e.quantifier()) {
                    case SOMETIMES -> yes > 0;
                    case ALWAYS -> yes == n && (exhaustive || replayed);
                    case NEVER -> yes == 0 && (exhaustive || replayed);
                };
                String counted = yes + " of " + n + " schedules";
                verdict = ok ? counted + "  ok"
                        : counter != null ? counted + "  FAILED (e.g. schedule " + choices(counter.choices()) + ")"
                        : counted + "  FAILED" + (e.quantifier() == Statement.Quantifier.SOMETIMES ? "" : " (not exhaustive)");
            } else {
                Map<String, Long> actual = schedules.stream().collect(Collectors.groupingBy(x -> x.actual().get(s),
                        TreeMap::new, Collectors.counting()));
                String expected = expected(s);
                ok = actual.size() == 1 && actual.containsKey(expected);
                String seen = actual.size() == 1 ? actual.keySet().iterator().next()
                        : actual.entrySet().stream().map(x -> x.getKey() + " in " + x.getValue()).collect(Collectors.joining(", "));
                verdict = seen + (ok ? "  ok" : "  FAILED (expected " + expected + " in every schedule)");
            }
            if (ok) {
                passed++;
            } else {
                failed++;
            }
            out.println(String.format("%4d  %-" + Math.max(1, textWidth) + "s  %s", s.line(), s.text(), verdict).stripTrailing());
        }
        Schedule broken = schedules.stream().filter(x -> !x.broken().isEmpty()).findFirst().orElse(null);
        if (broken == null) {
            passed++;
            out.println("      G1, G2, G4 held in every schedule  ok");
        } else {
            failed++;
            long n = schedules.stream().filter(x -> !x.broken().isEmpty()).count();
            out.println("      " + n + " schedule" + (n == 1 ? "" : "s") + " broke " + String.join("; ", broken.broken())
                    + "  FAILED");
            out.println("      replay: explore " + script.file() + " --models " + model + " --replay " + choices(broken.choices()));
        }
        return new Result(passed, failed, schedules.size(), exhaustive);
    }

    private static String choices(int[] c) {
        return c.length == 0 ? "-" : Arrays.stream(c).mapToObj(String::valueOf).collect(Collectors.joining(","));
    }

    /** The value a statement other than {@code expect sometimes|always|never} must have in every schedule. */
    private static String expected(Statement s) {
        if (s instanceof Request r) {
            return r.start().outcome().name();
        } else if (s instanceof Statement.AwaitStmt a) {
            return a.outcome().name();
        } else if (s instanceof Statement.ExpectStateStmt e) {
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

    /** One schedule, on a fresh host. */
    private Schedule runOne(Chooser chooser) {
        SimLoop loop = new SimLoop(chooser, 0, 10_000_000);
        LiveTracker live = new LiveTracker();
        HostSettings settings = new HostSettings(model, 0, List.of(), VendorSettings.instant(), Duration.ofMinutes(10),
                HostSettings.MAX_ACTIVE_DEVICE_ACTORS, false, SimSettings.THREADS.withDeterministic(true));
        MdevHost host = MdevHost.builder(ConfigFactory.load()).settings(settings).loop(loop).vendor(new DeferredVendor(loop))
                .observer(live).registerParents(false).start();
        Map<String, CompletableFuture<Errno>> labels = new LinkedHashMap<>();
        Map<Statement, String> actual = new LinkedHashMap<>();
        Map<Statement, Boolean> holds = new LinkedHashMap<>();
        List<String> broken = new ArrayList<>();
        try {
            List<Statement> st = script.statements();
            for (int i = 0; i < st.size(); i++) {
                Statement s = st.get(i);
                if (i == raceFrom) {
                    for (int j = raceFrom; j < raceTo; j++) {
                        Request r = (Request) st.get(j);
                        CompletableFuture<Errno> reply = new CompletableFuture<>();
                        labels.put(r.start().label(), reply);
                        long id = host.nextRequestId();
                        loop.execute(() -> ScriptRunner.send(host, r, id).whenComplete((e, x) -> reply.complete(e != null ? e : Errno.EIO)));
                    }
                    chooser.exploring = true;
                    loop.quiesce();
                    chooser.exploring = false;
                    i = raceTo - 1;
                    continue;
                }
                evaluate(s, host, labels, actual, holds);
            }
            labels.forEach((label, reply) -> {
                if (!reply.isDone()) {
                    broken.add("G1-one-reply: '" + label + "' was never answered");
                }
            });
            if (live.violations() > 0) {
                broken.add("G2-unique-live: " + live.examples());
            }
            InvariantResult g4 = Invariants.consistent(host.await(host.inspect()), host.await(host.inspectParents()));
            if (!g4.held()) {
                broken.add(g4.name() + ": " + g4.detail());
            }
            StringBuilder outcome = new StringBuilder();
            labels.forEach((label, reply) -> outcome.append(outcome.length() == 0 ? "" : " ").append(label).append('=')
                    .append(reply.isDone() ? reply.join().name() : "pending"));
            for (String u : stateUuids) {
                outcome.append(outcome.length() == 0 ? "" : " ").append(u).append('=').append(host.await(host.state(u)).label());
            }
            return new Schedule(chooser.choices(), outcome.toString(), actual, holds, broken);
        } finally {
            host.close();
        }
    }

    private void evaluate(Statement s, MdevHost host, Map<String, CompletableFuture<Errno>> labels,
                          Map<Statement, String> actual, Map<Statement, Boolean> holds) {
        if (s instanceof Statement.ModelStmt) {
            return;
        }
        if (s instanceof Request r) {
            if (r instanceof Statement.ParentStmt p) {
                actual.put(s, host.await(host.registerParent(host.nextRequestId(), new ParentSpec(p.name(), p.types(), p.pool()))).name());
            } else {
                actual.put(s, host.await(ScriptRunner.send(host, r, host.nextRequestId())).name());
            }
        } else if (s instanceof Statement.AwaitStmt a) {
            CompletableFuture<Errno> reply = labels.get(a.label());
            actual.put(s, reply != null && reply.isDone() ? reply.join().name() : "pending");
        } else if (s instanceof Statement.ExpectStateStmt e) {
            actual.put(s, host.await(host.state(e.uuid())).label());
        } else if (s instanceof Statement.ExpectInstancesStmt e) {
            var n = host.await(host.availableInstances(e.parent(), e.type()));
            actual.put(s, n.isPresent() ? String.valueOf(n.getAsInt()) : Errno.ENOENT.name());
        } else if (s instanceof Statement.ExpectSysfsStmt e) {
            actual.put(s, host.await(host.sysfs().exists(e.path())) ? "present" : "absent");
        } else if (s instanceof Statement.ExpectWarningsStmt e) {
            actual.put(s, String.valueOf(e.kind() == null ? host.warnings().total() : host.warnings().get(e.kind())));
        } else if (s instanceof ExpectOverStmt e) {
            boolean all = true;
            for (Statement.Term t : e.terms()) {
                if (t instanceof Statement.OutcomeTerm o) {
                    CompletableFuture<Errno> reply = labels.get(o.label());
                    all &= reply != null && reply.isDone() && reply.join() == o.outcome();
                } else if (t instanceof Statement.StateTerm st) {
                    all &= host.await(host.state(st.uuid())) == st.state();
                }
            }
            holds.put(s, all);
        }
    }

    /** Parses {@code --replay}: the choices a schedule line printed, e.g. {@code 0,1,0}; {@code -} is none. */
    public static int[] parseChoices(String text) {
        if (text.equals("-")) {
            return new int[0];
        }
        return Arrays.stream(text.split(",")).mapToInt(Integer::parseInt).toArray();
    }

}
