package dev.mdevsim.testing;

import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * What an integration test needs from the machine: a browser, FUSE, mdevctl. A developer without it
 * gets the tests skipped, with one {@code SKIPPED ...} line saying why and how to install it. On CI
 * (the environment variable {@code CI=true}, where {@code .ci/run} installs everything) a missing
 * prerequisite fails the tests instead: a failed install must not turn the build green.
 */
public final class Prerequisites {

    private Prerequisites() {
    }

    /**
     * Returns when nothing is {@code missing} (null). Otherwise, on CI, fails; elsewhere prints
     * {@code SKIPPED <tests>: <missing>} and aborts the test (in {@code @BeforeAll}: the class).
     *
     * @param tests   the tests that need it, e.g. "the browser tests of the HTML report"
     * @param missing why they cannot run here, or null
     */
    public static void require(String tests, String missing) {
        require(tests, missing, System.getenv());
    }

    static void require(String tests, String missing, Map<String, String> env) {
        if (missing == null) {
            return;
        }
        if (onCi(env)) {
            throw new AssertionError("CI=true, and " + tests + " cannot run: " + missing
                    + ". On CI a missing prerequisite is a failure, not a skip (.ci/run installs it).");
        }
        System.out.println("SKIPPED " + tests + ": " + missing);
        Assumptions.abort(tests + " need what is missing here: " + missing);
    }

    /** Whether this is a CI run ({@code CI=true}, as GitHub Actions, GitLab CI and most others set it). */
    static boolean onCi(Map<String, String> env) {
        return "true".equalsIgnoreCase(env.getOrDefault("CI", "").trim());
    }
}
