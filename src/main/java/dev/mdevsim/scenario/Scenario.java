package dev.mdevsim.scenario;

import dev.mdevsim.host.HostSettings;
import dev.mdevsim.load.LoadSettings;
import dev.mdevsim.report.Assertion;
import dev.mdevsim.model.Model;
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

    /** The same scenario under another model (for {@code compare}). */
    public Scenario withModel(Model model) {
        Map<String, Object> changed = new TreeMap<>(settings);
        changed.put("model", model.configName());
        return new Scenario(name, host.withModel(model), load, faults, assertions, report, serve, changed);
    }
}
