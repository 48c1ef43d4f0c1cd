package dev.mdevsim.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.mdevsim.core.Errno;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starting a host prints nothing on stderr: no SLF4J "logging calls during the initialization phase
 * have been intercepted" banner (Akka's logger actor logged "Slf4jLogger started" on its own thread
 * while the starting thread was still configuring logback). Each case runs in a fresh JVM, where
 * logging is not yet initialised, as in a user's first API call. SEMANTICS: none (what a user sees).
 */
class QuietStartTest {

    @TempDir
    Path dir;

    /** The forked program: start a host through the API, create one mdev (C14), close. */
    public static void main(String[] args) {
        try (MdevHost host = MdevHost.start(ConfigFactory.load())) {
            Errno e = host.create("0000:3b:00.0", "nvidia-63", UUID.randomUUID()).toCompletableFuture().join();
            System.out.println(e);
        }
    }

    record Exit(int status, String out, String err) {
    }

    static Exit fork(Path dir, String mainClass, String... args) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), mainClass));
        cmd.addAll(List.of(args));
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the forked JVM did not end within 120 s: " + Files.readString(err));
        }
        return new Exit(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void apiStart_printsNoSlf4jBanner() throws Exception {
        for (int i = 0; i < 3; i++) { // the race showed in every start; three fresh JVMs
            Exit e = fork(dir, QuietStartTest.class.getName());
            assertEquals(0, e.status(), e.err());
            assertEquals("OK", e.out().strip(), e.err());
            assertFalse(e.err().contains("intercepted"), e.err());
            assertFalse(e.err().contains("SLF4J"), e.err());
        }
    }

    @Test
    void commandLineRun_printsNoSlf4jBanner() throws Exception {
        Exit e = fork(dir, "dev.mdevsim.cli.Main", "run", "conf/quickstart.conf", "--set", "load.duration=300ms",
                "--set", "report.progress-interval=0");
        assertTrue(e.out().contains("mdevsim"), e.out());
        assertFalse(e.err().contains("intercepted"), e.err());
        assertFalse(e.err().contains("SLF4J"), e.err());
    }
}
