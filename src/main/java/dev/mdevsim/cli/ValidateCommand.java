package dev.mdevsim.cli;

import dev.mdevsim.core.ParentSpec;
import dev.mdevsim.scenario.Scenario;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code validate SCENARIO.conf}: the checks of {@code run} without running; its warnings (valid, but
 * probably not meant, such as a fault after the end of the run) go to stderr and leave the exit status 0.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Check a scenario without running it; exit 2 with the problem if it is invalid.",
            "Warnings (a fault after the end of the run) go to stderr; the scenario is still valid (exit 0)."})
final class ValidateCommand implements Callable<Integer> {

    @Mixin
    ScenarioOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Scenario s = options.scenario(options.config());
        int types = s.host().parents().stream().mapToInt(p -> p.types().size()).sum();
        long instances = s.host().parents().stream().mapToLong(ParentSpec::instances).sum();
        options.warn(s, spec.commandLine().getErr());
        spec.commandLine().getOut().printf("%s: valid: model %s, %d parents (%d types, %d instances), %s; %d faults, %d assertions%n",
                options.file, s.host().model(), s.host().parents().size(), types, instances, s.load().describe(),
                s.faults().size(), s.assertions().size());
        return Main.OK;
    }
}
