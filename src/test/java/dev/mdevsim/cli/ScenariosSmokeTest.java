package dev.mdevsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every scenario shipped in conf/ runs, shortened, through the command line, and writes a JSON report
 * of DESIGN.md's shape whose invariants held. A scenario that rots fails the build.
 */
class ScenariosSmokeTest {

    static final List<String> TOP = List.of("scenario", "model", "seed", "duration_s", "throughput_ops_per_s",
            "operations", "warnings", "invariants", "assertions", "final_state", "linearizable");

    @TempDir
    Path dir;

    static List<Path> scenarios() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("conf"))) {
            return s.filter(p -> p.toString().endsWith(".conf")).sorted().toList();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyShippedScenario_runsAndReportsDesignShape() throws IOException {
        return scenarios().stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
            Path json = dir.resolve(p.getFileName() + ".json");
            MainTest.Exit e = MainTest.run("run", p.toString(), "--json", json.toString(),
                    "--set", "load.duration=1s", "--set", "report.progress-interval=0");
            assertTrue(e.status() == 0 || e.status() == 1, "exit " + e.status() + ": " + e.err());
            assertTrue(e.out().contains("invariants:"), e.out());
            JsonNode r = new ObjectMapper().readTree(json.toFile());
            List<String> keys = new ArrayList<>();
            r.fieldNames().forEachRemaining(keys::add);
            assertEquals(TOP, keys.subList(0, TOP.size()), "the contract's keys, in order");
            assertTrue(r.get("throughput_ops_per_s").asDouble() > 0);
            assertTrue(r.get("operations").size() > 0);
            for (Iterator<JsonNode> ops = r.get("operations").elements(); ops.hasNext(); ) {
                JsonNode op = ops.next();
                assertTrue(op.get("count").asLong() > 0);
                assertTrue(op.get("outcomes").size() > 0);
                for (String q : List.of("p50", "p90", "p99", "p999", "max")) {
                    assertTrue(op.get("latency_us").has(q), q);
                }
            }
            assertTrue(r.get("warnings").has("duplicate_link"));
            for (String s : List.of("active", "creating", "removing")) {
                assertTrue(r.get("final_state").has(s), s);
            }
            assertTrue(r.get("linearizable").isNull());
            assertEquals(3, r.get("invariants").size());
            for (JsonNode i : r.get("invariants")) {
                assertTrue(i.get("held").asBoolean(), i.toString());
                assertTrue(i.has("name") && i.has("detail"));
            }
            for (JsonNode a : r.get("assertions")) {
                assertTrue(a.has("expr") && a.has("held") && a.has("actual"), a.toString());
            }
            assertEquals(e.status() == 0, allHeld(r.get("assertions")), "exit status follows the assertions");
        }));
    }

    private static boolean allHeld(JsonNode assertions) {
        for (JsonNode a : assertions) {
            if (!a.get("held").asBoolean()) {
                return false;
            }
        }
        return true;
    }
}
