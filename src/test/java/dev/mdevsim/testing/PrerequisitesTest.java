package dev.mdevsim.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/** A missing prerequisite: a skip with its SKIPPED line for a developer, a failure on CI. */
class PrerequisitesTest {

    static final String NO_BROWSER = "no Chromium on the PATH";

    @Test
    void nothingMissing_runs_evenOnCi() {
        Prerequisites.require("the browser tests", null, Map.of("CI", "true"));
        Prerequisites.require("the browser tests", null, Map.of());
    }

    @Test
    void missing_onCi_failsNamingTheTestsAndTheReason() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> Prerequisites.require("the browser tests", NO_BROWSER, Map.of("CI", "true")));
        assertTrue(e.getMessage().startsWith("CI=true, and the browser tests cannot run: " + NO_BROWSER), e.getMessage());
    }

    @Test
    void missing_forADeveloper_skipsWithOneSkippedLine() {
        PrintStream stdout = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            for (Map<String, String> env : new Map[] {Map.of(), Map.of("CI", "false"), Map.of("CI", "")}) {
                assertThrows(TestAbortedException.class, () -> Prerequisites.require("the browser tests", NO_BROWSER, env));
            }
        } finally {
            System.setOut(stdout);
        }
        assertEquals(("SKIPPED the browser tests: " + NO_BROWSER + "\n").repeat(3), printed.toString(StandardCharsets.UTF_8));
    }

    @Test
    void onCi_onlyWhenCIIsTrue() {
        assertTrue(Prerequisites.onCi(Map.of("CI", "true")));
        assertTrue(Prerequisites.onCi(Map.of("CI", "TRUE")));
        assertFalse(Prerequisites.onCi(Map.of("CI", "1")));
        assertFalse(Prerequisites.onCi(Map.of()));
    }
}
