package dev.mdevsim.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.mdevsim.config.SettingsException;
import dev.mdevsim.core.Errno;
import dev.mdevsim.core.ParentSpec;
import dev.mdevsim.core.TypeSpec;
import dev.mdevsim.load.LoadSettings;
import dev.mdevsim.load.Mix;
import dev.mdevsim.model.Model;
import dev.mdevsim.report.Assertion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Scenario files: every documented key, overrides, and every error path with its message. */
class ScenarioLoaderTest {

    @TempDir
    Path dir;

    static final String PARENT = "mdevsim.host.parents = [ { name = P1, types = [ { name = t, max-instances = 4 } ] } ]\n";

    Path file(String text) throws Exception {
        return Files.writeString(dir.resolve("s.conf"), text);
    }

    Scenario load(String text, String... sets) throws Exception {
        return ScenarioLoader.load(file(text), List.of(sets));
    }

    String error(String text, String... sets) throws Exception {
        Path f = file(text);
        String m = assertThrows(SettingsException.class, () -> ScenarioLoader.load(f, List.of(sets))).getMessage();
        assertEquals(1, m.lines().count(), m);
        return m.replace(f.toString(), "s.conf");
    }

    @Test
    void defaults_fromReferenceConf() throws Exception {
        Scenario s = load("");
        assertEquals("s", s.name());
        assertEquals(Model.SEED, s.host().model());
        assertEquals(new ServeSettings(false), s.serve());
        LoadSettings l = s.load();
        assertEquals(LoadSettings.Arrival.CLOSED, l.arrival());
        assertEquals(64, l.clients());
        assertEquals(10000.0, l.rate());
        assertEquals(Duration.ofSeconds(10), l.duration());
        assertEquals(0, l.operations());
        assertEquals(Duration.ofSeconds(2), l.timeout());
        assertEquals(new Mix(50, 40, 5, 3, 2), l.mix());
        assertEquals(8, l.devicesPerClient());
        assertEquals(10000, l.maxInFlight());
        assertEquals(List.of(), s.faults());
        assertEquals(1, s.assertions().size());
        assertEquals(new ReportSettings(Duration.ofSeconds(1), Duration.ofSeconds(1), 3600), s.report());
    }

    @Test
    void everyKey_read() throws Exception {
        Scenario s = load("""
                mdevsim {
                  model = legacy
                  seed = 9
                  host.parents = [
                    { name = P1, types = [ { name = t, max-instances = 4 } ] }
                    { name = P2, types = [ { name = t, max-instances = 2 } ] }
                  ]
                  load {
                    arrival = open
                    clients = 3
                    rate = 250.5
                    duration = 3s
                    operations = 1000
                    timeout = 250ms
                    mix { create = 1, remove = 2, early-remove = 3, duplicate-create = 4, invalid = 5 }
                    devices-per-client = 6
                    max-in-flight = 7
                  }
                  faults = [ { at = 2s, register-parent = P2 }, { at = 1s, unregister-parent = P2 } ]
                  assertions = [ "invariants", "count(EAGAIN) > 0", "rate(remove, ENODEV) < 0.5", "p99(create) < 50ms",
                                 "warnings == 0", "throughput >= 10" ]
                  report { progress-interval = 0, timeseries-interval = 250ms, timeseries-max-points = 100 }
                  serve { background-load = on }
                }""");
        assertEquals(Model.LEGACY, s.host().model());
        assertEquals(9, s.host().seed());
        assertEquals(new LoadSettings(LoadSettings.Arrival.OPEN, 3, 250.5, Duration.ofSeconds(3), 1000,
                Duration.ofMillis(250), new Mix(1, 2, 3, 4, 5), 6, 7), s.load());
        assertEquals(List.of(new Fault.UnregisterParent(Duration.ofSeconds(1), "P2"),
                new Fault.RegisterParent(Duration.ofSeconds(2), ParentSpec.of("P2", new TypeSpec("t", 2)))), s.faults());
        assertEquals(6, s.assertions().size());
        assertTrue(s.assertions().get(2) instanceof Assertion.Rate);
        assertEquals(new ReportSettings(Duration.ZERO, Duration.ofMillis(250), 100), s.report());
        assertEquals(new ServeSettings(true), s.serve());
    }

    @Test
    void overrides_setOverSystemPropertyOverFile() throws Exception {
        String text = PARENT + "mdevsim.load.clients = 5\nmdevsim.seed = 1\n";
        assertEquals(5, load(text).load().clients());
        assertEquals(7, load(text, "load.clients=7").load().clients());
        assertEquals(8, load(text, "mdevsim.load.clients=8").load().clients());
        assertEquals(Model.GLOBAL_LOCK, load(text, "model=global-lock").host().model());
        assertEquals(Duration.ofMillis(500), load(text, "load.duration=500ms").load().duration());
        System.setProperty("mdevsim.seed", "77");
        try {
            com.typesafe.config.ConfigFactory.invalidateCaches();
            assertEquals(77, load(text).host().seed());
            assertEquals(78, load(text, "seed=78").host().seed());
        } finally {
            System.clearProperty("mdevsim.seed");
            com.typesafe.config.ConfigFactory.invalidateCaches();
        }
    }

    @Test
    void override_aValueThatIsNotHocon_isTakenAsAString() throws Exception {
        Scenario s = load(PARENT + "mdevsim.faults = [ { at = 1s, unregister-parent = P1 } ]\n",
                "host.parents=[{name=\"0000:3b:00.0\",types=[{name=t,max-instances=1}]}]",
                "faults=[{at=1s,unregister-parent=\"0000:3b:00.0\"}]");
        assertEquals("0000:3b:00.0", ((Fault.UnregisterParent) s.faults().get(0)).parent());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "mdevsim.model = paxos                          | s.conf:2: mdevsim.model: unknown value 'paxos' (allowed: seed, legacy, global-lock, linux-5.2, linux-6.1, linux-4.18, linux-4.17, modern)",
        "mdevsim.load.rate = -5                         | s.conf:2: mdevsim.load.rate: must be a positive number, got -5.0",
        "mdevsim.load.arrival = poisson                 | s.conf:2: mdevsim.load.arrival: unknown value 'poisson' (allowed: closed, open)",
        "mdevsim.load.interface = fuse                  | s.conf:2: mdevsim.load.interface: unknown value 'fuse' (allowed: api, sysfs)",
        "mdevsim.vendor.setup-latency = -1ms            | s.conf:2: mdevsim.vendor.setup-latency: must not be negative",
        "mdevsim.load.clients = 0                       | s.conf:2: mdevsim.load.clients: must be between 1 and 100000, got 0",
        "mdevsim.load.clients = 8.5                     | s.conf:2: mdevsim.load.clients: must be a whole number, got 8.5",
        "mdevsim.load.clients = 99999999999999999999    | s.conf:2: mdevsim.load.clients: is too large: must be between 1 and 100000, got 99999999999999999999",
        "mdevsim.seed = -99999999999999999999           | s.conf:2: mdevsim.seed: is too small: must be between -9223372036854775808 and 9223372036854775807, got -99999999999999999999",
        "mdevsim.load.duration = 0s                     | s.conf:2: mdevsim.load.duration: must be positive",
        "mdevsim.load.operations = 0                    | s.conf:2: mdevsim.load.operations: must be between 1 and",
        "mdevsim.load.timeout = -1s                     | s.conf:2: mdevsim.load.timeout: must not be negative",
        "mdevsim.load.max-in-flight = 0                 | s.conf:2: mdevsim.load.max-in-flight: must be between 1 and",
        "mdevsim.load.devices-per-client = 0            | s.conf:2: mdevsim.load.devices-per-client: must be between 1 and",
        "mdevsim.load.mix.create = -1                   | s.conf:2: mdevsim.load.mix.create: must be between 0 and 1000000, got -1",
        "mdevsim.load.mix { create = 0, remove = 0, early-remove = 0, duplicate-create = 0, invalid = 0 } | s.conf:2: mdevsim.load.mix.create: at least one weight of the mix must be positive",
        "mdevsim.load.mix.creat = 1                     | s.conf:2: mdevsim.load.mix.creat: unknown key (did you mean 'create'?",
        "mdevsim.load.clinets = 4                       | s.conf:2: mdevsim.load.clinets: unknown key (did you mean 'clients'?",
        "mdevsim.lode.clients = 4                       | s.conf:2: mdevsim.lode: unknown key (did you mean 'load'?",
        "mdevsim.vendor.create-failure.errno = EWHAT    | s.conf:2: mdevsim.vendor.create-failure.errno: unknown errno 'EWHAT'",
        "mdevsim.vendor.capacity-errno = nospace        | s.conf:2: mdevsim.vendor.capacity-errno: unknown errno 'nospace'",
        "mdevsim.vendor.create-latency { distribution = uniform, min = 1ms, max = 2ms, mean = 3ms } | s.conf:2: mdevsim.vendor.create-latency.mean: unknown key",
        "mdevsim.faults = [ { at = 1s, unregister-parent = P9 } ] | s.conf:2: mdevsim.faults[0].unregister-parent: no parent 'P9' in mdevsim.host.parents",
        "mdevsim.faults = [ { at = 1s } ]               | s.conf:2: mdevsim.faults[0].at: a fault needs exactly one of unregister-parent or register-parent",
        "mdevsim.faults = [ { at = 1s, unregister-parent = P1, register-parent = P1 } ] | s.conf:2: mdevsim.faults[0].at: a fault needs exactly one",
        "mdevsim.faults = [ { at = 1s, unplug = P1 } ]  | s.conf:2: mdevsim.faults[0].unplug: unknown key",
        "mdevsim.faults = [ { at = -1s, unregister-parent = P1 } ] | s.conf:2: mdevsim.faults[0].at: must not be negative",
        "mdevsim.assertions = [ \"p99(create) < fast\" ] | s.conf:2: mdevsim.assertions: [0] 'p99(create) < fast': 'fast' is not a duration",
        "mdevsim.assertions = [ \"count(EWHAT) > 0\" ]   | s.conf:2: mdevsim.assertions: [0] 'count(EWHAT) > 0': unknown outcome 'EWHAT'",
        "mdevsim.report.progress-interval = soon        | s.conf:2: mdevsim.report.progress-interval: No number in duration value 'soon'",
        "mdevsim.report.colour = on                     | s.conf:2: mdevsim.report.colour: unknown key",
        "mdevsim.report.timeseries-interval = 1ms       | s.conf:2: mdevsim.report.timeseries-interval: must be 0 (off) or at least 10ms, got 1ms",
        "mdevsim.report.timeseries-max-points = 1       | s.conf:2: mdevsim.report.timeseries-max-points: must be between 2 and 1000000, got 1",
        "mdevsim.host.parents = []                      | s.conf:2: mdevsim.host.parents: a run needs at least one parent",
        "mdevsim.serve.background-load = maybe          | s.conf:2: mdevsim.serve.background-load:",
        "mdevsim.serve.sysfs = /tmp/sys                 | s.conf:2: mdevsim.serve.sysfs:",
    })
    void invalid_oneLineNamingFileLineKeyAndWhatIsAllowed(String line, String expectedStart) throws Exception {
        String m = error(PARENT + line);
        if (!m.startsWith(expectedStart.trim())) {
            throw new AssertionError("expected a message starting with\n  " + expectedStart.trim() + "\nbut got\n  " + m);
        }
    }

    @Test
    void invalidSet_namesTheOption() throws Exception {
        assertEquals("--set load.clients=-3: mdevsim.load.clients: must be between 1 and 100000, got -3",
                error(PARENT, "load.clients=-3"));
        assertEquals("--set clients: expected key=value, e.g. --set load.clients=8", error(PARENT, "clients"));
    }

    @Test
    void missingFileAndSyntaxError_nameTheFile() throws Exception {
        Path none = dir.resolve("none.conf");
        assertEquals(none + ": no such file",
                assertThrows(SettingsException.class, () -> ScenarioLoader.load(none, List.of())).getMessage());
        String m = error(PARENT + "mdevsim { load { clients = 4 }\n");
        assertEquals("s.conf:2: unclosed '{' (the file ends before its '}')", m);
    }

    /** Issue 14: every integer key goes through one reader, which refuses a fraction rather than rounding it. */
    @ParameterizedTest
    @CsvSource({"seed", "load.clients", "load.operations", "load.devices-per-client", "load.max-in-flight", "load.uuid-pool",
        "load.mix.create", "host.max-active-device-actors", "report.timeseries-max-points",
        "host.parents.0.types.0.max-instances", "host.parents.0.max-instances"})
    void everyIntegerKey_fraction_isAnError(String key) throws Exception {
        String text = key.startsWith("host.parents.0.") ? "mdevsim.host.parents = [ { name = P1, types = [ { name = t"
                + (key.endsWith("types.0.max-instances") ? ", max-instances = 2.5 } ] } ]\n" : " } ], max-instances = 2.5 } ]\n")
                : PARENT + "mdevsim." + key + " = 2.5\n";
        String m = error(text);
        assertTrue(m.endsWith(": must be a whole number, got 2.5"), m);
    }

    @Test
    void integer_fractionInAString_isAnError() throws Exception {
        assertEquals("s.conf:2: mdevsim.load.clients: must be a whole number, got 8.5", error(PARENT + "mdevsim.load.clients = \"8.5\"\n"));
    }

    @Test
    void integer_wholeNumberWrittenWithAnExponent_accepted() throws Exception {
        assertEquals(1000, load(PARENT + "mdevsim.load.clients = 1e3\n").load().clients());
    }

    /** Issue 14: 2,000 levels of objects or lists end in one line and exit 2, not a StackOverflowError. */
    @ParameterizedTest
    @CsvSource({"2000, mdevsim.load ", "2000, mdevsim ", "20000, mdevsim.load "})
    void nestedThousandsDeep_oneLineNotAStackOverflow(int depth, String prefix) throws Exception {
        String objects = prefix + "{ a ".repeat(depth) + "= 1 " + "}".repeat(depth) + "\n";
        String lists = prefix.trim() + ".x = " + "[".repeat(depth) + "]".repeat(depth) + "\n";
        for (String text : List.of(objects, lists)) {
            String m = error(text);
            assertTrue(m.startsWith("s.conf") && m.contains(": nested too deeply (objects and lists nest at most 100 levels deep)"), m);
        }
    }

    /** Issue 14 and the README: a scenario has one root key, {@code mdevsim}; any other is an unknown key. */
    @ParameterizedTest
    @MethodSource
    void rootKeyOtherThanMdevsim_unknownKey(String text, String expectedStart) throws Exception {
        String m = error(text);
        assertTrue(m.startsWith(expectedStart), m);
    }

    static Stream<Arguments> rootKeyOtherThanMdevsim_unknownKey() {
        return Stream.of(
                arguments("foo.bar = 1\n", "s.conf:1: foo: unknown key (a scenario has every setting under the root key 'mdevsim')"),
                arguments("mdevsim.seed = 1\nother = 2\n", "s.conf:2: other: unknown key (a scenario has every setting under the root key 'mdevsim')"),
                arguments("akka.loglevel = DEBUG\nmdevsim.seed = 1\n", "s.conf:1: akka: unknown key"),
                arguments("mdevsm { seed = 1 }\n", "s.conf:1: mdevsm: unknown key (did you mean 'mdevsim'? a scenario"),
                arguments("zeta = 1\nalpha = 1\nbeta { a = 1 }\n", "s.conf:1: zeta: unknown key"),
                arguments("mdevsim.seed = 1\nb = 1, a = 2\n", "s.conf:2: a: unknown key"));
    }

    @Test
    void systemPropertiesOutsideMdevsim_notTheScenariosKeys() throws Exception {
        System.setProperty("other.setting", "1");
        try {
            com.typesafe.config.ConfigFactory.invalidateCaches();
            assertEquals(5, load(PARENT + "mdevsim.load.clients = 5\n").load().clients());
        } finally {
            System.clearProperty("other.setting");
            com.typesafe.config.ConfigFactory.invalidateCaches();
        }
    }

    /** Issue 14: of many unknown keys, the first in the file (by line, then key), wherever the reader meets them. */
    @Test
    void manyUnknownKeys_firstInTheFileReported() throws Exception {
        assertTrue(error(PARENT + "mdevsim {\n  vendor.zzz = 1\n  load.bbb = 2\n  lode = 1\n}\n")
                .startsWith("s.conf:3: mdevsim.vendor.zzz: unknown key"));
        assertTrue(error(PARENT + "mdevsim {\n  load { clients = 3, zz = 1, yy = 2, aa = 3 }\n}\n")
                .startsWith("s.conf:3: mdevsim.load.aa: unknown key"));
        // the unknown key rather than the error it causes: without 'unregister-parent', the fault has no parent
        assertTrue(error(PARENT + "mdevsim.faults = [ { at = 1s, unplug = P1 } ]\nmdevsim.zzz = 1\n")
                .startsWith("s.conf:2: mdevsim.faults[0].unplug: unknown key"));
    }

    /** Issue 14: a 10 MB value is not echoed whole; a line break in a value does not break the line. */
    @Test
    void hugeOrMultiLineValue_quotedShort() throws Exception {
        String huge = "x".repeat(10_000_000);
        for (String text : List.of("mdevsim.model = " + huge, "mdevsim.load." + huge + " = 1", "mdevsim.load.duration = " + huge,
                "mdevsim.vendor.capacity-errno = " + huge, "mdevsim.assertions = [ \"" + huge + "\" ]")) {
            String m = error(PARENT + text + "\n");
            assertTrue(m.length() < 400 && m.contains("x".repeat(60) + "…") && !m.contains("x".repeat(61)), m.substring(0, Math.min(m.length(), 400)));
        }
        assertTrue(error(PARENT + "mdevsim.model = \"\"\"a\nb\"\"\"\n").contains("unknown value 'a\\nb'"));
    }

    /** Issue 14: HOCON's parse errors in plain words, on the line of what is left open; no Java names. */
    @ParameterizedTest
    @MethodSource
    void syntaxError_plainWords(String text, String expected) throws Exception {
        String m = error(text);
        assertTrue(m.startsWith(expected), m);
        assertFalse(m.contains("parenthes") || m.contains("if you intended") || m.contains("java."), m);
    }

    static Stream<Arguments> syntaxError_plainWords() {
        return Stream.of(
                arguments("mdevsim {\n  seed = 1\n  load {\n", "s.conf:3: unclosed '{' (the file ends before its '}')"),
                arguments("mdevsim {\n  # { in a comment\n  model = \"{[\"\n", "s.conf:1: unclosed '{'"),
                arguments("mdevsim.assertions = [\"a\",\n", "s.conf:1: unclosed '['"),
                arguments("mdevsim.model = \"\"\"abc\n", "s.conf:1: unclosed '\"\"\"'"),
                arguments("mdevsim.model = \"abc\n", "s.conf:1: unclosed '\"': a quoted string ends on its own line"),
                arguments("mdevsim { seed = 1 } }\n", "s.conf:1: '}' closes nothing (no '{' is open)"),
                arguments("mdevsim { seed = 1 ]\n", "s.conf:1: expected '}' or ',', not ']'"),
                arguments("mdevsim }\n", "s.conf:1: key 'mdevsim' must be followed by '=', ':' or '{', not '}'"),
                arguments("mdevsim.model = \"\\q\"\n", "s.conf:1: '\\q' is not an escape in a quoted string"),
                arguments("mdevsim.seed = ${nowhere}\n", "s.conf:1: ${nowhere}: no such setting to substitute"));
    }

    /** Issue 14: includes are relative to the scenario file, however it is named; file(...) too. */
    @Test
    void include_relativeToTheScenarioFile_howeverItIsNamed() throws Exception {
        Files.writeString(dir.resolve("common.conf"), "mdevsim.load.clients = 3\n");
        Path x = Files.writeString(dir.resolve("x.conf"), PARENT + "include \"common.conf\"\n");
        Path y = Files.writeString(dir.resolve("y.conf"), PARENT + "include required(file(\"common.conf\"))\n");
        Path cwd = Path.of("").toAbsolutePath();
        for (Path f : List.of(x, y)) {
            assertEquals(3, ScenarioLoader.load(f, List.of()).load().clients(), f.toString());
            assertEquals(3, ScenarioLoader.load(cwd.relativize(f), List.of()).load().clients(), f.toString());
            assertEquals(3, ScenarioLoader.load(Path.of(".").resolve(cwd.relativize(f)), List.of()).load().clients(), f.toString());
        }
        // a bare name in the working directory has no parent directory to be relative to
        Path bare = Path.of("include-test-" + ProcessHandle.current().pid() + ".conf");
        Path common = Path.of("include-test-" + ProcessHandle.current().pid() + "-common.conf");
        try {
            Files.writeString(common, "mdevsim.load.clients = 3\n");
            Files.writeString(bare, PARENT + "include \"" + common + "\"\n");
            assertEquals(3, ScenarioLoader.load(bare, List.of()).load().clients());
            assertEquals(3, ScenarioLoader.load(Path.of(".").resolve(bare), List.of()).load().clients());
        } finally {
            Files.deleteIfExists(bare);
            Files.deleteIfExists(common);
        }
    }

    @Test
    void include_nested_relativeToEachIncludingFile() throws Exception {
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("sub/a.conf"), "include \"b.conf\"\n");
        Files.writeString(dir.resolve("sub/b.conf"), "mdevsim.load.clients = 4\n");
        assertEquals(4, load(PARENT + "include \"sub/a.conf\"\n").load().clients());
        assertEquals(64, load(PARENT + "include \"optional-and-missing.conf\"\n").load().clients());
    }

    /** Issue 14: a missing required include, a cycle, an error inside an include: one line naming the file. */
    @Test
    void include_problems_oneLineNamingTheFile() throws Exception {
        assertEquals("s.conf:2: include \"missing.conf\": no such file (looked for " + dir.resolve("missing.conf") + ")",
                error(PARENT + "include required(\"missing.conf\")\n"));
        assertTrue(error(PARENT + "include required(file(\"missing.conf\"))\n").startsWith("s.conf:2: include \"missing.conf\": no such file"));
        Files.writeString(dir.resolve("loop.conf"), "include \"s.conf\"\n");
        assertTrue(error(PARENT + "include \"loop.conf\"\n").contains(": an include cycle"));
        Files.writeString(dir.resolve("broken.conf"), "mdevsim {\n");
        assertEquals(dir.resolve("broken.conf") + ":1: unclosed '{' (the file ends before its '}')",
                error(PARENT + "include \"broken.conf\"\n"));
        Files.writeString(dir.resolve("other.conf"), "\nakka.loglevel = DEBUG\n");
        assertEquals(dir.resolve("other.conf") + ":2: akka: unknown key (a scenario has every setting under the root key 'mdevsim')",
                error(PARENT + "include \"other.conf\"\n"));
    }

    /** Issue 14: an unreadable scenario says so in words (root reads anything, so the check needs another user). */
    @Test
    void unreadableFile_cannotReadPermissionDenied() throws Exception {
        Path f = file(PARENT);
        Files.setPosixFilePermissions(f, java.util.Set.of());
        org.junit.jupiter.api.Assumptions.assumeFalse(Files.isReadable(f), "running as root: every file is readable");
        assertEquals("cannot read " + f + ": permission denied",
                assertThrows(SettingsException.class, () -> ScenarioLoader.load(f, List.of())).getMessage());
    }

    @Test
    void bomAtStart_accepted() throws Exception {
        assertEquals(5, load("\uFEFF" + PARENT + "mdevsim.load.clients = 5\n").load().clients());
    }

    /** A scenario read from a pipe (/dev/stdin, a FIFO): as `script` and `check-history` read theirs. */
    @Test
    void fromAPipe_readLikeAFile() throws Exception {
        Path fifo = dir.resolve("scenario.fifo");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertEquals(0, mkfifo.waitFor());
        Thread writer = new Thread(() -> {
            try {
                Files.writeString(fifo, PARENT + "mdevsim.load.clients = 3\n");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        writer.start();
        Scenario s = ScenarioLoader.load(fifo, List.of());
        writer.join();
        assertEquals(3, s.load().clients());
        assertEquals(dir + ": a directory, not a file",
                assertThrows(SettingsException.class, () -> ScenarioLoader.load(dir, List.of())).getMessage());
    }

    /** A fault at or after the end of a run by duration never runs: a warning, not an error. */
    @Test
    void faultAtOrAfterTheEnd_aWarning() throws Exception {
        String faults = "mdevsim.faults = [ { at = 500ms, unregister-parent = P1 }, { at = 2s, register-parent = P1 },"
                + " { at = 2500ms, unregister-parent = P1 } ]\n";
        assertEquals(List.of(
                "mdevsim.faults: register-parent P1 at 2s will not run: the load stops at 2s (mdevsim.load.duration)",
                "mdevsim.faults: unregister-parent P1 at 2500ms will not run: the load stops at 2s (mdevsim.load.duration)"),
                load(PARENT + faults, "load.duration=2s").warnings());
        assertEquals(List.of(), load(PARENT + faults, "load.duration=3s").warnings());
        assertEquals(List.of(), load(PARENT + faults, "load.duration=1s", "load.operations=1000").warnings(),
                "a run by operations has no known end");
    }
}
