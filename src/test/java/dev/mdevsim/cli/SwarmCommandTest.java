package dev.mdevsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * swarm (DESIGN.md "Deterministic simulation") and its bug-finding proof: with the 4.18 walk bug of
 * SEMANTICS P5's note re-introduced, a swarm of conf/unplug-race.conf finds a failing seed, and the
 * command it prints reproduces the same failure (same first violation, same outcome counts).
 */
class SwarmCommandTest {

    static final String BUG = "host.unregister-walk=stop-at-transitional";

    @TempDir
    Path dir;

    @Test
    void reintroducedWalkBug_found_andItsPrintedCommandReproducesIt_P5() throws Exception {
        Path json = dir.resolve("swarm.json");
        MainTest.Exit e = MainTest.run("swarm", "conf/unplug-race.conf", "--seeds", "1..6", "--set", BUG, "--json", json.toString());
        assertEquals(1, e.status(), e.out() + e.err());
        JsonNode rows = new ObjectMapper().readTree(json.toFile());
        assertEquals(6, rows.size());
        JsonNode failed = null;
        int failures = 0;
        for (JsonNode row : rows) {
            if (!row.get("passed").asBoolean()) {
                failures++;
                failed = failed == null ? row : failed;
            }
        }
        assertTrue(failed != null, e.out());
        String violation = failed.get("first_violation").asText();
        assertTrue(violation.startsWith("G4-consistent: ") && violation.contains("the parents to null"), violation);
        assertTrue(e.out().contains("seed " + failed.get("seed").asLong() + " FAILED: G4-consistent"), e.out());
        assertTrue(e.out().endsWith("6 seeds, " + failures + " failed\n"), e.out());

        // the printed command, as a user would paste it (its history goes to the temporary directory)
        String command = failed.get("command").asText();
        assertTrue(e.out().contains("  replay: " + command + "\n"), e.out());
        List<String> words = new ArrayList<>(Arrays.asList(command.split(" ")));
        assertEquals(List.of("java", "-jar", "target/mdevsim.jar"), words.subList(0, 3));
        List<String> args = new ArrayList<>(words.subList(3, words.size()));
        int h = args.indexOf("--history");
        args.set(h + 1, dir.resolve(args.get(h + 1)).toString());
        Path replayJson = dir.resolve("replay.json");
        args.addAll(List.of("--json", replayJson.toString()));
        MainTest.Exit replay = MainTest.run(args.toArray(String[]::new));
        assertEquals(1, replay.status(), replay.out());
        JsonNode report = new ObjectMapper().readTree(replayJson.toFile());
        String replayed = "";
        for (JsonNode inv : report.get("invariants")) {
            if (!inv.get("held").asBoolean()) {
                replayed = inv.get("name").asText() + ": " + inv.get("detail").asText();
                break;
            }
        }
        assertEquals(violation, replayed);
        assertEquals(failed.get("outcomes").asText(), outcomes(report));
    }

    @Test
    void kernelWalk_everySeedPasses_P5() {
        MainTest.Exit e = MainTest.run("swarm", "conf/unplug-race.conf", "--seeds", "1..3");
        assertEquals(0, e.status(), e.out() + e.err());
        assertTrue(e.out().endsWith("3 seeds, 0 failed\n"), e.out());
        assertTrue(e.err().contains("3/3 seeds, 0 failed"), e.err());
    }

    @Test
    void badSeedRange_exit2OneLine() {
        for (String bad : List.of("5..1", "x", "1..", "-1..3")) {
            MainTest.Exit e = MainTest.run("swarm", "conf/unplug-race.conf", "--seeds", bad);
            assertEquals(2, e.status(), bad);
            assertTrue(e.err().contains("--seeds: expected A..B") && e.err().lines().count() == 1, e.err());
        }
    }

    /** The report's outcome counts in Swarm's form: {@code create OK=12 EEXIST=3; remove OK=9}. */
    static String outcomes(JsonNode report) {
        List<String> ops = new ArrayList<>();
        report.get("operations").fields().forEachRemaining(op -> {
            StringBuilder b = new StringBuilder(op.getKey());
            op.getValue().get("outcomes").fields().forEachRemaining(o -> b.append(' ').append(o.getKey()).append('=')
                    .append(o.getValue().asLong()));
            ops.add(b.toString());
        });
        return String.join("; ", ops);
    }
}
