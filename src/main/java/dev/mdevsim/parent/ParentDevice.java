package dev.mdevsim.parent;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.Terminated;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Adapter;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import dev.mdevsim.core.DeviceCounts;
import dev.mdevsim.core.DeviceState;
import dev.mdevsim.core.Errno;
import dev.mdevsim.core.HostObserver;
import dev.mdevsim.core.InstancesReply;
import dev.mdevsim.core.ParentSpec;
import dev.mdevsim.core.Reply;
import dev.mdevsim.core.StateReply;
import dev.mdevsim.device.MdevDevice;
import dev.mdevsim.model.KernelMutex;
import dev.mdevsim.model.Model;
import dev.mdevsim.registry.Registry;
import dev.mdevsim.vendor.VendorDriver;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One parent device: its types and capacity, its vendor driver, and its mdevs as child actors.
 *
 * <p>Design notes.
 * <ul>
 *   <li>Runs the vendor's create and remove ops ({@code mdev_device_create_ops},
 *       {@code mdev_device_remove_ops}) asynchronously: their completion only enqueues a message here (as
 *       {@code pipeToSelf} would, without its adapter). In seed and global-lock
 *       any number run at once here, on any mix of UUIDs (C11, R7); nothing here waits for them.</li>
 *   <li>Legacy: {@code parent->lock} is a {@link KernelMutex} held across each create and remove,
 *       vendor op included (C3, C5, C7, C11, R7). Under it a create checks the parent's own children
 *       (EEXIST, no warning), then asks the registry for the bus link ({@link Registry.LinkBus}: a
 *       cross-parent duplicate warns there, C4, C6, C8), then proceeds as in seed. A completed create
 *       and a refused removal are put on the registry's list ({@link Registry.Listed}). The work runs
 *       with this actor's reply adapter as its {@code replyTo}, so the reply comes back here, releases
 *       the lock and goes on to the client.</li>
 *   <li>Create: the registry has reserved the UUID. Claim an instance (C10 if none), assign a
 *       {@link MdevDevice} in {@code creating} ({@link Devices}), start the vendor op. On OK the device is activated
 *       and replies (C14); on failure the instance and the UUID are released before the reply (C9).</li>
 *   <li>Remove: forwarded to the device, which answers EAGAIN while transitional (R5, R6) or turns
 *       {@code removing} and asks for the vendor op. On OK: instance returned, device recycled, UUID
 *       released, then the reply (R3). On refusal the device is active again and says EBUSY (R4).</li>
 *   <li>Unregister (P5, as in the 5.2 kernel's {@code unreg_sem}): wait until no op is in progress
 *       ({@code inProgress}: vendor ops running plus removes forwarded to devices and not yet
 *       decided), then remove every mdev, ignoring refusals, then tell the registry and turn
 *       {@link #gone()}.</li>
 *   <li>No actor is stopped while messages for it may be queued, since they would be dropped with
 *       their replies (G1): a forgotten device gets {@link MdevDevice.Recycle} (or {@link MdevDevice.Stop})
 *       behind whatever was forwarded to it; a gone parent answers what the registry still forwards
 *       until the registry, which has stopped forwarding, sends {@link Stop}; it then stops its idle
 *       devices and waits for its last children.</li>
 *   <li>Device actors are pooled and, beyond a limit of active ones, passivated ({@link Devices}).
 *       Devices are spawned from one shared classic {@code Props}. A vendor op that completed at once
 *       (a zero latency) is handled in the same step, without a message round trip.</li>
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

    /** Asks how many of this parent's mdevs are in each state: cheap, for a run's time series. */
    public record CountStates(ActorRef<DeviceCounts> replyTo) implements Command {
    }

    /** From the registry, after {@link Registry.ParentGone}: nothing more will be forwarded; stop. */
    public enum Stop implements Command { INSTANCE }

    /** From the registry, legacy: whether the bus link of the create holding the lock was taken. */
    public record BusLinked(long requestId, UUID uuid, boolean linked) implements Command {
    }

    /**
     * The parent's tables: device UUID → type, claimed instances per type, the number of child
     * actors still alive, the requests in progress, and the vendor creates and removes running (the
     * devices that are {@code creating} and {@code removing}, once the system is quiet).
     */
    public record View(String name, Map<UUID, String> devices, Map<String, Integer> claimed,
                       Map<String, Integer> maxInstances, int liveChildren, int idleDevices, int restingDevices,
                       int inProgress, int creating, int removing) {
    }

    /** A vendor create op completed: its errno, or (a vendor bug) the exception it failed with. */
    private record CreateDone(long requestId, UUID uuid, Errno errno, Throwable failure, ActorRef<Reply> replyTo)
            implements Command {
    }

    private record RemoveDone(long requestId, UUID uuid, Errno errno, Throwable failure, boolean force,
                              ActorRef<Reply> replyTo) implements Command {
    }

    /** Idle device actors kept for reuse, per parent. */
    static final int POOL = 1024;

    /** Legacy: a reply to the request holding the parent lock, on its way back to its client. */
    private record LockedReply(Reply reply) implements Command {
    }

    private final Model model;
    private final String name;
    private final VendorDriver vendor;
    private final ActorRef<Registry.Command> registry;
    private final HostObserver observer;
    private final Capacity capacity;
    private final Devices devices;
    private int inProgress;
    /** Vendor create and remove ops running. */
    private int creating;
    private int removing;
    private Unregister unregister;
    private boolean unregisterQueued;
    private boolean sweeping;
    /** Legacy only: the parent lock, and where its holders' replies come back. */
    private final KernelMutex<Command> lock;
    private final ActorRef<Reply> lockedReplies;

    /**
     * @param maxActiveDeviceActors active mdevs that keep their device actor; beyond that they rest
     *                              (see {@link Devices})
     */
    public static Behavior<Command> create(Model model, ParentSpec spec, VendorDriver vendor,
                                           ActorRef<Registry.Command> registry, HostObserver observer,
                                           int maxActiveDeviceActors) {
        return Behaviors.setup(ctx -> new ParentDevice(ctx, model, spec, vendor, registry, observer, maxActiveDeviceActors));
    }

    private ParentDevice(ActorContext<Command> context, Model model, ParentSpec spec, VendorDriver vendor,
                         ActorRef<Registry.Command> registry, HostObserver observer, int maxActiveDeviceActors) {
        super(context);
        this.model = model;
        this.name = spec.name();
        this.vendor = vendor;
        this.registry = registry;
        this.observer = observer;
        this.capacity = new Capacity(spec);
        akka.actor.ActorContext classic = Adapter.toClassic(context);
        this.devices = new Devices(maxActiveDeviceActors, POOL, context.getSelf(),
                () -> Adapter.toTyped(classic.actorOf(MdevDevice.PROPS)), ActorRef::tell);
        if (model == Model.LEGACY) {
            lock = new KernelMutex<>(this::startLocked, ParentDevice::answer, ParentDevice::requestId, observer);
            lockedReplies = context.messageAdapter(Reply.class, LockedReply::new);
        } else {
            lock = null;
            lockedReplies = null;
        }
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
                .onMessage(BusLinked.class, this::onBusLinked)
                .onMessage(LockedReply.class, this::onLockedReply)
                .onMessage(GetState.class, this::onGetState)
                .onMessage(GetInstances.class, this::onGetInstances)
                .onMessage(Unregister.class, this::onUnregister)
                .onMessage(Inspect.class, this::onInspect)
                .onMessage(CountStates.class, this::onCountStates)
                .build();
    }

    private Behavior<Command> onStartCreate(StartCreate s) {
        inProgress++; // until answered (P5 waits for it)
        if (lock != null) {
            lock.submit(s); // legacy: C3, C5, C7, C11
            return sweepIfDrained();
        }
        Errno answered = beginCreate(s, s.replyTo());
        if (answered != null) {
            opFinished();
            s.replyTo().tell(new Reply(s.requestId(), answered));
        }
        return sweepIfDrained();
    }

    /**
     * The create's vendor phase: claim an instance (C10: the UUID is released and the capacity errno
     * returned), spawn the device in {@code creating}, start the vendor op. Null when started.
     */
    private Errno beginCreate(StartCreate s, ActorRef<Reply> replyTo) {
        if (!capacity.tryClaim(s.type())) {
            registry.tell(new Registry.Release(s.uuid()));
            return vendor.capacityErrno(); // C10
        }
        devices.create(s.uuid(), s.type());
        creating++;
        CompletionStage<Errno> op = vendor.create(s.requestId(), name, s.type(), s.uuid());
        if (op instanceof CompletableFuture<Errno> done && done.isDone()) {
            finishCreate(s.requestId(), s.uuid(), outcome(done), replyTo); // at once: no round trip
        } else {
            ActorRef<Command> self = getContext().getSelf();
            // what pipeToSelf does, without its adapter: the callback only enqueues a message
            op.whenComplete((errno, failure) -> self.tell(new CreateDone(s.requestId(), s.uuid(), errno, failure, replyTo)));
        }
        return null;
    }

    private Behavior<Command> onCreateDone(CreateDone d) {
        finishCreate(d.requestId(), d.uuid(), outcome(d.errno(), d.failure()), d.replyTo());
        return sweepIfDrained();
    }

    private void finishCreate(long requestId, UUID uuid, Errno errno, ActorRef<Reply> replyTo) {
        Devices.Mdev mdev = devices.get(uuid);
        creating--;
        opFinished();
        if (errno.isOk()) {
            observer.live(uuid, name, true);
            if (model == Model.LEGACY) {
                registry.tell(new Registry.Listed(uuid)); // the late listing: only now removable
            }
            mdev.device.tell(new MdevDevice.Activate(requestId, replyTo)); // C14: the device replies OK
            devices.becameActive(uuid);
        } else {
            capacity.release(mdev.type);
            devices.forget(uuid, unregister != null);
            registry.tell(new Registry.Release(uuid));
            replyTo.tell(new Reply(requestId, errno)); // C9: the UUID is free before the reply
        }
    }

    private Behavior<Command> onRemoveDevice(RemoveDevice r) {
        inProgress++; // until the device declines (EAGAIN) or the vendor op completes
        if (lock != null) {
            lock.submit(r); // legacy: R7, the vendor remove waits for the parent lock
            return sweepIfDrained();
        }
        Errno answered = beginRemove(r, r.replyTo());
        if (answered != null) {
            opFinished();
            r.replyTo().tell(new Reply(r.requestId(), answered));
        }
        return sweepIfDrained();
    }

    /** Hands a remove to its device, which declines it or asks for the vendor op. Null when handed on. */
    private Errno beginRemove(RemoveDevice r, ActorRef<Reply> replyTo) {
        if (!devices.contains(r.uuid())) {
            return Errno.ENODEV; // its create failed after the registry routed this remove here
        }
        devices.deviceFor(r.uuid()).tell(new MdevDevice.Remove(r.requestId(), replyTo));
        return null;
    }

    /** Legacy: a request now holds the parent lock. Null while it runs on (its reply comes back). */
    private Errno startLocked(Command request) {
        Errno answered;
        if (request instanceof StartCreate s) {
            if (devices.contains(s.uuid())) {
                answered = Errno.EEXIST; // C3, C5, C7: among the parent's own children; no warning
            } else {
                registry.tell(new Registry.LinkBus(s.requestId(), name, s.uuid(), getContext().getSelf()));
                return null; // device_register: on to onBusLinked
            }
        } else {
            answered = beginRemove((RemoveDevice) request, lockedReplies);
        }
        if (answered != null) {
            opFinished();
        }
        return answered;
    }

    private Behavior<Command> onBusLinked(BusLinked b) {
        StartCreate s = (StartCreate) lock.holder();
        if (s == null || s.requestId() != b.requestId()) {
            throw new IllegalStateException("bus link answer " + b + " for a create not holding the lock");
        }
        Errno answered = b.linked() ? beginCreate(s, lockedReplies) : Errno.EEXIST; // C4, C6, C8: warned
        if (answered != null) {
            opFinished();
            lock.done(answered); // may run queued requests that finish at once too
        }
        return sweepIfDrained();
    }

    private Behavior<Command> onLockedReply(LockedReply r) {
        lock.done(r.reply().errno()); // passes the lock on, then answers the client
        return sweepIfDrained();
    }

    private static void answer(Command request, Errno errno) {
        if (request instanceof StartCreate s) {
            s.replyTo().tell(new Reply(s.requestId(), errno));
        } else {
            RemoveDevice r = (RemoveDevice) request;
            r.replyTo().tell(new Reply(r.requestId(), errno));
        }
    }

    private static long requestId(Command request) {
        return request instanceof StartCreate s ? s.requestId() : ((RemoveDevice) request).requestId();
    }

    private Behavior<Command> onRemoveDeclined(RemoveDeclined d) {
        opFinished();
        return sweepIfDrained();
    }

    private Behavior<Command> onStartVendorRemove(StartVendorRemove s) {
        removing++;
        CompletionStage<Errno> op = vendor.remove(s.requestId(), name, devices.get(s.uuid()).type, s.uuid());
        if (op instanceof CompletableFuture<Errno> done && done.isDone()) {
            finishRemove(s.requestId(), s.uuid(), outcome(done), s.force(), s.replyTo()); // at once
            return sweepIfDrained();
        }
        ActorRef<Command> self = getContext().getSelf();
        op.whenComplete((errno, failure) ->
                self.tell(new RemoveDone(s.requestId(), s.uuid(), errno, failure, s.force(), s.replyTo())));
        return this;
    }

    private Behavior<Command> onRemoveDone(RemoveDone d) {
        finishRemove(d.requestId(), d.uuid(), outcome(d.errno(), d.failure()), d.force(), d.replyTo());
        return sweepIfDrained();
    }

    private void finishRemove(long requestId, UUID uuid, Errno errno, boolean force, ActorRef<Reply> replyTo) {
        Devices.Mdev mdev = devices.get(uuid);
        removing--;
        if (!force) {
            opFinished();
        }
        if (errno.isOk() || force) {
            capacity.release(mdev.type);
            devices.forget(uuid, unregister != null);
            observer.live(uuid, name, false);
            registry.tell(new Registry.Release(uuid));
            if (!force) {
                replyTo.tell(new Reply(requestId, Errno.OK)); // R3: UUID and instance free first
            }
        } else {
            if (model == Model.LEGACY) {
                registry.tell(new Registry.Listed(uuid)); // R4: back on the list
            }
            mdev.device.tell(new MdevDevice.RemoveRefused(requestId, replyTo)); // R4: the device says EBUSY
            devices.becameActive(uuid);
        }
    }

    private Behavior<Command> onGetState(GetState g) {
        Devices.Mdev mdev = devices.get(g.uuid());
        if (mdev == null || mdev.resting()) {
            g.replyTo().tell(new StateReply(g.requestId(), g.uuid(), mdev == null ? DeviceState.ABSENT : DeviceState.ACTIVE));
        } else {
            mdev.device.tell(new MdevDevice.GetState(g.requestId(), g.replyTo()));
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
        Map<UUID, String> types = new HashMap<>();
        devices.all().forEach((uuid, m) -> types.put(uuid, m.type));
        i.replyTo().tell(new View(name, types, capacity.claimed(), capacity.max(), getContext().getChildren().size(),
                devices.idle(), devices.resting(), inProgress, creating, removing));
        return this;
    }

    private Behavior<Command> onCountStates(CountStates c) {
        c.replyTo().tell(new DeviceCounts(creating, devices.size() - creating - removing, removing));
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
     * unregistration back to the registry and turn {@link #gone()}. Every handler that can finish an
     * op (or run queued ones that finish at once) ends here.
     */
    private Behavior<Command> sweepIfDrained() {
        if (unregister == null || inProgress > 0) {
            return this;
        }
        if (!sweeping) {
            sweeping = true;
            for (UUID uuid : devices.all().keySet()) {
                devices.deviceFor(uuid).tell(new MdevDevice.ForceRemove(unregister.requestId()));
            }
        }
        if (devices.size() > 0) {
            return this;
        }
        registry.tell(new Registry.ParentGone(name, unregister.requestId(), unregister.replyTo()));
        return gone();
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
                .onMessage(CountStates.class, this::onCountStates)
                .onMessage(LockedReply.class, r -> {
                    lock.done(r.reply().errno()); // a legacy reply still on its way; the lock is free after it
                    return Behaviors.same();
                })
                .onMessageEquals(Stop.INSTANCE, this::stopAfterChildren)
                .onSignal(Terminated.class, t -> getContext().getChildren().isEmpty() ? Behaviors.stopped() : Behaviors.same())
                .build();
    }

    private Behavior<Command> stopAfterChildren() {
        devices.stopIdle();
        if (getContext().getChildren().isEmpty()) {
            return Behaviors.stopped();
        }
        getContext().getChildren().forEach(c -> getContext().watch(c));
        return Behaviors.same();
    }

    private Errno outcome(CompletableFuture<Errno> done) {
        try {
            return outcome(done.join(), null);
        } catch (RuntimeException e) {
            return outcome(null, e);
        }
    }

    private Errno outcome(Errno errno, Throwable failure) {
        if (failure != null) {
            getContext().getLog().error("vendor op of parent {} failed with an exception; counted as EIO", name, failure);
            return Errno.EIO;
        }
        return errno;
    }
}
