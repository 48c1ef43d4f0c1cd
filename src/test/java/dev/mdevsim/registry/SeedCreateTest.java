package dev.mdevsim.registry;

import static dev.mdevsim.core.Errno.EEXIST;
import static dev.mdevsim.core.Errno.EIO;
import static dev.mdevsim.core.Errno.ENODEV;
import static dev.mdevsim.core.Errno.ENOENT;
import static dev.mdevsim.core.Errno.ENOMEM;
import static dev.mdevsim.core.Errno.ENOSPC;
import static dev.mdevsim.core.Errno.OK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import dev.mdevsim.core.DeviceState;
import dev.mdevsim.core.Errno;
import dev.mdevsim.model.Model;
import dev.mdevsim.vendor.InstantVendor;
import dev.mdevsim.vendor.VendorDriver;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SEMANTICS.md create rows C2–C14, seed column; races pinned with the gated vendor. C1 is in MdevHostTest. */
class SeedCreateTest {

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
        host.parent("P1", "mtty-1", 4, "mtty-2", 1);
        host.parent("P2", "mtty-1", 4);
    }

    @Test
    void create_unknownParentOrType_ENOENT_C2() {
        host.create("P9", "mtty-1", u).expect(ENOENT);
        host.create("P1", "mtty-9", u).expect(ENOENT);
        host.create("P2", "mtty-2", u).expect(ENOENT); // P1's type, not P2's
        assertEquals(DeviceState.ABSENT, host.state(u));
    }

    @Test
    void create_uuidLiveOnSameParent_EEXIST_C3() {
        host.active("P1", "mtty-1", u);
        host.create("P1", "mtty-1", u).expect(EEXIST);
        host.create("P1", "mtty-2", u).expect(EEXIST);
        assertEquals(3, host.instances("P1", "mtty-1")); // the duplicate claimed nothing
        assertEquals(1, host.instances("P1", "mtty-2"));
    }

    @Test
    void create_uuidLiveOnOtherParent_EEXISTWithoutWarning_C4() {
        host.active("P1", "mtty-1", u);
        host.create("P2", "mtty-1", u).expect(EEXIST);
        assertEquals(4, host.instances("P2", "mtty-1"));
        assertTrue(host.events.stream().noneMatch(e -> e.startsWith("warning")), "seed never warns");
    }

    @Test
    void create_uuidBeingCreatedOnSameParent_EEXISTAtOnce_C5() {
        HostFixture.Held first = host.createHeld("P1", "mtty-1", u);
        host.create("P1", "mtty-1", u).expect(EEXIST); // answered while the first is still held
        first.release();
        first.expect(OK);
        assertEquals(DeviceState.ACTIVE, host.state(u));
    }

    @Test
    void create_uuidBeingCreatedOnOtherParent_EEXISTAtOnce_C6() {
        HostFixture.Held first = host.createHeld("P1", "mtty-1", u);
        host.create("P2", "mtty-1", u).expect(EEXIST);
        first.fail(EIO); // even if the first then fails, the second was already answered
        first.expect(EIO);
        host.create("P2", "mtty-1", u).expect(OK);
    }

    @Test
    void create_uuidBeingRemovedOnSameParent_EEXISTUntilRemovalCompletes_C7() {
        host.active("P1", "mtty-1", u);
        HostFixture.Held removal = host.removeHeld(u);
        host.create("P1", "mtty-1", u).expect(EEXIST); // the UUID stays reserved while removing
        removal.release();
        removal.expect(OK);
        host.create("P1", "mtty-1", u).expect(OK);
    }

    @Test
    void create_uuidBeingRemovedOnOtherParent_EEXIST_C8() {
        host.active("P1", "mtty-1", u);
        HostFixture.Held removal = host.removeHeld(u);
        host.create("P2", "mtty-1", u).expect(EEXIST);
        removal.release();
        removal.expect(OK);
        host.create("P2", "mtty-1", u).expect(OK);
    }

    @Test
    void create_vendorFails_thatErrnoAndUuidFreeAgain_C9() {
        HostFixture.Held create = host.createHeld("P1", "mtty-1", u);
        assertEquals(3, host.instances("P1", "mtty-1")); // claimed while the op runs
        create.fail(EIO);
        create.expect(EIO);
        assertEquals(DeviceState.ABSENT, host.state(u));
        assertEquals(4, host.instances("P1", "mtty-1")); // the instance is back
        host.create("P2", "mtty-1", u).expect(OK); // and the UUID is free
    }

    @Test
    void create_vendorFailsWithAnyErrno_thatErrno_C9() {
        for (Errno e : new Errno[] {Errno.ENOMEM, Errno.EINVAL, Errno.EPERM}) {
            HostFixture.Held create = host.createHeld("P1", "mtty-1", u);
            create.fail(e);
            create.expect(e);
        }
    }

    @Test
    void create_noCapacity_ENOSPCAtOnce_C10() {
        host.active("P1", "mtty-2", u);
        UUID other = UUID.randomUUID();
        host.create("P1", "mtty-2", other).expect(ENOSPC);
        assertEquals(DeviceState.ABSENT, host.state(other)); // its UUID was released
        assertEquals(0, host.instances("P1", "mtty-2"));
        host.create("P2", "mtty-1", other).expect(OK);
    }

    @Test
    void create_noCapacityWhileOnlyCreating_ENOSPC_C10() {
        HostFixture.Held first = host.createHeld("P1", "mtty-2", u); // holds the only instance
        host.create("P1", "mtty-2", UUID.randomUUID()).expect(ENOSPC);
        first.release();
        first.expect(OK);
    }

    @Test
    void create_noCapacityWhileRemoving_ENOSPC_C10() {
        host.active("P1", "mtty-2", u);
        HostFixture.Held removal = host.removeHeld(u); // a removing device still holds its instance
        host.create("P1", "mtty-2", UUID.randomUUID()).expect(ENOSPC);
        removal.release();
        removal.expect(OK);
        assertEquals(1, host.instances("P1", "mtty-2"));
    }

    @Test
    void create_noCapacityWithVendorProfile_profileErrno_C10() {
        HostFixture h = new HostFixture(testKit, Model.SEED, parent -> new VendorDriver() {
            @Override
            public CompletionStage<Errno> create(long id, String p, String t, UUID uuid) {
                return InstantVendor.INSTANCE.create(id, p, t, uuid);
            }

            @Override
            public CompletionStage<Errno> remove(long id, String p, String t, UUID uuid) {
                return InstantVendor.INSTANCE.remove(id, p, t, uuid);
            }

            @Override
            public Errno capacityErrno() {
                return ENOMEM;
            }
        });
        h.parent("P1", "mtty-2", 1);
        h.active("P1", "mtty-2", u);
        h.create("P1", "mtty-2", UUID.randomUUID()).expect(ENOMEM);
    }

    @Test
    void create_otherOpsInProgressOnSameParent_runsConcurrently_C11() {
        UUID live = UUID.randomUUID();
        host.active("P1", "mtty-1", live);
        HostFixture.Held a = host.createHeld("P1", "mtty-1", u);
        HostFixture.Held removal = host.removeHeld(live);
        // a second create reaches the vendor while both ops above are still held there
        HostFixture.Held b = host.createHeld("P1", "mtty-1", UUID.randomUUID());
        b.release();
        b.expect(OK);
        a.release();
        removal.release();
        a.expect(OK);
        removal.expect(OK);
    }

    @Test
    void create_opsInProgressOnOtherParent_runsConcurrently_C12() {
        HostFixture.Held a = host.createHeld("P2", "mtty-1", UUID.randomUUID());
        HostFixture.Held b = host.createHeld("P1", "mtty-1", u);
        b.release();
        b.expect(OK);
        a.release();
        a.expect(OK);
    }

    @Test
    void create_parentBeingUnregistered_ENODEV_C13() {
        HostFixture.Held inProgress = host.createHeld("P1", "mtty-1", u);
        HostFixture.Sent unregister = host.unregister("P1"); // waits for the held create
        host.create("P1", "mtty-1", UUID.randomUUID()).expect(ENODEV);
        host.create("P1", "mtty-2", UUID.randomUUID()).expect(ENODEV);
        inProgress.release();
        inProgress.expect(OK);
        unregister.expect(OK);
        host.create("P1", "mtty-1", UUID.randomUUID()).expect(ENOENT); // gone now: C2
    }

    @Test
    void create_success_OKActiveAndOneInstanceUsed_C14() {
        host.create("P1", "mtty-1", u).expect(OK);
        assertEquals(DeviceState.ACTIVE, host.state(u));
        assertEquals(3, host.instances("P1", "mtty-1"));
        assertEquals(4, host.instances("P2", "mtty-1"));
        assertEquals("P1", host.inspect().reservations().get(u));
    }

    @Test
    void create_heldCreate_isCreatingUntilReleased_C14() {
        HostFixture.Held create = host.createHeld("P1", "mtty-1", u);
        assertEquals(DeviceState.CREATING, host.state(u));
        create.expectPending();
        create.release();
        create.expect(OK);
        assertEquals(DeviceState.ACTIVE, host.state(u));
        assertFalse(host.inspect().reservations().isEmpty());
    }
}
