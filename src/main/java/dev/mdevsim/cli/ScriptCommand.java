package dev.mdevsim.cli;

import dev.mdevsim.litmus.Script;
import dev.mdevsim.litmus.ScriptException;
import dev.mdevsim.litmus.ScriptParser;
import dev.mdevsim.litmus.ScriptRunner;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code script FILE.litmus...}: parses every file first (exit 2 on any error), then runs them in order. */
@Command(name = "script",
        description = "Run litmus scripts: one line per statement, then 'N passed, M failed'.",
        mixinStandardHelpOptions = true)
final class ScriptCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "FILE.litmus", description = "the scripts to run")
    List<Path> files;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        List<Script> scripts = new ArrayList<>();
        for (Path f : files) {
            try {
                scripts.add(ScriptParser.parse(f));
            } catch (ScriptException e) {
                throw new BadInputException(e.getMessage());
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        ScriptRunner.Result total = new ScriptRunner.Result(0, 0);
        for (Script s : scripts) {
            total = total.plus(ScriptRunner.run(s, out));
        }
        out.println(total.passed() + " passed, " + total.failed() + " failed");
        out.flush();
        return total.failed() == 0 ? Main.OK : Main.FAILED;
    }
}
