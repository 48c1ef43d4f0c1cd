package dev.mdevsim.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar target/mdevsim.jar <command>}. Exit status: 0 success; 1 the run finished but an
 * expectation, assertion or invariant failed; 2 bad input (one line on stderr naming the file, line
 * or key; no stack trace); 3 an internal error (a bug: the stack trace is printed).
 */
@Command(name = "mdevsim",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "An actor-based simulator of the Linux mdev (VFIO mediated device) lifecycle.",
        subcommands = {RunCommand.class, CompareCommand.class, ValidateCommand.class, ScriptCommand.class, BenchCommand.class,
            CheckHistoryCommand.class, ServeCommand.class, ExecCommand.class, SwarmCommand.class, ExploreCommand.class,
            CommandLine.HelpCommand.class},
        footer = {"", "Exit status: 0 success, 1 an expectation failed, 2 bad input, 3 internal error."})
public final class Main implements Runnable {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int BAD_INPUT = 2;
    public static final int INTERNAL_ERROR = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        LoggerFactory.getILoggerFactory(); // configure logging before Akka's threads start logging
        System.exit(run(args, System.out, System.err));
    }

    /** Runs a command line; returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cli.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        cli.setParameterExceptionHandler((e, a) -> {
            e.getCommandLine().getErr().println("mdevsim: " + e.getMessage() + " (see 'mdevsim --help')");
            return BAD_INPUT;
        });
        cli.setExecutionExceptionHandler((e, c, parsed) -> {
            if (e instanceof BadInputException bad) {
                c.getErr().println(bad.getMessage());
                return BAD_INPUT;
            }
            c.getErr().println("mdevsim: internal error (a bug; please report it with this trace):");
            e.printStackTrace(c.getErr());
            return INTERNAL_ERROR;
        });
        // exec's command may have options of its own: everything from CMD on is CMD's, with or without --
        cli.getSubcommands().get("exec").setStopAtPositional(true);
        return cli.execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    /** Reads the version Maven wrote into {@code mdevsim-version.properties}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {name(), "Akka 2.6.21, Java " + System.getProperty("java.version")};
        }

        /** {@code mdevsim VERSION}, as reports name their maker. */
        static String name() {
            Properties p = new Properties();
            try (InputStream in = Main.class.getResourceAsStream("/mdevsim-version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            } catch (IOException e) {
                // unknown below
            }
            return "mdevsim " + p.getProperty("version", "unknown");
        }
    }
}
