package dev.mdevsim.cli;

import com.typesafe.config.Config;
import dev.mdevsim.config.SettingsException;
import dev.mdevsim.scenario.Scenario;
import dev.mdevsim.scenario.ScenarioLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The scenario file and its {@code --set} overrides, shared by run, compare and validate. */
final class ScenarioOptions {

    @Parameters(index = "0", paramLabel = "SCENARIO.conf", description = "the scenario (HOCON)")
    Path file;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "override a setting, e.g. --set load.clients=8 (the mdevsim. prefix is optional)")
    List<String> sets = new ArrayList<>();

    /** The merged config; bad input becomes exit status 2. */
    Config config() {
        try {
            return ScenarioLoader.config(file, sets);
        } catch (SettingsException e) {
            throw new BadInputException(e.getMessage());
        }
    }

    Scenario scenario(Config config) {
        try {
            return ScenarioLoader.read(name(), config);
        } catch (SettingsException e) {
            throw new BadInputException(e.getMessage());
        }
    }

    private String name() {
        String n = file.getFileName().toString();
        return n.endsWith(".conf") ? n.substring(0, n.length() - 5) : n;
    }

    /** Prints the scenario's warnings (valid, but probably not what was meant), one line each. */
    void warn(Scenario scenario, PrintWriter err) {
        for (String w : scenario.warnings()) {
            err.println(file + ": warning: " + w);
        }
        err.flush();
    }

    /** An output file a command was asked to write, with the option that named it (its path may be null: not asked). */
    record Output(String option, Path path) {
    }

    /** {@link #checkOutputs(Path, List)} of this scenario. */
    void checkOutputs(Output... outputs) {
        checkOutputs(file, List.of(outputs));
    }

    /**
     * Fails early (exit 2), before a long run, if an output file could not be written, if two outputs
     * are the same file (however spelled), or if one is the scenario file {@code input} (may be null).
     */
    static void checkOutputs(Path input, List<Output> outputs) {
        List<Output> given = outputs.stream().filter(o -> o.path() != null).toList();
        for (int i = 0; i < given.size(); i++) {
            Output o = given.get(i);
            if (input != null && sameFile(o.path(), input)) {
                throw new BadInputException(o.option() + " " + o.path() + ": that is the scenario file; write the output elsewhere");
            }
            for (Output earlier : given.subList(0, i)) {
                if (sameFile(o.path(), earlier.path())) {
                    throw new BadInputException(o.option() + " " + o.path() + ": the same file as " + earlier.option() + " "
                            + earlier.path() + "; each output needs a file of its own");
                }
            }
        }
        given.forEach(o -> checkWritable(o.path(), o.option()));
    }

    /** The same path once made absolute and normalised ({@code F}, {@code ./F}), or the same regular file (a link). */
    static boolean sameFile(Path a, Path b) {
        if (a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize())) {
            return true;
        }
        try {
            return Files.isRegularFile(a) && Files.isRegularFile(b) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Fails (exit 2) unless the file can be written: it is opened for writing, and created and deleted
     * again if it did not exist (a directory's permissions do not tell, e.g. for root in /proc). An
     * existing file is not changed; an existing device or pipe ({@code /dev/stdout}) is not opened.
     */
    static void checkWritable(Path out, String option) {
        if (out == null) {
            return;
        }
        Path dir = out.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new BadInputException(option + " " + out + ": no such directory " + dir);
        }
        if (Files.isDirectory(out)) {
            throw new BadInputException(option + " " + out + ": is a directory");
        }
        try {
            if (!Files.exists(out)) {
                Files.createFile(out);
                Files.delete(out);
            } else if (Files.isRegularFile(out)) {
                FileChannel.open(out, StandardOpenOption.WRITE).close();
            } else if (!Files.isWritable(out)) {
                throw new AccessDeniedException(out.toString());
            }
        } catch (IOException e) {
            throw new BadInputException(option + " " + out + ": cannot write there (" + reason(e) + ")");
        }
    }

    /** Why a file operation failed, in words (no exception class names). */
    static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason().toLowerCase(Locale.ROOT);
        }
        if (e instanceof FileAlreadyExistsException) {
            return "a file of that name is in the way";
        }
        return e.getMessage() == null ? "an I/O error" : e.getMessage();
    }

    /** Writes a report file if one was asked for ({@code out} not null); a failure is exit status 2. */
    static void writeReport(Path out, ReportWriter writer) {
        if (out == null) {
            return;
        }
        try {
            writer.write(out);
        } catch (IOException e) {
            throw new BadInputException("cannot write " + out + ": " + e.getMessage());
        }
    }

    /** Writes one report to a file. */
    interface ReportWriter {
        void write(Path out) throws IOException;
    }
}
