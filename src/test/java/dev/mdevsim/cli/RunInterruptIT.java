package dev.mdevsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jar as a user runs it, stopped by a signal (issue 14): Ctrl-C or SIGTERM during {@code run}
 * stops the load, and the partial run is reported, written (JSON, HTML, a history complete up to
 * there) and marked interrupted, with exit status 130 or 143; a second Ctrl-C exits at once.
 * {@code compare} reports the runs so far. G1 (every request sent got exactly one outcome) holds in
 * the partial report. The tests wait for the run's progress on stderr, never for a time.
 * Also the input side of the command line: a scenario piped in on {@code /dev/stdin}, and a warning
 * printed before the run starts.
 */
class RunInterruptIT {

    static final Path JAR = Path.of("target/mdevsim.jar");
    static final ObjectMapper JSON = new ObjectMapper();
    /** Until a run has started (a JVM and an actor system), and until it has stopped. */
    static final long PATIENCE_S = 90;
    /** The quickstart's latency assertions judge the machine's speed: not here. */
    static final String ONLY_INVARIANTS = "assertions=[\"invariants\"]";
    /** DESIGN.md's keys of a JSON report, all kept in a partial one. */
    static final List<String> DESIGN_KEYS = List.of("scenario", "model", "seed", "duration_s", "throughput_ops_per_s",
            "operations", "warnings", "invariants", "assertions", "final_state", "linearizable");

    @TempDir
    Path tmp;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopLeftovers() {
        started.forEach(Process::destroyForcibly);
    }

    @Test
    void run_sigint_reportsAndWritesThePartialRunThenExits130() throws Exception {
        assumeSigintCanReachAChild();
        Path json = tmp.resolve("r.json");
        Path history = tmp.resolve("h.jsonl");
        Launched run = launch("run", "conf/quickstart.conf", "--json", json.toString(), "--history", history.toString(),
                "--set", "load.duration=60s", "--set", "report.progress-interval=100ms", "--set", ONLY_INVARIANTS);
        run.awaitErr(RunInterruptIT::progressWithRequests);
        signal(run.process, "INT");

        assertEquals(130, run.exit(), run::err);
        String report = run.out();
        assertTrue(report.contains("\n  INTERRUPTED by SIGINT after "), report);
        assertTrue(report.stripTrailing().endsWith("INTERRUPTED (SIGINT), a partial run: PASSED"), report);
        assertTrue(report.contains("ok      G1-one-reply"), report);
        assertTrue(run.err().contains("mdevsim: SIGINT: stopping the load"), run.err());

        JsonNode r = JSON.readTree(json.toFile());
        DESIGN_KEYS.forEach(k -> assertTrue(r.has(k), "DESIGN.md key " + k + ": " + r));
        assertTrue(r.get("interrupted").asBoolean(), r.toString());
        assertTrue(r.get("duration_s").asDouble() < 60, "stopped early: " + r.get("duration_s"));
        assertTrue(r.get("requests").get("sent").asLong() > 0);
        assertEquals(r.get("requests").get("sent").asLong(),
                r.get("requests").get("answered").asLong() + r.get("requests").get("timed_out").asLong(), "G1: each has an outcome");
        assertTrue(r.get("linearizable").asBoolean(), "the run checked its history: " + r.get("invariants"));

        Launched check = launch("check-history", history.toString());
        assertEquals(0, check.exit(), () -> "the history is complete up to the interruption: " + check.out() + check.err());
    }

    @Test
    void run_sigterm_reportsAndWritesThePartialRunThenExits143() throws Exception {
        Path json = tmp.resolve("r.json");
        Path html = tmp.resolve("r.html");
        Launched run = launch("run", "conf/quickstart.conf", "--json", json.toString(), "--html", html.toString(),
                "--set", "load.duration=60s", "--set", "report.progress-interval=100ms");
        run.awaitErr(RunInterruptIT::progressWithRequests);
        run.process.toHandle().destroy(); // SIGTERM

        assertEquals(143, run.exit(), run::err);
        assertTrue(run.out().contains("\n  INTERRUPTED by SIGTERM after "), run.out());
        JsonNode r = JSON.readTree(json.toFile());
        DESIGN_KEYS.forEach(k -> assertTrue(r.has(k), "DESIGN.md key " + k));
        assertTrue(r.get("interrupted").asBoolean(), r.toString());
        String page = Files.readString(html);
        assertTrue(page.contains("\"interrupted\":true"), "the HTML report embeds the partial run");
    }

    /** Requests that never finish (the vendor hangs, a 60 s timeout) keep the first stop waiting: a second Ctrl-C ends it. */
    @Test
    void run_secondSigint_exitsAtOnceWithoutAReport() throws Exception {
        assumeSigintCanReachAChild();
        Path json = tmp.resolve("r.json");
        Launched run = launch("run", "conf/quickstart.conf", "--json", json.toString(), "--set", "load.duration=60s",
                "--set", "load.timeout=60s", "--set", "vendor.hang-rate=1", "--set", "report.progress-interval=100ms");
        run.awaitErr(l -> l.endsWith(" in flight") && !l.endsWith(" 0 in flight"));
        signal(run.process, "INT");
        run.awaitErr(l -> l.startsWith("mdevsim: SIGINT: stopping the load"));
        signal(run.process, "INT");

        assertTrue(run.process.waitFor(30, TimeUnit.SECONDS), "exits at once, not after the 60 s timeout");
        assertEquals(130, run.process.exitValue());
        assertEquals("", run.out(), "no report");
        assertTrue(run.err().contains("mdevsim: SIGINT again: exiting at once, without a report"), run.err());
        assertFalse(Files.exists(json));
    }

    @Test
    void compare_sigint_reportsTheRunsSoFarThenExits130() throws Exception {
        assumeSigintCanReachAChild();
        Path json = tmp.resolve("c.json");
        Launched compare = launch("compare", "conf/quickstart.conf", "--models", "seed,legacy", "--json", json.toString(),
                "--set", "load.duration=60s", "--set", "report.progress-interval=100ms");
        compare.awaitErr(RunInterruptIT::progressWithRequests);
        signal(compare.process, "INT");

        assertEquals(130, compare.exit(), compare::err);
        assertTrue(compare.out().contains("INTERRUPTED by SIGINT: seed is a partial run; not run: legacy"), compare.out());
        JsonNode runs = JSON.readTree(json.toFile()).get("runs");
        assertEquals(1, runs.size());
        assertTrue(runs.get(0).get("interrupted").asBoolean());
    }

    @Test
    void swarm_sigint_startsNoMoreSeeds_reportsThoseThatRanThenExits130() throws Exception {
        assumeSigintCanReachAChild();
        Path json = tmp.resolve("s.json");
        Launched swarm = launch("swarm", "conf/unplug-race.conf", "--seeds", "1..40", "--json", json.toString());
        swarm.awaitErr(line -> line.contains("/40 seeds, 0 failed"));
        signal(swarm.process, "INT");

        assertEquals(130, swarm.exit(), swarm::err);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("INTERRUPTED by SIGINT: (\\d+) of 40 seeds ran\n(\\d+) seeds, 0 failed\n$")
                .matcher(swarm.out());
        assertTrue(m.find(), swarm.out());
        int ran = Integer.parseInt(m.group(1));
        assertTrue(ran > 0 && ran < 40, swarm.out());
        assertEquals(ran, Integer.parseInt(m.group(2)));
        assertEquals(ran, JSON.readTree(json.toFile()).size());
    }

    /** validate and run read a scenario piped in, as script and check-history do. */
    @Test
    void devStdin_aScenarioPipedIn() throws Exception {
        String scenario = Files.readString(Path.of("conf/quickstart.conf"));
        Launched validate = launch("validate", "/dev/stdin");
        validate.feed(scenario);
        assertEquals(0, validate.exit(), validate::err);
        assertTrue(validate.out().startsWith("/dev/stdin: valid: model seed, 2 parents"), validate.out());

        Launched run = launch("run", "/dev/stdin", "--set", "load.duration=300ms", "--set", "report.progress-interval=0",
                "--set", ONLY_INVARIANTS);
        run.feed(scenario);
        assertEquals(0, run.exit(), run::err);
        assertTrue(run.out().startsWith("mdevsim run: stdin (model seed, seed 42)"), run.out());
    }

    /** The warning about a fault after the end of the run comes before the run's progress. */
    @Test
    void run_faultAfterTheEnd_warnedBeforeTheRunStarts() throws Exception {
        Launched run = launch("run", "conf/quickstart.conf", "--set", "load.duration=500ms", "--set", "report.progress-interval=100ms",
                "--set", "faults=[{at=2s,unregister-parent=\"0000:3b:00.0\"}]");
        run.exit();
        List<String> err = run.err().lines().toList();
        int warning = err.indexOf("conf/quickstart.conf: warning: mdevsim.faults: unregister-parent 0000:3b:00.0 at 2s will not run: "
                + "the load stops at 500ms (mdevsim.load.duration)");
        int progress = err.stream().filter(RunInterruptIT::progress).findFirst().map(err::indexOf).orElse(-1);
        assertTrue(warning >= 0 && progress > warning, "the warning, then the run:\n" + run.err());
    }

    static boolean progress(String line) {
        return line.matches("\\s*\\d+\\.\\ds\\s.*requests.*in flight");
    }

    static boolean progressWithRequests(String line) {
        return progress(line) && !line.matches("\\s*\\d+\\.\\ds\\s+0 requests.*");
    }

    /**
     * A process started with SIGINT ignored (a background job of a shell without job control) passes
     * that on to its children, which then cannot be interrupted with it: there is nothing to test.
     */
    static void assumeSigintCanReachAChild() throws IOException {
        String ignored = Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("SigIgn:"))
                .map(l -> l.substring(7).trim()).findFirst().orElse("0");
        Assumptions.assumeTrue((Long.parseUnsignedLong(ignored, 16) & (1L << 1)) == 0,
                "SIGINT is ignored by this process (started in the background without job control) and so by its children");
    }

    static void signal(Process p, String name) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(p.pid())).inheritIO().start();
        assertEquals(0, kill.waitFor(), "kill -" + name);
    }

    private Launched launch(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).start();
        started.add(p);
        return new Launched(p);
    }

    /** A started jar: stdout collected, stderr collected and offered line by line as it comes. */
    static final class Launched {
        final Process process;
        private final CompletableFuture<String> out;
        private final BlockingQueue<String> errLines = new LinkedBlockingQueue<>();
        private final StringBuffer err = new StringBuffer();
        private final CompletableFuture<Void> errDone;

        Launched(Process process) {
            this.process = process;
            this.out = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
            this.errDone = CompletableFuture.runAsync(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                    for (String line = r.readLine(); line != null; line = r.readLine()) {
                        err.append(line).append('\n');
                        errLines.add(line);
                    }
                } catch (IOException e) {
                    // the process is gone
                }
            });
        }

        /** Waits for a line on stderr that matches. */
        void awaitErr(Predicate<String> wanted) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PATIENCE_S);
            while (System.nanoTime() < deadline) {
                String line = errLines.poll(1, TimeUnit.SECONDS);
                if (line != null && wanted.test(line)) {
                    return;
                }
                if (line == null && !process.isAlive()) {
                    break;
                }
            }
            throw new AssertionError("no such line on stderr; so far:\n" + err);
        }

        void feed(String input) throws IOException {
            try (OutputStream in = process.getOutputStream()) {
                in.write(input.getBytes(StandardCharsets.UTF_8));
            }
        }

        int exit() throws InterruptedException {
            assertTrue(process.waitFor(PATIENCE_S, TimeUnit.SECONDS), "the process ends");
            return process.exitValue();
        }

        String out() {
            return out.join();
        }

        String err() {
            errDone.join();
            return err.toString();
        }

        private static String readAll(InputStream in) {
            try {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        }
    }
}
