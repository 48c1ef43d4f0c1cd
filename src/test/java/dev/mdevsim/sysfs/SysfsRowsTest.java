package dev.mdevsim.sysfs;

import static dev.mdevsim.core.Errno.EAGAIN;
import static dev.mdevsim.core.Errno.EBUSY;
import static dev.mdevsim.core.Errno.EINVAL;
import static dev.mdevsim.core.Errno.ENODEV;
import static dev.mdevsim.core.Errno.ENOENT;
import static dev.mdevsim.core.Errno.OK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.typesafe.config.ConfigFactory;
import dev.mdevsim.core.DeviceState;
import dev.mdevsim.core.Errno;
import dev.mdevsim.core.HostObserver;
import dev.mdevsim.core.ParentSpec;
import dev.mdevsim.core.TypeSpec;
import dev.mdevsim.host.HostSettings;
import dev.mdevsim.host.MdevHost;
import dev.mdevsim.model.Model;
import dev.mdevsim.vendor.VendorGate;
import dev.mdevsim.vendor.VendorSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * SEMANTICS.md "What userspace sees": every S row in every model, through the sysfs layer of the Java
 * API ({@code host.sysfs()}), each race pinned with the gated vendor (a create held at its vendor op
 * or in setup, a remove held at its vendor op).
 */
class SysfsRowsTest {

    static final Duration WAIT = Duration.ofSeconds(5);
    static final String P1 = "P1";
    static final String T = "mtty-1";

    final UUID u = UUID.randomUUID();
    final UUID v = UUID.randomUUID();
    final VendorGate gate = new VendorGate();
    MdevHost host;
    final Map<Long, CompletableFuture<Void>> queued = new ConcurrentHashMap<>();

    MdevHost start(Model model) {
        HostSettings s = new HostSettings(model, 1, List.of(ParentSpec.of(P1, new TypeSpec(T, 4)),
                ParentSpec.pooled("P3", 2, "vga", "xga")), VendorSettings.instant(), Duration.ofSeconds(30));
        host = MdevHost.builder(ConfigFactory.load()).settings(s).vendor(gate).observer(new HostObserver() {
            @Override
            public void queued(long requestId) {
                waits(requestId).complete(null);
            }
        }).start();
        return host;
    }

    /** Completes once the request {@code id} waits on a lock (legacy, global-lock) or for a parent to drain. */
    CompletableFuture<Void> waits(long id) {
        return queued.computeIfAbsent(id, k -> new CompletableFuture<>());
    }

    @AfterEach
    void stop() {
        if (host != null) {
            host.close();
        }
    }

    static <T> T join(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    Errno write(String path, String text) {
        return join(host.sysfs().write(path, text.getBytes(StandardCharsets.ISO_8859_1)));
    }

    boolean exists(String path) {
        return join(host.sysfs().exists(path));
    }

    static String create(String parent, String type) {
        return "class/mdev_bus/" + parent + "/mdev_supported_types/" + type + "/create";
    }

    static String remove(UUID uuid) {
        return "bus/mdev/devices/" + uuid + "/remove";
    }

    String dir(UUID uuid) {
        return "devices/mdevsim/" + P1 + "/" + uuid;
    }

    /** A create of {@code uuid} held at its vendor op ({@code setup}: in its setup instead), once it is there. */
    CompletionStage<Errno> held(UUID uuid, boolean setup, VendorGate.Held[] hold) throws Exception {
        long id = host.nextRequestId();
        hold[0] = gate.hold(id, setup);
        CompletionStage<Errno> c = host.create(id, P1, T, uuid);
        hold[0].awaitStarted(WAIT);
        return c;
    }

    @ParameterizedTest
    @EnumSource(Model.class)
    void s1_createTakes36Or37BytesAndAny37thByte(Model model) {
        start(model);
        assertEquals(OK, write(create(P1, T), u + "X"));
        assertEquals(DeviceState.ACTIVE, join(host.state(u)));
        assertEquals(EINVAL, write(create(P1, T), v + "\n\n"));
        assertEquals(EINVAL, write(create(P1, T), v.toString().substring(1)));
        assertEquals(EINVAL, write(create(P1, T), "g" + v.toString().substring(1)));
        assertEquals(OK, write(create(P1, T), v + "\n"));
    }

    @ParameterizedTest
    @EnumSource(Model.class)
    void s2_createOfAnUnknownParentOrType_ENOENTWhateverIsWritten(Model model) {
        start(model);
        assertEquals(ENOENT, write(create("P9", T), u.toString()));
        assertEquals(ENOENT, write(create(P1, "mtty-9"), u.toString()));
        assertEquals(ENOENT, write(create("P9", T), "junk"));
        assertFalse(exists(create("P9", T)));
    }

    @ParameterizedTest
    @EnumSource(Model.class)
    void s3_successfulWrites_returnTheirCount(Model model) {
        start(model);
        assertEquals(OK, join(host.sysfs().create(host.nextRequestId(), P1, T, u.toString())));
        assertEquals(OK, join(host.sysfs().remove(host.nextRequestId(), u.toString())));
        assertEquals(DeviceState.ABSENT, join(host.state(u)));
    }

    @ParameterizedTest
    @EnumSource(Model.class)
    void s4_removeReadsAnUnsignedNumber_zeroDoesNothing(Model model) {
        start(model);
        assertEquals(OK, write(create(P1, T), u.toString()));
        assertEquals(EINVAL, write(remove(u), "yes"));
        assertEquals(EINVAL, write(remove(u), "-1"));
        assertEquals(EINVAL, write(remove(u), "99999999999999999999"));
        assertEquals(OK, write(remove(u), "0\n"));
        assertEquals(OK, write(remove(u), "00"));
        assertEquals(DeviceState.ACTIVE, join(host.state(u)), "0 does nothing");
        assertEquals(OK, write(remove(u), "0x10"));
        assertEquals(DeviceState.ABSENT, join(host.state(u)));
    }

    @ParameterizedTest
    @EnumSource(Model.class)
    void s5_removeOfAnUnknownUuid_ENOENT(Model model) {
        start(model);
        assertEquals(ENOENT, write(remove(u), "1"));
        assertEquals(ENOENT, write(remove(u), "junk"), "no file, so no parsing");
        assertEquals(OK, write(create(P1, T), u.toString()));
        assertEquals(ENOENT, write("devices/mdevsim/P3/" + u + "/remove", "1"), "u is not P3's");
        assertEquals(ENOENT, write("bus/mdev/devices/" + u.toString().toUpperCase() + "/remove", "1"));
    }

    /** S6: an early remove while the create is at its vendor op, by model (the table of "When each part exists"). */
    @ParameterizedTest
    @EnumSource(Model.class)
    void s6_earlyRemoveDuringTheVendorOp(Model model) throws Exception {
        start(model);
        VendorGate.Held[] hold = new VendorGate.Held[1];
        CompletionStage<Errno> c = held(u, false, hold);
        Map<Model, Errno> expected = Map.of(Model.LEGACY, ENOENT, Model.SEED, ENOENT, Model.GLOBAL_LOCK, ENOENT,
                Model.LINUX_5_2, ENOENT, Model.LINUX_6_1, EAGAIN);
        assertEquals(model != Model.LINUX_5_2, exists(dir(u)), "the directory: at device_register/device_add, or (5.2) after the vendor op");
        assertEquals(expected.get(model), write(remove(u), "1"));
        hold[0].release();
        assertEquals(OK, join(c));
        assertEquals(model != Model.LINUX_6_1, exists(remove(u)), "6.1: the failed write consumed the file");
    }

    /** S6, S8, S9: an early remove in setup, and whether the attribute is there afterwards. */
    @ParameterizedTest
    @EnumSource(Model.class)
    void s6_earlyRemoveInSetup(Model model) throws Exception {
        start(model);
        VendorGate.Held[] hold = new VendorGate.Held[1];
        CompletionStage<Errno> c = held(u, true, hold);
        assertEquals(true, exists(remove(u)), "the setup's files exist");
        CompletionStage<Errno> w = host.sysfs().write(remove(u), "1".getBytes(StandardCharsets.US_ASCII));
        if (model == Model.GLOBAL_LOCK) {
            hold[0].release(); // the write waits for the lock the create holds
            assertEquals(OK, join(c));
            assertEquals(OK, join(w), "then removes the now active mdev");
            return;
        }
        Map<Model, Errno> expected = Map.of(Model.LEGACY, ENODEV, Model.SEED, EAGAIN, Model.LINUX_5_2, EAGAIN,
                Model.LINUX_6_1, EAGAIN);
        assertEquals(expected.get(model), join(w));
        boolean recreated = model == Model.LEGACY || model == Model.SEED;
        assertEquals(recreated, exists(remove(u)), "S8 re-created before 5.2; S9 gone for good after");
        hold[0].release();
        assertEquals(OK, join(c));
        assertEquals(DeviceState.ACTIVE, join(host.state(u)), "S9: it still turns active");
        assertEquals(recreated ? OK : ENOENT, write(remove(u), "1"));
    }

    @ParameterizedTest
    @EnumSource(Model.class)
    void s7_aSecondWriterWhileTheFirstRemoves_ENOENT_andENODEVIfItHadTheFileOpen(Model model) throws Exception {
        start(model);
        assertEquals(OK, write(create(P1, T), u.toString()));
        SysfsTree.Attr opened = (SysfsTree.Attr) join(host.sysfs().tree()).resolve(remove(u));
        long id = host.nextRequestId();
        VendorGate.Held r = gate.hold(id);
        CompletionStage<Errno> first = host.sysfs().write(id, remove(u), "1".getBytes(StandardCharsets.US_ASCII));
        r.awaitStarted(WAIT);
        assertEquals(ENOENT, write(remove(u), "1"));
        assertEquals(ENODEV, join(host.sysfs().writeOpened(opened, "1".getBytes(StandardCharsets.US_ASCII))));
        r.release();
        assertEquals(OK, join(first));
    }

    @ParameterizedTest
    @EnumSource(Model.class)
    void s8_aRefusedRemoval(Model model) throws Exception {
        start(model);
        assertEquals(OK, write(create(P1, T), u.toString()));
        long id = host.nextRequestId();
        VendorGate.Held r = gate.hold(id);
        CompletionStage<Errno> w = host.sysfs().write(id, remove(u), "1".getBytes(StandardCharsets.US_ASCII));
        r.awaitStarted(WAIT);
        r.fail(EBUSY);
        boolean refusable = model.description().removeFailure() == dev.mdevsim.model.Description.RemoveFailure.REFUSED;
        assertEquals(refusable ? EBUSY : OK, join(w));
        assertEquals(refusable, exists(remove(u)), "before 5.2 the attribute is re-created; from 5.2 on the mdev is gone");
    }

    /**
     * S9 (5.2, 6.1): after a failed remove write the mdev has no remove attribute: it turns active but
     * cannot be removed through sysfs, until its parent's unregistration removes it. Before 5.2 the
     * attribute is back and a later write removes it.
     */
    @ParameterizedTest
    @EnumSource(value = Model.class, names = {"LEGACY", "SEED", "LINUX_5_2", "LINUX_6_1"})
    void s9_afterAFailedWrite_noRemoveFileUntilTheParentGoes(Model model) throws Exception {
        start(model);
        VendorGate.Held[] hold = new VendorGate.Held[1];
        CompletionStage<Errno> c = held(u, true, hold);
        Errno failed = write(remove(u), "1");
        assertEquals(model == Model.LEGACY ? ENODEV : EAGAIN, failed);
        hold[0].release();
        assertEquals(OK, join(c));
        assertEquals(DeviceState.ACTIVE, join(host.state(u)));
        boolean gone = model == Model.LINUX_5_2 || model == Model.LINUX_6_1;
        assertEquals(!gone, exists(remove(u)));
        assertEquals(true, exists(dir(u)), "the mdev goes on");
        if (!gone) {
            assertEquals(OK, write(remove(u), "1"));
            return;
        }
        assertEquals(ENOENT, write(remove(u), "1"));
        assertEquals(OK, join(host.unregisterParent(P1)));
        assertEquals(DeviceState.ABSENT, join(host.state(u)), "the unregistration removed it");
    }

    @ParameterizedTest
    @EnumSource(Model.class)
    void s10_availableInstances_perTypeAndAPoolsRemainderOnEveryType(Model model) {
        start(model);
        assertEquals(OK, write(create("P3", "vga"), u.toString()));
        assertEquals("1\n", ((SysfsTree.Attr) join(host.sysfs().tree())
                .resolve("class/mdev_bus/P3/mdev_supported_types/xga/available_instances")).text());
        assertEquals("4\n", ((SysfsTree.Attr) join(host.sysfs().tree())
                .resolve("class/mdev_bus/P1/mdev_supported_types/mtty-1/available_instances")).text());
    }

    @ParameterizedTest
    @EnumSource(Model.class)
    void s11_whileTheParentIsUnregistered_ENODEV_thenItsFilesAreGone(Model model) throws Exception {
        start(model);
        assertEquals(OK, write(create(P1, T), u.toString()));
        VendorGate.Held[] hold = new VendorGate.Held[1];
        CompletionStage<Errno> c = held(v, false, hold);
        CompletionStage<Errno> unregister = host.unregisterParent(P1);
        assertEquals(ENODEV, write(create(P1, T), UUID.randomUUID().toString()));
        long removeId = host.nextRequestId();
        CompletionStage<Errno> w = host.sysfs().write(removeId, remove(u), "1".getBytes(StandardCharsets.US_ASCII));
        if (model != Model.GLOBAL_LOCK) {
            assertEquals(ENODEV, join(w));
        } else {
            join(waits(removeId)); // global-lock: it waits for the lock the held create keeps
        }
        hold[0].release();
        assertEquals(OK, join(c));
        assertEquals(OK, join(unregister));
        if (model == Model.GLOBAL_LOCK) {
            assertEquals(ENODEV, join(w));
        }
        assertEquals(ENOENT, write(create(P1, T), UUID.randomUUID().toString()));
        assertEquals(ENOENT, write(remove(u), "1"));
        assertFalse(exists("class/mdev_bus/" + P1));
    }
}
