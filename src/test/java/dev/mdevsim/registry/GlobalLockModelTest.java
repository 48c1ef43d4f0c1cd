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

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import dev.mdevsim.core.DeviceState;
import dev.mdevsim.model.Model;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SEMANTICS.md, global-lock column: one lock held across every create and remove, everywhere. */
class GlobalLockModelTest {

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
        host = new HostFixture(testKit, Model.GLOBAL_LOCK);
        host.parent("P1", "mtty-1", 4, "mtty-2", 1);
        host.parent("P2", "mtty-1", 4);
    }

    @Test
    void create_unknownParentOrType_ENOENTAtOnce_C2() {
        HostFixture.Held holder = host.createHeld("P1", "mtty-1", v); // holds the global lock
        host.create("P9", "mtty-1", u).expect(ENOENT); // answered without waiting for it
        host.create("P2", "mtty-2", u).expect(ENOENT);
        holder.release();
        holder.expect(OK);
    }

    @Test
    void create_uuidLiveOnSameParent_waitsThenEEXIST_C3() {
        host.active("P1", "mtty-1", u);
        HostFixture.Held holder = host.createHeld("P2", "mtty-1", v); // any op anywhere holds it
        HostFixture.Sent dup = host.create("P1", "mtty-1", u);
        host.expectQueued(dup, "P1");
        holder.release();
        holder.expect(OK);
        dup.expect(EEXIST);
    }

    @Test
    void create_uuidLiveOnOtherParent_EEXISTWithoutWarning_C4() {
        host.active("P1", "mtty-1", u);
        host.create("P2", "mtty-1", u).expect(EEXIST);
        assertEquals(0, host.warnings());
    }

    @Test
    void create_uuidBeingCreated_waitsThenEEXISTIfItSucceeded_C5_C6() {
        HostFixture.Held first = host.createHeld("P1", "mtty-1", u);
        HostFixture.Sent same = host.create("P1", "mtty-1", u);
        HostFixture.Sent other = host.create("P2", "mtty-1", u);
        host.expectQueued(same, "P1");
        host.expectQueued(other, "P2");
        first.release();
        first.expect(OK);
        same.expect(EEXIST);
        other.expect(EEXIST);
        assertEquals(0, host.warnings());
    }

    @Test
    void create_uuidBeingCreatedElsewhere_waitsThenGoesAheadIfItFailed_C6() {
        HostFixture.Held first = host.createHeld("P1", "mtty-1", u);
        HostFixture.Held second = host.createArmed("P2", "mtty-1", u);
        host.expectQueued(second.sent(), "P2");
        first.fail(EIO);
        first.expect(EIO);
        second.awaitAtVendor().release();
        second.expect(OK);
        assertEquals("P2", host.inspect().reservations().get(u));
    }

    @Test
    void create_uuidBeingCreatedOnSameParent_waitsThenGoesAheadIfItFailed_C5() {
        HostFixture.Held first = host.createHeld("P1", "mtty-1", u);
        HostFixture.Held second = host.createArmed("P1", "mtty-1", u);
        host.expectQueued(second.sent(), "P1");
        first.fail(EIO);
        first.expect(EIO);
        second.awaitAtVendor().release();
        second.expect(OK);
    }

    @Test
    void create_uuidBeingRemoved_waitsThenOKIfRemoved_C7_C8() {
        host.active("P1", "mtty-1", u);
        HostFixture.Held removal = host.removeHeld(u);
        HostFixture.Sent elsewhere = host.create("P2", "mtty-1", u);
        host.expectQueued(elsewhere, "P2");
        removal.release();
        removal.expect(OK);
        elsewhere.expect(OK); // C8: went ahead once the removal succeeded
    }

    @Test
    void create_uuidBeingRemovedOnSameParent_waitsThenOKIfRemoved_C7() {
        host.active("P1", "mtty-1", u);
        HostFixture.Held removal = host.removeHeld(u);
        HostFixture.Held same = host.createArmed("P1", "mtty-1", u);
        host.expectQueued(same.sent(), "P1");
        assertEquals(DeviceState.REMOVING, host.state(u));
        removal.release();
        removal.expect(OK);
        same.awaitAtVendor().release(); // went ahead once the removal succeeded
        same.expect(OK);
        assertEquals(DeviceState.ACTIVE, host.state(u));
        assertEquals("P1", host.inspect().reservations().get(u));
        assertEquals(3, host.instances("P1", "mtty-1")); // the removed one's instance was returned
    }

    @Test
    void create_uuidBeingRemoved_waitsThenEEXISTIfRefused_C7_C8() {
        host.active("P1", "mtty-1", u);
        HostFixture.Held removal = host.removeHeld(u);
        HostFixture.Sent same = host.create("P1", "mtty-1", u);
        HostFixture.Sent elsewhere = host.create("P2", "mtty-1", u);
        host.expectQueued(same, "P1");
        host.expectQueued(elsewhere, "P2");
        removal.fail(EBUSY);
        removal.expect(EBUSY);
        same.expect(EEXIST);
        elsewhere.expect(EEXIST);
        assertEquals(0, host.warnings());
    }

    @Test
    void create_vendorFails_thatErrno_C9() {
        HostFixture.Held create = host.createHeld("P1", "mtty-1", u);
        create.fail(EIO);
        create.expect(EIO);
        host.create("P2", "mtty-1", u).expect(OK);
    }

    @Test
    void create_noCapacity_ENOSPC_C10() {
        host.active("P1", "mtty-2", u);
        host.create("P1", "mtty-2", v).expect(ENOSPC);
        host.create("P2", "mtty-1", v).expect(OK); // and the lock was passed on
    }

    @Test
    void create_otherOpsOnSameOrOtherParents_waitForEveryOp_C11_C12() {
        HostFixture.Held first = host.createHeld("P1", "mtty-1", u);
        HostFixture.Held sameParent = host.createArmed("P1", "mtty-1", v);
        HostFixture.Held otherParent = host.createArmed("P2", "mtty-1", UUID.randomUUID());
        host.expectQueued(sameParent.sent(), "P1");
        host.expectQueued(otherParent.sent(), "P2");
        first.release();
        first.expect(OK);
        sameParent.awaitAtVendor();
        assertFalse(otherParent.atVendor()); // still waiting behind sameParent: FIFO
        sameParent.release();
        sameParent.expect(OK);
        otherParent.awaitAtVendor().release();
        otherParent.expect(OK);
    }

    @Test
    void create_parentBeingUnregistered_ENODEV_C13() {
        HostFixture.Held inProgress = host.createHeld("P1", "mtty-1", u);
        HostFixture.Sent unregister = host.unregister("P1");
        host.create("P1", "mtty-1", v).expect(ENODEV); // at once
        inProgress.release();
        inProgress.expect(OK);
        unregister.expect(OK);
    }

    /**
     * C13, P5: a create admitted to P1 before its unregistration began and waiting for the global lock
     * is in progress on P1, as legacy's create queued on P1's lock is: the unregistration waits for it,
     * it goes ahead when it holds the lock (the kernel's draft took its parent before the lock and
     * checks nothing after it), and the unregistration then removes its mdev.
     */
    @Test
    void create_queuedWhenItsParentStartsUnregistering_unregistrationWaitsAndItGoesAhead_C13_P5() {
        HostFixture.Held holder = host.createHeld("P2", "mtty-1", v);
        HostFixture.Held queued = host.createArmed("P1", "mtty-1", u);
        host.expectQueued(queued.sent(), "P1");
        HostFixture.Sent unregister = host.unregister("P1");
        host.create("P1", "mtty-1", UUID.randomUUID()).expect(ENODEV); // began: a new create is refused at once
        unregister.expectPending(); // the queued create is in progress on P1
        holder.release();
        holder.expect(OK);
        queued.awaitAtVendor(); // it went ahead: no ENODEV, no ENOENT
        unregister.expectPending();
        queued.release();
        queued.expect(OK);
        unregister.expect(OK);
        assertEquals(DeviceState.ABSENT, host.state(u)); // swept
        host.create("P1", "mtty-1", u).expect(ENOENT); // afterwards the parent is gone
    }

    @Test
    void create_twoQueuedWhenItsParentStartsUnregistering_unregistrationWaitsForBoth_P5() {
        UUID w = UUID.randomUUID();
        HostFixture.Held holder = host.createHeld("P2", "mtty-1", v);
        HostFixture.Sent first = host.create("P1", "mtty-1", u);
        HostFixture.Sent duplicate = host.create("P1", "mtty-1", u); // EEXIST once it holds the lock
        HostFixture.Held last = host.createArmed("P1", "mtty-1", w);
        host.expectQueued(last.sent(), "P1");
        HostFixture.Sent unregister = host.unregister("P1");
        holder.release();
        holder.expect(OK);
        first.expect(OK);
        duplicate.expect(EEXIST);
        last.awaitAtVendor();
        unregister.expectPending();
        last.release();
        last.expect(OK);
        unregister.expect(OK);
        assertEquals(DeviceState.ABSENT, host.state(u));
        assertEquals(DeviceState.ABSENT, host.state(w));
    }

    @Test
    void create_success_OK_C14() {
        host.create("P1", "mtty-1", u).expect(OK);
        assertEquals(DeviceState.ACTIVE, host.state(u));
        assertEquals(3, host.instances("P1", "mtty-1"));
    }

    @Test
    void remove_noSuchMdev_ENODEV_R2() {
        host.remove(u).expect(ENODEV);
    }

    @Test
    void remove_active_OK_R3() {
        host.active("P1", "mtty-1", u);
        host.remove(u).expect(OK);
        host.create("P2", "mtty-1", u).expect(OK);
    }

    @Test
    void remove_vendorRefuses_EBUSY_R4() {
        host.active("P1", "mtty-1", u);
        HostFixture.Held removal = host.removeHeld(u);
        removal.fail(EIO);
        removal.expect(EBUSY);
        assertEquals(DeviceState.ACTIVE, host.state(u));
    }

    @Test
    void remove_whileCreating_waitsThenOKIfCreated_R5() {
        HostFixture.Held create = host.createHeld("P1", "mtty-1", u);
        HostFixture.Sent early = host.remove(u);
        host.expectQueued(early, "P1");
        create.release();
        create.expect(OK);
        early.expect(OK); // the mdev is removed
        assertEquals(DeviceState.ABSENT, host.state(u));
    }

    @Test
    void remove_whileCreating_waitsThenENODEVIfItFailed_R5() {
        HostFixture.Held create = host.createHeld("P1", "mtty-1", u);
        HostFixture.Sent early = host.remove(u);
        host.expectQueued(early, "P1");
        create.fail(EIO);
        create.expect(EIO);
        early.expect(ENODEV);
    }

    @Test
    void remove_whileRemoving_waitsThenENODEVIfRemoved_R6() {
        host.active("P1", "mtty-1", u);
        HostFixture.Held removal = host.removeHeld(u);
        HostFixture.Sent second = host.remove(u);
        host.expectQueued(second, "P1");
        removal.release();
        removal.expect(OK);
        second.expect(ENODEV);
    }

    @Test
    void remove_whileRemoving_waitsThenGoesAheadIfRefused_R6() {
        host.active("P1", "mtty-1", u);
        HostFixture.Held removal = host.removeHeld(u);
        HostFixture.Held second = host.removeArmed(u);
        host.expectQueued(second.sent(), "P1");
        removal.fail(EBUSY);
        removal.expect(EBUSY);
        second.awaitAtVendor().release();
        second.expect(OK);
    }

    @Test
    void remove_anyOtherOp_waitsForIt_R7() {
        host.active("P1", "mtty-1", u);
        HostFixture.Held create = host.createHeld("P2", "mtty-1", v);
        HostFixture.Sent removal = host.remove(u);
        host.expectQueued(removal, "P1");
        create.release();
        create.expect(OK);
        removal.expect(OK);
    }

    @Test
    void remove_parentBeingUnregistered_ENODEV_R8() {
        host.active("P1", "mtty-1", u);
        HostFixture.Held inProgress = host.createHeld("P1", "mtty-1", v);
        HostFixture.Sent unregister = host.unregister("P1");
        HostFixture.Sent removal = host.remove(u); // waits for the lock, then finds P1 unregistering
        host.expectQueued(removal, "P1");
        inProgress.release();
        inProgress.expect(OK);
        removal.expect(ENODEV);
        unregister.expect(OK);
    }
}
