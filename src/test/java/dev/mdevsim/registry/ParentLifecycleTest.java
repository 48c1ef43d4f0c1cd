package dev.mdevsim.registry;

import static dev.mdevsim.core.Errno.EBUSY;
import static dev.mdevsim.core.Errno.EEXIST;
import static dev.mdevsim.core.Errno.EINVAL;
import static dev.mdevsim.core.Errno.ENODEV;
import static dev.mdevsim.core.Errno.ENOENT;
import static dev.mdevsim.core.Errno.OK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import dev.mdevsim.core.DeviceState;
import dev.mdevsim.core.ParentSpec;
import dev.mdevsim.core.TypeSpec;
import dev.mdevsim.model.Model;
import dev.mdevsim.vendor.VendorGate;
import dev.mdevsim.vendor.VendorOp;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** SEMANTICS.md parent rows P1–P5, the same in every model. */
class ParentLifecycleTest {

    static final ActorTestKit testKit = ActorTestKit.create();

    HostFixture host;

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    @ParameterizedTest
    @EnumSource(Model.class)
    void register_newParent_OKWithFullInstances_P1(Model model) {
        host = new HostFixture(testKit, model);
        host.register(host.nextId(), "P1", "mtty-1", 4, "mtty-2", 2).expect(OK);
        assertEquals(4, host.instances("P1", "mtty-1"));
        assertEquals(2, host.instances("P1", "mtty-2"));
        assertEquals(-1, host.instances("P1", "mtty-3"));
        assertEquals(Registry.ParentPhase.REGISTERED, host.inspect().parents().get("P1"));
    }

    @ParameterizedTest
    @EnumSource(Model.class)
    void register_nameTaken_EEXIST_P2(Model model) {
        host = new HostFixture(testKit, model);
        host.parent("P1", "mtty-1", 4);
        host.register(host.nextId(), "P1", "mtty-2", 1).expect(EEXIST);
        assertEquals(-1, host.instances("P1", "mtty-2")); // the first registration stands
    }

    @ParameterizedTest
    @EnumSource(Model.class)
    void register_invalidSpec_EINVAL_P3(Model model) {
        host = new HostFixture(testKit, model);
        host.register(host.nextId(), new ParentSpec("P1", List.of())).expect(EINVAL);
        host.register(host.nextId(), "", "mtty-1", 1).expect(EINVAL);
        host.register(host.nextId(), "P1", "mtty-1", 0).expect(EINVAL);
        host.register(host.nextId(), "P1", "mtty-1", -3).expect(EINVAL);
        host.register(host.nextId(), "P1", "", 1).expect(EINVAL);
        host.register(host.nextId(), new ParentSpec("P1", List.of(new TypeSpec("t", 1), new TypeSpec("t", 2)))).expect(EINVAL);
        assertTrue(host.inspect().parents().isEmpty());
    }

    @ParameterizedTest
    @EnumSource(Model.class)
    void unregister_unknownParent_ENODEV_P4(Model model) {
        host = new HostFixture(testKit, model);
        host.unregister("P9").expect(ENODEV);
        host.parent("P1", "mtty-1", 1);
        host.unregister("P1").expect(OK);
        host.unregister("P1").expect(ENODEV);
    }

    @ParameterizedTest
    @EnumSource(Model.class)
    void unregister_idleParent_removesEveryMdevAndFreesUuids_P5(Model model) {
        host = new HostFixture(testKit, model);
        host.parent("P1", "mtty-1", 4);
        host.parent("P2", "mtty-1", 4);
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        host.active("P1", "mtty-1", a);
        host.active("P1", "mtty-1", b);
        host.unregister("P1").expect(OK);
        assertEquals(DeviceState.ABSENT, host.state(a));
        assertEquals(DeviceState.ABSENT, host.state(b));
        assertTrue(host.inspect().reservations().isEmpty());
        host.create("P1", "mtty-1", a).expect(ENOENT); // the parent is gone
        host.create("P2", "mtty-1", a).expect(OK); // its UUIDs are free
        host.parent("P1", "mtty-1", 1); // and its name can be registered again
    }

    @ParameterizedTest
    @EnumSource(value = Model.class, names = "SEED") // two ops in progress on one parent at once
    void unregister_waitsForOpsInProgressThenSweeps_P5(Model model) {
        host = new HostFixture(testKit, model);
        host.parent("P1", "mtty-1", 4);
        UUID creating = UUID.randomUUID();
        UUID removing = UUID.randomUUID();
        UUID idle = UUID.randomUUID();
        host.active("P1", "mtty-1", removing);
        host.active("P1", "mtty-1", idle);
        HostFixture.Held create = host.createHeld("P1", "mtty-1", creating);
        HostFixture.Held removal = host.removeHeld(removing);
        HostFixture.Sent unregister = host.unregister("P1");
        // nothing is swept while ops are in progress
        assertEquals(DeviceState.ACTIVE, host.state(idle));
        unregister.expectPending();
        assertTrue(host.events.contains("queued " + unregister.id()));
        create.release();
        create.expect(OK); // the create in progress completes normally
        assertEquals(DeviceState.ACTIVE, host.state(idle));
        unregister.expectPending();
        removal.fail(EBUSY);
        removal.expect(EBUSY); // so does the removal, refusal included
        unregister.expect(OK); // then every mdev goes, refusals ignored
        assertTrue(host.events.contains("dequeued " + unregister.id()));
        for (UUID x : List.of(creating, removing, idle)) {
            assertEquals(DeviceState.ABSENT, host.state(x));
        }
        assertTrue(host.inspect().reservations().isEmpty());
    }

    @ParameterizedTest
    @EnumSource(Model.class)
    void unregister_vendorRefusesSweepRemoval_removedAnyway_P5(Model model) {
        host = new HostFixture(testKit, model);
        host.parent("P1", "mtty-1", 4);
        UUID u = UUID.randomUUID();
        host.active("P1", "mtty-1", u);
        VendorGate.Held sweep = host.gate.holdNext(VendorOp.REMOVE, u);
        HostFixture.Sent unregister = host.unregister("P1");
        try {
            sweep.awaitStarted(HostFixture.WAIT);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        assertEquals(DeviceState.REMOVING, host.state(u));
        unregister.expectPending();
        sweep.fail(EBUSY);
        unregister.expect(OK);
        assertEquals(DeviceState.ABSENT, host.state(u));
    }

    @ParameterizedTest
    @EnumSource(Model.class)
    void unregister_twice_secondIsENODEV_P4(Model model) {
        host = new HostFixture(testKit, model);
        host.parent("P1", "mtty-1", 4);
        HostFixture.Held create = host.createHeld("P1", "mtty-1", UUID.randomUUID());
        HostFixture.Sent first = host.unregister("P1");
        host.unregister("P1").expect(ENODEV);
        create.release();
        create.expect(OK);
        first.expect(OK);
    }
}
