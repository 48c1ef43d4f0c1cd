package dev.mdevsim.cli;

import com.typesafe.config.Config;
import dev.mdevsim.config.SettingsException;
import dev.mdevsim.scenario.Scenario;
import dev.mdevsim.scenario.ScenarioLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

    /** Fails early (exit 2) if a report file could not be written, before a long run. */
    static void checkWritable(Path out, String option) {
        if (out == null) {
            return;
        }
        Path dir = out.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new BadInputException(option + " " + out + ": no such directory " + dir);
        }
        if (Files.isDirectory(out) || (Files.exists(out) && !Files.isWritable(out)) || !Files.isWritable(dir)) {
            throw new BadInputException(option + " " + out + ": cannot write there");
        }
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
