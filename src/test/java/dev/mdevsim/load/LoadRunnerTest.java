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

/**
 * Whole runs of the shipped scenarios, shortened: what each scenario is there to show. Runs that
 * count outcomes are bounded by a number of requests ({@code load.operations}), not by time, so
 * what they judge does not depend on how fast the machine is; the progress line and the sampler's
 * cadence are checked by hand-driven clocks in {@link ProgressTest} and {@link SamplerTest}.
 */
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

    /**
     * An interruption (Ctrl-C) ends a 60 s run once 200 requests have been answered: sending stops,
     * every request sent still gets its outcome (G1), the history is complete up to there (G3 checks
     * it), and the result says it is partial. The listener interrupts, so no timing is involved.
     */
    @Test
    void interruption_stopsSendingAndJudgesThePartialRun_G1_G3(@org.junit.jupiter.api.io.TempDir Path dir) {
        Interruption interruption = new Interruption();
        java.util.concurrent.atomic.AtomicLong answered = new java.util.concurrent.atomic.AtomicLong();
        RequestListener interruptAt200 = new RequestListener() {
            @Override
            public void call(long id, int client, Step.Request request, long nanos) {
            }

            @Override
            public void returned(long id, int client, Errno outcome, long nanos) {
                if (answered.incrementAndGet() == 200) {
                    interruption.interrupt("SIGINT");
                }
            }
        };
        Config config = ScenarioLoader.config(Path.of("conf/quickstart.conf"),
                List.of("report.progress-interval=0", "load.duration=60s", "assertions=[invariants]"));
        RunResult r = LoadRunner.run(ScenarioLoader.read("test", config), config, QUIET, interruptAt200, dir.resolve("h.jsonl"),
                interruption);
        assertEquals("SIGINT", r.interruptedBy());
        assertTrue(r.interrupted());
        assertTrue(r.total() >= 200, "the requests until then: " + r.total());
        assertEquals(r.requests().sent(), r.requests().answered() + r.requests().timedOut(), "each has its outcome");
        assertEquals(Boolean.TRUE, r.linearizable(), r.invariants().toString());
        assertInvariantsHeld(r);
        assertTrue(r.passed());

        RunResult later = LoadRunner.run(ScenarioLoader.read("test", config), config, QUIET, RequestListener.NONE, null, interruption);
        assertTrue(later.interrupted(), "a run that starts after the interruption stops at once (compare's next model)");
        assertEquals(0, later.requests().sent());
    }

    @Test
    void earlyRemoveStorm_seedSaysEAGAINNeverENODEV_R5() {
        RunResult r = run("conf/early-remove-storm.conf", "load.operations=3000", "load.clients=8");
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
        RunResult r = run("conf/early-remove-storm.conf", "model=" + model, "load.interface=sysfs", "load.operations=1500",
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
        RunResult r = run("conf/early-remove-storm.conf", "model=legacy", "load.operations=3000", "load.clients=8");
        assertTrue(r.count(OpKind.EARLY_REMOVE, Errno.ENODEV) > 0, r.operations().toString());
        assertEquals(0, r.count(Errno.EAGAIN));
        assertInvariantsHeld(r);
    }

    @Test
    void duplicateStorm_warnsOnlyInLegacy_C4() {
        for (String model : List.of("seed", "legacy", "global-lock")) {
            RunResult r = run("conf/duplicate-storm.conf", "model=" + model, "load.operations=2000", "load.clients=8");
            assertTrue(r.count(OpKind.DUPLICATE_CREATE, Errno.EEXIST) > 0, model);
            assertEquals(model.equals("legacy"), r.warnings().duplicateLink() > 0, model + " warnings " + r.warnings());
            assertInvariantsHeld(r);
        }
    }

    /** The clients that sent a request, as the requests themselves show it. */
    static final class ClientsSeen implements RequestListener {
        final java.util.Set<Integer> clients = ConcurrentHashMap.newKeySet();

        @Override
        public void call(long id, int client, Step.Request request, long nanos) {
            clients.add(client);
        }

        @Override
        public void returned(long id, int client, Errno outcome, long nanos) {
        }
    }

    /**
     * Closed arrival starts every client asked for (with 100,000 clients a sub-stream per client had
     * 41,875 sending by the end of a 5 s run), and the report's clients line says what the requests
     * show: reached = the clients that sent one.
     */
    @Test
    void closedArrival_everyClientAskedForSends_andTheReportSaysSo() {
        ClientsSeen seen = new ClientsSeen();
        RunResult r = run("conf/quickstart.conf", seen, QUIET, "load.duration=1s", "load.clients=2000");
        assertEquals(2000, r.requests().clientsAsked());
        assertEquals(seen.clients.size(), r.requests().clientsReached(), "reached is what the requests show");
        assertEquals(2000, r.requests().clientsReached(), "every client sent a request");
        java.io.StringWriter text = new java.io.StringWriter();
        dev.mdevsim.report.TextReport.print(r, new java.io.PrintWriter(text));
        assertTrue(text.toString().contains("\n  clients: 2,000 asked, 2,000 reached\n"), text.toString());
        com.fasterxml.jackson.databind.JsonNode requests = dev.mdevsim.report.JsonReport.toJson(r).get("requests");
        assertEquals(2000, requests.get("clients_asked").asLong());
        assertEquals(2000, requests.get("clients_reached").asLong());
    }

    /** When the run ends before some clients sent anything (30 operations for 100 clients), the report says how many did. */
    @Test
    void clientsThatSentNothing_areReportedAsNotReached() {
        ClientsSeen seen = new ClientsSeen();
        RunResult r = run("conf/quickstart.conf", seen, QUIET, "load.operations=30", "load.duration=1h", "load.clients=100");
        long reached = r.requests().clientsReached();
        assertEquals(seen.clients.size(), reached, "reached is what the requests show");
        assertTrue(reached > 0 && reached <= 30, "at most one client per request: " + reached);
        java.io.StringWriter text = new java.io.StringWriter();
        dev.mdevsim.report.TextReport.print(r, new java.io.PrintWriter(text));
        assertTrue(text.toString().contains("\n  clients: 100 asked, " + reached + " reached (the others sent no request)\n"),
                text.toString());
    }

    /**
     * Each client sends exactly the requests of its {@link ClientWorkload}, a pure function of the seed
     * and the client's index, in order: the same in every run. Bounded by requests, so every request
     * sent is compared, however many each client got through.
     */
    @Test
    void sameSeed_eachClientSendsItsWorkloadsRequestsInOrder_everyRequestCompared() {
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
        String[] sets = {"report.progress-interval=0", "load.operations=2000", "load.clients=4"};
        RunResult r = run("conf/quickstart.conf", recorder, QUIET, sets);
        Scenario scenario = ScenarioLoader.read("test", ScenarioLoader.config(Path.of("conf/quickstart.conf"), List.of(sets)));
        LoadSettings load = scenario.load();
        long compared = 0;
        for (Map.Entry<Integer, List<Step.Request>> sent : byClient.entrySet()) {
            ClientWorkload workload = new ClientWorkload(scenario.host().seed(), sent.getKey(), load.mix(),
                    load.devicesPerClient(), scenario.host().parents(), load.uuidPool());
            List<Step.Request> expected = new ArrayList<>();
            while (expected.size() < sent.getValue().size()) {
                expected.addAll(workload.next().requests());
            }
            assertEquals(expected, sent.getValue(), "client " + sent.getKey());
            compared += sent.getValue().size();
        }
        assertEquals(4, byClient.size(), "every client sent: " + byClient.keySet());
        assertEquals(r.total(), compared, "every request of the run was compared");
        assertTrue(compared > 1990 && compared <= 2000, compared + " requests");
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
        RunResult r = run("conf/quickstart.conf", "load.operations=400", "load.clients=4", "load.timeout=200ms",
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
        assertTrue(!points.isEmpty(), "at least the last point, taken when the run ends");
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
        }
        assertEquals(r.durationSeconds(), end, 1e-6, "the last point ends with the run");
        assertEquals(r.finalState(), points.get(points.size() - 1).devices(), "the last point shows the quiet host");
        assertEquals(r.operations().get(OpKind.CREATE).count(),
                points.stream().mapToLong(p -> p.latency().containsKey(OpKind.CREATE) ? p.latency().get(OpKind.CREATE).count() : 0).sum(),
                "every create's latency is in one point");
    }

    @Test
    void timeseries_boundedWhateverTheLength() {
        RunResult r = run("conf/quickstart.conf", "load.duration=1s", "load.clients=4", "report.timeseries-interval=10ms",
                "report.timeseries-max-points=8");
        assertTrue(r.timeseries().points().size() <= 8, r.timeseries().points().size() + " points");
        assertEquals(r.count(OpKind.CREATE, Errno.OK), r.timeseries().total(OpKind.CREATE, Errno.OK));
        assertEquals(r.durationSeconds(), r.timeseries().points().get(r.timeseries().points().size() - 1).endSeconds(), 1e-6);
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

}
