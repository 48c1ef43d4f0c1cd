package dev.mdevsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mdevsim.report.SpeedFree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every scenario shipped in conf/ runs, shortened, through the command line, passes (exit 0), and
 * writes a JSON report of DESIGN.md's shape whose invariants held. The scenario's own assertions are
 * judged, every one of them but those about speed ({@link SpeedFree}: latency percentiles,
 * throughput, ETIMEDOUT), which a shortened run on a busy machine says nothing about; those are for
 * {@code bench}. A scenario that rots, or no longer shows what it claims, fails the build.
 */
class ScenariosSmokeTest {

    /**
     * How each scenario is shortened. Runs that count outcomes are bounded by requests, not time, so
     * that the counts they assert do not depend on the machine's speed; hot-unplug's faults are
     * brought forward into its shortened run. A scenario not listed runs for one second.
     */
    static final Map<String, List<String>> SHORTENED = Map.of(
            "contention.conf", List.of("load.operations=4000"),
            "duplicate-storm.conf", List.of("load.operations=3000"),
            "early-remove-storm.conf", List.of("load.operations=3000"),
            "gpu-farm.conf", List.of("load.operations=8000"),
            "hot-unplug.conf", List.of("load.duration=1500ms", "faults=[{at=300ms,unregister-parent=\"0000:86:00.0\"},"
                    + "{at=600ms,unregister-parent=\"0000:af:00.0\"},{at=900ms,register-parent=\"0000:86:00.0\"}]"),
            "later-kernels.conf", List.of("load.operations=3000"),
            "quickstart.conf", List.of("load.operations=3000"));

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
            List<String> args = new ArrayList<>(List.of("run", p.toString(), "--json", json.toString(),
                    "--set", "report.progress-interval=0", "--set", SpeedFree.set(p)));
            for (String set : SHORTENED.getOrDefault(p.getFileName().toString(), List.of("load.duration=1s"))) {
                args.addAll(List.of("--set", set));
            }
            MainTest.Exit e = MainTest.run(args.toArray(String[]::new));
            assertEquals(0, e.status(), "exit " + e.status() + ": " + e.out() + e.err());
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
            List<String> judged = new ArrayList<>();
            for (JsonNode a : r.get("assertions")) {
                assertTrue(a.has("expr") && a.has("held") && a.has("actual"), a.toString());
                assertTrue(a.get("held").asBoolean(), a.toString());
                judged.add(a.get("expr").asText());
            }
            assertEquals(SpeedFree.assertions(p), judged, "every assertion of the scenario not about speed was judged");
        }));
    }

    @Test
    void shortened_namesShippedScenarios_neverTheirAssertions() throws IOException {
        List<String> shipped = scenarios().stream().map(p -> p.getFileName().toString()).toList();
        assertTrue(shipped.containsAll(SHORTENED.keySet()), "a renamed scenario would run unshortened: " + SHORTENED.keySet());
        SHORTENED.values().forEach(sets -> sets.forEach(set -> assertFalse(set.startsWith("assertions"), set)));
    }
}
