package dev.mdevsim.load;

import com.typesafe.config.Config;
import dev.mdevsim.core.Errno;
import dev.mdevsim.report.RunResult;
import dev.mdevsim.scenario.Scenario;
import dev.mdevsim.scenario.ScenarioLoader;
import dev.mdevsim.sim.Perturb;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

/**
 * {@code swarm}: one deterministic run of a scenario per seed, each judged (its invariants, the
 * linearizability of its history, its assertions), on a fixed pool of threads, one run per thread
 * at a time (a deterministic run is driven by the thread that starts it). What each seed ran with is
 * a list of {@code --set} overrides, so that a failing seed replays with one command.
 */
public final class Swarm {

    /** One seed's run: its overrides, verdict, the first thing that failed, and its outcome counts. */
    public record SeedRun(long seed, List<String> sets, boolean passed, String firstViolation, long requests,
                          String outcomes, double wallSeconds) {
    }

    /** Told of each seed as it finishes (from the thread that ran it). */
    public interface Listener {
        void finished(SeedRun run);
    }

    private static final PrintStream NOWHERE = new PrintStream(OutputStream.nullOutputStream());

    private Swarm() {
    }

    /** The overrides of {@code seed}'s run: the user's, the seed, deterministic mode, and the perturbation if asked. */
    public static List<String> sets(Path file, List<String> userSets, long seed, boolean perturb) {
        List<String> sets = new ArrayList<>(userSets);
        sets.add("seed=" + seed);
        if (perturb) {
            sets.addAll(Perturb.sets(ScenarioLoader.config(file, sets), seed));
        }
        return sets;
    }

    /**
     * Runs seeds {@code from..to} (inclusive) on {@code threads} threads; stops starting new ones once
     * {@code stop} holds. Results in seed order, of the seeds that ran.
     */
    public static List<SeedRun> run(Path file, List<String> userSets, long from, long to, boolean perturb, int threads,
                                    Listener listener, BooleanSupplier stop) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "mdevsim-swarm");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<SeedRun>> runs = new ArrayList<>();
            for (long seed = from; seed <= to && seed >= from; seed++) {
                long s = seed;
                runs.add(pool.submit(() -> {
                    if (stop.getAsBoolean()) {
                        return null;
                    }
                    SeedRun r = runOne(file, userSets, s, perturb);
                    listener.finished(r);
                    return r;
                }));
                if (seed == Long.MAX_VALUE) {
                    break;
                }
            }
            List<SeedRun> out = new ArrayList<>();
            for (Future<SeedRun> f : runs) {
                try {
                    SeedRun r = f.get();
                    if (r != null) {
                        out.add(r);
                    }
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
                }
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    /** One seed, deterministically, with its history recorded to a temporary file and checked. */
    public static SeedRun runOne(Path file, List<String> userSets, long seed, boolean perturb) {
        long started = System.nanoTime();
        List<String> sets = sets(file, userSets, seed, perturb);
        List<String> all = new ArrayList<>(sets);
        all.add("sim.mode=deterministic");
        Config config = ScenarioLoader.config(file, all);
        Scenario scenario = ScenarioLoader.read(ScenarioLoader.name(file), config);
        Path history;
        try {
            history = Files.createTempFile("mdevsim-swarm-" + seed + "-", ".jsonl");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a temporary history file: " + e.getMessage(), e);
        }
        try {
            RunResult r = LoadRunner.run(scenario, config, NOWHERE, RequestListener.NONE, history);
            return new SeedRun(seed, sets, r.passed(), firstViolation(r), r.total(), outcomes(r),
                    (System.nanoTime() - started) / 1e9);
        } catch (RuntimeException e) { // a stuck or livelocked run is a finding too
            return new SeedRun(seed, sets, false, "the run failed: " + e.getMessage(), 0, "",
                    (System.nanoTime() - started) / 1e9);
        } finally {
            try {
                Files.deleteIfExists(history);
            } catch (IOException e) {
                // a temporary file left behind
            }
        }
    }

    /** The first invariant that failed, else the first assertion; empty when the run passed. */
    static String firstViolation(RunResult r) {
        for (RunResult.InvariantResult i : r.invariants()) {
            if (!i.held()) {
                return i.name() + ": " + i.detail();
            }
        }
        for (RunResult.AssertionResult a : r.assertions()) {
            if (!a.held()) {
                return a.expr() + " (actual " + a.shown() + ")";
            }
        }
        return "";
    }

    /** Every operation's outcome counts, e.g. {@code create OK=12 EEXIST=3; remove OK=9}. */
    public static String outcomes(RunResult r) {
        StringJoiner out = new StringJoiner("; ");
        r.operations().forEach((op, result) -> {
            StringJoiner counts = new StringJoiner(" ", op + " ", "");
            for (Map.Entry<Errno, Long> e : result.outcomes().entrySet()) {
                counts.add(e.getKey() + "=" + e.getValue());
            }
            out.add(counts.toString());
        });
        return out.toString();
    }
}
