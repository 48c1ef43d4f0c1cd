package dev.mdevsim.report;

import dev.mdevsim.core.Errno;
import dev.mdevsim.scenario.ScenarioLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A shipped scenario's assertions without those about speed, for tests that run it: tests judge
 * behaviour, speed is measured by {@code bench}. About speed are latency percentiles ({@code pNN},
 * {@code max}), {@code throughput}, and counts or rates of {@code ETIMEDOUT} (a request slower than
 * the timeout). Every other assertion of the scenario is kept, so a test that runs with
 * {@link #set} still checks all that the scenario claims about behaviour.
 */
public final class SpeedFree {

    private SpeedFree() {
    }

    /** Whether an assertion holds or not depending on how fast the machine is. */
    public static boolean aboutSpeed(Assertion a) {
        return a instanceof Assertion.Latency || a instanceof Assertion.Throughput
                || a instanceof Assertion.Count c && c.errno() == Errno.ETIMEDOUT
                || a instanceof Assertion.Rate r && r.errno() == Errno.ETIMEDOUT;
    }

    /** Whether the assertion written {@code text} is about speed. */
    public static boolean aboutSpeed(String text) {
        return aboutSpeed(Assertion.parse(text));
    }

    /** The scenario's assertions, as written, that are not about speed. */
    public static List<String> assertions(Path scenario) {
        return ScenarioLoader.load(scenario, List.of()).assertions().stream()
                .filter(a -> !aboutSpeed(a)).map(Assertion::text).toList();
    }

    /** A {@code --set} that keeps only the scenario's assertions not about speed. */
    public static String set(Path scenario) {
        return "assertions=" + assertions(scenario).stream()
                .map(t -> "\"" + t.replace("\\", "\\\\").replace("\"", "\\\"") + "\"")
                .collect(Collectors.joining(", ", "[", "]"));
    }
}
