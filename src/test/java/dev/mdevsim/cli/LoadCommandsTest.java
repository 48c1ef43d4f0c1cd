package dev.mdevsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mdevsim.report.SpeedFree;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * run, validate and compare on the command line: exit status, one-line errors, the report. Runs that
 * must pass keep the quickstart's assertions but those about speed ({@link SpeedFree}): whether the
 * machine is fast is for {@code bench}.
 */
class LoadCommandsTest {

    static final Path QUICKSTART = Path.of("conf/quickstart.conf");

    @TempDir
    Path dir;

    static MainTest.Exit run(String... args) {
        return MainTest.run(args);
    }

    @Test
    void run_quickstart_exit0WithReadableReport() {
        MainTest.Exit e = run("run", "conf/quickstart.conf", "--set", "load.operations=3000", "--set", "report.progress-interval=0",
                "--set", SpeedFree.set(QUICKSTART));
        assertEquals(0, e.status(), e.out() + e.err());
        assertTrue(e.out().startsWith("mdevsim run: quickstart (model seed, seed 42)"), e.out());
        assertTrue(e.out().contains("G1-one-reply") && e.out().contains("G2-unique-live") && e.out().contains("G4-consistent"));
        for (String a : SpeedFree.assertions(QUICKSTART)) {
            assertTrue(e.out().lines().anyMatch(l -> l.matches("\\s+ok\\s+" + Pattern.quote(a) + "\\s+actual .*")),
                    "the report shows " + a + " held: " + e.out());
        }
        assertTrue(e.out().trim().endsWith("PASSED"), e.out());
    }

    @Test
    void speedFree_dropsOnlyTheQuickstartsSpeedAssertions() {
        assertEquals(List.of("invariants", "count(EAGAIN) > 0"), SpeedFree.assertions(QUICKSTART));
        assertEquals("assertions=[\"invariants\", \"count(EAGAIN) > 0\"]", SpeedFree.set(QUICKSTART));
        for (String speed : List.of("p99(create) < 50ms", "max(remove) <= 1s", "throughput > 10", "rate(ETIMEDOUT) == 0",
                "count(create, ETIMEDOUT) == 0")) {
            assertTrue(SpeedFree.aboutSpeed(speed), speed);
        }
        for (String behaviour : List.of("invariants", "count(EIO) > 0", "rate(EAGAIN) > 0.01", "warnings == 0")) {
            assertFalse(SpeedFree.aboutSpeed(behaviour), behaviour);
        }
    }

    @Test
    void run_failedAssertion_exit1() {
        MainTest.Exit e = run("run", "conf/quickstart.conf", "--set", "load.duration=500ms", "--set", "report.progress-interval=0",
                "--set", "assertions=[\"count(OK) == 0\"]");
        assertEquals(1, e.status(), e.err());
        assertTrue(e.out().contains("FAILED  count(OK) == 0"), e.out());
    }

    @Test
    void run_badSetting_exit2OneLineBeforeAnythingRuns() throws Exception {
        Path f = Files.writeString(dir.resolve("bad.conf"), "mdevsim {\n  load.rate = -1\n}\n");
        MainTest.Exit e = run("run", f.toString());
        assertEquals(2, e.status());
        assertEquals(f + ":2: mdevsim.load.rate: must be a positive number, got -1.0\n", e.err());
        assertEquals("", e.out());
    }

    @Test
    void run_jsonIntoMissingDirectory_exit2BeforeRunning() {
        MainTest.Exit e = run("run", "conf/quickstart.conf", "--json", dir.resolve("no/such/r.json").toString());
        assertEquals(2, e.status());
        assertTrue(e.err().startsWith("--json ") && e.err().contains("no such directory"), e.err());
        assertEquals(1, e.err().lines().count());
    }

    @Test
    void run_htmlIntoMissingDirectory_exit2BeforeRunning() {
        for (String command : new String[] {"run", "compare"}) {
            MainTest.Exit e = run(command, "conf/quickstart.conf", "--html", dir.resolve("no/such/r.html").toString());
            assertEquals(2, e.status(), command);
            assertTrue(e.err().startsWith("--html ") && e.err().contains("no such directory"), e.err());
            assertEquals(1, e.err().lines().count());
        }
    }

    /**
     * Every output path is tried before the run (DESIGN.md, command line: bad input is exit 2): a
     * directory's permissions do not tell (root may "write" to /proc, yet cannot create a file there).
     */
    @Test
    void run_outputThatCannotBeCreated_exit2OneLineBeforeRunning() {
        for (String option : new String[] {"--history", "--json", "--html"}) {
            MainTest.Exit e = run("run", "conf/quickstart.conf", option, "/proc/x", "--set", "load.duration=300ms",
                    "--set", "report.progress-interval=0");
            assertEquals(2, e.status(), option + ": " + e.err());
            assertTrue(e.err().startsWith(option + " /proc/x: cannot write there ("), e.err());
            assertEquals(1, e.err().lines().count(), e.err());
            assertEquals("", e.out(), option + ": nothing ran");
        }
        MainTest.Exit bench = run("bench", "--smoke", "--json", "/proc/x");
        assertEquals(2, bench.status(), bench.err());
        assertTrue(bench.err().startsWith("--json /proc/x: cannot write there ("), bench.err());
        assertEquals("", bench.out(), "no benchmark ran");
    }

    /** Two outputs in one file, however spelled, or an output over the scenario: refused before the run. */
    @Test
    void run_twoOutputsInOneFile_exit2BeforeRunning() throws Exception {
        Path scenario = Files.copy(Path.of("conf/quickstart.conf"), dir.resolve("q.conf"));
        String f = dir.resolve("r.json").toString();
        String sameF = dir + "/./r.json";
        String[][] cases = {
            {"run", "--json", f, "--history", sameF},
            {"run", "--json", f, "--html", f},
            {"run", "--html", f, "--history", dir.resolve("sub/../r.json").toString()},
            {"compare", "--json", f, "--html", sameF},
            {"run", "--json", scenario.toString()},
            {"compare", "--html", dir + "/./q.conf"},
        };
        for (String[] c : cases) {
            List<String> args = new ArrayList<>(List.of(c[0], scenario.toString(), "--set", "load.duration=200ms",
                    "--set", "report.progress-interval=0", "--models", "seed"));
            if (c[0].equals("run")) {
                args.removeAll(List.of("--models", "seed"));
            }
            args.addAll(Arrays.asList(c).subList(1, c.length));
            MainTest.Exit e = run(args.toArray(String[]::new));
            assertEquals(2, e.status(), args + ": " + e.err());
            assertEquals(1, e.err().lines().count(), e.err());
            assertTrue(e.err().contains(c.length > 3 ? ": the same file as " + c[1] + " " + c[2] : ": that is the scenario file"),
                    e.err());
            assertEquals("", e.out(), args + ": nothing ran");
        }
        assertEquals(Files.readString(Path.of("conf/quickstart.conf")), Files.readString(scenario));
        assertFalse(Files.exists(dir.resolve("r.json")));
    }

    /** A fault at or after load.duration never runs: validate warns (exit 0), run says so before it starts. */
    @Test
    void faultAfterTheEnd_validateWarnsRunSaysSoUpFront() throws Exception {
        Path f = Files.writeString(dir.resolve("late.conf"), """
                mdevsim {
                  host.parents = [ { name = p0, types = [ { name = t, max-instances = 4 } ] } ]
                  load { clients = 2, duration = 300ms }
                  faults = [ { at = 1s, unregister-parent = p0 } ]
                  report.progress-interval = 0
                }
                """);
        String warning = f + ": warning: mdevsim.faults: unregister-parent p0 at 1s will not run: the load stops at 300ms"
                + " (mdevsim.load.duration)\n";
        MainTest.Exit validate = run("validate", f.toString());
        assertEquals(0, validate.status(), validate.err());
        assertEquals(warning, validate.err());
        assertTrue(validate.out().startsWith(f + ": valid: "), validate.out());
        MainTest.Exit ran = run("run", f.toString());
        assertEquals(0, ran.status(), ran.err());
        assertEquals(warning, ran.err());
        assertTrue(ran.out().contains("fault at 1.0s: unregister-parent p0: not run"), ran.out());
    }

    @Test
    void run_jsonAndHtml_timeseriesColumnsLineUp() throws Exception {
        Path json = dir.resolve("r.json");
        Path html = dir.resolve("r.html");
        MainTest.Exit e = run("run", "conf/quickstart.conf", "--set", "load.duration=800ms", "--set", "report.progress-interval=0",
                "--set", "report.timeseries-interval=100ms", "--set", SpeedFree.set(QUICKSTART),
                "--json", json.toString(), "--html", html.toString());
        assertEquals(0, e.status(), e.out() + e.err());
        JsonNode ts = new ObjectMapper().readTree(json.toFile()).get("timeseries");
        int n = ts.get("t_s").size();
        assertTrue(n >= 1, "at least the run's last point: " + ts); // how many more is the sampler's timing
        assertEquals(n, ts.get("dt_s").size());
        assertEquals(n, ts.get("in_flight").size());
        assertEquals(n, ts.get("duplicate_link_warnings").size());
        ts.get("devices").forEach(column -> assertEquals(n, column.size()));
        ts.get("operations").forEach(op -> {
            op.get("outcomes").forEach(column -> assertEquals(n, column.size()));
            op.get("latency_us").forEach(column -> assertEquals(n, column.size()));
        });
        String page = Files.readString(html);
        assertTrue(page.startsWith("<!DOCTYPE html>") && page.contains("\"scenario\":\"quickstart\""), "the HTML report embeds the run");
    }

    @Test
    void validate_validAndInvalid() throws Exception {
        MainTest.Exit ok = run("validate", "conf/gpu-farm.conf");
        assertEquals(0, ok.status(), ok.err());
        assertTrue(ok.out().startsWith("conf/gpu-farm.conf: valid: model seed, 16 parents (48 types, 448 instances)"), ok.out());
        Path f = Files.writeString(dir.resolve("typo.conf"), "mdevsim.load.clinets = 3\n");
        MainTest.Exit bad = run("validate", f.toString());
        assertEquals(2, bad.status());
        assertTrue(bad.err().startsWith(f + ":1: mdevsim.load.clinets: unknown key (did you mean 'clients'?"), bad.err());
        assertEquals(2, run("validate", "no/such.conf").status());
        assertEquals(2, run("validate", "conf/quickstart.conf", "--set", "vendor.hang-rate=2").status());
    }

    /** Issue 14: a scenario nested 2,000 deep was a StackOverflowError, a 1,025-line trace and exit 1. */
    @Test
    void validate_nestedTwoThousandDeep_exit2OneLine() throws Exception {
        Path f = Files.writeString(dir.resolve("deep.conf"), "mdevsim.load " + "{ a ".repeat(2000) + "= 1 " + "}".repeat(2000) + "\n");
        MainTest.Exit e = run("validate", f.toString());
        assertEquals(2, e.status(), e.err());
        // with the line when the parser got through, without it when the parser ran out of stack
        assertTrue(e.err().equals(f + ":1: nested too deeply (objects and lists nest at most 100 levels deep)\n")
                || e.err().equals(f + ": nested too deeply (objects and lists nest at most 100 levels deep)\n"), e.err());
    }

    /** Issue 14 and the README: settings outside the root key {@code mdevsim} are an unknown key, not ignored. */
    @Test
    void validate_noMdevsimRoot_exit2UnknownKey() throws Exception {
        Path f = Files.writeString(dir.resolve("noroot.conf"), "load.clients = 3\n");
        MainTest.Exit e = run("validate", f.toString());
        assertEquals(2, e.status(), e.out());
        assertEquals(f + ":1: load: unknown key (a scenario has every setting under the root key 'mdevsim')\n", e.err());
    }

    @Test
    void compare_modelsSideBySideAndJson() throws Exception {
        Path json = dir.resolve("c.json");
        MainTest.Exit e = run("compare", "conf/early-remove-storm.conf", "--models", "seed,legacy", "--json", json.toString(),
                "--set", "load.operations=1500", "--set", "load.clients=4", "--set", "report.progress-interval=0");
        assertEquals(0, e.status(), e.err());
        String header = e.out().lines().filter(l -> l.contains("seed") && l.contains("legacy")).findFirst().orElseThrow();
        assertFalse(header.contains("global-lock"));
        assertTrue(e.out().contains("early-remove EAGAIN"), e.out());
        assertTrue(e.out().contains("early-remove ENODEV"), e.out());
        JsonNode runs = new ObjectMapper().readTree(json.toFile()).get("runs");
        assertEquals(2, runs.size());
        assertEquals("seed", runs.get(0).get("model").asText());
        assertEquals("legacy", runs.get(1).get("model").asText());
        assertTrue(runs.get(0).get("operations").get("early-remove").get("outcomes").has("EAGAIN"));
        assertTrue(runs.get(1).get("operations").get("early-remove").get("outcomes").has("ENODEV"));
    }

    @Test
    void compare_unknownModel_exit2() {
        MainTest.Exit e = run("compare", "conf/quickstart.conf", "--models", "seed,paxos");
        assertEquals(2, e.status());
        assertEquals("--models: unknown model 'paxos' (models: seed, legacy, global-lock, linux-5.2, linux-6.1; aliases linux-4.18, linux-4.17, modern)\n", e.err());
    }
}
