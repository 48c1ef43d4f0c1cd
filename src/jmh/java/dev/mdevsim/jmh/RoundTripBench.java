package dev.mdevsim.jmh;

import com.typesafe.config.ConfigFactory;
import dev.mdevsim.core.Errno;
import dev.mdevsim.core.ParentSpec;
import dev.mdevsim.core.TypeSpec;
import dev.mdevsim.host.HostSettings;
import dev.mdevsim.host.MdevHost;
import dev.mdevsim.model.Model;
import dev.mdevsim.vendor.VendorSettings;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A full create + remove round trip through the actors, from a caller's thread, with a vendor that
 * answers at once: what an embedding test pays per mdev through {@link MdevHost}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RoundTripBench {

    @State(Scope.Benchmark)
    public static class Host {
        @Param({"seed", "legacy", "global-lock"})
        String model;

        MdevHost host;

        @Setup(Level.Trial)
        public void start() {
            List<ParentSpec> parents = List.of(ParentSpec.of("P1", new TypeSpec("t", 1_000_000)));
            host = MdevHost.builder(ConfigFactory.load())
                    .settings(new HostSettings(Model.parse(model).orElseThrow(), 1, parents, VendorSettings.instant(),
                            Duration.ofSeconds(30)))
                    .start();
        }

        @TearDown(Level.Trial)
        public void stop() {
            host.close();
        }
    }

    @State(Scope.Thread)
    public static class Client {
        final UUID uuid = UUID.randomUUID();
    }

    @Benchmark
    public Errno createAndRemove(Host h, Client c) {
        Errno created = h.host.create("P1", "t", c.uuid).toCompletableFuture().join();
        Errno removed = h.host.remove(c.uuid).toCompletableFuture().join();
        if (!created.isOk() || !removed.isOk()) {
            throw new IllegalStateException(created + " " + removed);
        }
        return removed;
    }
}
