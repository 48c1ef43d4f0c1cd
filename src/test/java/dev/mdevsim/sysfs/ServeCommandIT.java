package dev.mdevsim.sysfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mdevsim.testing.Prerequisites;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} and {@code exec} from the jar, as a user runs them: mdevctl through {@code exec}
 * while a background load runs on the same host, then SIGTERM, which must unmount cleanly; and the
 * one-line errors of bad input. The first needs FUSE and mdevctl: skipped where they are missing, a
 * failure on CI ({@code CI=true}).
 */
class ServeCommandIT {

    static final Path JAR = Path.of("target/mdevsim.jar");
    static String missing;

    @TempDir
    Path tmp;

    @BeforeAll
    static void environment() {
        missing = SysfsMount.unavailable().or(SysfsExec::unavailable)
                .or(() -> SysfsIT.onPath("mdevctl") ? java.util.Optional.empty() : java.util.Optional.of("mdevctl is not installed"))
                .orElse(null);
    }

    @Test
    void serveWithABackgroundLoadAnswersMdevctlAndUnmountsCleanlyOnSigterm() throws Exception {
        Prerequisites.require("the serve/exec tests", missing);
        Path sys = Files.createDirectory(tmp.resolve("sys"));
        Path scenario = tmp.resolve("served.conf");
        Files.writeString(scenario, """
                mdevsim {
                  host.parents = [ { name = "0000:3b:00.0", types = [ { name = nvidia-63, max-instances = 64 } ] } ]
                  load { clients = 4, duration = 60s, uuid-pool = 16 }   # still running at SIGTERM, which stops it
                  serve.background-load = on
                  report.progress-interval = 0
                }
                """);
        Process serve = java("serve", scenario.toString(), "--sysfs", sys.toString());
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> readAll(serve.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> readAll(serve.getErrorStream()));
        boolean stopped;
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!SysfsExec.isSimulatedSysfs(sys) && serve.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(SysfsExec.isSimulatedSysfs(sys), () -> "serve mounted the tree: " + err.getNow(""));

            Process types = java("exec", "--sysfs", sys.toString(), "--", "mdevctl", "types");
            String listed = readAll(types.getInputStream());
            assertTrue(types.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, types.exitValue(), listed);
            assertTrue(listed.startsWith("0000:3b:00.0\n  nvidia-63\n    Available instances: "), listed);

            String u = "5e2fe000-0000-4000-8000-000000000001";
            Process start = java("exec", "--sysfs", sys.toString(), "mdevctl", "start", "-u", u, "-p", "0000:3b:00.0", "-t", "nvidia-63");
            assertTrue(start.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, start.exitValue(), readAll(start.getErrorStream()));
            assertTrue(Files.isDirectory(sys.resolve("bus/mdev/devices/" + u)));
        } finally {
            stopped = stop(serve, sys); // cleanup only, never throws: a failure above stays the one reported
        }
        assertTrue(stopped, "serve stops on SIGTERM");
        assertFalse(SysfsMount.isMountPoint(sys), "no stale mount is left");
        String stderr = err.get(10, TimeUnit.SECONDS);
        assertTrue(stderr.contains("mdevsim: unmounted " + sys + "; sysfs writes answered: create: 1 OK"), stderr);
        String report = out.get(10, TimeUnit.SECONDS);
        assertTrue(report.contains("G2-unique-live") && report.contains("PASSED"), "the background load's report: " + report);
    }

    @Test
    void badInputGetsOneLineAndExitStatus2() throws Exception {
        Path notEmpty = Files.createDirectory(tmp.resolve("full"));
        Files.writeString(notEmpty.resolve("x"), "x");
        Result serve = run("serve", "conf/quickstart.conf", "--sysfs", notEmpty.toString());
        assertEquals(2, serve.exit, serve.err);
        assertEquals(1, serve.err.strip().lines().count(), serve.err);
        assertTrue(serve.err.contains(notEmpty.toString()), serve.err);

        Result exec = run("exec", "--sysfs", tmp.toString(), "--", "true");
        assertEquals(2, exec.exit, exec.err);
        assertEquals(1, exec.err.strip().lines().count(), exec.err);
        assertTrue(exec.err.contains("not a simulated sysfs"), exec.err);

        Result badKey = run("serve", "conf/quickstart.conf", "--sysfs", tmp.toString(), "--set", "serve.background-load=maybe");
        assertEquals(2, badKey.exit, badKey.err);
        assertTrue(badKey.err.contains("serve.background-load"), badKey.err);
    }

    /**
     * SIGTERM (Process.destroy would also close its output streams) and whether serve ended within a
     * minute. If it did not, it is killed and its mount detached, so that the next test finds none.
     */
    private static boolean stop(Process serve, Path sys) {
        serve.toHandle().destroy();
        try {
            if (serve.waitFor(60, TimeUnit.SECONDS)) {
                return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        serve.destroyForcibly();
        try {
            new ProcessBuilder("fusermount", "-u", "-z", sys.toString()).start().waitFor(10, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            // best effort: the test fails on the stale mount anyway
        }
        return false;
    }

    private record Result(int exit, String err) {
    }

    private Result run(String... args) throws Exception {
        Process p = java(args);
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        readAll(p.getInputStream());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Result(p.exitValue(), err.get(10, TimeUnit.SECONDS));
    }

    private static Process java(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).start();
    }

    private static String readAll(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
