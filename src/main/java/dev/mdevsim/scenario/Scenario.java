package dev.mdevsim.scenario;

import dev.mdevsim.host.HostSettings;
import dev.mdevsim.load.LoadSettings;
import dev.mdevsim.report.Assertion;
import dev.mdevsim.model.Model;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A validated load scenario: everything {@code run} needs, read from a scenario file with its
 * overrides. Nothing starts until a scenario has been built.
 *
 * @param name     the file's base name without {@code .conf}
 * @param serve    how {@code serve} runs the host behind its sysfs tree
 * @param settings the effective {@code mdevsim} settings, defaults included, as nested maps sorted by
 *                 key (shown by the reports)
 */
public record Scenario(String name, HostSettings host, LoadSettings load, List<Fault> faults,
                       List<Assertion> assertions, ReportSettings report, ServeSettings serve,
                       Map<String, Object> settings) {

    public Scenario {
        faults = List.copyOf(faults);
        assertions = List.copyOf(assertions);
        settings = Collections.unmodifiableMap(new TreeMap<>(settings));
    }

    /**
     * What is valid but probably not meant, one sentence each: a fault at or after the end of a run
     * bounded by {@code load.duration} never runs (sending has stopped by then).
     */
    public List<String> warnings() {
        List<String> out = new ArrayList<>();
        if (!load.byOperations()) {
            for (Fault f : faults) {
                if (f.at().compareTo(load.duration()) >= 0) {
                    out.add("mdevsim.faults: " + f.describe() + " at " + shown(f.at()) + " will not run: the load stops at "
                            + shown(load.duration()) + " (mdevsim.load.duration)");
                }
            }
        }
        return out;
    }

    /** A duration as a scenario would write it: 12s, 1500ms, 250us. */
    private static String shown(Duration d) {
        long nanos = d.toNanos();
        return nanos % 1_000_000_000L == 0 ? d.toSeconds() + "s"
                : nanos % 1_000_000L == 0 ? d.toMillis() + "ms"
                : nanos % 1_000L == 0 ? nanos / 1_000L + "us" : nanos + "ns";
    }

    /** The same scenario under another model (for {@code compare}). */
    public Scenario withModel(Model model) {
        Map<String, Object> changed = new TreeMap<>(settings);
        changed.put("model", model.configName());
        return new Scenario(name, host.withModel(model), load, faults, assertions, report, serve, changed);
    }
}
