package dev.mdevsim.parent;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.Terminated;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import dev.mdevsim.core.DeviceState;
import dev.mdevsim.core.Errno;
import dev.mdevsim.core.HostObserver;
import dev.mdevsim.core.InstancesReply;
import dev.mdevsim.core.ParentSpec;
import dev.mdevsim.core.Reply;
import dev.mdevsim.core.StateReply;
import dev.mdevsim.device.MdevDevice;
import dev.mdevsim.registry.Registry;
import dev.mdevsim.vendor.VendorDriver;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;

/**
 * One parent device: its types and capacity, its vendor driver, and its mdevs as child actors.
 *
 * <p>Design notes.
 * <ul>
 *   <li>Runs the vendor's create and remove ops ({@code mdev_device_create_ops},
 *       {@code mdev_device_remove_ops}) asynchronously with {@code pipeToSelf}. In the seed model any
 *       number run at once, on any mix of UUIDs (C11, R7); nothing here waits for them.</li>
 *   <li>Create: the registry has reserved the UUID. Claim an instance (C10 if none), spawn the
 *       {@link MdevDevice} in {@code creating}, start the vendor op. On OK the device is activated
 *       and replies (C14); on failure the instance and the UUID are released before the reply (C9).</li>
 *   <li>Remove: forwarded to the device, which answers EAGAIN while transitional (R5, R6) or turns
 *       {@code removing} and asks for the vendor op. On OK: instance returned, device stopped, UUID
 *       released, then the reply (R3). On refusal the device is active again and says EBUSY (R4).</li>
 *   <li>Unregister (P5, as in the 5.2 kernel's {@code unreg_sem}): wait until no op is in progress
 *       ({@code inProgress}: vendor ops running plus removes forwarded to devices and not yet
 *       decided), then remove every mdev, ignoring refusals, then tell the registry and turn
 *       {@link #gone()}.</li>
 *   <li>No actor is stopped while messages for it may be queued, since they would be dropped with
 *       their replies (G1): a forgotten device gets {@link MdevDevice.Stop} behind whatever was
 *       forwarded to it; a gone parent answers what the registry still forwards until the registry,
 *       which has stopped forwarding, sends {@link Stop}; it then waits for its last children.</li>
 * </ul>
 */
public final class ParentDevice extends AbstractBehavior<ParentDevice.Command> {

    /** Everything a parent accepts. */
    public sealed interface Command {
    }

    /** From the registry: the UUID is reserved; create the device (C10, C14, C9). */
    public record StartCreate(long requestId, String type, UUID uuid, ActorRef<Reply> replyTo) implements Command {
    }

    /** From the registry: a user remove of one of this parent's devices. */
    public record RemoveDevice(long requestId, UUID uuid, ActorRef<Reply> replyTo) implements Command {
    }

    /** From a device that turned {@code removing}: run the vendor remove op. */
    public record StartVendorRemove(long requestId, UUID uuid, boolean force, ActorRef<Reply> replyTo) implements Command {
    }

    /** From a device: it answered a forwarded remove with EAGAIN itself. */
    public record RemoveDeclined(long requestId, UUID uuid) implements Command {
    }

    /** From the registry: unregister this parent (P5). */
    public record Unregister(long requestId, ActorRef<Reply> replyTo) implements Command {
    }

    /** Asks the state of one of this parent's UUIDs. */
    public record GetState(long requestId, UUID uuid, ActorRef<StateReply> replyTo) implements Command {
    }

    /** Asks {@code available_instances} of a type. */
    public record GetInstances(long requestId, String type, ActorRef<InstancesReply> replyTo) implements Command {
    }

    /** Asks for a copy of the parent's tables (G4 checks). */
    public record Inspect(ActorRef<View> replyTo) implements Command {
    }

    /** From the registry, after {@link Registry.ParentGone}: nothing more will be forwarded; stop. */
    public enum Stop implements Command { INSTANCE }

    /**
     * The parent's tables: device UUID → type, claimed instances per type, the number of child
     * actors still alive and the ops in progress.
     */
    public record View(String name, Map<UUID, String> devices, Map<String, Integer> claimed, int liveChildren,
                       int inProgress) {
    }

    private record CreateDone(long requestId, UUID uuid, Errno errno, ActorRef<Reply> replyTo) implements Command {
    }

    private record RemoveDone(long requestId, UUID uuid, Errno errno, boolean force, ActorRef<Reply> replyTo)
            implements Command {
    }

    private record Child(ActorRef<MdevDevice.Command> ref, String type) {
    }

    private final String name;
    private final VendorDriver vendor;
    private final ActorRef<Registry.Command> registry;
    private final HostObserver observer;
    private final Capacity capacity;
    private final Map<UUID, Child> children = new HashMap<>();
    private int inProgress;
    private Unregister unregister;
    private boolean unregisterQueued;
    private boolean sweeping;

    public static Behavior<Command> create(ParentSpec spec, VendorDriver vendor, ActorRef<Registry.Command> registry,
                                           HostObserver observer) {
        return Behaviors.setup(ctx -> new ParentDevice(ctx, spec, vendor, registry, observer));
    }

    private ParentDevice(ActorContext<Command> context, ParentSpec spec, VendorDriver vendor,
                         ActorRef<Registry.Command> registry, HostObserver observer) {
        super(context);
        this.name = spec.name();
        this.vendor = vendor;
        this.registry = registry;
        this.observer = observer;
        this.capacity = new Capacity(spec);
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(StartCreate.class, this::onStartCreate)
                .onMessage(CreateDone.class, this::onCreateDone)
                .onMessage(RemoveDevice.class, this::onRemoveDevice)
                .onMessage(StartVendorRemove.class, this::onStartVendorRemove)
                .onMessage(RemoveDone.class, this::onRemoveDone)
                .onMessage(RemoveDeclined.class, this::onRemoveDeclined)
                .onMessage(GetState.class, this::onGetState)
                .onMessage(GetInstances.class, this::onGetInstances)
                .onMessage(Unregister.class, this::onUnregister)
                .onMessage(Inspect.class, this::onInspect)
                .build();
    }

    private Behavior<Command> onStartCreate(StartCreate s) {
        if (unregister != null) {
            // the registry stops forwarding before it sends Unregister; kept for safety
            registry.tell(new Registry.Release(s.uuid()));
            s.replyTo().tell(new Reply(s.requestId(), Errno.ENODEV));
            return this;
        }
        if (!capacity.tryClaim(s.type())) {
            registry.tell(new Registry.Release(s.uuid()));
            s.replyTo().tell(new Reply(s.requestId(), vendor.capacityErrno())); // C10
            return this;
        }
        ActorRef<MdevDevice.Command> device = getContext().spawnAnonymous(MdevDevice.create(s.uuid(), getContext().getSelf()));
        children.put(s.uuid(), new Child(device, s.type()));
        inProgress++;
        CompletionStage<Errno> op = vendor.create(s.requestId(), name, s.type(), s.uuid());
        getContext().pipeToSelf(op, (errno, failure) ->
                new CreateDone(s.requestId(), s.uuid(), outcome(errno, failure), s.replyTo()));
        return this;
    }

    private Behavior<Command> onCreateDone(CreateDone d) {
        Child child = children.get(d.uuid());
        opFinished();
        if (d.errno().isOk()) {
            observer.live(d.uuid(), name, true);
            child.ref().tell(new MdevDevice.Activate(d.requestId(), d.replyTo())); // C14: the device replies OK
        } else {
            capacity.release(child.type());
            forget(d.uuid(), child);
            registry.tell(new Registry.Release(d.uuid()));
            d.replyTo().tell(new Reply(d.requestId(), d.errno())); // C9: the UUID is free before the reply
        }
        return sweepIfDrained();
    }

    private Behavior<Command> onRemoveDevice(RemoveDevice r) {
        Child child = children.get(r.uuid());
        if (child == null) {
            // its create failed after the registry routed this remove here
            r.replyTo().tell(new Reply(r.requestId(), Errno.ENODEV));
            return this;
        }
        inProgress++; // until the device declines (EAGAIN) or the vendor op completes
        child.ref().tell(new MdevDevice.Remove(r.requestId(), r.replyTo()));
        return this;
    }

    private Behavior<Command> onRemoveDeclined(RemoveDeclined d) {
        opFinished();
        return sweepIfDrained();
    }

    private Behavior<Command> onStartVendorRemove(StartVendorRemove s) {
        Child child = children.get(s.uuid());
        CompletionStage<Errno> op = vendor.remove(s.requestId(), name, child.type(), s.uuid());
        getContext().pipeToSelf(op, (errno, failure) ->
                new RemoveDone(s.requestId(), s.uuid(), outcome(errno, failure), s.force(), s.replyTo()));
        return this;
    }

    private Behavior<Command> onRemoveDone(RemoveDone d) {
        Child child = children.get(d.uuid());
        if (!d.force()) {
            opFinished();
        }
        if (d.errno().isOk() || d.force()) {
            capacity.release(child.type());
            forget(d.uuid(), child);
            observer.live(d.uuid(), name, false);
            registry.tell(new Registry.Release(d.uuid()));
            if (!d.force()) {
                d.replyTo().tell(new Reply(d.requestId(), Errno.OK)); // R3: UUID and instance free first
            }
        } else {
            child.ref().tell(new MdevDevice.RemoveRefused(d.requestId(), d.replyTo())); // R4: the device says EBUSY
        }
        return sweepIfDrained();
    }

    private Behavior<Command> onGetState(GetState g) {
        Child child = children.get(g.uuid());
        if (child == null) {
            g.replyTo().tell(new StateReply(g.requestId(), g.uuid(), DeviceState.ABSENT));
        } else {
            child.ref().tell(new MdevDevice.GetState(g.requestId(), g.replyTo()));
        }
        return this;
    }

    private Behavior<Command> onGetInstances(GetInstances g) {
        int available = capacity.available(g.type());
        g.replyTo().tell(available < 0
                ? new InstancesReply(g.requestId(), Errno.ENOENT, 0)
                : new InstancesReply(g.requestId(), Errno.OK, available));
        return this;
    }

    private Behavior<Command> onUnregister(Unregister u) {
        unregister = u;
        if (inProgress > 0) {
            unregisterQueued = true;
            observer.queued(u.requestId()); // waits for the ops in progress (P5)
        }
        return sweepIfDrained();
    }

    private Behavior<Command> onInspect(Inspect i) {
        Map<UUID, String> devices = new HashMap<>();
        children.forEach((uuid, c) -> devices.put(uuid, c.type()));
        i.replyTo().tell(new View(name, devices, capacity.claimed(), getContext().getChildren().size(), inProgress));
        return this;
    }

    /**
     * One op in progress ended. If it was the last one an unregistration waited for, the
     * unregistration runs again: say so now, before this step sends any reply (see {@link HostObserver}).
     */
    private void opFinished() {
        inProgress--;
        if (inProgress == 0 && unregisterQueued) {
            unregisterQueued = false;
            observer.dequeued(unregister.requestId());
        }
    }

    /**
     * P5: once nothing is in progress, force-remove every device; once none is left, hand the
     * unregistration back to the registry and stop (the children stop with this actor).
     */
    private Behavior<Command> sweepIfDrained() {
        if (unregister == null || inProgress > 0) {
            return this;
        }
        if (!sweeping) {
            sweeping = true;
            children.values().forEach(c -> c.ref().tell(new MdevDevice.ForceRemove(unregister.requestId())));
        }
        if (!children.isEmpty()) {
            return this;
        }
        registry.tell(new Registry.ParentGone(name, unregister.requestId(), unregister.replyTo()));
        return gone();
    }

    /** The device is no longer this parent's; it stops after answering what was forwarded to it. */
    private void forget(UUID uuid, Child child) {
        children.remove(uuid);
        child.ref().tell(MdevDevice.Stop.INSTANCE);
    }

    /**
     * After the sweep: every mdev is removed and the registry has been told. Answers what the
     * registry may still forward before it learns that, then stops on its {@link Stop} once the
     * last device actor has terminated.
     */
    private Behavior<Command> gone() {
        return Behaviors.receive(Command.class)
                .onMessage(GetInstances.class, g -> {
                    g.replyTo().tell(new InstancesReply(g.requestId(), Errno.ENOENT, 0));
                    return Behaviors.same();
                })
                .onMessage(GetState.class, g -> {
                    g.replyTo().tell(new StateReply(g.requestId(), g.uuid(), DeviceState.ABSENT));
                    return Behaviors.same();
                })
                .onMessage(Inspect.class, this::onInspect)
                .onMessageEquals(Stop.INSTANCE, this::stopAfterChildren)
                .onSignal(Terminated.class, t -> getContext().getChildren().isEmpty() ? Behaviors.stopped() : Behaviors.same())
                .build();
    }

    private Behavior<Command> stopAfterChildren() {
        if (getContext().getChildren().isEmpty()) {
            return Behaviors.stopped();
        }
        getContext().getChildren().forEach(c -> getContext().watch(c));
        return Behaviors.same();
    }

    private Errno outcome(Errno errno, Throwable failure) {
        if (failure != null) {
            getContext().getLog().error("vendor op of parent {} failed with an exception; counted as EIO", name, failure);
            return Errno.EIO;
        }
        return errno;
    }
}
