package dev.mdevsim.cli;

import picocli.CommandLine.Option;

/** {@code --deterministic} of run and compare. */
final class DeterministicOption {

    @Option(names = "--deterministic",
            description = {"run on virtual time, on one thread, every scheduling choice drawn from mdevsim.seed: "
                + "the same scenario and seed give the same report and history (= --set sim.mode=deterministic)"})
    boolean on;

    /** Adds the setting to the scenario's overrides when asked for. */
    void applyTo(ScenarioOptions options) {
        if (on) {
            options.sets.add("sim.mode=deterministic");
        }
    }
}
