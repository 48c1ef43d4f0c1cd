package dev.mdevsim.cli;

import com.typesafe.config.Config;
import dev.mdevsim.load.Interruption;
import dev.mdevsim.load.LoadRunner;
import dev.mdevsim.load.RequestListener;
import dev.mdevsim.report.HtmlReport;
import dev.mdevsim.report.JsonReport;
import dev.mdevsim.report.RunResult;
import dev.mdevsim.report.TextReport;
import dev.mdevsim.scenario.Scenario;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code run SCENARIO.conf [--deterministic] [--json FILE] [--html FILE] [--history FILE] [--set key=value]...}. Every
 * output file is checked before the run. Ctrl-C or SIGTERM stops the load: the partial run is
 * reported and written, marked interrupted, and the exit status is 130 or 143; a second one exits at once.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run a load scenario and print its report; exit 1 if an invariant or assertion fails.",
            "Ctrl-C (or SIGTERM) stops the load and reports the partial run (exit 130, or 143); a second one exits at once."})
final class RunCommand implements Callable<Integer> {

    @Mixin
    ScenarioOptions options;

    @Option(names = "--json", paramLabel = "FILE", description = "also write the JSON report there")
    Path json;

    @Option(names = "--html", paramLabel = "FILE",
            description = "also write the HTML report there: charts and tables in one file that opens offline")
    Path html;

    @Option(names = "--history", paramLabel = "FILE",
            description = "record the history there (JSON Lines) and check it for linearizability")
    Path history;

    @Mixin
    DeterministicOption deterministic;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        options.checkOutputs(new ScenarioOptions.Output("--json", json), new ScenarioOptions.Output("--html", html),
                new ScenarioOptions.Output("--history", history));
        deterministic.applyTo(options);
        Config config = options.config();
        Scenario scenario = options.scenario(config);
        options.warn(scenario, spec.commandLine().getErr());
        Interruption interruption = new Interruption();
        try (Signals signals = Signals.stopOn(interruption, System.err)) { // until the files are written
            RunResult result = LoadRunner.run(scenario, config, System.err, RequestListener.NONE, history, interruption);
            TextReport.print(result, spec.commandLine().getOut());
            ScenarioOptions.writeReport(json, f -> JsonReport.write(result, f));
            ScenarioOptions.writeReport(html, f -> HtmlReport.write(result, Main.Version.name(), f));
            return signals.exitStatus().orElse(result.passed() ? Main.OK : Main.FAILED);
        }
    }
}
