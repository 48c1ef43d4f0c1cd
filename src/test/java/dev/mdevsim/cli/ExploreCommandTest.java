package dev.mdevsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The explore command: its output (DESIGN.md), its bound, its replay, and its one-line errors. */
class ExploreCommandTest {

    @TempDir
    Path dir;

    @Test
    void shippedScripts_allExpectationsHold_exit0_R5() {
        MainTest.Exit e = MainTest.run("explore", "conf/explore/create-vs-early-remove.litmus",
                "conf/explore/create-vs-early-remove-legacy.litmus");
        assertEquals(0, e.status(), e.out() + e.err());
        assertTrue(e.out().contains("== conf/explore/create-vs-early-remove.litmus (model seed): 2 requests racing, "), e.out());
        assertTrue(e.out().contains(", 3 outcomes"), e.out());
        assertTrue(e.out().contains("expect never r1=EAGAIN"), e.out());
        assertTrue(e.out().endsWith(" failed\n") && e.out().contains(" passed, 0 failed"), e.out());
    }

    @Test
    void wrongModel_expectationsFail_exit1_R5() {
        // seed's script under legacy: EAGAIN is never reached there
        MainTest.Exit e = MainTest.run("explore", "conf/explore/create-vs-early-remove.litmus", "--models", "legacy");
        assertEquals(1, e.status(), e.out());
        assertTrue(e.out().contains("expect sometimes r1=EAGAIN " + ExplorerTestNames.U1 + "=active") && e.out().contains("FAILED"),
                e.out());
    }

    @Test
    void maxSchedules_notExhaustive_unrefutedNeverFails() {
        MainTest.Exit e = MainTest.run("explore", "conf/explore/create-vs-early-remove.litmus", "--max-schedules", "2");
        assertEquals(1, e.status(), e.out());
        assertTrue(e.out().contains("2 schedules") && e.out().contains("not exhaustive"), e.out());
        assertTrue(e.out().contains("FAILED (not exhaustive)"), e.out());
    }

    @Test
    void replay_runsThatOneSchedule() {
        MainTest.Exit e = MainTest.run("explore", "conf/explore/two-creates-two-parents.litmus", "--replay", "-");
        assertTrue(e.out().contains("1 schedule (replayed)"), e.out());
        assertTrue(e.out().contains("  schedule: "), e.out());
    }

    @Test
    void scriptErrors_exit2OneLineNamingFileAndLine() throws Exception {
        Path hold = Files.writeString(dir.resolve("hold.litmus"), "parent P1 a=1\ncreate P1 a "
                + ExplorerTestNames.U1 + " as c1 hold\nrelease c1\nawait c1\n");
        Path two = Files.writeString(dir.resolve("two.litmus"), "parent P1 a=2\ncreate P1 a " + ExplorerTestNames.U1
                + " as c1\nexpect sometimes c1=OK\nremove " + ExplorerTestNames.U1 + " as r1\n");
        Path term = Files.writeString(dir.resolve("term.litmus"), "parent P1 a=1\ncreate P1 a " + ExplorerTestNames.U1
                + " as c1\nexpect sometimes c1=MAYBE\n");
        for (Object[] c : List.of(new Object[] {hold, 2, "'hold', 'release' and 'pending' pin one"},
                new Object[] {two, 4, "a second race"}, new Object[] {term, 3, "unknown outcome 'MAYBE'"})) {
            MainTest.Exit e = MainTest.run("explore", c[0].toString());
            assertEquals(2, e.status(), e.err());
            assertTrue(e.err().startsWith(c[0] + ":" + c[1] + ": ") && e.err().contains((String) c[2])
                    && e.err().lines().count() == 1, e.err());
        }
        MainTest.Exit e = MainTest.run("explore", "conf/explore/two-creates-two-parents.litmus", "--models", "nope");
        assertEquals(2, e.status());
        e = MainTest.run("explore", "conf/explore/two-creates-two-parents.litmus", "--replay", "x");
        assertEquals(2, e.status());
    }

    /** UUIDs of the shipped explore scripts. */
    static final class ExplorerTestNames {
        static final String U1 = "11111111-1111-4111-8111-111111111111";
    }
}
