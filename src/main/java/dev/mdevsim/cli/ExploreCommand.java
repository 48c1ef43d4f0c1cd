package dev.mdevsim.cli;

import dev.mdevsim.litmus.Explorer;
import dev.mdevsim.litmus.Script;
import dev.mdevsim.litmus.ScriptException;
import dev.mdevsim.litmus.ScriptParser;
import dev.mdevsim.model.Model;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code explore FILE.litmus... [--models M,...] [--max-schedules N] [--replay CHOICES]}: every
 * schedule of each script's race (see {@link Explorer}); every file is parsed and checked first.
 */
@Command(name = "explore", mixinStandardHelpOptions = true,
        description = {"Run every schedule of each litmus script's race (its consecutive starts 'as L' without 'hold'):"
            + " every order in which the actors handle the racing requests' messages and in which their vendor ops"
            + " complete. Prints each reachable outcome with its number of schedules, then judges"
            + " 'expect sometimes|always|never' over all of them (and every other expectation as 'always').",
            "G1, G2 and G4 are checked in every schedule; a schedule that breaks one is printed with --replay CHOICES.",
            "Search: depth-first, each schedule replayed from the start on a fresh deterministic host (virtual time).",
            "Reduction: source-DPOR with sleep sets. Steps commute when they run different actors (or tasks) and send to"
                + " no actor in common nor to each other; of schedules that differ only in the order of such steps, one is"
                + " run and counted, and another order is tried only where a run found a race. --max-schedules bounds the search (the header then says 'not exhaustive', and unrefuted"
                + " always/never count as failed)."})
final class ExploreCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "FILE.litmus", description = "the scripts to explore")
    List<Path> files;

    @Option(names = "--models", paramLabel = "M", split = ",",
            description = "explore under these models (default: each script's own)")
    List<String> models = new ArrayList<>();

    @Option(names = "--max-schedules", paramLabel = "N", defaultValue = "100000",
            description = "run at most N schedules per script and model (default: ${DEFAULT-VALUE})")
    long maxSchedules;

    @Option(names = "--replay", paramLabel = "CHOICES",
            description = "run only the schedule with these choices (as a failure prints them, e.g. 0,1,0)")
    String replay;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (maxSchedules < 1) {
            throw new BadInputException("--max-schedules: must be at least 1, not " + maxSchedules);
        }
        int[] choices = null;
        if (replay != null) {
            if (!replay.matches("-|\\d{1,4}(,\\d{1,4})*")) {
                throw new BadInputException("--replay: expected the choices a failure printed, e.g. 0,1,0, not '" + replay + "'");
            }
            choices = Explorer.parseChoices(replay);
        }
        List<Model> chosen = ModelNames.parse(models);
        List<Script> scripts = new ArrayList<>();
        for (Path f : files) {
            try {
                Script s = ScriptParser.parse(f);
                Explorer.check(s);
                scripts.add(s);
            } catch (ScriptException e) {
                throw new BadInputException(e.getMessage());
            }
        }
        // thousands of schedules would repeat the simulated kernel's log lines (legacy's duplicate-link WARN);
        // warnings are counted instead (the terms duplicate_link=N, remove_failed=N)
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("dev.mdevsim")).setLevel(ch.qos.logback.classic.Level.ERROR);
        PrintWriter out = spec.commandLine().getOut();
        int passed = 0;
        int failed = 0;
        for (Script s : scripts) {
            for (Model m : chosen.isEmpty() ? List.of(s.model()) : chosen) {
                try {
                    Explorer.Result r = Explorer.explore(s, m, maxSchedules, choices, out);
                    passed += r.passed();
                    failed += r.failed();
                } catch (ScriptException e) {
                    throw new BadInputException(e.getMessage());
                }
                out.flush();
            }
        }
        out.println(passed + " passed, " + failed + " failed");
        out.flush();
        return failed == 0 ? Main.OK : Main.FAILED;
    }
}
