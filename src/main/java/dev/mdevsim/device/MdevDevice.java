package dev.mdevsim.device;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
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
 *   <li>Spawned by its {@link ParentDevice} in {@code creating} when the vendor create op starts. When
 *       the create fails or the removal completes, the parent forgets it and sends {@link Stop}: the
 *       device answers what the parent forwarded before (FIFO), then stops itself. Being stopped from
 *       outside would drop those messages and lose their replies (G1).</li>
 *   <li>A remove in a transitional state is answered here with EAGAIN (R5, R6: the seed's
 *       {@code if (!mdev->active) return -EAGAIN}), and the parent is told it need not wait for it.</li>
 *   <li>Every state answers every command explicitly. A command the parent never sends in a state is
 *       {@link Behaviors#unhandled() unhandled} (logged and published as {@code UnhandledMessage}).</li>
 *   <li>The reply to the user is sent by whoever makes the state change the reply reports, after
 *       making it: so a client that got OK for a create finds the device active.</li>
 * </ul>
 */
public final class MdevDevice {

    /** Everything a device accepts; all of it comes from its parent. */
    public sealed interface Command {
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

    /** The parent has forgotten this device (create failed, removal done): stop once this is reached. */
    public enum Stop implements Command { INSTANCE }

    private final UUID uuid;
    private final ActorRef<ParentDevice.Command> parent;

    private MdevDevice(UUID uuid, ActorRef<ParentDevice.Command> parent) {
        this.uuid = uuid;
        this.parent = parent;
    }

    /** A device in {@code creating}: its vendor create op has just started. */
    public static Behavior<Command> create(UUID uuid, ActorRef<ParentDevice.Command> parent) {
        return new MdevDevice(uuid, parent).creating();
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
            } else if (msg == Stop.INSTANCE) {
                return Behaviors.stopped(); // C9: the create failed
            } else if (msg instanceof ForceRemove || msg instanceof RemoveRefused) {
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
            } else if (msg instanceof Activate || msg instanceof RemoveRefused || msg == Stop.INSTANCE) {
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
            } else if (msg == Stop.INSTANCE) {
                return Behaviors.stopped(); // R3, P5: the removal is complete
            } else if (msg instanceof Activate || msg instanceof ForceRemove) {
                return Behaviors.unhandled(); // already on its way out
            }
            throw new IllegalStateException("unknown command " + msg);
        });
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
