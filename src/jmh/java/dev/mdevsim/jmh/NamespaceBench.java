package dev.mdevsim.jmh;

import dev.mdevsim.model.Model;
import dev.mdevsim.model.Namespace;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Reservation in the registry: what the registry actor does per create (check-and-reserve) and per
 * completed removal (release), on a namespace already holding {@code resident} UUIDs.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class NamespaceBench {

    @Param({"1000", "1000000"})
    int resident;

    Namespace<Object> namespace;
    final Object owner = new Object();
    UUID[] fresh;
    int next;

    @Setup
    public void setUp() {
        namespace = new Namespace<>(Model.SEED.description());
        for (int i = 0; i < resident; i++) {
            namespace.reserve(new UUID(7, i), owner);
        }
        fresh = new UUID[4096];
        for (int i = 0; i < fresh.length; i++) {
            fresh[i] = UUID.randomUUID();
        }
    }

    /** A create's check-and-reserve followed by the release of its completed removal. */
    @Benchmark
    public boolean reserveAndRelease() {
        UUID u = fresh[next++ & (fresh.length - 1)];
        boolean reserved = namespace.reserve(u, owner);
        return namespace.release(u, owner) & reserved;
    }

    /** A duplicate create: the check that answers EEXIST (C3–C8). */
    @Benchmark
    public boolean duplicate() {
        return namespace.reserve(new UUID(7, next++ % Math.max(1, resident)), owner);
    }
}
