package dev.mdevsim.registry;

import static dev.mdevsim.core.Errno.EBUSY;
import static dev.mdevsim.core.Errno.EEXIST;
import static dev.mdevsim.core.Errno.EIO;
import static dev.mdevsim.core.Errno.ENODEV;
import static dev.mdevsim.core.Errno.ENOENT;
import static dev.mdevsim.core.Errno.ENOSPC;
import static dev.mdevsim.core.Errno.OK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import dev.mdevsim.core.DeviceState;
import dev.mdevsim.model.Model;
import dev.mdevsim.vendor.VendorGate;
import dev.mdevsim.vendor.VendorOp;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SEMANTICS.md, legacy column: a lock per parent held across the vendor op, duplicates checked among
 * the parent's own children, the bus link that catches cross-parent duplicates with a warning, and
 * the late listing that makes an early remove ENODEV.
 */
class LegacyModelTest {

    static final ActorTestKit testKit = ActorTestKit.create();

    HostFixture host;
    final UUID u = UUID.randomUUID();
    final UUID v = UUID.randomUUID();

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    @BeforeEach
    void setUp() {
        host = new HostFixture(testKit, Model.LEGACY);
        host.parent("P1", "mtty-1", 4, "mtty-2", 1);
        host.parent("P2", "mtty-1", 4);
    }

    @Test
    void create_unknownParentOrType_ENOENT_C2() {
        host.create("P9", "mtty-1", u).expect(ENOENT);
        host.create("P2", "mtty-2", u).expect(ENOENT);
    }

    @Test
    void create_uuidLiveOnSameParent_waitsForParentLockThenEEXIST_C3() {
        host.active("P1", "mtty-1", u);
        HostFixture.Held other = host.createHeld("P1", "mtty-1", v); // holds P1's lock
        HostFixture.Sent dup = host.create("P1", "mtty-1", u);
        host.expectQueued(dup, "P1");
        other.release();
        other.expect(OK);
        dup.expect(EEXIST);
        assertEquals(0, host.warnings()); // caught among P1's own children
    }

    @Test
    void create_uuidLiveOnOtherParent_EEXISTWithOneWarningVendorNeverCalled_C4() {
        host.active("P1", "mtty-1", u);
        VendorGate.Held vendorCreate = host.gate.holdNext(VendorOp.CREATE, u);
        host.create("P2", "mtty-1", u).expect(EEXIST);
        assertEquals(1, host.warnings());
        assertTrue(host.events.contains("warning " + u + " P2 P1"), host.events.toString());
        assertFalse(vendorCreate.isStarted()); // the bus link failed before the vendor op
        assertTrue(vendorCreate.cancel());
        assertEquals(4, host.instances("P2", "mtty-1"));
        assertEquals(DeviceState.ACTIVE, host.state(u)); // P1's device is untouched
    }

    @Test
    void create_uuidBeingCreatedOnSameParent_waitsThenEEXISTIfItSucceeded_C5() {
        HostFixture.Held first = host.createHeld("P1", "mtty-1", u);
        HostFixture.Sent second = host.create("P1", "mtty-1", u);
        host.expectQueued(second, "P1");
        first.release();
        first.expect(OK);
        second.expect(EEXIST);
        assertEquals(0, host.warnings());
    }

    @Test
    void create_uuidBeingCreatedOnSameParent_waitsThenGoesAheadIfItFailed_C5() {
        HostFixture.Held first = host.createHeld("P1", "mtty-1", u);
        HostFixture.Held second = host.createArmed("P1", "mtty-1", u);
        host.expectQueued(second.sent(), "P1");
        first.fail(EIO);
        first.expect(EIO);
        second.awaitAtVendor().release(); // it went ahead to the vendor
        second.expect(OK);
        assertEquals(DeviceState.ACTIVE, host.state(u));
    }

    @Test
    void create_uuidBeingCreatedOnOtherParent_EEXISTAtOnceWithWarning_C6() {
        HostFixture.Held first = host.createHeld("P1", "mtty-1", u);
        host.create("P2", "mtty-1", u).expect(EEXIST); // while the first is still held
        assertEquals(1, host.warnings());
        first.release();
        first.expect(OK);
    }

    @Test
    void create_uuidBeingRemovedOnSameParent_waitsThenOKIfRemoved_C7() {
        host.active("P1", "mtty-1", u);
        HostFixture.Held removal = host.removeHeld(u);
        HostFixture.Sent create = host.create("P1", "mtty-1", u);
        host.expectQueued(create, "P1");
        removal.release();
        removal.expect(OK);
        create.expect(OK);
        assertEquals(0, host.warnings());
    }

    @Test
    void create_uuidBeingRemovedOnSameParent_waitsThenEEXISTIfRefused_C7() {
        host.active("P1", "mtty-1", u);
        HostFixture.Held removal = host.removeHeld(u);
        HostFixture.Sent create = host.create("P1", "mtty-1", u);
        host.expectQueued(create, "P1");
        removal.fail(EBUSY);
        removal.expect(EBUSY);
        create.expect(EEXIST);
        assertEquals(0, host.warnings());
    }

    @Test
    void create_uuidBeingRemovedOnOtherParent_EEXISTWithWarning_C8() {
        host.active("P1", "mtty-1", u);
        HostFixture.Held removal = host.removeHeld(u);
        host.create("P2", "mtty-1", u).expect(EEXIST); // the old device is still on the bus
        assertEquals(1, host.warnings());
        removal.release();
        removal.expect(OK);
        host.create("P2", "mtty-1", u).expect(OK);
        assertEquals(1, host.warnings());
    }

    @Test
    void create_vendorFails_thatErrnoAndBusLinkReleased_C9() {
        HostFixture.Held create = host.createHeld("P1", "mtty-1", u);
        create.fail(EIO);
        create.expect(EIO);
        assertEquals(4, host.instances("P1", "mtty-1"));
        host.create("P2", "mtty-1", u).expect(OK);
        assertEquals(0, host.warnings());
    }

    @Test
    void create_noCapacity_ENOSPCAndBusLinkReleased_C10() {
        host.active("P1", "mtty-2", u);
        host.create("P1", "mtty-2", v).expect(ENOSPC);
        host.create("P2", "mtty-1", v).expect(OK);
        assertEquals(0, host.warnings());
    }

    @Test
    void create_otherOpsOnSameParent_waitsForThem_C11() {
        HostFixture.Held first = host.createHeld("P1", "mtty-1", u);
        HostFixture.Held second = host.createArmed("P1", "mtty-1", v);
        host.expectQueued(second.sent(), "P1");
        assertFalse(second.atVendor());
        first.release();
        first.expect(OK);
        second.awaitAtVendor().release();
        second.expect(OK);
    }

    @Test
    void create_opsOnOtherParents_concurrent_C12() {
        HostFixture.Held first = host.createHeld("P1", "mtty-1", u);
        HostFixture.Held second = host.createHeld("P2", "mtty-1", v); // reaches P2's vendor at once
        second.release();
        second.expect(OK);
        first.release();
        first.expect(OK);
    }

    @Test
    void create_parentBeingUnregistered_ENODEV_C13() {
        HostFixture.Held inProgress = host.createHeld("P1", "mtty-1", u);
        HostFixture.Sent unregister = host.unregister("P1");
        host.create("P1", "mtty-1", v).expect(ENODEV);
        inProgress.release();
        inProgress.expect(OK);
        unregister.expect(OK);
    }

    @Test
    void create_success_OKActiveListed_C14() {
        host.create("P1", "mtty-1", u).expect(OK);
        assertEquals(DeviceState.ACTIVE, host.state(u));
        assertEquals(3, host.instances("P1", "mtty-1"));
        assertEquals(Set.of(u), host.inspect().listed());
    }

    @Test
    void remove_noSuchMdev_ENODEV_R2() {
        host.remove(u).expect(ENODEV);
    }

    @Test
    void remove_active_OK_R3() {
        host.active("P1", "mtty-1", u);
        host.remove(u).expect(OK);
        assertEquals(DeviceState.ABSENT, host.state(u));
        assertEquals(4, host.instances("P1", "mtty-1"));
        host.create("P2", "mtty-1", u).expect(OK);
        assertEquals(0, host.warnings());
    }

    @Test
    void remove_vendorRefuses_EBUSYBackOnTheList_R4() {
        host.active("P1", "mtty-1", u);
        HostFixture.Held removal = host.removeHeld(u);
        assertEquals(Set.of(), host.inspect().listed()); // off the list while it is removed
        removal.fail(EIO);
        removal.expect(EBUSY);
        assertEquals(Set.of(u), host.inspect().listed());
        assertEquals(DeviceState.ACTIVE, host.state(u));
        host.remove(u).expect(OK); // removable again
    }

    @Test
    void remove_whileCreating_ENODEVNotListedYet_R5() {
        HostFixture.Held create = host.createHeld("P1", "mtty-1", u);
        host.remove(u).expect(ENODEV); // at once, though P1's lock is held
        assertEquals(DeviceState.CREATING, host.state(u));
        create.release();
        create.expect(OK);
        host.remove(u).expect(OK);
    }

    @Test
    void remove_whileRemoving_ENODEVAlreadyOffTheList_R6() {
        host.active("P1", "mtty-1", u);
        HostFixture.Held removal = host.removeHeld(u);
        host.remove(u).expect(ENODEV);
        removal.release();
        removal.expect(OK);
    }

    @Test
    void remove_otherOpsOnSameParent_listCheckAtOnceVendorRemoveWaits_R7() {
        host.active("P1", "mtty-1", u);
        HostFixture.Held create = host.createHeld("P1", "mtty-1", v); // holds P1's lock
        HostFixture.Held removal = host.removeArmed(u);
        host.expectQueued(removal.sent(), "P1");
        host.remove(u).expect(ENODEV); // the first remove already took it off the list
        assertFalse(removal.atVendor());
        create.release();
        create.expect(OK);
        removal.awaitAtVendor().release();
        removal.expect(OK);
    }

    @Test
    void remove_parentBeingUnregistered_ENODEV_R8() {
        host.active("P1", "mtty-1", u);
        HostFixture.Held inProgress = host.createHeld("P1", "mtty-1", v);
        HostFixture.Sent unregister = host.unregister("P1");
        host.remove(u).expect(ENODEV);
        inProgress.release();
        inProgress.expect(OK);
        unregister.expect(OK);
        assertEquals(DeviceState.ABSENT, host.state(u));
        assertEquals(Set.of(), host.inspect().listed());
        assertTrue(host.inspect().reservations().isEmpty());
    }

    @Test
    void unregister_waitsForQueuedOpsToo_P5() {
        HostFixture.Held first = host.createHeld("P1", "mtty-1", u);
        HostFixture.Held queued = host.createArmed("P1", "mtty-1", v);
        host.expectQueued(queued.sent(), "P1");
        HostFixture.Sent unregister = host.unregister("P1");
        first.release();
        first.expect(OK);
        unregister.expectPending(); // the queued create is in progress too
        queued.awaitAtVendor().release();
        queued.expect(OK);
        unregister.expect(OK);
        assertEquals(DeviceState.ABSENT, host.state(u));
        assertEquals(DeviceState.ABSENT, host.state(v));
    }

    @Test
    void unregister_lastQueuedOpAnsweredAtOnceUnderTheLock_stillSweeps_P5() {
        host.active("P1", "mtty-1", u);
        HostFixture.Held first = host.createHeld("P1", "mtty-1", v);
        HostFixture.Sent duplicate = host.create("P1", "mtty-1", u); // EEXIST once it holds the lock
        host.expectQueued(duplicate, "P1");
        HostFixture.Sent unregister = host.unregister("P1");
        first.release();
        first.expect(OK);
        duplicate.expect(EEXIST);
        unregister.expect(OK); // the op that drained P1 was answered inside the lock
        assertEquals(DeviceState.ABSENT, host.state(u));
    }

    @Test
    void unregister_lastQueuedOpRefusedAtTheBusLink_stillSweeps_P5() {
        UUID w = UUID.randomUUID();
        host.active("P2", "mtty-1", w);
        HostFixture.Held first = host.createHeld("P1", "mtty-1", v);
        HostFixture.Sent duplicate = host.create("P1", "mtty-1", w); // refused at the bus link
        host.expectQueued(duplicate, "P1");
        HostFixture.Sent unregister = host.unregister("P1");
        first.release();
        first.expect(OK);
        duplicate.expect(EEXIST);
        assertEquals(1, host.warnings());
        unregister.expect(OK);
    }
}
