package dev.mdevsim.cli;

import com.typesafe.config.ConfigFactory;
import dev.mdevsim.bench.BenchReport;
import dev.mdevsim.bench.BenchSuite;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code bench [--quick] [--json FILE]}: the throughput and memory benchmarks. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Run the benchmark suite (peak, latency-bound, baseline-locks, memory, the deterministic mode, swarm, explore) and print a table.")
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--quick", description = "one run per row, short windows: under 2 minutes (default: medians of 3, under 10)")
    boolean quick;

    @Option(names = "--json", paramLabel = "FILE", description = "also write the rows there")
    Path json;

    /** For the test suite: every row at a tiny size, in seconds. */
    @Option(names = "--smoke", hidden = true)
    boolean smoke;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        ScenarioOptions.checkOutputs(null, List.of(new ScenarioOptions.Output("--json", json)));
        BenchSuite.Options options = smoke ? BenchSuite.Options.tiny() : quick ? BenchSuite.Options.quick() : BenchSuite.Options.full();
        String machine = Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.version")
                + ", " + options.label() + " (" + options.repeats() + " run" + (options.repeats() > 1 ? "s, medians" : "") + ")";
        System.err.println("mdevsim bench: " + machine);
        BenchSuite.Results results = BenchSuite.run(ConfigFactory.load(), options, System.err);
        BenchReport.print(results, machine, spec.commandLine().getOut());
        ScenarioOptions.writeReport(json, f -> BenchReport.writeJson(results, machine, f));
        return Main.OK;
    }
}
