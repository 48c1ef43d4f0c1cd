package dev.mdevsim.scenario;

import dev.mdevsim.host.HostSettings;
import dev.mdevsim.load.LoadSettings;
import dev.mdevsim.report.Assertion;
import java.time.Duration;
import java.util.List;

/**
 * A validated load scenario: everything {@code run} needs, read from a scenario file with its
 * overrides. Nothing starts until a scenario has been built.
 *
 * @param name             the file's base name without {@code .conf}
 * @param progressInterval {@code mdevsim.report.progress-interval}; zero turns progress off
 */
public record Scenario(String name, HostSettings host, LoadSettings load, List<Fault> faults,
                       List<Assertion> assertions, Duration progressInterval) {

    public Scenario {
        faults = List.copyOf(faults);
        assertions = List.copyOf(assertions);
    }

    /** The same scenario under another model (for {@code compare}). */
    public Scenario withModel(dev.mdevsim.model.Model model) {
        return new Scenario(name, host.withModel(model), load, faults, assertions, progressInterval);
    }
}
