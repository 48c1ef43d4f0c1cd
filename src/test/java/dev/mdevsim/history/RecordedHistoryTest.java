package dev.mdevsim.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import dev.mdevsim.core.Errno;
import dev.mdevsim.load.LoadRunner;
import dev.mdevsim.load.RequestListener;
import dev.mdevsim.model.Model;
import dev.mdevsim.report.RunResult;
import dev.mdevsim.scenario.Scenario;
import dev.mdevsim.scenario.ScenarioLoader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Histories of real runs: recorded, checked, killed mid-run, and corrupted on purpose. */
class RecordedHistoryTest {

    @TempDir
    static Path dir;
    static Path contention;
    static RunResult contentionRun;

    static RunResult run(String scenario, Path history, String... sets) {
        List<String> all = new ArrayList<>(List.of("report.progress-interval=0"));
        all.addAll(List.of(sets));
        Config config = ScenarioLoader.config(Path.of(scenario), all);
        Scenario s = ScenarioLoader.read("test", config);
        return LoadRunner.run(s, config, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                RequestListener.NONE, history);
    }

    @BeforeAll
    static void recordAContentionRun() {
        contention = dir.resolve("contention.jsonl");
        contentionRun = run("conf/contention.conf", contention, "load.duration=1500ms", "load.clients=16");
    }

    @Test
    void contentionRun_isLinearizable_G3() throws Exception {
        assertEquals(Boolean.TRUE, contentionRun.linearizable(), contentionRun.invariants().toString());
        assertTrue(contentionRun.invariants().stream().anyMatch(i -> i.name().equals("G3-linearizable") && i.held()));
        History h = HistoryReader.read(contention);
        assertEquals(2 * contentionRun.total(), h.events(), "a call and a return per request");
        assertTrue(h.ops().stream().anyMatch(o -> o.result() == Errno.EAGAIN), "contention makes EAGAIN");
    }

    /**
     * A history too long to hold is checked in parts (Spill: one temporary file per share of the
     * UUIDs): the same partitions, requests and verdict as in memory, here with parts forced at 1,000
     * operations (G3).
     */
    @Test
    void contentionHistory_checkedInParts_sameAsInMemory_G3() throws Exception {
        Checker.Result whole = Checker.check(HistoryReader.read(contention), Model.SEED, Checker.BUDGET);
        Checker.Result parts = Checker.check(contention, Model.SEED, Checker.BUDGET, 1_000, null);
        assertEquals(Checker.Verdict.LINEARIZABLE, whole.verdict());
        assertEquals(whole.verdict(), parts.verdict());
        assertEquals(whole.partitions(), parts.partitions());
        assertEquals(whole.requests(), parts.requests());
        assertEquals(whole.events(), parts.events());
        assertTrue(whole.requests() > 1_000, "more operations than the parts' limit: " + whole.requests());
    }

    /** In parts, a violation is found as in memory: the seed's EAGAIN is no legacy answer (R5, G3), first violation the same. */
    @Test
    void contentionHistory_asLegacy_inParts_theSameFirstViolation_G3_R5() throws Exception {
        Checker.Result whole = Checker.check(HistoryReader.read(contention), Model.LEGACY, Checker.BUDGET);
        Checker.Result parts = Checker.check(contention, Model.LEGACY, Checker.BUDGET, 1_000, null);
        assertEquals(Checker.Verdict.NOT_LINEARIZABLE, whole.verdict());
        assertEquals(whole.verdict(), parts.verdict());
        assertEquals(whole.violations().size(), parts.violations().size());
        assertEquals(whole.violations().get(0).uuid(), parts.violations().get(0).uuid());
        assertEquals(whole.violations().get(0).failing().id(), parts.violations().get(0).failing().id());
    }

    /** Checked in parts, temporary files that cannot be made are said so (the run's G3: "not checked"), never a crash. */
    @Test
    void contentionHistory_inParts_noRoomForTheTemporaryFiles_saysSo() {
        Path nowhere = dir.resolve("no-such-directory");
        java.io.UncheckedIOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.UncheckedIOException.class,
                () -> Checker.check(contention, Model.SEED, Checker.BUDGET, 1_000, nowhere));
        assertTrue(e.getMessage().startsWith("the history's temporary files: "), e.getMessage());
        assertTrue(e.getMessage().contains("no-such-directory"), e.getMessage());
    }

    @Test
    void earlyRemoveStorm_withHistory_linearizableTrue() {
        RunResult r = run("conf/early-remove-storm.conf", dir.resolve("storm.jsonl"), "load.duration=1s", "load.clients=8");
        assertEquals(Boolean.TRUE, r.linearizable(), r.invariants().toString());
        assertTrue(r.passed());
    }

    @Test
    void legacyRun_checkedAgainstLegacy_linearizable_andNotAgainstSeedsEagainRule() throws Exception {
        Path legacy = dir.resolve("legacy.jsonl");
        RunResult r = run("conf/contention.conf", legacy, "model=legacy", "load.duration=1s", "load.clients=8");
        assertEquals(Boolean.TRUE, r.linearizable(), r.invariants().toString());
        // the seed run's history is not legacy-linearizable: it has EAGAIN
        assertEquals(Checker.Verdict.NOT_LINEARIZABLE, Checker.check(HistoryReader.read(contention), Model.LEGACY, Checker.BUDGET).verdict());
    }

    /**
     * G3 for global-lock: a real contention run, every request one atomic step under the one lock,
     * checks against global-lock's specification; it never answers EAGAIN (R5, R6 wait instead), and
     * the seed run, which does, is not global-lock-linearizable (the check is not vacuous).
     */
    @Test
    void globalLockRun_linearizableAgainstItsOwnSpecification_andTheSeedRunIsNot_G3() throws Exception {
        Path global = dir.resolve("global-lock.jsonl");
        RunResult r = run("conf/contention.conf", global, "model=global-lock", "load.duration=1s", "load.clients=8");
        assertEquals(Boolean.TRUE, r.linearizable(), r.invariants().toString());
        History h = HistoryReader.read(global);
        assertEquals(2 * r.total(), h.events(), "a call and a return per request");
        assertTrue(h.ops().stream().noneMatch(o -> o.result() == Errno.EAGAIN), "global-lock waits instead of EAGAIN");
        assertTrue(h.ops().stream().anyMatch(o -> o.result() == Errno.EEXIST), "creates collided");
        assertTrue(h.ops().stream().anyMatch(o -> o.result() == Errno.EBUSY), "removals were refused");
        assertEquals(Checker.Verdict.LINEARIZABLE, Checker.check(h, Model.GLOBAL_LOCK, Checker.BUDGET).verdict());
        assertEquals(Checker.Verdict.NOT_LINEARIZABLE,
                Checker.check(HistoryReader.read(contention), Model.GLOBAL_LOCK, Checker.BUDGET).verdict());
    }

    /** A global-lock run with a parent unplugged and plugged again: P5 drains what waits for the lock too. */
    @Test
    void globalLockUnplugRun_withHistory_linearizable_C13_R8_P5() {
        RunResult r = run("conf/hot-unplug.conf", dir.resolve("unplug-global-lock.jsonl"), "model=global-lock",
                "load.duration=1500ms", "load.clients=8",
                "faults=[{at=300ms,unregister-parent=\"0000:86:00.0\"},{at=800ms,register-parent=\"0000:86:00.0\"}]");
        assertEquals(Errno.OK, r.faults().get(0).outcome());
        assertEquals(Boolean.TRUE, r.linearizable(), r.invariants().toString());
        assertTrue(r.invariants().stream().allMatch(i -> i.held()), r.invariants().toString());
    }

    /** G3 of "Later kernels": a 6.1 run checks against its own specification; the seed run, with EBUSY, does not. */
    @Test
    void linux61Run_linearizableAgainstItsOwnSpecification_andTheSeedRunIsNot() throws Exception {
        Path modern = dir.resolve("linux-6.1.jsonl");
        RunResult r = run("conf/contention.conf", modern, "model=linux-6.1", "load.duration=1s", "load.clients=8");
        assertEquals(Boolean.TRUE, r.linearizable(), r.invariants().toString());
        History h = HistoryReader.read(modern);
        assertTrue(h.ops().stream().noneMatch(o -> o.result() == Errno.EBUSY), "a removal cannot be refused in 6.1");
        History seed = HistoryReader.read(contention);
        assertTrue(seed.ops().stream().anyMatch(o -> o.result() == Errno.EBUSY), "the seed run has refusals");
        assertEquals(Checker.Verdict.NOT_LINEARIZABLE, Checker.check(seed, Model.LINUX_6_1, Checker.BUDGET).verdict());
    }

    /** Histories of sysfs writes ({@code load.interface = sysfs}) are marked so and check by the S rows of their model. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(Model.class)
    void sysfsRun_markedViaSysfs_linearizableByItsSRows(Model model) throws Exception {
        Path h = dir.resolve("sysfs-" + model + ".jsonl");
        RunResult r = run("conf/contention.conf", h, "model=" + model, "load.interface=sysfs", "load.duration=1s",
                "load.clients=8");
        assertEquals(Boolean.TRUE, r.linearizable(), r.invariants().toString());
        History read = HistoryReader.read(h);
        assertTrue(read.ops().stream().filter(o -> o.kind() == History.Kind.REMOVE).allMatch(History.Op::sysfs));
        assertTrue(Files.readString(h).contains("\"via\":\"sysfs\""));
        assertTrue(read.ops().stream().anyMatch(o -> o.result() == Errno.ENOENT && o.kind() == History.Kind.REMOVE),
                "a shell's remove meets missing files");
        // the same answers judged as calls of the functions: a remove's ENOENT is one no function gives
        List<History.Op> asCalls = read.ops().stream().map(o -> new History.Op(o.id(), o.client(), o.kind(), o.uuid(),
                o.uuidText(), o.parent(), o.type(), o.call(), o.ret(), o.result(), o.callLine(), o.returnLine(), false)).toList();
        assertEquals(Checker.Verdict.NOT_LINEARIZABLE,
                Checker.check(new History("calls", asCalls, read.events(), false), model, Checker.BUDGET).verdict());
    }

    @Test
    void linux52UnplugRun_withHistory_linearizable_R8_P5() {
        RunResult r = run("conf/hot-unplug.conf", dir.resolve("unplug-5.2.jsonl"), "model=linux-5.2", "load.duration=1500ms",
                "load.clients=8", "vendor.remove-refusal-rate=0.1",
                "faults=[{at=300ms,unregister-parent=\"0000:86:00.0\"},{at=800ms,register-parent=\"0000:86:00.0\"}]");
        assertEquals(Errno.OK, r.faults().get(0).outcome());
        assertEquals(Boolean.TRUE, r.linearizable(), r.invariants().toString());
        assertTrue(r.warnings().removeFailed() > 0, "refusals are logged, not answered: " + r.warnings());
    }

    @Test
    void hotUnplugRun_withHistory_linearizable_P5() {
        RunResult r = run("conf/hot-unplug.conf", dir.resolve("unplug.jsonl"), "load.duration=1500ms", "load.clients=8",
                "faults=[{at=300ms,unregister-parent=\"0000:86:00.0\"},{at=800ms,register-parent=\"0000:86:00.0\"}]");
        assertEquals(Errno.OK, r.faults().get(0).outcome());
        assertEquals(Boolean.TRUE, r.linearizable(), r.invariants().toString());
    }

    /**
     * The mutation test: at many random moments when a UUID is active and no request of it is in
     * flight, insert a create that answers OK. No order explains it, and the checker must say so,
     * naming that UUID.
     */
    @Test
    void insertedCreateOKWhileActive_rejectedNamingThatUuid() throws Exception {
        History h = HistoryReader.read(contention);
        List<long[]> quiet = new ArrayList<>(); // {op index of the completed create, time}
        Map<UUID, List<History.Op>> byUuid = new java.util.HashMap<>();
        for (History.Op op : h.ops()) {
            if (op.uuid() != null) {
                byUuid.computeIfAbsent(op.uuid(), k -> new ArrayList<>()).add(op);
            }
        }
        List<UUID> uuids = new ArrayList<>();
        for (Map.Entry<UUID, List<History.Op>> e : byUuid.entrySet()) {
            List<History.Op> ops = e.getValue();
            for (int i = 0; i + 1 < ops.size(); i++) {
                History.Op create = ops.get(i);
                History.Op next = ops.get(i + 1);
                // an OK create, every earlier request of the UUID returned before it returned, the next called after
                boolean earlierDone = ops.subList(0, i).stream().allMatch(o -> o.known() && o.ret() < create.ret());
                if (create.kind() == History.Kind.CREATE && create.result() == Errno.OK && earlierDone
                        && next.call() > create.ret() + 2) {
                    quiet.add(new long[] {create.ret() + 1, next.call() - 1});
                    uuids.add(e.getKey());
                }
            }
        }
        assertTrue(quiet.size() > 20, "enough quiet active moments: " + quiet.size());
        Random random = new Random(5);
        for (int n = 0; n < 25; n++) {
            int k = random.nextInt(quiet.size());
            UUID target = uuids.get(k);
            long t = quiet.get(k)[0];
            List<History.Op> mutated = new ArrayList<>(h.ops());
            mutated.add(new History.Op(Long.MAX_VALUE - n, 99, History.Kind.CREATE, target, null, "0000:1a:00.0", "mtty-1",
                    t, t + 1, Errno.OK, 0, 0));
            mutated.sort((a, b) -> Long.compare(a.call(), b.call()));
            Checker.Result r = Checker.check(new History("mutated", mutated, h.events() + 2, false), Model.SEED, Checker.BUDGET);
            assertEquals(Checker.Verdict.NOT_LINEARIZABLE, r.verdict(), "mutation " + n);
            assertEquals(List.of(target), r.violations().stream().map(Checker.PartitionResult::uuid).toList(),
                    "only the mutated UUID is named");
        }
    }

    /** A run killed with SIGKILL leaves a history whose prefix reads and checks. */
    @Test
    void killedRun_leavesAValidPrefix() throws Exception {
        Path h = dir.resolve("killed.jsonl");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "dev.mdevsim.cli.Main",
                "run", "conf/contention.conf", "--history", h.toString(), "--set", "load.duration=60s",
                "--set", "report.progress-interval=0")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while ((!Files.exists(h) || Files.size(h) < 200_000) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        } finally {
            p.destroyForcibly(); // SIGKILL: no shutdown hook, no flush
            p.waitFor(10, TimeUnit.SECONDS);
        }
        History read = HistoryReader.read(h);
        assertTrue(read.events() > 1000, "events before the kill: " + read.events());
        Checker.Result r = Checker.check(read, Model.SEED, Checker.BUDGET);
        assertEquals(Checker.Verdict.LINEARIZABLE, r.verdict(), () -> r.violations().isEmpty() ? "" : r.violations().get(0).why());
    }
}
