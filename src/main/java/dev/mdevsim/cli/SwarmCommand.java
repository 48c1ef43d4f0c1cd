package dev.mdevsim.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mdevsim.config.SettingsException;
import dev.mdevsim.load.Interruption;
import dev.mdevsim.load.Swarm;
import dev.mdevsim.report.JsonReport;
import dev.mdevsim.scenario.Scenario;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code swarm SCENARIO.conf [--seeds A..B] [--perturb] [--json FILE] [--set key=value]...}: one
 * deterministic run per seed, each checked; every failing seed printed with the command that replays
 * it. Exit 1 if any seed failed.
 */
@Command(name = "swarm", mixinStandardHelpOptions = true,
        description = {"Run a scenario deterministically once per seed, on every core, and check each run: its invariants,"
            + " the linearizability of its history and its assertions.",
            "Prints each failing seed with the one command that replays it, then 'N seeds, M failed'; exit 1 if any failed.",
            "Ctrl-C (or SIGTERM) starts no more seeds and reports those that ran (exit 130, or 143)."})
final class SwarmCommand implements Callable<Integer> {

    private static final Pattern RANGE = Pattern.compile("(\\d{1,18})\\.\\.(\\d{1,18})");
    /** A violation is cut to this many characters on its line (the replay shows it whole). */
    private static final int SHOWN = 240;

    @Mixin
    ScenarioOptions options;

    @Option(names = "--seeds", paramLabel = "A..B", defaultValue = "1..100",
            description = "the seeds to run, both ends included (default: ${DEFAULT-VALUE})")
    String seeds;

    @Option(names = "--perturb",
            description = {"also vary, from each seed: every vendor latency x [0.5, 2] (log-uniform), load.rate x [0.5, 1.5]"
                + " (open arrival), every fault's time x [0.8, 1.2]; the printed command carries the values"})
    boolean perturb;

    @Option(names = "--json", paramLabel = "FILE", description = "also write one row per seed there (a JSON array)")
    Path json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        Matcher m = RANGE.matcher(seeds);
        if (!m.matches() || Long.parseLong(m.group(1)) > Long.parseLong(m.group(2))) {
            throw new BadInputException("--seeds: expected A..B with 0 <= A <= B, e.g. --seeds 1..200, not '" + seeds + "'");
        }
        long from = Long.parseLong(m.group(1));
        long to = Long.parseLong(m.group(2));
        options.checkOutputs(new ScenarioOptions.Output("--json", json));
        Scenario scenario = options.scenario(options.config()); // bad input: exit 2 before any seed runs
        options.warn(scenario, spec.commandLine().getErr());
        int threads = Runtime.getRuntime().availableProcessors();
        long count = to - from + 1;
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        out.printf(Locale.ROOT, "mdevsim swarm: %s (model %s), seeds %d..%d%s, %d at a time%n", scenario.name(),
                scenario.host().model(), from, to, perturb ? ", perturbed" : "", threads);
        out.flush();
        Interruption interruption = new Interruption();
        ProgressBar bar = new ProgressBar(err, count, System.console() != null);
        List<Swarm.SeedRun> runs;
        try (Signals signals = Signals.stopOn(interruption, System.err)) {
            try {
                runs = Swarm.run(options.file, options.sets, from, to, perturb, threads, bar::finished,
                        () -> interruption.by().isPresent());
            } catch (SettingsException e) {
                throw new BadInputException(e.getMessage());
            }
            bar.end();
            List<Swarm.SeedRun> failed = runs.stream().filter(r -> !r.passed()).toList();
            for (Swarm.SeedRun r : failed) {
                String v = r.firstViolation();
                out.printf(Locale.ROOT, "seed %d FAILED: %s%n", r.seed(), v.length() > SHOWN ? v.substring(0, SHOWN) + " ..." : v);
                out.printf(Locale.ROOT, "  replay: %s%n", replay(r));
            }
            if (interruption.by().isPresent()) {
                out.printf(Locale.ROOT, "INTERRUPTED by %s: %d of %d seeds ran%n", interruption.by().get(), runs.size(), count);
            }
            out.printf(Locale.ROOT, "%d seeds, %d failed%n", runs.size(), failed.size());
            out.flush();
            ScenarioOptions.writeReport(json, f -> writeJson(runs, f));
            return signals.exitStatus().orElse(failed.isEmpty() ? Main.OK : Main.FAILED);
        }
    }

    /** The command that replays {@code r}'s run, its history written beside the scenario's name. */
    String replay(Swarm.SeedRun r) {
        List<String> args = new ArrayList<>(List.of("java", "-jar", "target/mdevsim.jar", "run", options.file.toString(),
                "--deterministic", "--history", "seed-" + r.seed() + ".jsonl"));
        for (String s : r.sets()) {
            args.add("--set");
            args.add(s);
        }
        return String.join(" ", args.stream().map(SwarmCommand::quote).toList());
    }

    /** A shell word: as it is when it is safe, else in single quotes. */
    static String quote(String word) {
        if (word.matches("[A-Za-z0-9_./=:,+@%-]+")) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }

    private void writeJson(List<Swarm.SeedRun> runs, Path file) throws java.io.IOException {
        ArrayNode rows = JsonReport.mapper().createArrayNode();
        for (Swarm.SeedRun r : runs) {
            ObjectNode row = rows.addObject().put("seed", r.seed()).put("passed", r.passed())
                    .put("first_violation", r.firstViolation()).put("requests", r.requests()).put("outcomes", r.outcomes())
                    .put("wall_s", r.wallSeconds()).put("command", replay(r));
            ArrayNode sets = row.putArray("sets");
            r.sets().forEach(sets::add);
        }
        JsonReport.mapper().writeValue(file.toFile(), rows);
    }

    /** Seeds done out of all, and how many failed: rewritten in place on a terminal, a line per 10% otherwise. */
    static final class ProgressBar {
        private final PrintWriter err;
        private final long total;
        private final boolean terminal;
        private final long started = System.nanoTime();
        private final AtomicInteger done = new AtomicInteger();
        private final AtomicInteger failed = new AtomicInteger();
        private long lastDecile = 0;

        ProgressBar(PrintWriter err, long total, boolean terminal) {
            this.err = err;
            this.total = total;
            this.terminal = terminal;
        }

        synchronized void finished(Swarm.SeedRun r) {
            int n = done.incrementAndGet();
            int f = r.passed() ? failed.get() : failed.incrementAndGet();
            if (!r.passed()) {
                err.printf(Locale.ROOT, "%sseed %d failed%n", terminal ? "\r\033[K" : "", r.seed());
            }
            long decile = n * 10 / total;
            if (terminal || decile > lastDecile || n == total) {
                lastDecile = decile;
                int width = 30;
                int filled = (int) (n * width / total);
                err.printf(Locale.ROOT, "%s[%s%s] %d/%d seeds, %d failed, %.0f s%s", terminal ? "\r" : "",
                        "#".repeat(filled), ".".repeat(width - filled), n, total, f, (System.nanoTime() - started) / 1e9,
                        terminal ? "" : "\n");
            }
            err.flush();
        }

        synchronized void end() {
            if (terminal) {
                err.println();
                err.flush();
            }
        }
    }
}
