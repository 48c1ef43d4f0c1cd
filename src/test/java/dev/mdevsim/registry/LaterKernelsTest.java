package dev.mdevsim.registry;

import static dev.mdevsim.core.Errno.EAGAIN;
import static dev.mdevsim.core.Errno.EEXIST;
import static dev.mdevsim.core.Errno.EIO;
import static dev.mdevsim.core.Errno.ENODEV;
import static dev.mdevsim.core.Errno.ENOENT;
import static dev.mdevsim.core.Errno.ENOSPC;
import static dev.mdevsim.core.Errno.EUSERS;
import static dev.mdevsim.core.Errno.OK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import dev.mdevsim.core.DeviceState;
import dev.mdevsim.core.Errno;
import dev.mdevsim.core.ParentSpec;
import dev.mdevsim.model.Model;
import dev.mdevsim.vendor.VendorGate;
import dev.mdevsim.vendor.VendorOp;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * SEMANTICS.md "Later kernels": every row of {@code linux-5.2} and {@code linux-6.1}, each made
 * deterministic with the gated vendor. The rows they inherit from seed are checked by the shipped
 * litmus scripts of both models.
 */
class LaterKernelsTest {

    static final ActorTestKit testKit = ActorTestKit.create();

    final UUID u = UUID.randomUUID();
    final UUID v = UUID.randomUUID();
    final UUID w = UUID.randomUUID();

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    static HostFixture host(Model model) {
        HostFixture host = new HostFixture(testKit, model);
        host.parent("P1", "mtty-1", 2);
        host.parent("P2", "mtty-1", 2);
        return host;
    }

    /** A parent whose two types share a pool of {@code size}. */
    static void pooled(HostFixture host, String name, int size) {
        host.register(host.nextId(), ParentSpec.pooled(name, size, "vga", "xga")).expect(OK);
    }

    @ParameterizedTest
    @EnumSource(value = Model.class, names = {"LINUX_5_2", "LINUX_6_1"})
    void c9_vendorCreateFails_itsErrnoAndTheUuidFree(Model model) {
        HostFixture host = host(model);
        HostFixture.Held c = host.createHeld("P1", "mtty-1", u);
        assertEquals(DeviceState.CREATING, host.state(u));
        c.fail(EIO);
        c.expect(EIO);
        assertEquals(DeviceState.ABSENT, host.state(u));
        assertEquals(2, host.instances("P1", "mtty-1"));
        host.create("P2", "mtty-1", u).expect(OK); // free again, on any parent
    }

    @ParameterizedTest
    @EnumSource(value = Model.class, names = {"LINUX_5_2", "LINUX_6_1"})
    void c10_aTypeWithItsOwnCapacity_theVendorsErrno(Model model) {
        HostFixture host = host(model);
        host.active("P1", "mtty-1", u);
        host.active("P1", "mtty-1", v);
        host.create("P1", "mtty-1", w).expect(ENOSPC);
        assertEquals(DeviceState.ABSENT, host.state(w));
    }

    @Test
    void c10_linux52_aPoolIsTheVendorsCount_claimedWhenItsCreateStarts() {
        HostFixture host = host(Model.LINUX_5_2);
        pooled(host, "mdpy", 1);
        HostFixture.Held c = host.createHeld("mdpy", "vga", u);
        assertEquals(0, host.instances("mdpy", "xga"), "S10: every type shows the pool's remainder");
        host.create("mdpy", "xga", v).expect(ENOSPC); // capacity-errno, not EUSERS
        c.release();
        c.expect(OK);
        host.remove(u).expect(OK);
        assertEquals(1, host.instances("mdpy", "vga"));
    }

    @Test
    void c10_linux61_aCorePool_EUSERSAtReservationBeforeTheVendor() {
        HostFixture host = host(Model.LINUX_6_1);
        pooled(host, "mdpy", 1);
        HostFixture.Held c = host.createHeld("mdpy", "vga", u);
        assertEquals(0, host.instances("mdpy", "vga"));
        assertEquals(0, host.instances("mdpy", "xga"), "S10: every type shows the pool's remainder");
        VendorGate.Held never = host.gate.holdNext(VendorOp.CREATE, v);
        host.create("mdpy", "xga", v).expect(EUSERS);
        assertFalse(never.isStarted(), "the vendor was never called");
        never.cancel();
        assertEquals(DeviceState.ABSENT, host.state(v));
        c.fail(EIO); // a failed create returns its instance
        c.expect(EIO);
        assertEquals(1, host.instances("mdpy", "xga"));
        host.active("mdpy", "xga", v);
        host.remove(v).expect(OK);
        assertEquals(1, host.instances("mdpy", "vga"));
        assertEquals(-1, host.instances("mdpy", "nope"), "an unknown type of a core pool: ENOENT");
    }

    @Test
    void c10_linux61_theDuplicateIsCheckedBeforeThePool() {
        HostFixture host = host(Model.LINUX_6_1);
        pooled(host, "mdpy", 1);
        host.active("mdpy", "vga", u);
        host.create("mdpy", "xga", u).expect(EEXIST); // not EUSERS: the duplicate comes first
        host.create("mdpy", "xga", v).expect(EUSERS);
    }

    /** C13: the trylock fails while an unregistration waits; it comes after the duplicate check. */
    @ParameterizedTest
    @EnumSource(value = Model.class, names = {"LINUX_5_2", "LINUX_6_1"})
    void c13_parentBeingUnregistered_ENODEVAfterTheDuplicateCheck(Model model) {
        HostFixture host = host(model);
        host.active("P2", "mtty-1", v);
        HostFixture.Held c = host.createHeld("P1", "mtty-1", u); // holds unreg_sem's read side
        HostFixture.Sent unregister = host.unregister("P1");
        host.create("P1", "mtty-1", w).expect(ENODEV);
        host.create("P1", "mtty-1", v).expect(EEXIST); // the duplicate before the trylock (seed: ENODEV first)
        assertEquals(DeviceState.ABSENT, host.state(w), "the trylock's failure released the reservation");
        unregister.expectPending();
        c.release();
        c.expect(OK);
        unregister.expect(OK);
        host.create("P1", "mtty-1", w).expect(ENOENT); // gone: no such parent
    }

    @Test
    void c13_linux61_aFullCorePool_EUSERSBeforeTheTrylock() {
        HostFixture host = host(Model.LINUX_6_1);
        pooled(host, "mdpy", 1);
        HostFixture.Held c = host.createHeld("mdpy", "vga", u);
        HostFixture.Sent unregister = host.unregister("mdpy");
        host.create("mdpy", "xga", v).expect(EUSERS);
        c.release();
        c.expect(OK);
        unregister.expect(OK);
    }

    @Test
    void r4_linux52_aFailedVendorRemove_OKLoggedAndRemovedAnyway() {
        HostFixture host = host(Model.LINUX_5_2);
        host.active("P1", "mtty-1", u);
        HostFixture.Held r = host.removeHeld(u);
        r.fail(Errno.EBUSY);
        r.expect(OK);
        assertEquals(DeviceState.ABSENT, host.state(u));
        assertEquals(2, host.instances("P1", "mtty-1"), "its instance is returned");
        assertEquals(1, host.removeFailures(), "Remove failed: err=-16");
        host.create("P2", "mtty-1", u).expect(OK);
    }

    @Test
    void r4_linux61_aVendorRemoveCannotFail_OKNothingLogged() {
        HostFixture host = host(Model.LINUX_6_1);
        host.active("P1", "mtty-1", u);
        HostFixture.Held r = host.removeHeld(u);
        r.fail(Errno.EBUSY);
        r.expect(OK);
        assertEquals(DeviceState.ABSENT, host.state(u));
        assertEquals(0, host.removeFailures());
    }

    @ParameterizedTest
    @EnumSource(value = Model.class, names = {"LINUX_5_2", "LINUX_6_1"})
    void r5_earlyRemove_EAGAIN(Model model) {
        HostFixture host = host(model);
        HostFixture.Held c = host.createHeld("P1", "mtty-1", u);
        host.remove(u).expect(EAGAIN);
        c.release();
        c.expect(OK);
        assertEquals(DeviceState.ACTIVE, host.state(u));
        host.remove(u).expect(OK);
    }

    @ParameterizedTest
    @EnumSource(value = Model.class, names = {"LINUX_5_2", "LINUX_6_1"})
    void r6_removeWhileRemoving_EAGAIN(Model model) {
        HostFixture host = host(model);
        host.active("P1", "mtty-1", u);
        HostFixture.Held r = host.removeHeld(u);
        host.remove(u).expect(EAGAIN);
        assertEquals(DeviceState.REMOVING, host.state(u));
        r.release();
        r.expect(OK);
    }

    /** R8: the trylock fails after {@code active} was cleared: ENODEV, and the mdev stays removing until the sweep. */
    @ParameterizedTest
    @EnumSource(value = Model.class, names = {"LINUX_5_2", "LINUX_6_1"})
    void r8_removeWhileUnregistering_ENODEVAndLeftRemovingForTheSweep(Model model) {
        HostFixture host = host(model);
        host.active("P1", "mtty-1", v);
        HostFixture.Held c = host.createHeld("P1", "mtty-1", u); // keeps the unregistration waiting
        HostFixture.Sent unregister = host.unregister("P1");
        host.remove(v).expect(ENODEV);
        assertEquals(DeviceState.REMOVING, host.state(v), "seed would leave it active");
        host.remove(v).expect(EAGAIN); // removing: the active check comes first
        host.remove(u).expect(EAGAIN); // a transitional device: EAGAIN before any trylock (seed: ENODEV)
        unregister.expectPending();
        c.release();
        c.expect(OK);
        unregister.expect(OK);
        assertEquals(DeviceState.ABSENT, host.state(v));
        assertEquals(DeviceState.ABSENT, host.state(u));
        host.create("P2", "mtty-1", v).expect(OK); // its UUID is free
    }

    /**
     * P5: the write side waits for every create and remove holding the read side, then removes every
     * mdev unconditionally (a failing vendor remove is ignored; 5.2 logs it).
     */
    @ParameterizedTest
    @EnumSource(value = Model.class, names = {"LINUX_5_2", "LINUX_6_1"})
    void p5_waitsForReadersThenRemovesEveryMdevUnconditionally(Model model) throws TimeoutException, InterruptedException {
        HostFixture host = host(model);
        host.active("P1", "mtty-1", u);
        host.active("P1", "mtty-1", v);
        HostFixture.Held r = host.removeHeld(u); // a remove holding the read side
        HostFixture.Sent unregister = host.unregister("P1");
        host.expectQueued(unregister, "P1");
        VendorGate.Held sweep = host.gate.holdNext(VendorOp.REMOVE, v);
        r.release();
        r.expect(OK);
        sweep.awaitStarted(HostFixture.WAIT); // the sweep's remove of v
        unregister.expectPending();
        sweep.fail(Errno.EBUSY); // ignored
        unregister.expect(OK);
        assertEquals(DeviceState.ABSENT, host.state(v));
        assertEquals(model == Model.LINUX_5_2 ? 1 : 0, host.removeFailures());
        host.create("P2", "mtty-1", v).expect(OK);
    }
}
