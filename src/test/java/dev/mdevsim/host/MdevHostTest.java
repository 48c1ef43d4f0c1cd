package dev.mdevsim.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.mdevsim.config.SettingsException;
import dev.mdevsim.core.DeviceCounts;
import dev.mdevsim.core.DeviceState;
import dev.mdevsim.core.Errno;
import dev.mdevsim.core.ParentSpec;
import dev.mdevsim.core.TypeSpec;
import dev.mdevsim.core.Warnings;
import dev.mdevsim.model.Model;
import dev.mdevsim.vendor.VendorGate;
import dev.mdevsim.vendor.VendorOp;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Java API: C1 and R1 at the edge, the gated example of the README, timeouts and shutdown (G1). */
class MdevHostTest {

    static final String P = "0000:3b:00.0";
    static final String T = "nvidia-63";
    static VendorGate gate;
    static MdevHost host;

    @BeforeAll
    static void start() {
        gate = new VendorGate();
        host = MdevHost.start(ConfigFactory.load(), gate); // the embedded default parent: 8 × nvidia-63
    }

    @AfterAll
    static void stop() {
        host.close();
    }

    static <T> T join(CompletionStage<T> s) {
        try {
            return s.toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void start_registersTheConfiguredParents_P1() {
        assertEquals(OptionalInt.of(8), join(host.availableInstances(P, T)));
        assertEquals(OptionalInt.empty(), join(host.availableInstances(P, "nvidia-64")));
        assertEquals(OptionalInt.empty(), join(host.availableInstances("0000:00:00.0", T)));
    }

    @Test
    void createAndRemove_byText_C14_R3() {
        String u = UUID.randomUUID().toString().toUpperCase();
        assertEquals(Errno.OK, join(host.create(P, T, u)));
        assertEquals(DeviceState.ACTIVE, join(host.state(u.toLowerCase())));
        assertEquals(Errno.EEXIST, join(host.create(P, T, u.toLowerCase() + "\n"))); // same UUID (C1)
        assertEquals(Errno.OK, join(host.remove(u.toLowerCase() + "\n")));
        assertEquals(DeviceState.ABSENT, join(host.state(u)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not-a-uuid", "83b8f4f2-509f-382f-3c1e-e6bfe0fa100", "83b8f4f2-509f-382f-3c1e-e6bfe0fa1001\n\n",
        "83b8f4f2509f382f3c1ee6bfe0fa1001", "83b8f4f2-509f-382f-3c1e-e6bfe0fa100z"})
    void malformedUuid_EINVALAtOnce_C1_R1(String text) {
        CompletableFuture<Errno> create = host.create(P, T, text).toCompletableFuture();
        CompletableFuture<Errno> remove = host.remove(text).toCompletableFuture();
        assertEquals(Errno.EINVAL, create.getNow(null)); // answered without a message to the actors
        assertEquals(Errno.EINVAL, remove.getNow(null));
        ExecutionException e = assertThrows(ExecutionException.class, () -> host.state(text).toCompletableFuture().get());
        assertInstanceOf(IllegalArgumentException.class, e.getCause());
    }

    @Test
    void malformedUuidAndUnknownParent_EINVAL_C1() {
        assertEquals(Errno.EINVAL, join(host.create("no-such-parent", T, "x")));
        assertEquals(Errno.ENOENT, join(host.create("no-such-parent", T, UUID.randomUUID().toString())));
    }

    @Test
    void readmeExample_earlyRemoveIsEAGAIN_R5() throws Exception {
        UUID u = UUID.randomUUID();
        VendorGate.Held held = gate.holdNext(VendorOp.CREATE, u);
        CompletionStage<Errno> create = host.create(P, T, u);
        held.awaitStarted(Duration.ofSeconds(5));
        assertEquals(Errno.EAGAIN, join(host.remove(u)));
        held.release();
        assertEquals(Errno.OK, join(create));
        assertEquals(Errno.OK, join(host.remove(u)));
    }

    @Test
    void deviceCounts_creatingActiveRemoving_C14_R3() throws Exception {
        VendorGate g = new VendorGate();
        try (MdevHost h = MdevHost.start(ConfigFactory.load(), g)) {
            Duration within = Duration.ofSeconds(5);
            UUID u = UUID.randomUUID();
            VendorGate.Held create = g.holdNext(VendorOp.CREATE, u);
            CompletionStage<Errno> created = h.create(P, T, u);
            create.awaitStarted(within);
            assertEquals(new DeviceCounts(1, 0, 0), join(h.deviceCounts(within)), "its vendor create is running");
            create.release();
            assertEquals(Errno.OK, join(created));
            assertEquals(new DeviceCounts(0, 1, 0), join(h.deviceCounts(within)));
            VendorGate.Held remove = g.holdNext(VendorOp.REMOVE, u);
            CompletionStage<Errno> removed = h.remove(u);
            remove.awaitStarted(within);
            assertEquals(new DeviceCounts(0, 0, 1), join(h.deviceCounts(within)), "its vendor remove is running");
            remove.release();
            assertEquals(Errno.OK, join(removed));
            assertEquals(DeviceCounts.NONE, join(h.deviceCounts(within)));
        }
    }

    @Test
    void parents_registerAndUnregister_P1_P2_P4_P5() {
        ParentSpec spec = ParentSpec.of("0000:af:00.0", new TypeSpec("mdpy-1", 2));
        assertEquals(Errno.OK, join(host.registerParent(spec)));
        assertEquals(Errno.EEXIST, join(host.registerParent(spec)));
        String u = UUID.randomUUID().toString();
        assertEquals(Errno.OK, join(host.create("0000:af:00.0", "mdpy-1", u)));
        assertEquals(Errno.OK, join(host.unregisterParent("0000:af:00.0")));
        assertEquals(DeviceState.ABSENT, join(host.state(u)));
        assertEquals(Errno.ENODEV, join(host.unregisterParent("0000:af:00.0")));
        assertEquals(Warnings.NONE, host.warnings());
    }

    @Test
    void hungVendorOp_ETIMEDOUTAfterTheApiTimeout_G1() {
        Config config = ConfigFactory.parseString("mdevsim { vendor.hang-rate = 1.0, api.timeout = 300ms }")
                .withFallback(ConfigFactory.load());
        try (MdevHost hung = MdevHost.start(config)) {
            assertEquals(Errno.ETIMEDOUT, join(hung.create(P, T, UUID.randomUUID())));
        }
    }

    @Test
    void close_pendingRequestsGetESHUTDOWN_G1() throws Exception {
        VendorGate g = new VendorGate();
        MdevHost h = MdevHost.start(ConfigFactory.load(), g);
        UUID u = UUID.randomUUID();
        VendorGate.Held held = g.holdNext(VendorOp.CREATE, u);
        CompletionStage<Errno> create = h.create(P, T, u);
        held.awaitStarted(Duration.ofSeconds(5));
        CompletionStage<DeviceState> stateAfterClose;
        h.close();
        assertEquals(Errno.ESHUTDOWN, join(create));
        assertEquals(Errno.ESHUTDOWN, join(h.create(P, T, UUID.randomUUID()))); // after close
        stateAfterClose = h.state(u);
        CompletionException e = assertThrows(CompletionException.class, () -> stateAfterClose.toCompletableFuture().join());
        assertInstanceOf(IllegalStateException.class, e.getCause());
        h.close(); // idempotent
    }

    @Test
    void start_invalidSettings_SettingsExceptionNamingTheKey() {
        Config bad = ConfigFactory.parseString("mdevsim.vendor.hang-rate = 7").withFallback(ConfigFactory.load());
        SettingsException e = assertThrows(SettingsException.class, () -> MdevHost.start(bad));
        assertTrue(e.getMessage().contains("mdevsim.vendor.hang-rate: must be between 0 and 1"), e.getMessage());
        assertEquals("mdevsim.vendor.hang-rate", e.key());
    }

    @Test
    void legacy_crossParentDuplicate_countedAsWarning_C4() {
        try (MdevHost legacy = MdevHost.builder(ConfigFactory.load()).model(Model.LEGACY).vendor(new VendorGate()).start()) {
            assertEquals(Model.LEGACY, legacy.model());
            assertEquals(Errno.OK, join(legacy.registerParent(ParentSpec.of("P2", new TypeSpec(T, 1)))));
            UUID u = UUID.randomUUID();
            assertEquals(Errno.OK, join(legacy.create(P, T, u)));
            assertEquals(Errno.EEXIST, join(legacy.create("P2", T, u)));
            assertEquals(new Warnings(1, 0), legacy.warnings());
        }
    }

    @Test
    void modelFromConfig_globalLock() {
        Config config = ConfigFactory.parseString("mdevsim.model = global-lock").withFallback(ConfigFactory.load());
        try (MdevHost h = MdevHost.start(config, new VendorGate())) {
            assertEquals(Model.GLOBAL_LOCK, h.model());
            UUID u = UUID.randomUUID();
            assertEquals(Errno.OK, join(h.create(P, T, u)));
            assertEquals(Errno.OK, join(h.remove(u)));
        }
    }
}
