package dev.mdevsim.device;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Adapter;
import akka.actor.typed.javadsl.Behaviors;
import dev.mdevsim.core.DeviceState;
import dev.mdevsim.core.Errno;
import dev.mdevsim.core.Reply;
import dev.mdevsim.core.StateReply;
import dev.mdevsim.parent.ParentDevice;
import java.util.UUID;

/**
 * One mediated device: the lifecycle state machine {@code creating → active → removing}, written as
 * one method per state. It owns the kernel's {@code mdev_device.active} flag.
 *
 * <p>Design notes.
 * <ul>
 *   <li>A device actor serves one mdev at a time. Its parent {@link Assign assigns} it a UUID when
 *       the vendor create op starts ({@code creating}); when the create fails or the removal
 *       completes, the parent forgets the mdev and sends {@link Recycle}: the device answers what the
 *       parent forwarded before (FIFO) and turns {@code idle}, ready for the next create (or
 *       {@link Stop}, to stop after the same). An idle device is no mdev ({@code absent}). Reusing
 *       device actors spares a spawn and a stop per mdev, which dominate churn otherwise; being
 *       stopped from outside would drop queued messages and lose their replies (G1).</li>
 *   <li>A remove in a transitional state is answered here with EAGAIN (R5, R6: the seed's
 *       {@code if (!mdev->active) return -EAGAIN}), and the parent is told it need not wait for it.</li>
 *   <li>Every state answers every command explicitly. A command the parent never sends in a state is
 *       {@link Behaviors#unhandled() unhandled} (logged and published as {@code UnhandledMessage}).</li>
 *   <li>The reply to the user is sent by whoever makes the state change the reply reports, after
 *       making it: so a client that got OK for a create finds the device active.</li>
 *   <li>All devices are spawned from one shared classic {@code Props} ({@link #PROPS}), so a spawn
 *       allocates no per-actor props; identity comes with {@link Assign}.</li>
 *   <li>An active device may be recycled while its mdev stays active: the parent then keeps the mdev
 *       as a resting record and assigns a device to it again, in {@code active}, when an op needs one
 *       (passivation, see {@link ParentDevice}). A transitional mdev always has its device.</li>
 * </ul>
 */
public final class MdevDevice {

    /** Everything a device accepts; all of it comes from its parent. */
    public sealed interface Command {
    }

    /**
     * An idle device becomes the mdev {@code uuid}: in {@code creating} when its vendor create op
     * starts, or in {@code active} when the parent wakes a resting active mdev for an op.
     */
    public record Assign(UUID uuid, ActorRef<ParentDevice.Command> parent, boolean active) implements Command {
        /** A new mdev, in {@code creating}. */
        public Assign(UUID uuid, ActorRef<ParentDevice.Command> parent) {
            this(uuid, parent, false);
        }
    }

    /** The vendor create op succeeded: become active and reply OK (C14). */
    public record Activate(long requestId, ActorRef<Reply> replyTo) implements Command {
    }

    /** A user remove (R3–R6). */
    public record Remove(long requestId, ActorRef<Reply> replyTo) implements Command {
    }

    /** The parent is being unregistered: remove without a user request (P5). */
    public record ForceRemove(long requestId) implements Command {
    }

    /** The vendor refused the removal: become active again and reply EBUSY (R4). */
    public record RemoveRefused(long requestId, ActorRef<Reply> replyTo) implements Command {
    }

    /** Asks the current state. */
    public record GetState(long requestId, ActorRef<StateReply> replyTo) implements Command {
    }

    /** The parent has forgotten this mdev (create failed, removal done): become idle once this is reached. */
    public enum Recycle implements Command { INSTANCE }

    /** Stop once this is reached (the parent keeps enough idle devices, or is going away). */
    public enum Stop implements Command { INSTANCE }

    /** The classic props every device is spawned from: one instance for all. */
    public static final akka.actor.Props PROPS = Adapter.props(MdevDevice::idle);

    private UUID uuid;
    private ActorRef<ParentDevice.Command> parent;

    private MdevDevice() {
    }

    /** A device in {@code idle}: no mdev yet. */
    public static Behavior<Command> idle() {
        return new MdevDevice().waiting();
    }

    /** A device that is already the mdev {@code uuid}, in {@code creating} (for tests). */
    public static Behavior<Command> create(UUID uuid, ActorRef<ParentDevice.Command> parent) {
        MdevDevice d = new MdevDevice();
        d.uuid = uuid;
        d.parent = parent;
        return d.creating();
    }

    private Behavior<Command> waiting() {
        return Behaviors.receiveMessage(msg -> {
            if (msg instanceof Assign a) {
                uuid = a.uuid();
                parent = a.parent();
                return a.active() ? active() : creating();
            } else if (msg == Stop.INSTANCE) {
                return Behaviors.stopped();
            } else if (msg instanceof Activate || msg instanceof Remove || msg instanceof ForceRemove
                    || msg instanceof RemoveRefused || msg instanceof GetState || msg == Recycle.INSTANCE) {
                return Behaviors.unhandled(); // no mdev: the parent forwards nothing here
            }
            throw new IllegalStateException("unknown command " + msg);
        });
    }

    private Behavior<Command> creating() {
        return Behaviors.receiveMessage(msg -> {
            if (msg instanceof Activate a) {
                Behavior<Command> next = active();
                a.replyTo().tell(new Reply(a.requestId(), Errno.OK)); // C14
                return next;
            } else if (msg instanceof Remove r) {
                return declineRemove(r); // R5: early remove
            } else if (msg instanceof GetState g) {
                return reportState(g, DeviceState.CREATING);
            } else if (msg == Recycle.INSTANCE) {
                return forget(); // C9: the create failed
            } else if (msg == Stop.INSTANCE) {
                return Behaviors.stopped(); // C9
            } else if (msg instanceof ForceRemove || msg instanceof RemoveRefused || msg instanceof Assign) {
                return Behaviors.unhandled(); // the parent waits for the create before it sweeps
            }
            throw new IllegalStateException("unknown command " + msg);
        });
    }

    private Behavior<Command> active() {
        return Behaviors.receiveMessage(msg -> {
            if (msg instanceof Remove r) {
                parent.tell(new ParentDevice.StartVendorRemove(r.requestId(), uuid, false, r.replyTo()));
                return removing();
            } else if (msg instanceof ForceRemove f) {
                parent.tell(new ParentDevice.StartVendorRemove(f.requestId(), uuid, true, null));
                return removing();
            } else if (msg instanceof GetState g) {
                return reportState(g, DeviceState.ACTIVE);
            } else if (msg == Recycle.INSTANCE) {
                return forget(); // passivated: the mdev rests in its parent, still active
            } else if (msg == Stop.INSTANCE) {
                return Behaviors.stopped(); // passivated, and the pool is full
            } else if (msg instanceof Activate || msg instanceof RemoveRefused || msg instanceof Assign) {
                return Behaviors.unhandled(); // nothing is being created or removed
            }
            throw new IllegalStateException("unknown command " + msg);
        });
    }

    private Behavior<Command> removing() {
        return Behaviors.receiveMessage(msg -> {
            if (msg instanceof RemoveRefused r) {
                Behavior<Command> next = active();
                r.replyTo().tell(new Reply(r.requestId(), Errno.EBUSY)); // R4
                return next;
            } else if (msg instanceof Remove r) {
                return declineRemove(r); // R6: a second remove during a removal
            } else if (msg instanceof GetState g) {
                return reportState(g, DeviceState.REMOVING);
            } else if (msg == Recycle.INSTANCE) {
                return forget(); // R3, P5: the removal is complete
            } else if (msg == Stop.INSTANCE) {
                return Behaviors.stopped(); // R3, P5
            } else if (msg instanceof Activate || msg instanceof ForceRemove || msg instanceof Assign) {
                return Behaviors.unhandled(); // already on its way out
            }
            throw new IllegalStateException("unknown command " + msg);
        });
    }

    private Behavior<Command> forget() {
        uuid = null;
        parent = null;
        return waiting();
    }

    private Behavior<Command> declineRemove(Remove r) {
        parent.tell(new ParentDevice.RemoveDeclined(r.requestId(), uuid));
        r.replyTo().tell(new Reply(r.requestId(), Errno.EAGAIN));
        return Behaviors.same();
    }

    private Behavior<Command> reportState(GetState g, DeviceState state) {
        g.replyTo().tell(new StateReply(g.requestId(), uuid, state));
        return Behaviors.same();
    }
}
