package dev.mdevsim.litmus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The runner's judgement: wrong expectations fail, settling makes pending/await deterministic. */
class ScriptRunnerTest {

    static final String U = "11111111-1111-4111-8111-111111111111";

    record Run(ScriptRunner.Result result, String output) {
    }

    static Run run(String... lines) throws Exception {
        StringWriter out = new StringWriter();
        ScriptRunner.Result r = ScriptRunner.run(ScriptParser.parse("t.litmus", String.join("\n", lines)), new PrintWriter(out));
        return new Run(r, out.toString());
    }

    @Test
    void wrongOutcome_failsWithExpectedAndActual_R5() throws Exception {
        Run r = run("parent P1 a=2",
                "create P1 a " + U + " as c1 hold",
                "remove " + U + " => ENODEV",
                "release c1",
                "await c1 => OK");
        assertEquals(new ScriptRunner.Result(3, 1), r.result());
        assertTrue(r.output().matches("(?s).*\\n   3  remove " + U + " => ENODEV +EAGAIN  FAILED \\(expected ENODEV\\)\\n.*"), r.output());
    }

    @Test
    void everyKindOfExpectation_canFail() throws Exception {
        Run r = run("parent P1 a=2",
                "create P1 a " + U + " => EEXIST",
                "create P1 a 22222222-2222-4222-8222-222222222222 as c2 hold",
                "expect state " + U + " removing",
                "expect instances P1 a 2",
                "expect warnings 1",
                "pending c2",
                "release c2",
                "pending c2",
                "await c2 => EIO");
        assertEquals(new ScriptRunner.Result(3, 6), r.result(), r.output());
        assertTrue(r.output().contains("OK  FAILED (expected EEXIST)"), r.output());
        assertTrue(r.output().contains("active  FAILED (expected removing)"), r.output());
        assertTrue(r.output().contains("0  FAILED (expected 2)"), r.output());
        assertTrue(r.output().contains("0  FAILED (expected 1)"), r.output());
        assertTrue(r.output().contains("   9  pending c2") && r.output().contains("OK  FAILED (expected pending)"), r.output());
        assertTrue(r.output().contains("OK  FAILED (expected EIO)"), r.output());
    }

    /** Legacy C11: a create on a parent whose lock is held waits on the lock, not at its vendor. */
    @Test
    void pendingWithAPhase_judgesWhereTheRequestIs_C11() throws Exception {
        Run r = run("model legacy",
                "parent P1 a=2",
                "create P1 a " + U + " as c1 hold",
                "create P1 a 22222222-2222-4222-8222-222222222222 as c2 hold",
                "pending c1 at-vendor",
                "pending c2 queued",
                "pending c2 at-vendor",
                "pending c1 queued",
                "release c1",
                "await c1 => OK",
                "pending c2 at-vendor",
                "pending c2 setup",
                "release c2",
                "await c2 => OK");
        assertEquals(new ScriptRunner.Result(8, 3), r.result(), r.output());
        assertTrue(r.output().contains("   7  pending c2 at-vendor") && r.output().contains("pending queued  FAILED (expected pending at-vendor)"), r.output());
        assertTrue(r.output().contains("pending at-vendor  FAILED (expected pending queued)"), r.output());
        assertTrue(r.output().contains("pending at-vendor  FAILED (expected pending setup)"), r.output());
    }

    /** A request held in setup is pending in setup, not at its vendor; an answered one is not pending at all. */
    @Test
    void pendingWithAPhase_setupAndAnswered_C14() throws Exception {
        Run r = run("parent P1 a=2",
                "create P1 a " + U + " as c1 hold setup",
                "pending c1 setup",
                "pending c1 at-vendor",
                "pending c1 queued",
                "release c1",
                "pending c1 setup",
                "await c1 => OK");
        assertEquals(new ScriptRunner.Result(4, 3), r.result(), r.output());
        assertTrue(r.output().contains("pending setup  FAILED (expected pending at-vendor)"), r.output());
        assertTrue(r.output().contains("pending setup  FAILED (expected pending queued)"), r.output());
        assertTrue(r.output().contains("OK  FAILED (expected pending setup)"), r.output());
    }

    @Test
    void notAwaited_failsAtTheEnd() throws Exception {
        Run r = run("parent P1 a=2", "create P1 a " + U + " as c1");
        assertEquals(new ScriptRunner.Result(1, 1), r.result());
        assertTrue(r.output().contains("end: 'c1' (line 2) was started but never awaited  FAILED"), r.output());
    }

    @Test
    void awaitOfAHeldRequest_failsAsPendingInsteadOfHanging() throws Exception {
        Run r = run("parent P1 a=2", "create P1 a " + U + " as c1 hold", "await c1 => OK");
        assertEquals(new ScriptRunner.Result(1, 1), r.result());
        assertTrue(r.output().contains("pending, held at the vendor  FAILED (expected OK)"), r.output());
    }

    @Test
    void releaseOfARequestAnsweredBeforeTheVendor_fails_C3() throws Exception {
        Run r = run("parent P1 a=2",
                "create P1 a " + U + " => OK",
                "create P1 a " + U + " as c1 hold",
                "release c1",
                "await c1 => EEXIST");
        assertEquals(new ScriptRunner.Result(3, 1), r.result());
        assertTrue(r.output().contains("answered EEXIST without reaching the vendor  FAILED (expected it held at the vendor)"), r.output());
    }

    @Test
    void heldRequestThatNeverReachesTheVendor_doesNotCaptureALaterOp_C5() throws Exception {
        // c2 is answered EEXIST without reaching the vendor; its hold must not catch c3's vendor op
        Run r = run("parent P1 a=4",
                "create P1 a " + U + " as c1 hold",
                "create P1 a " + U + " as c2 hold",
                "await c2 => EEXIST",
                "release c1 fail EIO",
                "await c1 => EIO",
                "create P1 a " + U + " => OK");
        assertEquals(new ScriptRunner.Result(5, 0), r.result(), r.output());
    }
}
