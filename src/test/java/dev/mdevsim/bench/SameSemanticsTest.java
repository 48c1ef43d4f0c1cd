package dev.mdevsim.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import dev.mdevsim.core.Errno;
import dev.mdevsim.core.ParentSpec;
import dev.mdevsim.core.TypeSpec;
import dev.mdevsim.host.HostSettings;
import dev.mdevsim.host.MdevHost;
import dev.mdevsim.model.Model;
import dev.mdevsim.vendor.Latency;
import dev.mdevsim.vendor.VendorSettings;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The benchmark compares the actors with {@link BaselineLocks}; this checks the comparison is like
 * for like: both answer every seed row that needs no gate the same way.
 */
class SameSemanticsTest {

    /** Create and remove, by text, on a host whose vendor fails creates or refuses removes when told. */
    interface Subject extends AutoCloseable {
        Errno create(String parent, String type, String uuid);

        Errno remove(String uuid);

        @Override
        default void close() {
        }
    }

    /** How a subject is made: parents P1 (t: 2 instances) and P2 (t: 1), and a vendor profile. */
    interface Factory {
        Subject make(boolean createsFail, boolean removesRefused);
    }

    static final List<ParentSpec> PARENTS = List.of(ParentSpec.of("P1", new TypeSpec("t", 2)), ParentSpec.of("P2", new TypeSpec("t", 1)));

    static Subject actors(boolean createsFail, boolean removesRefused) {
        VendorSettings vendor = new VendorSettings(new Latency.Fixed(0), new Latency.Fixed(0), createsFail ? 1 : 0, Errno.EIO,
                removesRefused ? 1 : 0, 0, Errno.ENOSPC, new Latency.Fixed(0));
        MdevHost host = MdevHost.builder(ConfigFactory.load())
                .settings(new HostSettings(Model.SEED, 1, PARENTS, vendor, Duration.ofSeconds(30))).start();
        return new Subject() {
            @Override
            public Errno create(String parent, String type, String uuid) {
                return host.create(parent, type, uuid).toCompletableFuture().join();
            }

            @Override
            public Errno remove(String uuid) {
                return host.remove(uuid).toCompletableFuture().join();
            }

            @Override
            public void close() {
                host.close();
            }
        };
    }

    static Subject baseline(boolean createsFail, boolean removesRefused) {
        BaselineLocks b = new BaselineLocks(PARENTS, new BaselineLocks.Vendor() {
            @Override
            public Errno create(UUID uuid) {
                return createsFail ? Errno.EIO : Errno.OK;
            }

            @Override
            public Errno remove(UUID uuid) {
                return removesRefused ? Errno.EBUSY : Errno.OK;
            }
        });
        return new Subject() {
            @Override
            public Errno create(String parent, String type, String uuid) {
                return b.create(parent, type, uuid);
            }

            @Override
            public Errno remove(String uuid) {
                return b.remove(uuid);
            }
        };
    }

    static Stream<Factory> subjects() {
        return Stream.of(SameSemanticsTest::actors, SameSemanticsTest::baseline);
    }

    static final String U = "11111111-1111-4111-8111-111111111111";
    static final String V = "22222222-2222-4222-8222-222222222222";
    static final String W = "33333333-3333-4333-8333-333333333333";

    @ParameterizedTest
    @MethodSource("subjects")
    void inputsAndDuplicates_C1_C2_C3_C4_C14_R1_R2(Factory f) throws Exception {
        try (Subject s = f.make(false, false)) {
            assertEquals(Errno.EINVAL, s.create("P1", "t", "not-a-uuid"));   // C1
            assertEquals(Errno.EINVAL, s.remove(U + "x"));                    // R1
            assertEquals(Errno.ENOENT, s.create("P9", "t", U));               // C2
            assertEquals(Errno.ENOENT, s.create("P1", "x", U));
            assertEquals(Errno.ENODEV, s.remove(U));                          // R2
            assertEquals(Errno.OK, s.create("P1", "t", U.toUpperCase()));     // C14
            assertEquals(Errno.EEXIST, s.create("P1", "t", U));               // C3
            assertEquals(Errno.EEXIST, s.create("P2", "t", U + "\n"));        // C4
        }
    }

    @ParameterizedTest
    @MethodSource("subjects")
    void capacityAndRemoval_C10_R3_G5(Factory f) throws Exception {
        try (Subject s = f.make(false, false)) {
            assertEquals(Errno.OK, s.create("P2", "t", U));
            assertEquals(Errno.ENOSPC, s.create("P2", "t", V));               // C10
            assertEquals(Errno.OK, s.remove(U));                              // R3
            assertEquals(Errno.OK, s.create("P2", "t", V));                   // the instance is back
            assertEquals(Errno.OK, s.create("P1", "t", U));                   // G5: the UUID is free
            assertEquals(Errno.ENODEV, s.remove(W));
        }
    }

    @ParameterizedTest
    @MethodSource("subjects")
    void vendorFailure_C9(Factory f) throws Exception {
        try (Subject s = f.make(true, false)) {
            assertEquals(Errno.EIO, s.create("P2", "t", U));                  // C9
            assertEquals(Errno.ENODEV, s.remove(U));                          // the UUID is free
            assertEquals(Errno.EIO, s.create("P2", "t", U));                  // and the instance too
        }
    }

    @ParameterizedTest
    @MethodSource("subjects")
    void vendorRefusal_R4(Factory f) throws Exception {
        try (Subject s = f.make(false, true)) {
            assertEquals(Errno.OK, s.create("P1", "t", U));
            assertEquals(Errno.EBUSY, s.remove(U));                           // R4
            assertEquals(Errno.EEXIST, s.create("P2", "t", U));               // still there
            assertEquals(Errno.EBUSY, s.remove(U));                           // active again, not transitional
        }
    }
}
