package dev.mdevsim.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN.md "Deterministic simulation": two deterministic runs of a scenario with one seed write the
 * same report (text, JSON and HTML, apart from {@code sim.wall_s}) and the same history, byte for byte;
 * another seed gives another run. Every shipped scenario, shortened as {@link ScenariosSmokeTest} does.
 */
class DeterministicReplayTest {

    @TempDir
    Path dir;

    record Outputs(MainTest.Exit exit, JsonNode json, byte[] history, String html) {
    }

    Outputs run(Path scenario, String tag, List<String> extra) throws IOException {
        Path json = dir.resolve(tag + ".json");
        Path history = dir.resolve(tag + ".jsonl");
        Path html = dir.resolve(tag + ".html");
        List<String> args = new ArrayList<>(List.of("run", scenario.toString(), "--deterministic", "--json", json.toString(),
                "--history", history.toString(), "--html", html.toString()));
        for (String s : ScenariosSmokeTest.SHORTENED.getOrDefault(scenario.getFileName().toString(), List.of("load.duration=1s"))) {
            args.add("--set");
            args.add(s);
        }
        for (String s : extra) {
            args.add("--set");
            args.add(s);
        }
        MainTest.Exit e = MainTest.run(args.toArray(String[]::new));
        assertEquals(0, e.status(), scenario + ": " + e.err() + e.out());
        return new Outputs(e, new ObjectMapper().readTree(json.toFile()), Files.readAllBytes(history), Files.readString(html));
    }

    static Stream<Path> scenarios() throws IOException {
        return Files.list(Path.of("conf")).filter(p -> p.toString().endsWith(".conf")).sorted();
    }

    @TestFactory
    Stream<DynamicTest> everyShippedScenario_sameSeed_sameReportAndHistory() throws IOException {
        return scenarios().map(scenario -> DynamicTest.dynamicTest(scenario.getFileName().toString(), () -> {
            Outputs a = run(scenario, "a", List.of());
            Outputs b = run(scenario, "b", List.of());
            JsonNode simA = a.json().get("sim");
            assertEquals("deterministic", simA.get("mode").asText());
            assertTrue(simA.get("schedule_steps").asLong() > 0);
            assertTrue(a.history().length > 0);
            assertArrayEquals(a.history(), b.history(), "histories differ");
            assertEquals(withoutWall(a.json()), withoutWall(b.json()));
            assertEquals(textWithoutWall(a.exit().out()), textWithoutWall(b.exit().out()));
            assertEquals(htmlWithoutWall(a.html()), htmlWithoutWall(b.html()));
        }));
    }

    @Test
    void otherSeed_otherRun() throws IOException {
        Path quickstart = Path.of("conf/quickstart.conf");
        Outputs one = run(quickstart, "one", List.of("seed=1"));
        Outputs two = run(quickstart, "two", List.of("seed=2"));
        assertFalse(java.util.Arrays.equals(one.history(), two.history()));
        assertNotEquals(one.json().get("sim").get("schedule_steps"), two.json().get("sim").get("schedule_steps"));
    }

    @Test
    void threadedRun_hasNoSimBlock() throws IOException {
        Path json = dir.resolve("t.json");
        MainTest.Exit e = MainTest.run("run", "conf/quickstart.conf", "--json", json.toString(), "--set", "load.operations=500");
        assertEquals(0, e.status(), e.err());
        assertFalse(new ObjectMapper().readTree(json.toFile()).has("sim"));
        assertFalse(e.out().contains("sim: "), e.out());
    }

    /** compare --deterministic: every model's run replays too, so two compares print the same table. */
    @Test
    void compareDeterministic_sameTableTwice_everyRunDeterministic() throws IOException {
        Path a = dir.resolve("ca.json");
        Path b = dir.resolve("cb.json");
        MainTest.Exit one = MainTest.run("compare", "conf/quickstart.conf", "--deterministic", "--models", "seed,legacy",
                "--json", a.toString(), "--set", "load.operations=2000");
        MainTest.Exit two = MainTest.run("compare", "conf/quickstart.conf", "--deterministic", "--models", "seed,legacy",
                "--json", b.toString(), "--set", "load.operations=2000");
        assertEquals(0, one.status(), one.err());
        assertEquals(one.out(), two.out());
        JsonNode runsA = new ObjectMapper().readTree(a.toFile()).get("runs");
        JsonNode runsB = new ObjectMapper().readTree(b.toFile()).get("runs");
        assertEquals(2, runsA.size());
        for (int i = 0; i < 2; i++) {
            assertEquals(withoutWall(runsA.get(i)), withoutWall(runsB.get(i)));
        }
    }

    @Test
    void badSimMode_orBuggyWalkOutsideSeed_exit2NamingTheKey() {
        MainTest.Exit e = MainTest.run("run", "conf/quickstart.conf", "--set", "sim.mode=fast");
        assertEquals(2, e.status());
        assertTrue(e.err().contains("mdevsim.sim.mode") && e.err().lines().count() == 1, e.err());
        e = MainTest.run("run", "conf/unplug-race.conf", "--set", "model=legacy", "--set", SwarmCommandTest.BUG);
        assertEquals(2, e.status());
        assertTrue(e.err().contains("mdevsim.host.unregister-walk") && e.err().contains("needs model = seed"), e.err());
    }

    static JsonNode withoutWall(JsonNode report) {
        JsonNode copy = report.deepCopy();
        ((ObjectNode) copy.get("sim")).remove("wall_s");
        return copy;
    }

    static String textWithoutWall(String text) {
        return text.replaceAll("of virtual time in [0-9.]+ s", "of virtual time in X s");
    }

    static String htmlWithoutWall(String html) {
        return html.replaceAll("\"wall_s\"\\s*:\\s*[0-9.Ee+-]+", "\"wall_s\":X")
                .replaceAll("of virtual time in [0-9.]+ s", "of virtual time in X s");
    }
}
