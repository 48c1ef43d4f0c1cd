package dev.mdevsim.cli;

import dev.mdevsim.history.Checker;
import dev.mdevsim.history.HistoryException;
import dev.mdevsim.history.HistoryReport;
import dev.mdevsim.model.Model;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code check-history FILE.jsonl [--model seed] [--budget N]}: exit 0 linearizable, 1 not (or not
 * decided within the budget), 2 a bad file. A history with no partition (an empty file, or no create or
 * remove of a valid UUID) is trivially linearizable: exit 0, and the report says nothing was checked
 * (an empty file is a valid JSON Lines file, and a run that made no request records one).
 */
@Command(name = "check-history", mixinStandardHelpOptions = true,
        description = "Check a recorded history for linearizability against a model's specification.",
        footer = {"", "Exit status: 0 linearizable (also a history with nothing to check, such as an empty file:",
                "  it says 'NOTHING CHECKED: 0 partitions'), 1 not linearizable or undecided within the budget,",
                "  2 a bad file or option."})
final class CheckHistoryCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE.jsonl", description = "the history (JSON Lines)")
    Path file;

    @Option(names = "--model", paramLabel = "MODEL", description = "the model whose specification the history is checked against: seed (default), legacy, global-lock, linux-5.2 or linux-6.1 (aliases linux-4.17, linux-4.18, modern)")
    String model = "seed";

    @Option(names = "--budget", paramLabel = "N",
            description = "configurations a partition may explore before it is reported undecided (default ${DEFAULT-VALUE})")
    long budget = Checker.BUDGET;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Model m = Model.parse(model).orElseThrow(() ->
                new BadInputException("--model: unknown model '" + model + "' (models: " + Model.names() + ")"));
        if (budget < 1) {
            throw new BadInputException("--budget: must be at least 1, got " + budget);
        }
        Checker.Result r;
        try {
            r = Checker.check(file, m, budget); // in bounded memory, however long the history
        } catch (HistoryException e) {
            throw new BadInputException(e.getMessage());
        } catch (java.io.UncheckedIOException e) { // the temporary files of a long history's check (a full disk)
            throw new BadInputException(file + ": cannot check it: " + e.getMessage());
        }
        HistoryReport.print(r, file.toString(), m, spec.commandLine().getOut());
        return r.verdict() == Checker.Verdict.LINEARIZABLE ? Main.OK : Main.FAILED;
    }
}
