package dev.mdevsim.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mdevsim.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every code path of bench runs in the normal suite, at a tiny size (the hidden --smoke option), and
 * writes every documented row. Figures are measured by bench itself, never asserted here.
 */
class BenchSmokeTest {

    @TempDir
    Path dir;

    @Test
    void bench_writesEveryDocumentedRow() throws Exception {
        Path json = dir.resolve("bench.json");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = Main.run(new String[] {"bench", "--smoke", "--json", json.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        String table = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, table);
        assertTrue(table.contains("seed / legacy, 1 ms vendor, 1 parent"), table);
        assertTrue(table.contains("recording cost"), table);

        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertTrue(root.has("recording_cost") && root.has("machine"));
        JsonNode rows = root.get("rows");
        Map<String, Integer> count = new HashMap<>();
        List<String> memory = new ArrayList<>();
        for (JsonNode r : rows) {
            String name = r.get("name").asText();
            if (name.equals("memory")) {
                for (String k : List.of("devices", "bytes_per_device")) {
                    assertTrue(r.has(k), k);
                }
                assertTrue(r.get("devices").asLong() > 0);
                assertTrue(r.get("bytes_per_device").asDouble() > 0);
                memory.add(name);
                continue;
            }
            for (String k : List.of("name", "model", "clients", "parents", "vendor_latency_us", "ops_per_s", "p50_us", "p99_us")) {
                assertTrue(r.has(k), k + " in " + r);
            }
            assertTrue(r.get("ops_per_s").asDouble() > 0, r.toString());
            count.merge(name + " " + r.get("model").asText(), 1, Integer::sum);
            if (name.equals("latency-bound")) {
                assertEquals(1000, r.get("vendor_latency_us").asLong());
                assertTrue(r.has("efficiency"), "latency-bound rows carry their efficiency");
            }
        }
        assertEquals(Map.of("peak seed", 8, "peak-unrecorded seed", 1, "latency-bound seed", 3, "latency-bound legacy", 3,
                "latency-bound global-lock", 3, "latency-bound linux-5.2", 3, "latency-bound linux-6.1", 3,
                "peak baseline-locks", 8, "latency-bound baseline-locks", 3, "deterministic seed", 1), count);
        JsonNode deterministic = rows.findParents("name").stream().filter(r -> r.get("name").asText().equals("deterministic"))
                .findFirst().orElseThrow();
        assertTrue(deterministic.get("sim_requests_per_wall_s").asDouble() > 0 && deterministic.get("ratio_to_threads").asDouble() > 0,
                deterministic.toString());
        assertTrue(root.get("simulation").get("swarm_seeds_per_minute").asDouble() > 0);
        assertTrue(root.get("simulation").get("explore_three_request_race").get("seed").get("schedules").asLong() > 0);
        assertEquals(List.of("memory"), memory);
    }
}
