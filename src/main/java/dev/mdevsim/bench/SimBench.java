package dev.mdevsim.bench;

import com.typesafe.config.Config;
import dev.mdevsim.litmus.Explorer;
import dev.mdevsim.litmus.Script;
import dev.mdevsim.litmus.ScriptException;
import dev.mdevsim.litmus.ScriptParser;
import dev.mdevsim.load.LoadRunner;
import dev.mdevsim.load.RequestListener;
import dev.mdevsim.load.Swarm;
import dev.mdevsim.model.Model;
import dev.mdevsim.report.RunResult;
import dev.mdevsim.scenario.Scenario;
import dev.mdevsim.scenario.ScenarioLoader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The deterministic mode's figures (issue 15): simulated requests per wall second against the
 * threaded run of the same scenario (conf/quickstart.conf, vendor latency 0), in alternated pairs,
 * medians of the pairs; swarm seeds per minute (conf/unplug-race.conf); the wall time of an exhaustive
 * explore of a three-request race (conf/explore/create-remove-create.litmus) per model.
 */
final class SimBench {

    /** The figures; NaN or empty where the project's conf/ was not found (bench run elsewhere). */
    record Figures(double simRequestsPerWallS, double threadsOpsPerS, double ratio, int pairs, double swarmSeedsPerMinute,
                   double swarmRequestsPerSeed, int swarmSeeds, Map<String, double[]> explore) {
        static final Figures NONE = new Figures(Double.NaN, Double.NaN, Double.NaN, 0, Double.NaN, Double.NaN, 0, Map.of());
    }

    private static final PrintStream NOWHERE = new PrintStream(OutputStream.nullOutputStream());

    private SimBench() {
    }

    static Figures run(BenchSuite.Options o, PrintStream progress) throws InterruptedException {
        Path quickstart = Path.of("conf/quickstart.conf");
        Path unplug = Path.of("conf/unplug-race.conf");
        Path race = Path.of("conf/explore/create-remove-create.litmus");
        if (!Files.isRegularFile(quickstart) || !Files.isRegularFile(unplug) || !Files.isRegularFile(race)) {
            progress.println("  deterministic mode: skipped (run bench from the project's directory)");
            return Figures.NONE;
        }
        String duration = o.label().equals("tiny") ? "300ms" : o.label().equals("quick") ? "2s" : "5s";
        int pairs = o.label().equals("tiny") ? 1 : o.label().equals("quick") ? 3 : 5; // odd: a true median
        List<Double> sim = new ArrayList<>();
        List<Double> threads = new ArrayList<>();
        for (int i = -1; i < 2 * pairs; i++) { // run -1 warms the JIT up; then alternated: drift hits both
            boolean deterministic = i < 0 || (i % 2 == 0) == (i / 2 % 2 == 0);
            List<String> sets = new ArrayList<>(List.of("load.duration=" + duration, "vendor.create-latency=0",
                    "vendor.remove-latency=0", "report.progress-interval=0", "report.timeseries-interval=0"));
            if (deterministic) {
                sets.add("sim.mode=deterministic");
            }
            Config c = ScenarioLoader.config(quickstart, sets);
            Scenario s = ScenarioLoader.read("quickstart", c);
            RunResult r = LoadRunner.run(s, c, NOWHERE, RequestListener.NONE);
            if (i < 0) {
                continue;
            }
            double rate = deterministic ? r.total() / r.sim().wallSeconds() : r.throughput();
            (deterministic ? sim : threads).add(rate);
            progress.printf(Locale.ROOT, "  quickstart, latency 0, %s: %,.0f %s%n", deterministic ? "deterministic" : "threads",
                    rate, deterministic ? "simulated requests per wall second" : "ops/s");
        }
        List<Double> ratios = new ArrayList<>();
        for (int k = 0; k < pairs; k++) {
            ratios.add(sim.get(k) / threads.get(k));
        }
        int seeds = o.label().equals("tiny") ? 2 : o.label().equals("quick") ? 8 : 30;
        long started = System.nanoTime();
        List<Swarm.SeedRun> runs = Swarm.run(unplug, List.of(), 1, seeds, false, Runtime.getRuntime().availableProcessors(),
                r -> { }, () -> false);
        double minutes = (System.nanoTime() - started) / 6e10;
        double perSeed = runs.stream().mapToLong(Swarm.SeedRun::requests).average().orElse(0);
        progress.printf(Locale.ROOT, "  swarm conf/unplug-race.conf: %d seeds in %.1f s, %.0f seeds per minute (%,.0f requests each)%n",
                seeds, minutes * 60, seeds / minutes, perSeed);
        Map<String, double[]> explore = new LinkedHashMap<>();
        List<Model> models = o.label().equals("full") ? List.of(Model.values()) : List.of(Model.SEED, Model.GLOBAL_LOCK);
        try {
            Script script = ScriptParser.parse(race);
            for (Model m : models) {
                long t = System.nanoTime();
                Explorer.Result r = Explorer.explore(script, m, 1_000_000, null, new PrintWriter(new StringWriter()));
                double seconds = (System.nanoTime() - t) / 1e9;
                explore.put(m.configName(), new double[] {r.schedules(), seconds});
                progress.printf(Locale.ROOT, "  explore %s, %s: %,d schedules in %.1f s%s%n", race, m.configName(), r.schedules(),
                        seconds, r.exhaustive() ? "" : " (not exhaustive)");
            }
        } catch (ScriptException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        return new Figures(BenchSuite.median(sim), BenchSuite.median(threads), BenchSuite.median(ratios), pairs,
                seeds / minutes, perSeed, seeds, explore);
    }
}
