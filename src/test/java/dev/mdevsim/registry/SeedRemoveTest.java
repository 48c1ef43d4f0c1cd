package dev.mdevsim.registry;

import static dev.mdevsim.core.Errno.EAGAIN;
import static dev.mdevsim.core.Errno.EBUSY;
import static dev.mdevsim.core.Errno.EIO;
import static dev.mdevsim.core.Errno.ENODEV;
import static dev.mdevsim.core.Errno.OK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import dev.mdevsim.core.DeviceState;
import dev.mdevsim.core.Errno;
import dev.mdevsim.model.Model;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SEMANTICS.md remove rows R2–R8, seed column. R1 is in MdevHostTest. */
class SeedRemoveTest {

    static final ActorTestKit testKit = ActorTestKit.create();

    HostFixture host;
    final UUID u = UUID.randomUUID();

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    @BeforeEach
    void setUp() {
        host = new HostFixture(testKit, Model.SEED);
        host.parent("P1", "mtty-1", 2);
        host.parent("P2", "mtty-1", 2);
    }

    @Test
    void remove_noSuchMdev_ENODEV_R2() {
        host.remove(u).expect(ENODEV);
        host.active("P1", "mtty-1", u);
        host.remove(u).expect(OK);
        host.remove(u).expect(ENODEV); // gone again
    }

    @Test
    void remove_active_OKWithUuidAndInstanceFreeAtReply_R3() {
        host.active("P1", "mtty-1", u);
        host.remove(u).expect(OK);
        // sent right after the reply: already free
        assertEquals(2, host.instances("P1", "mtty-1"));
        assertEquals(DeviceState.ABSENT, host.state(u));
        host.create("P2", "mtty-1", u).expect(OK);
        assertEquals("P2", host.inspect().reservations().get(u));
    }

    @Test
    void remove_vendorRefuses_EBUSYAndActiveAgain_R4() {
        host.active("P1", "mtty-1", u);
        HostFixture.Held removal = host.removeHeld(u);
        removal.fail(EIO); // the vendor's errno is masked
        removal.expect(EBUSY);
        assertEquals(DeviceState.ACTIVE, host.state(u));
        assertEquals(1, host.instances("P1", "mtty-1"));
        host.remove(u).expect(OK); // and it can be removed afterwards
    }

    @Test
    void remove_vendorRefusesWithEBUSY_EBUSY_R4() {
        host.active("P1", "mtty-1", u);
        HostFixture.Held removal = host.removeHeld(u);
        removal.fail(EBUSY);
        removal.expect(EBUSY);
        assertEquals(DeviceState.ACTIVE, host.state(u));
    }

    @Test
    void remove_whileCreating_EAGAIN_R5() {
        HostFixture.Held create = host.createHeld("P1", "mtty-1", u);
        host.remove(u).expect(EAGAIN); // early remove
        assertEquals(DeviceState.CREATING, host.state(u));
        create.release();
        create.expect(OK); // the create is not disturbed
        host.remove(u).expect(OK);
    }

    @Test
    void remove_whileCreatingThatFails_EAGAINThenENODEV_R5() {
        HostFixture.Held create = host.createHeld("P1", "mtty-1", u);
        host.remove(u).expect(EAGAIN);
        create.fail(Errno.EIO);
        create.expect(Errno.EIO);
        host.remove(u).expect(ENODEV);
    }

    @Test
    void remove_whileRemoving_EAGAIN_R6() {
        host.active("P1", "mtty-1", u);
        HostFixture.Held removal = host.removeHeld(u);
        host.remove(u).expect(EAGAIN);
        assertEquals(DeviceState.REMOVING, host.state(u));
        removal.release();
        removal.expect(OK);
    }

    @Test
    void remove_whileRemovingThatIsRefused_EAGAINThenActive_R6() {
        host.active("P1", "mtty-1", u);
        HostFixture.Held removal = host.removeHeld(u);
        host.remove(u).expect(EAGAIN);
        removal.fail(EBUSY);
        removal.expect(EBUSY);
        assertEquals(DeviceState.ACTIVE, host.state(u));
    }

    @Test
    void remove_otherOpsInProgressOnSameParent_runsConcurrently_R7() {
        UUID other = UUID.randomUUID();
        host.active("P1", "mtty-1", u);
        host.active("P1", "mtty-1", other);
        HostFixture.Held first = host.removeHeld(other);
        HostFixture.Held second = host.removeHeld(u); // reaches the vendor while the first is held
        second.release();
        second.expect(OK);
        first.release();
        first.expect(OK);
    }

    @Test
    void remove_otherCreateInProgressOnSameParent_runsConcurrently_R7() {
        host.active("P1", "mtty-1", u);
        HostFixture.Held create = host.createHeld("P1", "mtty-1", UUID.randomUUID());
        host.remove(u).expect(OK); // instant vendor: completes while the create is held
        create.release();
        create.expect(OK);
    }

    @Test
    void remove_parentBeingUnregistered_ENODEV_R8() {
        host.active("P1", "mtty-1", u);
        HostFixture.Held inProgress = host.createHeld("P1", "mtty-1", UUID.randomUUID());
        HostFixture.Sent unregister = host.unregister("P1");
        host.remove(u).expect(ENODEV);
        assertEquals(DeviceState.ACTIVE, host.state(u)); // the sweep has not started yet
        unregister.expectPending();
        inProgress.release();
        inProgress.expect(OK);
        unregister.expect(OK);
        assertEquals(DeviceState.ABSENT, host.state(u));
        assertFalse(host.inspect().reservations().containsKey(u));
    }
}
