package dev.mdevsim.device;

import static org.junit.jupiter.api.Assertions.assertEquals;

import akka.actor.UnhandledMessage;
import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.FishingOutcomes;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.javadsl.Adapter;
import akka.actor.typed.eventstream.EventStream;
import dev.mdevsim.core.DeviceState;
import dev.mdevsim.core.Errno;
import dev.mdevsim.core.Reply;
import dev.mdevsim.core.StateReply;
import dev.mdevsim.parent.ParentDevice;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every state × every command of {@link MdevDevice}: what it replies, what it tells its parent and
 * which state it is in afterwards. A combination the parent never sends must be unhandled, not
 * silently absorbed.
 */
class MdevDeviceTest {

    static final ActorTestKit testKit = ActorTestKit.create();
    static final Duration WAIT = Duration.ofSeconds(5);
    static TestProbe<UnhandledMessage> unhandled;

    enum Cmd { ASSIGN, ACTIVATE, REMOVE, FORCE_REMOVE, REMOVE_REFUSED, GET_STATE, RECYCLE, STOP }

    /** What a command must lead to. */
    enum Outcome {
        REPLY_OK, REPLY_EAGAIN_AND_DECLINE, REPLY_EBUSY, VENDOR_REMOVE, VENDOR_FORCE_REMOVE, REPORT_STATE, UNHANDLED,
        STOPS, BECOMES
    }

    record Case(DeviceState state, Cmd cmd, Outcome outcome, DeviceState after) {
    }

    /** {@link DeviceState#ABSENT} stands for an idle device (no mdev). */
    static final List<Case> TABLE = List.of(
            new Case(DeviceState.ABSENT, Cmd.ASSIGN, Outcome.BECOMES, DeviceState.CREATING),
            new Case(DeviceState.ABSENT, Cmd.ACTIVATE, Outcome.UNHANDLED, DeviceState.ABSENT),
            new Case(DeviceState.ABSENT, Cmd.REMOVE, Outcome.UNHANDLED, DeviceState.ABSENT),
            new Case(DeviceState.ABSENT, Cmd.FORCE_REMOVE, Outcome.UNHANDLED, DeviceState.ABSENT),
            new Case(DeviceState.ABSENT, Cmd.REMOVE_REFUSED, Outcome.UNHANDLED, DeviceState.ABSENT),
            new Case(DeviceState.ABSENT, Cmd.GET_STATE, Outcome.UNHANDLED, DeviceState.ABSENT),
            new Case(DeviceState.ABSENT, Cmd.RECYCLE, Outcome.UNHANDLED, DeviceState.ABSENT),
            new Case(DeviceState.ABSENT, Cmd.STOP, Outcome.STOPS, null),
            new Case(DeviceState.CREATING, Cmd.ASSIGN, Outcome.UNHANDLED, DeviceState.CREATING),
            new Case(DeviceState.CREATING, Cmd.ACTIVATE, Outcome.REPLY_OK, DeviceState.ACTIVE),                    // C14
            new Case(DeviceState.CREATING, Cmd.REMOVE, Outcome.REPLY_EAGAIN_AND_DECLINE, DeviceState.CREATING),    // R5
            new Case(DeviceState.CREATING, Cmd.FORCE_REMOVE, Outcome.UNHANDLED, DeviceState.CREATING),
            new Case(DeviceState.CREATING, Cmd.REMOVE_REFUSED, Outcome.UNHANDLED, DeviceState.CREATING),
            new Case(DeviceState.CREATING, Cmd.GET_STATE, Outcome.REPORT_STATE, DeviceState.CREATING),
            new Case(DeviceState.CREATING, Cmd.RECYCLE, Outcome.BECOMES, DeviceState.ABSENT),                     // C9
            new Case(DeviceState.CREATING, Cmd.STOP, Outcome.STOPS, null),                                        // C9
            new Case(DeviceState.ACTIVE, Cmd.ASSIGN, Outcome.UNHANDLED, DeviceState.ACTIVE),
            new Case(DeviceState.ACTIVE, Cmd.ACTIVATE, Outcome.UNHANDLED, DeviceState.ACTIVE),
            new Case(DeviceState.ACTIVE, Cmd.REMOVE, Outcome.VENDOR_REMOVE, DeviceState.REMOVING),                 // R3/R4
            new Case(DeviceState.ACTIVE, Cmd.FORCE_REMOVE, Outcome.VENDOR_FORCE_REMOVE, DeviceState.REMOVING),     // P5
            new Case(DeviceState.ACTIVE, Cmd.REMOVE_REFUSED, Outcome.UNHANDLED, DeviceState.ACTIVE),
            new Case(DeviceState.ACTIVE, Cmd.GET_STATE, Outcome.REPORT_STATE, DeviceState.ACTIVE),
            new Case(DeviceState.ACTIVE, Cmd.RECYCLE, Outcome.BECOMES, DeviceState.ABSENT),                         // passivated
            new Case(DeviceState.ACTIVE, Cmd.STOP, Outcome.STOPS, null),                                             // passivated
            new Case(DeviceState.REMOVING, Cmd.ASSIGN, Outcome.UNHANDLED, DeviceState.REMOVING),
            new Case(DeviceState.REMOVING, Cmd.ACTIVATE, Outcome.UNHANDLED, DeviceState.REMOVING),
            new Case(DeviceState.REMOVING, Cmd.REMOVE, Outcome.REPLY_EAGAIN_AND_DECLINE, DeviceState.REMOVING),    // R6
            new Case(DeviceState.REMOVING, Cmd.FORCE_REMOVE, Outcome.UNHANDLED, DeviceState.REMOVING),
            new Case(DeviceState.REMOVING, Cmd.REMOVE_REFUSED, Outcome.REPLY_EBUSY, DeviceState.ACTIVE),           // R4
            new Case(DeviceState.REMOVING, Cmd.GET_STATE, Outcome.REPORT_STATE, DeviceState.REMOVING),
            new Case(DeviceState.REMOVING, Cmd.RECYCLE, Outcome.BECOMES, DeviceState.ABSENT),                      // R3
            new Case(DeviceState.REMOVING, Cmd.STOP, Outcome.STOPS, null));                                        // R3

    static Stream<Arguments> table() {
        return TABLE.stream().map(c -> Arguments.of(c.state(), c.cmd(), c.outcome(), c.after()));
    }

    @BeforeAll
    static void subscribe() {
        unhandled = testKit.createTestProbe(UnhandledMessage.class);
        testKit.system().eventStream().tell(new EventStream.Subscribe<>(UnhandledMessage.class, unhandled.getRef()));
        // the subscription is asynchronous: wait until an event published after it arrives
        akka.actor.ActorRef self = Adapter.toClassic(unhandled.getRef());
        unhandled.awaitAssert(WAIT, () -> {
            testKit.system().eventStream().tell(new EventStream.Publish<>(new UnhandledMessage("marker", self, self)));
            return unhandled.receiveMessage(Duration.ofMillis(200));
        });
    }

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    @org.junit.jupiter.api.Test
    void table_coversEveryStateAndCommand() {
        List<String> missing = new ArrayList<>();
        for (DeviceState s : DeviceState.values()) {
            for (Cmd c : Cmd.values()) {
                if (TABLE.stream().noneMatch(x -> x.state() == s && x.cmd() == c)) {
                    missing.add(s + "×" + c);
                }
            }
        }
        assertEquals(List.of(), missing);
    }

    @ParameterizedTest(name = "{0} × {1} → {2}, then {3}")  // ABSENT: idle; null after: stopped
    @MethodSource("table")
    void device_stateTimesCommand(DeviceState state, Cmd cmd, Outcome outcome, DeviceState after) {
        UUID uuid = UUID.randomUUID();
        TestProbe<ParentDevice.Command> parent = testKit.createTestProbe(ParentDevice.Command.class);
        TestProbe<Reply> client = testKit.createTestProbe(Reply.class);
        ActorRef<MdevDevice.Command> device = testKit.spawn(state == DeviceState.ABSENT
                ? MdevDevice.idle() : MdevDevice.create(uuid, parent.getRef()));
        driveTo(device, state, parent, client);

        TestProbe<StateReply> states = testKit.createTestProbe(StateReply.class);
        MdevDevice.Command command = switch (cmd) {
            case ASSIGN -> new MdevDevice.Assign(uuid, parent.getRef());
            case ACTIVATE -> new MdevDevice.Activate(7, client.getRef());
            case REMOVE -> new MdevDevice.Remove(7, client.getRef());
            case FORCE_REMOVE -> new MdevDevice.ForceRemove(7);
            case REMOVE_REFUSED -> new MdevDevice.RemoveRefused(7, client.getRef());
            case GET_STATE -> new MdevDevice.GetState(7, states.getRef());
            case RECYCLE -> MdevDevice.Recycle.INSTANCE;
            case STOP -> MdevDevice.Stop.INSTANCE;
        };
        device.tell(command);

        switch (outcome) {
            case REPLY_OK -> client.expectMessage(WAIT, new Reply(7, Errno.OK));
            case REPLY_EBUSY -> client.expectMessage(WAIT, new Reply(7, Errno.EBUSY));
            case REPLY_EAGAIN_AND_DECLINE -> {
                parent.expectMessage(WAIT, new ParentDevice.RemoveDeclined(7, uuid));
                client.expectMessage(WAIT, new Reply(7, Errno.EAGAIN));
            }
            case VENDOR_REMOVE -> parent.expectMessage(WAIT,
                    new ParentDevice.StartVendorRemove(7, uuid, false, client.getRef()));
            case VENDOR_FORCE_REMOVE -> parent.expectMessage(WAIT,
                    new ParentDevice.StartVendorRemove(7, uuid, true, null));
            case REPORT_STATE -> states.expectMessage(WAIT, new StateReply(7, uuid, state));
            case UNHANDLED -> unhandled.fishForMessage(WAIT, "the command published as unhandled",
                    m -> m.getMessage() == command ? FishingOutcomes.complete() : FishingOutcomes.continueAndIgnore());
            case STOPS, BECOMES -> { } // checked below
        }

        if (after == null) {
            states.expectTerminated(device, WAIT);
        } else if (after == DeviceState.ABSENT) {
            // idle: it takes a new mdev, and says nothing of the old one
            UUID next = UUID.randomUUID();
            device.tell(new MdevDevice.Assign(next, parent.getRef()));
            device.tell(new MdevDevice.GetState(8, states.getRef()));
            states.expectMessage(WAIT, new StateReply(8, next, DeviceState.CREATING));
        } else {
            device.tell(new MdevDevice.GetState(8, states.getRef()));
            states.expectMessage(WAIT, new StateReply(8, uuid, after));
        }
        // nothing else was said to anyone
        client.expectNoMessage(Duration.ZERO);
        parent.expectNoMessage(Duration.ZERO);
        testKit.stop(device);
    }

    @org.junit.jupiter.api.Test
    void recycle_afterForwardedRemove_answersItFirstThenServesTheNextMdev_G1() {
        UUID uuid = UUID.randomUUID();
        TestProbe<ParentDevice.Command> parent = testKit.createTestProbe(ParentDevice.Command.class);
        TestProbe<Reply> client = testKit.createTestProbe(Reply.class);
        ActorRef<MdevDevice.Command> device = testKit.spawn(MdevDevice.create(uuid, parent.getRef()));
        driveTo(device, DeviceState.REMOVING, parent, client);
        device.tell(new MdevDevice.Remove(9, client.getRef()));
        device.tell(MdevDevice.Recycle.INSTANCE);
        UUID next = UUID.randomUUID();
        device.tell(new MdevDevice.Assign(next, parent.getRef()));
        device.tell(new MdevDevice.Remove(10, client.getRef()));
        client.expectMessage(WAIT, new Reply(9, Errno.EAGAIN)); // R6, for the old mdev
        parent.expectMessage(WAIT, new ParentDevice.RemoveDeclined(9, uuid));
        client.expectMessage(WAIT, new Reply(10, Errno.EAGAIN)); // R5, for the new one
        parent.expectMessage(WAIT, new ParentDevice.RemoveDeclined(10, next));
    }

    @org.junit.jupiter.api.Test
    void assignActive_wakesARestingMdevInActive() {
        UUID uuid = UUID.randomUUID();
        TestProbe<ParentDevice.Command> parent = testKit.createTestProbe(ParentDevice.Command.class);
        TestProbe<Reply> client = testKit.createTestProbe(Reply.class);
        TestProbe<StateReply> states = testKit.createTestProbe(StateReply.class);
        ActorRef<MdevDevice.Command> device = testKit.spawn(MdevDevice.idle());
        device.tell(new MdevDevice.Assign(uuid, parent.getRef(), true));
        device.tell(new MdevDevice.GetState(1, states.getRef()));
        states.expectMessage(WAIT, new StateReply(1, uuid, DeviceState.ACTIVE));
        device.tell(new MdevDevice.Remove(2, client.getRef()));
        parent.expectMessage(WAIT, new ParentDevice.StartVendorRemove(2, uuid, false, client.getRef()));
    }

    @org.junit.jupiter.api.Test
    void stop_afterForwardedRemove_answersItFirst_G1() {
        UUID uuid = UUID.randomUUID();
        TestProbe<ParentDevice.Command> parent = testKit.createTestProbe(ParentDevice.Command.class);
        TestProbe<Reply> client = testKit.createTestProbe(Reply.class);
        ActorRef<MdevDevice.Command> device = testKit.spawn(MdevDevice.create(uuid, parent.getRef()));
        driveTo(device, DeviceState.REMOVING, parent, client);
        // the parent forwarded a second remove, then the removal completed: both are queued
        device.tell(new MdevDevice.Remove(9, client.getRef()));
        device.tell(MdevDevice.Stop.INSTANCE);
        client.expectMessage(WAIT, new Reply(9, Errno.EAGAIN)); // R6, and not lost (G1)
        parent.expectMessage(WAIT, new ParentDevice.RemoveDeclined(9, uuid));
        client.expectTerminated(device, WAIT);
    }

    private static void driveTo(ActorRef<MdevDevice.Command> device, DeviceState state,
                                TestProbe<ParentDevice.Command> parent, TestProbe<Reply> client) {
        if (state == DeviceState.CREATING || state == DeviceState.ABSENT) {
            return;
        }
        device.tell(new MdevDevice.Activate(1, client.getRef()));
        client.expectMessage(WAIT, new Reply(1, Errno.OK));
        if (state == DeviceState.REMOVING) {
            device.tell(new MdevDevice.Remove(2, client.getRef()));
            parent.expectMessageClass(ParentDevice.StartVendorRemove.class, WAIT);
        }
    }
}
