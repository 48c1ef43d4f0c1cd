package dev.mdevsim.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import dev.mdevsim.core.Errno;
import dev.mdevsim.report.RunResult;
import dev.mdevsim.report.TimeSeries;
import dev.mdevsim.scenario.Scenario;
import dev.mdevsim.scenario.ScenarioLoader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** Whole runs of the shipped scenarios, shortened: what each scenario is there to show. */
class LoadRunnerTest {

    static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    static RunResult run(String file, String... sets) {
        return run(file, RequestListener.NONE, QUIET, sets);
    }

    static RunResult run(String file, RequestListener listener, PrintStream progress, String... sets) {
        List<String> all = new ArrayList<>(List.of("report.progress-interval=0"));
        all.addAll(List.of(sets));
        Config config = ScenarioLoader.config(Path.of(file), all);
        Scenario scenario = ScenarioLoader.read("test", config);
        return LoadRunner.run(scenario, config, progress, listener);
    }

    static void assertInvariantsHeld(RunResult r) {
        assertTrue(r.invariantsHeld(), r.invariants().toString());
    }

    @Test
    void earlyRemoveStorm_seedSaysEAGAINNeverENODEV_R5() {
        RunResult r = run("conf/early-remove-storm.conf", "load.duration=1500ms", "load.clients=8");
        assertTrue(r.count(OpKind.EARLY_REMOVE, Errno.EAGAIN) > 0, r.operations().toString());
        assertEquals(0, r.count(OpKind.EARLY_REMOVE, Errno.ENODEV));
        assertTrue(r.passed(), r.assertions().toString());
        assertInvariantsHeld(r);
    }

    /**
     * S6 under load ({@code load.interface = sysfs}): a shell's early remove finds no remove file
     * (ENOENT) in every kernel but 6.1, where the file exists from before the probe (EAGAIN).
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(dev.mdevsim.model.Model.class)
    void earlyRemoveStorm_throughSysfs_ENOENTUntil61_EAGAINIn61_S6(dev.mdevsim.model.Model model) {
        RunResult r = run("conf/early-remove-storm.conf", "model=" + model, "load.interface=sysfs", "load.duration=1s",
                "load.clients=8");
        boolean fileBeforeProbe = model == dev.mdevsim.model.Model.LINUX_6_1;
        long enoent = r.count(OpKind.EARLY_REMOVE, Errno.ENOENT);
        long eagain = r.count(OpKind.EARLY_REMOVE, Errno.EAGAIN);
        assertTrue(fileBeforeProbe ? eagain > 0 && enoent == 0 : enoent > 0 && eagain == 0,
                model + ": " + r.operations().get(OpKind.EARLY_REMOVE).outcomes());
        assertEquals(0, r.count(OpKind.EARLY_REMOVE, Errno.ENODEV), "no function answer leaks through");
        assertInvariantsHeld(r);
    }

    @Test
    void earlyRemoveStorm_legacySaysENODEVNeverEAGAIN_R5() {
        RunResult r = run("conf/early-remove-storm.conf", "model=legacy", "load.duration=1500ms", "load.clients=8");
        assertTrue(r.count(OpKind.EARLY_REMOVE, Errno.ENODEV) > 0, r.operations().toString());
        assertEquals(0, r.count(Errno.EAGAIN));
        assertInvariantsHeld(r);
    }

    @Test
    void duplicateStorm_warnsOnlyInLegacy_C4() {
        for (String model : List.of("seed", "legacy", "global-lock")) {
            RunResult r = run("conf/duplicate-storm.conf", "model=" + model, "load.duration=1s", "load.clients=8");
            assertTrue(r.count(OpKind.DUPLICATE_CREATE, Errno.EEXIST) > 0, model);
            assertEquals(model.equals("legacy"), r.warnings().duplicateLink() > 0, model + " warnings " + r.warnings());
            assertInvariantsHeld(r);
        }
    }

    @Test
    void sameSeed_sameRequestsPerClient() {
        List<Map<Integer, List<Step.Request>>> runs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Map<Integer, List<Step.Request>> byClient = new ConcurrentHashMap<>();
            RequestListener recorder = new RequestListener() {
                @Override
                public void call(long id, int client, Step.Request request, long nanos) {
                    synchronized (byClient) {
                        byClient.computeIfAbsent(client, c -> new ArrayList<>()).add(request);
                    }
                }

                @Override
                public void returned(long id, int client, Errno outcome, long nanos) {
                }
            };
            run("conf/quickstart.conf", recorder, QUIET, "load.duration=1s", "load.clients=4");
            runs.add(byClient);
        }
        assertEquals(runs.get(0).keySet(), runs.get(1).keySet());
        for (int c : runs.get(0).keySet()) {
            List<Step.Request> a = runs.get(0).get(c);
            List<Step.Request> b = runs.get(1).get(c);
            int n = Math.min(a.size(), b.size()); // one run may have had time for a few more steps
            assertTrue(n > 100, "client " + c + " sent " + n);
            assertEquals(a.subList(0, n), b.subList(0, n), "client " + c);
        }
    }

    @Test
    void openOverload_inFlightBoundedEveryRequestAnsweredOrCounted_G1() {
        RunResult r = run("conf/overload.conf", "load.duration=2s", "load.max-in-flight=100");
        RunResult.Requests q = r.requests();
        assertTrue(q.notStarted() > 0, "at twice its capacity some steps cannot start: " + q);
        assertTrue(q.peakInFlight() <= 100, "in flight never above max-in-flight: " + q);
        assertEquals(q.sent(), q.answered() + q.timedOut(), "every request sent got an outcome");
        assertEquals(q.sent(), r.total());
        assertInvariantsHeld(r);
    }

    @Test
    void hotUnplug_faultsRunOnScheduleAndInvariantsHold_P5() {
        RunResult r = run("conf/hot-unplug.conf", "load.duration=2s", "load.clients=8",
                "faults=[{at=500ms,unregister-parent=\"0000:86:00.0\"},{at=1s,register-parent=\"0000:86:00.0\"},{at=5s,unregister-parent=\"0000:1a:00.0\"}]");
        assertEquals(3, r.faults().size());
        assertEquals(Errno.OK, r.faults().get(0).outcome());
        assertEquals(Errno.OK, r.faults().get(1).outcome());
        assertEquals(null, r.faults().get(2).outcome(), "after the end of the run: not run");
        assertTrue(r.faults().get(0).startedSeconds() >= 0.5);
        assertTrue(r.count(Errno.ENODEV) + r.count(Errno.ENOENT) > 0);
        assertInvariantsHeld(r);
    }

    @Test
    void hungVendorOps_countedETIMEDOUT_G1() {
        RunResult r = run("conf/quickstart.conf", "load.duration=1s", "load.clients=4", "load.timeout=200ms",
                "vendor.hang-rate=0.05");
        assertTrue(r.requests().timedOut() > 0);
        assertEquals(r.requests().timedOut(), r.count(Errno.ETIMEDOUT));
        assertInvariantsHeld(r); // G1 holds: every request got one outcome
        assertTrue(r.finalState().creating() + r.finalState().removing() > 0, "hung ops leave transitional devices");
        TimeSeries.Point last = r.timeseries().points().get(r.timeseries().points().size() - 1);
        assertEquals(r.finalState(), last.devices(), "the last point shows the same stuck devices");
    }

    @Test
    void timeseries_addsUpToTheRunsTotals() {
        RunResult r = run("conf/quickstart.conf", "load.duration=1200ms", "load.clients=8", "report.timeseries-interval=100ms");
        List<TimeSeries.Point> points = r.timeseries().points();
        assertTrue(points.size() >= 12 && points.size() <= 14, points.size() + " points for 1.2 s at 100 ms");
        for (Map.Entry<OpKind, RunResult.OpResult> op : r.operations().entrySet()) {
            for (Map.Entry<Errno, Long> outcome : op.getValue().outcomes().entrySet()) {
                assertEquals(outcome.getValue(), r.timeseries().total(op.getKey(), outcome.getKey()), op.getKey() + " " + outcome.getKey());
            }
        }
        double end = 0;
        for (TimeSeries.Point p : points) {
            assertTrue(p.endSeconds() > end, "in time order");
            assertEquals(p.endSeconds() - end, p.lengthSeconds(), 1e-6, "intervals follow each other");
            end = p.endSeconds();
            assertTrue(p.devices() != null, "an idle-enough host answers every sample");
        }
        assertEquals(r.durationSeconds(), end, 1e-6, "the last point ends with the run");
        assertEquals(r.finalState(), points.get(points.size() - 1).devices());
        assertTrue(points.stream().anyMatch(p -> p.devices().active() > 0), "devices were active during the run");
        assertTrue(points.stream().anyMatch(p -> p.latency().containsKey(OpKind.CREATE)));
    }

    @Test
    void timeseries_boundedWhateverTheLength() {
        RunResult r = run("conf/quickstart.conf", "load.duration=1s", "load.clients=4", "report.timeseries-interval=10ms",
                "report.timeseries-max-points=8");
        assertTrue(r.timeseries().points().size() <= 8, r.timeseries().points().size() + " points");
        assertTrue(r.timeseries().intervalSeconds() >= 0.08, "the interval doubled: " + r.timeseries().intervalSeconds());
        assertEquals(r.count(OpKind.CREATE, Errno.OK), r.timeseries().total(OpKind.CREATE, Errno.OK));
    }

    @Test
    void timeseries_offWhenTheIntervalIsZero() {
        RunResult r = run("conf/quickstart.conf", "load.duration=300ms", "load.clients=2", "report.timeseries-interval=0");
        assertEquals(List.of(), r.timeseries().points());
        assertTrue(r.total() > 0);
    }

    @Test
    void operationsBound_sendsAtMostThatMany() {
        RunResult r = run("conf/quickstart.conf", "load.operations=3000", "load.duration=1h");
        assertTrue(r.total() <= 3000 && r.total() >= 2990, "sent " + r.total());
        assertInvariantsHeld(r);
    }

    @Test
    void progress_plainLinesWhenNotATerminal() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        run("conf/quickstart.conf", RequestListener.NONE, new PrintStream(err, true, StandardCharsets.UTF_8),
                "load.duration=1200ms", "load.clients=2", "report.progress-interval=300ms");
        String out = err.toString(StandardCharsets.UTF_8);
        assertTrue(out.lines().count() >= 2, out);
        assertTrue(out.lines().allMatch(l -> l.contains("requests") && l.contains("/s") && l.contains("errno")), out);
        assertTrue(!out.contains("\r"), "no carriage returns outside a terminal");
    }
}
