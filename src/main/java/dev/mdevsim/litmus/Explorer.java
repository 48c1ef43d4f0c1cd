package dev.mdevsim.litmus;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Props;
import akka.actor.typed.SpawnProtocol;
import akka.actor.typed.javadsl.Adapter;
import akka.actor.typed.javadsl.AskPattern;
import com.typesafe.config.ConfigFactory;
import dev.mdevsim.core.Futures;
import dev.mdevsim.sim.Deterministic;
import dev.mdevsim.core.Errno;
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
 * <p>Search: depth-first over the loop's steps, replaying each schedule from the start (stateless, as
 * CHESS does), reduced with source sets and sleep sets (source-DPOR, Abdulla et al. 2014): of two
 * orders of independent steps only one is run, and a node tries another step only where a run found a
 * race that it could reverse. A step's footprint is its own key (the actor that handles a message, a client's send, a vendor
 * op's completion) and every actor it sent to ({@link dev.mdevsim.sim.TracingMailbox}) or woke; two
 * steps are dependent when their footprints meet, and a step the explorer cannot name is dependent on
 * everything. So the counts are of schedules that are pairwise not equivalent, each class run once.
 * Not seen: a system message (Akka's watch, terminate) to an actor that is already scheduled. The
 * statements before and after the race run with the first choice every time (they are answered one
 * by one). {@code max-schedules} bounds the search; when it is hit the result says so.
 */
public final class Explorer {

    /** A run reached a point where every ready step is asleep: equivalent to a schedule already run. */
    private static final class Blocked extends RuntimeException {
        Blocked() {
            super("blocked", null, false, false);
        }
    }

    /** A task whose step is known by a stable name (a client's send, a vendor op's completion). */
    private record Keyed(String key, Runnable task) implements Runnable {
        @Override
        public void run() {
            task.run();
        }
    }

    /** A footprint that conflicts with every other: a step the explorer cannot see into. */
    private static final String EVERYTHING = "*";

    /** One point of the search: what was ready, what is asleep, what was explored, what is chosen now. */
    private static final class Node {
        final List<String> enabled;
        final Map<String, Set<String>> sleep;
        final Map<String, Set<String>> done = new LinkedHashMap<>();
        /** The steps to explore from here (a source set, grown by the races found in later runs). */
        final Set<String> backtrack = new java.util.LinkedHashSet<>();
        String chosen;
        Set<String> footprint;

        Node(List<String> enabled, Map<String, Set<String>> sleep) {
            this.enabled = enabled;
            this.sleep = sleep;
        }

        /** The first step to explore here that is neither asleep nor explored, or null. */
        String awake() {
            for (String k : backtrack) {
                if (!sleep.containsKey(k) && !done.containsKey(k)) {
                    return k;
                }
            }
            return null;
        }

        /** The first ready step that is not asleep, or null (then every order from here was run). */
        String firstAwake() {
            for (String k : enabled) {
                if (!sleep.containsKey(k)) {
                    return k;
                }
            }
            return null;
        }
    }

    /**
     * Depth-first search with source sets and sleep sets (source-DPOR, Abdulla et al. 2014): the search
     * persists across runs; each run replays the chosen steps of the stack, then goes on with the first
     * awake step; after each run its races add the steps to try at earlier nodes. Two steps are
     * dependent when their footprints (the step's own key and every actor it sent to or woke) meet.
     */
    private static final class Search implements SimLoop.Chooser {
        final List<Node> stack = new ArrayList<>();
        /** Replay mode: the index chosen at each step (from a printed schedule). */
        final int[] replay;
        int depth;
        boolean exploring;
        final List<Integer> indices = new ArrayList<>();

        /** False only in tests: no sleep sets, every order is run (to check that the reduction loses no outcome). */
        final boolean reduce;

        Search(int[] replay, boolean reduce) {
            this.replay = replay;
            this.reduce = reduce;
        }

        void begin() {
            depth = 0;
            indices.clear();
        }

        @Override
        public int next(int n) {
            return 0;
        }

        @Override
        public boolean everyStep() {
            return true;
        }

        @Override
        public int next(List<Runnable> ready) {
            if (!exploring) {
                return 0;
            }
            if (replay != null) {
                int pos = indices.size();
                int i = pos < replay.length ? Math.min(replay[pos], ready.size() - 1) : 0;
                indices.add(i);
                return i;
            }
            List<String> keys = keys(ready);
            Node node;
            if (depth < stack.size()) {
                node = stack.get(depth);
            } else {
                Map<String, Set<String>> sleep = new LinkedHashMap<>();
                if (depth > 0) {
                    Node parent = stack.get(depth - 1);
                    Map<String, Set<String>> candidates = new LinkedHashMap<>(parent.sleep);
                    candidates.putAll(parent.done);
                    candidates.forEach((k, f) -> {
                        if (!k.equals(parent.chosen) && !dependent(f, parent.footprint)) {
                            sleep.put(k, f);
                        }
                    });
                }
                sleep.keySet().retainAll(keys);
                if (!reduce) {
                    sleep.clear();
                }
                node = new Node(keys, sleep);
                if (reduce) {
                    String first = node.firstAwake(); // more are added where a later run finds a race
                    if (first != null) {
                        node.backtrack.add(first);
                    }
                } else {
                    node.backtrack.addAll(keys);
                }
                node.chosen = node.awake();
                if (node.chosen == null) {
                    throw new Blocked();
                }
                stack.add(node);
            }
            int i = keys.indexOf(node.chosen);
            if (i < 0) {
                throw new IllegalStateException("a replayed schedule diverged: " + node.chosen + " is not ready (" + keys + ")");
            }
            indices.add(i);
            return i;
        }

        @Override
        public void stepped(Set<String> footprint) {
            if (!exploring || replay != null) {
                return;
            }
            Node node = stack.get(depth);
            Set<String> f = new java.util.HashSet<>(footprint);
            f.add(node.chosen);
            if (node.chosen.startsWith("t:")) {
                f.add(EVERYTHING);
            }
            node.footprint = f;
            depth++;
        }

        /** Moves to the next schedule; false when the search is over. */
        boolean advance() {
            while (stack.size() > depth) { // a blocked run: the node it could not choose at
                stack.remove(stack.size() - 1);
            }
            if (reduce) {
                addRaces();
            }
            while (!stack.isEmpty()) {
                Node top = stack.get(stack.size() - 1);
                if (top.chosen != null && top.footprint != null) {
                    top.done.put(top.chosen, top.footprint);
                }
                String next = top.awake();
                if (next != null) {
                    top.chosen = next;
                    top.footprint = null;
                    return true;
                }
                stack.remove(stack.size() - 1);
            }
            return false;
        }

        /**
         * Source-DPOR (Abdulla et al., 2014): for each race in the run just made (two dependent steps of
         * different keys, the first happening before the second with nothing in between that orders
         * them), makes sure that the node before the first step will also try a step that can start the
         * reversed order: one of the initial steps of what follows it there, not ordered after it.
         */
        void addRaces() {
            int n = depth;
            java.util.BitSet[] hb = new java.util.BitSet[n];
            for (int k = 0; k < n; k++) {
                hb[k] = new java.util.BitSet(n);
                Set<String> fk = stack.get(k).footprint;
                for (int j = 0; j < k; j++) {
                    if (dependent(stack.get(j).footprint, fk)) {
                        hb[k].set(j);
                        hb[k].or(hb[j]);
                    }
                }
            }
            for (int k = 0; k < n; k++) {
                java.util.BitSet covered = new java.util.BitSet(n); // steps ordered before k through another
                for (int m = hb[k].nextSetBit(0); m >= 0; m = hb[k].nextSetBit(m + 1)) {
                    covered.or(hb[m]);
                }
                Node nk = stack.get(k);
                for (int j = hb[k].nextSetBit(0); j >= 0; j = hb[k].nextSetBit(j + 1)) {
                    Node nj = stack.get(j);
                    if (covered.get(j) || nj.chosen.equals(nk.chosen) || !dependent(nj.footprint, nk.footprint)) {
                        continue;
                    }
                    // v: the steps after j not ordered after it, then k; its initials can go first at j
                    List<Integer> v = new ArrayList<>();
                    java.util.BitSet inV = new java.util.BitSet(n);
                    for (int m = j + 1; m < k; m++) {
                        if (!hb[m].get(j)) {
                            v.add(m);
                            inV.set(m);
                        }
                    }
                    v.add(k);
                    List<String> initials = new ArrayList<>();
                    for (int x : v) {
                        java.util.BitSet before = (java.util.BitSet) hb[x].clone();
                        before.and(inV);
                        if (before.isEmpty()) {
                            initials.add(stack.get(x).chosen);
                        }
                    }
                    if (initials.stream().anyMatch(nj.backtrack::contains)) {
                        continue;
                    }
                    String q = initials.stream().filter(nj.enabled::contains).findFirst().orElse(null);
                    if (q != null) {
                        nj.backtrack.add(q);
                    } else {
                        nj.backtrack.addAll(nj.enabled); // cannot tell which: try them all
                    }
                }
            }
        }

        int[] choices() {
            return indices.stream().mapToInt(Integer::intValue).toArray();
        }

        static boolean dependent(Set<String> a, Set<String> b) {
            if (a.contains(EVERYTHING) || b.contains(EVERYTHING)) {
                return true;
            }
            for (String x : a) {
                if (b.contains(x)) {
                    return true;
                }
            }
            return false;
        }

        /** Stable names of the ready steps: an actor's path, a keyed task's name, else its class and rank. */
        static List<String> keys(List<Runnable> ready) {
            List<String> out = new ArrayList<>(ready.size());
            Map<String, Integer> seen = new java.util.HashMap<>();
            for (Runnable r : ready) {
                String k;
                if (r instanceof akka.dispatch.Mailbox m) {
                    k = dev.mdevsim.sim.Footprint.actor(m.actor().self());
                } else if (r instanceof Keyed t) {
                    k = t.key();
                } else {
                    String c = "t:" + r.getClass().getName();
                    k = c + "#" + seen.merge(c, 1, Integer::sum);
                }
                out.add(k);
            }
            return out;
        }
    }

    /** A vendor whose every op completes OK as a step of its own on the loop. */
    private record DeferredVendor(SimLoop loop) implements VendorFactory, VendorDriver {
        @Override
        public VendorDriver forParent(String parentName) {
            return this;
        }

        private CompletionStage<Errno> later(String op, long requestId) {
            CompletableFuture<Errno> f = new CompletableFuture<>();
            loop.execute(new Keyed("v:" + op + ":" + requestId, () -> f.complete(Errno.OK)));
            return f;
        }

        @Override
        public CompletionStage<Errno> create(long requestId, String parent, String type, UUID uuid) {
            return later("create", requestId);
        }

        @Override
        public CompletionStage<Errno> remove(long requestId, String parent, String type, UUID uuid) {
            return later("remove", requestId);
        }

        @Override
        public CompletionStage<Errno> setup(long requestId, String parent, String type, UUID uuid) {
            return later("setup", requestId);
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
    private final List<dev.mdevsim.core.Warning> warningKinds;

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
        Set<dev.mdevsim.core.Warning> kinds = new LinkedHashSet<>();
        for (Statement s : st) {
            if (s instanceof ExpectOverStmt e) {
                for (Statement.Term t : e.terms()) {
                    if (t instanceof Statement.StateTerm state) {
                        uuids.add(state.uuid());
                    } else if (t instanceof Statement.WarningsTerm w) {
                        kinds.add(w.kind());
                    }
                }
            }
        }
        this.stateUuids = List.copyOf(uuids);
        this.warningKinds = List.copyOf(kinds);
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
        return new Explorer(script, model).run(maxSchedules, replay, true, out);
    }

    /** The outcome lines of every schedule, without the reduction (tests: the reduction must lose none). */
    static Set<String> outcomesUnreduced(Script script, Model model, PrintWriter out) throws ScriptException {
        Explorer e = new Explorer(script, model);
        e.run(1_000_000, null, false, out);
        return e.seen;
    }

    /** The outcome lines of every schedule, with the reduction. */
    static Set<String> outcomes(Script script, Model model, PrintWriter out) throws ScriptException {
        Explorer e = new Explorer(script, model);
        e.run(1_000_000, null, true, out);
        return e.seen;
    }

    /** The distinct outcome lines of the last search. */
    private final Set<String> seen = new java.util.TreeSet<>();

    private Result run(long maxSchedules, int[] replay, boolean reduce, PrintWriter out) {
        List<Schedule> schedules = new ArrayList<>();
        boolean exhaustive = true;
        Search search = new Search(replay, reduce);
        long blocked = 0;
        // one system for every schedule: each runs on a fresh host under a root actor of its own
        SimLoop loop = new SimLoop(search, 0, 100_000_000);
        ActorSystem<SpawnProtocol.Command> system = Deterministic.start(SpawnProtocol.create(), "explore",
                ConfigFactory.load(), loop);
        try {
            do {
                if (schedules.size() >= maxSchedules) {
                    exhaustive = false;
                    break;
                }
                search.begin();
                Schedule s = runOne(search, loop, system);
                if (s == null) {
                    blocked++;
                } else {
                    schedules.add(s);
                }
            } while (replay == null && search.advance());
        } finally {
            system.terminate();
            CompletableFuture<?> terminated = system.getWhenTerminated().toCompletableFuture();
            loop.drainUntil(terminated::isDone, Duration.ofSeconds(30));
        }
        this.blocked = blocked;
        schedules.forEach(x -> seen.add(x.outcome()));
        return report(schedules, exhaustive, replay != null, out);
    }

    /** Runs cut short because every ready step was asleep (each equivalent to a schedule that was run). */
    private long blocked;

    private Result report(List<Schedule> schedules, boolean exhaustive, boolean replayed, PrintWriter out) {
        Map<String, Long> outcomes = new TreeMap<>();
        schedules.forEach(s -> outcomes.merge(s.outcome(), 1L, Long::sum));
        int racing = raceFrom < 0 ? 0 : raceTo - raceFrom;
        out.printf("== %s (model %s): %d requests racing, %d schedule%s%s, %d outcome%s%s%n", script.file(), model, racing,
                schedules.size(), schedules.size() == 1 ? "" : "s", replayed ? " (replayed)" : "", outcomes.size(),
                outcomes.size() == 1 ? "" : "s", (exhaustive || replayed ? "" : ", not exhaustive (--max-schedules)")
                        + (blocked > 0 ? " (" + blocked + " more runs cut short as equivalent)" : ""));
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
        } else if (Observed.isQuery(s)) {
            return Observed.expected(s);
        }
        throw new IllegalArgumentException(s.text());
    }

    /** One schedule, on a fresh host. */
    private Schedule runOne(Search chooser, SimLoop loop, ActorSystem<SpawnProtocol.Command> system) {
        LiveTracker live = new LiveTracker();
        HostSettings settings = new HostSettings(model, 0, List.of(), VendorSettings.instant(), Duration.ofMinutes(10),
                HostSettings.MAX_ACTIVE_DEVICE_ACTORS, false, SimSettings.THREADS.withDeterministic(true));
        // the same name each time (the last root is gone), so that every actor's path, its key, is the same
        ActorRef<SpawnProtocol.Command> root = await(loop, AskPattern.<SpawnProtocol.Command, ActorRef<SpawnProtocol.Command>>ask(
                system, replyTo -> new SpawnProtocol.Spawn<>(SpawnProtocol.create(), "run", Props.empty(), replyTo),
                Duration.ofSeconds(10), system.scheduler()));
        MdevHost host = MdevHost.builder(ConfigFactory.empty()).settings(settings).loop(loop).within(system, root)
                .vendor(new DeferredVendor(loop)).observer(live).registerParents(false).start();
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
                        loop.execute(new Keyed("c:" + r.start().label(), () -> ScriptRunner.send(host, r, id)
                                .whenComplete((e, x) -> reply.complete(e != null ? e : Errno.EIO))));
                    }
                    chooser.exploring = true;
                    try {
                        loop.quiesce();
                    } catch (IllegalStateException e) {
                        if (e.getCause() instanceof Blocked) {
                            return null; // pruned: the host is closed below
                        }
                        throw e;
                    } catch (Blocked b) {
                        return null;
                    } finally {
                        chooser.exploring = false;
                    }
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
            for (dev.mdevsim.core.Warning w : warningKinds) {
                outcome.append(outcome.length() == 0 ? "" : " ").append(w.key()).append('=').append(host.warnings().get(w));
            }
            return new Schedule(chooser.choices(), outcome.toString(), actual, holds, broken);
        } finally {
            chooser.exploring = false;
            host.close();
            await(loop, Futures.direct(akka.pattern.Patterns.gracefulStop(Adapter.toClassic(root), Duration.ofSeconds(10))));
            loop.quiesce(); // what the stopped actors left (ops of a run cut short) goes before the next run
        }
    }

    private static <T> T await(SimLoop loop, CompletionStage<T> stage) {
        try {
            return loop.await(stage, Duration.ofSeconds(10));
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("the explored host did not answer: " + e, e);
        }
    }

    private void evaluate(Statement s, MdevHost host, Map<String, CompletableFuture<Errno>> labels,
                          Map<Statement, String> actual, Map<Statement, Boolean> holds) {
        if (s instanceof Statement.ModelStmt) {
            return;
        }
        if (s instanceof Request r) {
            actual.put(s, host.await(ScriptRunner.send(host, r, host.nextRequestId())).name());
        } else if (s instanceof Statement.AwaitStmt a) {
            CompletableFuture<Errno> reply = labels.get(a.label());
            actual.put(s, reply != null && reply.isDone() ? reply.join().name() : "pending");
        } else if (Observed.isQuery(s)) {
            actual.put(s, Observed.actual(s, host, host::await));
        } else if (s instanceof ExpectOverStmt e) {
            holds.put(s, Observed.holds(e, label -> {
                CompletableFuture<Errno> reply = labels.get(label);
                return reply != null && reply.isDone() ? java.util.Optional.of(reply.join()) : java.util.Optional.empty();
            }, host, host::await));
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
