package dev.mdevsim.cli;

import com.typesafe.config.Config;
import dev.mdevsim.load.Interruption;
import dev.mdevsim.load.LoadRunner;
import dev.mdevsim.load.RequestListener;
import dev.mdevsim.model.Model;
import dev.mdevsim.report.CompareTable;
import dev.mdevsim.report.HtmlReport;
import dev.mdevsim.report.JsonReport;
import dev.mdevsim.report.RunResult;
import dev.mdevsim.scenario.Scenario;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code compare SCENARIO.conf [--models seed,legacy,global-lock] [--json FILE] [--html FILE]}: the same scenario
 * (same seed, same requests) under each model, one after the other, in one table. Exit 1 only when
 * an invariant fails: assertions usually hold for one design and not another, so they are shown,
 * not enforced. Ctrl-C or SIGTERM stops the model running then and skips the rest: the table and
 * files show the runs so far, the last one marked interrupted, and the exit status is 130 or 143.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Run a scenario under each model and print the results side by side.",
            "Ctrl-C (or SIGTERM) stops the current model and skips the rest; the runs so far are reported (exit 130, or 143)."})
final class CompareCommand implements Callable<Integer> {

    @Mixin
    ScenarioOptions options;

    // picocli writes the split syntax itself: --models=M[,M...] (the option may also be repeated)
    @Option(names = "--models", paramLabel = "M", split = ",",
            description = "the models to compare, by name or alias (default: all five, "
                    + "seed,legacy,global-lock,linux-5.2,linux-6.1; aliases linux-4.18, linux-4.17, modern)")
    List<String> models = new ArrayList<>(Model.configNames());

    @Option(names = "--json", paramLabel = "FILE", description = "also write every run's JSON report there")
    Path json;

    @Option(names = "--html", paramLabel = "FILE",
            description = "also write the HTML report there: the models side by side on the same axes, in one file that opens offline")
    Path html;

    @Mixin
    DeterministicOption deterministic;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        List<Model> chosen = ModelNames.parse(models);
        deterministic.applyTo(options);
        options.checkOutputs(new ScenarioOptions.Output("--json", json), new ScenarioOptions.Output("--html", html));
        Config config = options.config();
        Scenario scenario = options.scenario(config);
        options.warn(scenario, spec.commandLine().getErr());
        PrintWriter out = spec.commandLine().getOut();
        List<RunResult> runs = new ArrayList<>();
        Interruption interruption = new Interruption();
        try (Signals signals = Signals.stopOn(interruption, System.err)) { // until the files are written
            for (Model m : chosen) {
                if (interruption.by().isPresent()) {
                    break;
                }
                System.err.println("running " + scenario.name() + " under " + m + " ...");
                runs.add(LoadRunner.run(scenario.withModel(m), config, System.err, RequestListener.NONE, null, interruption));
            }
            out.printf("mdevsim compare: %s (seed %d)%n  load: %s%n%n", scenario.name(), scenario.host().seed(), scenario.load().describe());
            CompareTable.print(runs, out);
            List<String> skipped = chosen.subList(runs.size(), chosen.size()).stream().map(Model::configName).toList();
            interruption.by().ifPresent(by -> out.printf("%n  INTERRUPTED by %s: %s%s%n", by,
                    runs.stream().filter(RunResult::interrupted).map(r -> r.model().configName() + " is a partial run")
                            .findFirst().orElse("every run was complete"),
                    skipped.isEmpty() ? "" : "; not run: " + String.join(", ", skipped)));
            out.flush();
            ScenarioOptions.writeReport(json, f -> JsonReport.writeAll(scenario.name(), runs, f));
            if (!runs.isEmpty()) {
                ScenarioOptions.writeReport(html, f -> HtmlReport.writeAll(scenario.name(), runs, Main.Version.name(), f));
            }
            return signals.exitStatus().orElse(runs.stream().allMatch(RunResult::invariantsHeld) ? Main.OK : Main.FAILED);
        }
    }
}
