package dev.mdevsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * run --history and check-history on the command line: exit 0, 1, 2; a corrupted copy is pointed at;
 * impossible hand-written histories are refused (issue 14, item 3).
 */
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

    // ---- impossible histories (issue 14, item 3), through the command ----

    private static String call(long op, String f, String uuid, String parent, long t) {
        return "{\"op\":" + op + ",\"client\":" + Math.max(op, -1) + ",\"ev\":\"call\",\"f\":\"" + f + "\""
                + (uuid == null ? "" : ",\"uuid\":\"" + uuid + "\"")
                + (parent == null ? "" : ",\"parent\":\"" + parent + "\"" + (f.equals("create") ? ",\"type\":\"t\"" : ""))
                + ",\"t_ns\":" + t + "}";
    }

    private static String ret(long op, String result, long t) {
        return "{\"op\":" + op + ",\"client\":" + Math.max(op, -1) + ",\"ev\":\"return\",\"result\":\"" + result
                + "\",\"t_ns\":" + t + "}";
    }

    private MainTest.Exit check(String name, List<String> lines) throws Exception {
        return MainTest.run("check-history", Files.write(dir.resolve(name), lines).toString());
    }

    /** C1: only EINVAL answers a malformed UUID, so a create of NOT-A-UUID answered OK is a bad file (exit 2). */
    @Test
    void createOkOfAMalformedUuid_isABadFile_exit2_C1() throws Exception {
        MainTest.Exit e = check("a.jsonl", List.of(call(1, "create", "NOT-A-UUID", "P1", 1_000), ret(1, "OK", 2_000)));
        assertEquals(2, e.status(), e.out());
        assertEquals(dir.resolve("a.jsonl") + ":2: op 1 names 'NOT-A-UUID', which is not a UUID, and returned OK:"
                + " only EINVAL (or, through sysfs, ENOENT) answers that\n", e.err());
        assertEquals("", e.out());
        // answered EINVAL it is a fine history, with nothing to order
        MainTest.Exit ok = check("b.jsonl", List.of(call(1, "create", "NOT-A-UUID", "P1", 1_000), ret(1, "EINVAL", 2_000)));
        assertEquals(0, ok.status(), ok.err());
    }

    /**
     * Inputs (upper and lower case spell the same UUID), G3: two creates answered OK of one UUID, one
     * spelled in upper case, are one partition, so the second is a violation.
     */
    @Test
    void sameUuidInUpperAndLowerCase_isOnePartition_violation_G3() throws Exception {
        String lower = "abcdef01-abcd-4abc-8abc-abcdef012345";
        MainTest.Exit e = check("h.jsonl", List.of(
                call(1, "create", lower, "P1", 1_000), ret(1, "OK", 2_000),
                call(2, "create", lower.toUpperCase(java.util.Locale.ROOT), "P2", 3_000), ret(2, "OK", 4_000)));
        assertEquals(1, e.status(), e.out());
        assertTrue(e.out().contains("2 requests, 1 partitions (UUIDs)"), e.out());
        assertTrue(e.out().contains("first violation: UUID " + lower), e.out());
        assertTrue(e.out().contains("create #2 (client 2) on P2/t returned OK, which needs the UUID absent"), e.out());
    }

    /** C2, P5: once an unregistration returned OK, a create on that parent is ENOENT: an OK there is a violation. */
    @Test
    void createOkOnAParentAfterItsUnregistrationReturned_violation_C2_P5() throws Exception {
        String u = "abcdef01-abcd-4abc-8abc-abcdef012345";
        MainTest.Exit e = check("h.jsonl", List.of(
                call(-1, "unregister-parent", null, "P1", 1_000), ret(-1, "OK", 2_000),
                call(2, "create", u, "P1", 3_000), ret(2, "OK", 4_000)));
        assertEquals(1, e.status(), e.out());
        assertTrue(e.out().contains("first violation: UUID " + u), e.out());
        assertTrue(e.out().contains("which needs the UUID absent and P1 registered when it takes effect"), e.out());
        assertTrue(e.out().contains("the UUID is absent, with P1 unregistered throughout its interval"), e.out());
        // registered again in between: fine (P1)
        MainTest.Exit ok = check("ok.jsonl", List.of(
                call(-1, "unregister-parent", null, "P1", 1_000), ret(-1, "OK", 2_000),
                call(-2, "register-parent", null, "P1", 2_100), ret(-2, "OK", 2_200),
                call(2, "create", u, "P1", 3_000), ret(2, "OK", 4_000)));
        assertEquals(0, ok.status(), ok.out());
    }

    /** An empty history (or one with no request on a valid UUID) is trivially linearizable: exit 0, saying nothing was checked. */
    @Test
    void historyWithNothingToCheck_exit0_saysNothingWasChecked() throws Exception {
        MainTest.Exit empty = check("empty.jsonl", List.of());
        assertEquals(0, empty.status(), empty.err());
        assertTrue(empty.out().contains("0 events, 0 requests, 0 partitions (UUIDs)"), empty.out());
        assertTrue(empty.out().contains("NOTHING CHECKED: 0 partitions, the history has no events; trivially linearizable (exit 0)"),
                empty.out());
        assertTrue(!empty.out().contains("LINEARIZABLE: every partition"), empty.out());

        MainTest.Exit unplugOnly = check("u.jsonl", List.of(call(-1, "unregister-parent", null, "P1", 1_000), ret(-1, "OK", 2_000)));
        assertEquals(0, unplugOnly.status());
        assertTrue(unplugOnly.out().contains("NOTHING CHECKED: 0 partitions, the history has no create or remove;"), unplugOnly.out());

        MainTest.Exit malformed = check("m.jsonl", List.of(call(1, "create", "NOT-A-UUID", "P1", 1_000), ret(1, "EINVAL", 2_000)));
        assertEquals(0, malformed.status());
        assertTrue(malformed.out().contains("NOTHING CHECKED: 0 partitions, no create or remove names a valid UUID;"), malformed.out());
    }

    /** G3, unknown outcomes: 2,000 creates of one UUID, none returned, may all have done nothing: linearizable. */
    @Test
    void twoThousandCallsOnOneUuidWithoutReturns_linearizable_G3() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= 2000; i++) {
            lines.add(call(i, "create", "abcdef01-abcd-4abc-8abc-abcdef012345", "P1", 1_000L * i));
        }
        MainTest.Exit e = check("h.jsonl", lines);
        assertEquals(0, e.status(), e.out());
        assertTrue(e.out().contains("2,000 events, 2,000 requests, 1 partitions (UUIDs)"), e.out());
        assertTrue(e.out().contains("LINEARIZABLE: every partition has an order that the specification allows"), e.out());
    }

    @Test
    void help_documentsTheExitStatus_includingNothingChecked() {
        MainTest.Exit h = MainTest.run("check-history", "--help");
        assertEquals(0, h.status());
        assertTrue(h.out().contains("Exit status: 0 linearizable (also a history with nothing to check"), h.out());
        assertTrue(h.out().contains("2 a bad file or option."), h.out());
        for (dev.mdevsim.model.Model m : dev.mdevsim.model.Model.values()) {
            assertTrue(h.out().contains(m.configName()), "--model names " + m.configName() + ":\n" + h.out());
        }
    }
}
