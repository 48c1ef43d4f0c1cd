package dev.mdevsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** run --history and check-history on the command line: exit 0, 1, 2; a corrupted copy is pointed at. */
class CheckHistoryCommandTest {

    @TempDir
    Path dir;

    @Test
    void recordedRun_checksOK_andACorruptedCopyIsPointedAt() throws Exception {
        Path h = dir.resolve("h.jsonl");
        MainTest.Exit run = MainTest.run("run", "conf/early-remove-storm.conf", "--history", h.toString(),
                "--json", dir.resolve("r.json").toString(), "--set", "load.duration=800ms", "--set", "load.clients=4",
                "--set", "report.progress-interval=0");
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("G3-linearizable") && run.out().contains("linearizable: "), run.out());
        assertTrue(Files.readString(dir.resolve("r.json")).contains("\"linearizable\" : true"));

        MainTest.Exit ok = MainTest.run("check-history", h.toString());
        assertEquals(0, ok.status(), ok.out());
        assertTrue(ok.out().contains("LINEARIZABLE"), ok.out());

        // corrupt one request: an early remove's EAGAIN becomes OK, as if the device had been removed at once
        List<String> lines = Files.readAllLines(h);
        int i = lines.indexOf(lines.stream().filter(l -> l.contains("\"result\":\"EAGAIN\"")).findFirst().orElseThrow());
        String op = lines.get(i).replaceAll(".*\"op\":(\\d+).*", "$1");
        String uuid = lines.stream().filter(l -> l.contains("\"op\":" + op + ",") && l.contains("\"ev\":\"call\""))
                .findFirst().orElseThrow().replaceAll(".*\"uuid\":\"([^\"]+)\".*", "$1");
        lines.set(i, lines.get(i).replace("\"result\":\"EAGAIN\"", "\"result\":\"OK\""));
        Path bad = Files.write(dir.resolve("bad.jsonl"), lines);
        MainTest.Exit no = MainTest.run("check-history", bad.toString());
        assertEquals(1, no.status(), no.out());
        assertTrue(no.out().contains("NOT LINEARIZABLE"), no.out());
        assertTrue(no.out().contains("first violation: UUID " + uuid), no.out());
        assertTrue(no.out().contains("why: "), no.out());
        assertTrue(no.out().contains("no order explains this"), no.out());
    }

    @Test
    void badFileOrOption_exit2OneLine() throws Exception {
        Path bad = Files.writeString(dir.resolve("x.jsonl"), "{\"op\":1}\n");
        MainTest.Exit e = MainTest.run("check-history", bad.toString());
        assertEquals(2, e.status());
        assertEquals(bad + ":1: missing \"t_ns\"\n", e.err());
        assertEquals(2, MainTest.run("check-history", "no/such.jsonl").status());
        MainTest.Exit m = MainTest.run("check-history", bad.toString(), "--model", "paxos");
        assertEquals(2, m.status());
        assertEquals("--model: unknown model 'paxos' (models: seed, legacy, global-lock, linux-5.2, linux-6.1; aliases linux-4.18, linux-4.17, modern)\n", m.err());
    }
}
