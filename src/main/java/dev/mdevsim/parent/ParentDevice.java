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
import dev.mdevsim.core.LogThrottle;
import dev.mdevsim.core.ParentSpec;
import dev.mdevsim.core.RemoveFileOp;
import dev.mdevsim.core.Reply;
import dev.mdevsim.core.Request;
import dev.mdevsim.core.StateReply;
import dev.mdevsim.device.MdevDevice;
import dev.mdevsim.model.Description;
import dev.mdevsim.registry.Registry;
import dev.mdevsim.vendor.VendorDriver;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One parent device: its types and capacity, its vendor driver, and its mdevs as child actors; the
 * kernel's {@code mdev_device_create} and {@code mdev_device_remove} after the registry's part.
 *
 * <p>Design notes. What differs between the models is the parent's {@link Description}; this actor
 * takes a create from the registry's last step ({@link Description#createOrder}) and keeps its books
 * in {@link ParentState}.
 * <ul>
 *   <li>The vendor's create and remove ops, and the setup after a create, run asynchronously: their
 *       completion only enqueues an {@link OpDone} (as {@code pipeToSelf} would, without its adapter);
 *       an op that completed at once is handled in the same step. Without a lock any number run at
 *       once, on any mix of UUIDs (C11, R7).</li>
 *   <li>Legacy's {@code parent->lock} ({@link Description.Lock#PER_PARENT}) is a {@link ParentLock}:
 *       each create and remove queues on it and holds it across its run; a create under it checks
 *       the parent's own children, then asks the registry for its bus link ({@link Registry.LinkBus}).</li>
 *   <li>Create: claim an instance (unless the registry claimed it from a core pool; C10), a device in
 *       {@code creating}, the vendor op, the setup, then the device activates and replies (C14). On
 *       failure the instance and the UUID are released before the reply (C9).</li>
 *   <li>Remove: the device answers EAGAIN while transitional (R5, R6) or turns {@code removing}; with
 *       {@link Description.Gate#UNREG_SEM} the remove then tries {@code unreg_sem}, and fails (ENODEV,
 *       the mdev left {@code removing}) once an unregistration has begun (R8). The vendor's answer
 *       becomes the user's by {@link Description#removeAnswer} (R3, R4).</li>
 *   <li>Unregister (P5, {@link UnregSem}): drain the requests in progress, remove every mdev ignoring
 *       refusals, tell the registry, turn {@link #gone()}.</li>
 *   <li>No actor is stopped while messages for it may be queued (their replies would be lost, G1): a
 *       forgotten device gets {@link MdevDevice.Recycle} or {@link MdevDevice.Stop} behind what was
 *       forwarded to it; a gone parent answers until the registry sends {@link Stop}, then stops its
 *       idle devices and waits for its last children. Devices are pooled and passivated ({@link Devices}).</li>
 * </ul>
 */
public final class ParentDevice extends AbstractBehavior<ParentDevice.Command> {

    /** Everything a parent accepts. */
    public sealed interface Command {
    }

    /** From the registry: the UUID is reserved (and a core pool's instance claimed); create the device. */
    public record StartCreate(long requestId, String type, UUID uuid, ActorRef<Reply> replyTo) implements Command, Request {
    }

    /** From the registry: a user remove of one of this parent's devices. */
    public record RemoveDevice(long requestId, UUID uuid, ActorRef<Reply> replyTo) implements Command, Request {
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
    public record Inspect(ActorRef<ParentView> replyTo) implements Command {
    }

    /** Asks how many of this parent's mdevs are in each state: cheap, for a run's time series. */
    public record CountStates(ActorRef<DeviceCounts> replyTo) implements Command {
    }

    /** From the registry, after {@link Registry.ParentGone}: nothing more will be forwarded; stop. */
    public enum Stop implements Command { INSTANCE }

    /** From the registry: a sysfs writer's look at, take of, or re-creation of an mdev's {@code remove} attribute. */
    public record RemoveFile(long requestId, UUID uuid, RemoveFileOp op, ActorRef<Reply> replyTo) implements Command {
    }

    /** From the registry, legacy: whether the bus link of the create holding the lock was taken. */
    public record BusLinked(long requestId, UUID uuid, boolean linked) implements Command {
    }

    /** What an asynchronous op of a request is. */
    private enum Op { CREATE, SETUP, REMOVE }

    /** An op completed: its errno, or (a vendor bug) the exception it failed with. */
    private record OpDone(Op op, long requestId, UUID uuid, Errno errno, Throwable failure, boolean force,
                          ActorRef<Reply> replyTo) implements Command {
    }

    /** Legacy: a reply to the request holding the parent lock, on its way back to its client. */
    private record LockedReply(Reply reply) implements Command {
    }

    /** Idle device actors kept for reuse, per parent. */
    static final int POOL = 1024;

    private final Description model;
    private final String name;
    private final VendorDriver vendor;
    private final ActorRef<Registry.Command> registry;
    private final HostObserver observer;
    private final ParentState state;
    private final Devices devices;
    private final LogThrottle removeFailures = new LogThrottle();
    private ActorRef<Reply> unregisterReplyTo;
    /** Legacy only: the parent lock. */
    private final ParentLock lock;

    /**
     * @param maxActiveDeviceActors active mdevs that keep their device actor; beyond that they rest
     *                              (see {@link Devices})
     */
    public static Behavior<Command> create(Description model, ParentSpec spec, VendorDriver vendor,
                                           ActorRef<Registry.Command> registry, HostObserver observer,
                                           int maxActiveDeviceActors) {
        return create(model, spec, vendor, registry, observer, maxActiveDeviceActors, false);
    }

    /** @param stopAtTransitional {@code host.unregister-walk = stop-at-transitional} (see {@link ParentState#unregistrationBegins}) */
    public static Behavior<Command> create(Description model, ParentSpec spec, VendorDriver vendor,
                                           ActorRef<Registry.Command> registry, HostObserver observer,
                                           int maxActiveDeviceActors, boolean stopAtTransitional) {
        return Behaviors.setup(ctx -> new ParentDevice(ctx, model, spec, vendor, registry, observer, maxActiveDeviceActors,
                stopAtTransitional));
    }

    private ParentDevice(ActorContext<Command> context, Description model, ParentSpec spec, VendorDriver vendor,
                         ActorRef<Registry.Command> registry, HostObserver observer, int maxActiveDeviceActors,
                         boolean stopAtTransitional) {
        super(context);
        this.model = model;
        this.name = spec.name();
        this.vendor = vendor;
        this.registry = registry;
        this.observer = observer;
        akka.actor.ActorContext classic = Adapter.toClassic(context);
        this.devices = new Devices(maxActiveDeviceActors, POOL, context.getSelf(),
                () -> Adapter.toTyped(classic.actorOf(MdevDevice.PROPS)), ActorRef::tell);
        this.state = new ParentState(model, spec, devices, observer, stopAtTransitional);
        this.lock = model.lock() != Description.Lock.PER_PARENT ? null : new ParentLock(
                context.messageAdapter(Reply.class, LockedReply::new), observer, this::begin, devices::contains,
                (uuid, id) -> registry.tell(new Registry.LinkBus(id, name, uuid, context.getSelf())), state.sem::exit);
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(StartCreate.class, this::start)
                .onMessage(RemoveDevice.class, this::start)
                .onMessage(OpDone.class, d -> {
                    finish(d);
                    return sweepIfDrained();
                })
                .onMessage(StartVendorRemove.class, this::onStartVendorRemove)
                .onMessage(RemoveDeclined.class, d -> {
                    state.sem.exit(); // the device answered EAGAIN itself
                    return sweepIfDrained();
                })
                .onMessage(BusLinked.class, b -> {
                    lock.linked(b.requestId(), b.linked());
                    return sweepIfDrained();
                })
                .onMessage(LockedReply.class, r -> {
                    lock.replied(r.reply()); // passes the lock on, then answers the client
                    return sweepIfDrained();
                })
                .onMessage(GetState.class, this::onGetState)
                .onMessage(GetInstances.class, g -> {
                    int available = state.capacity.available(g.type());
                    g.replyTo().tell(new InstancesReply(g.requestId(), available < 0 ? Errno.ENOENT : Errno.OK, Math.max(0, available)));
                    return this;
                })
                .onMessage(Unregister.class, u -> {
                    unregisterReplyTo = u.replyTo();
                    state.unregistrationBegins();
                    state.sem.writerArrives(u.requestId()); // waits for the requests in progress (P5)
                    return sweepIfDrained();
                })
                .onMessage(Inspect.class, this::onInspect)
                .onMessage(CountStates.class, this::onCountStates)
                .onMessage(RemoveFile.class, f -> {
                    f.replyTo().tell(new Reply(f.requestId(), state.removeFile(f.uuid(), f.op())));
                    return this;
                })
                .build();
    }

    /**
     * A create or remove reaches the parent: it is in progress until answered (P5 waits for it). It
     * queues on legacy's lock (C3, C5, C7, C11, R7), or begins: answered at once, or handed on.
     */
    private Behavior<Command> start(Request r) {
        state.sem.enter();
        if (lock != null) {
            lock.submit(r);
        } else {
            Errno answered = begin(r, r.replyTo());
            if (answered != null) {
                state.sem.exit();
                r.answer(answered);
            }
        }
        return sweepIfDrained();
    }

    /** Begins a create or remove (under legacy's lock, with the lock's {@code replyTo}): null when handed on. */
    private Errno begin(Request r, ActorRef<Reply> replyTo) {
        return r instanceof StartCreate s ? beginCreate(s, replyTo) : beginRemove((RemoveDevice) r, replyTo);
    }

    /** The vendor claim (C10: the UUID is released, the capacity errno returned), the device, the vendor op. */
    private Errno beginCreate(StartCreate s, ActorRef<Reply> replyTo) {
        if (!state.startCreate(s.uuid(), s.type())) {
            registry.tell(new Registry.Release(s.uuid()));
            return vendor.capacityErrno(); // C10
        }
        run(Op.CREATE, vendor.create(s.requestId(), name, s.type(), s.uuid()), s.requestId(), s.uuid(), false, replyTo);
        return null;
    }

    /** Runs an op: handled in this step if it completed at once, else when its {@link OpDone} arrives. */
    private void run(Op op, CompletionStage<Errno> stage, long requestId, UUID uuid, boolean force, ActorRef<Reply> replyTo) {
        if (stage instanceof CompletableFuture<Errno> done && done.isDone()) {
            Errno errno = null;
            Throwable failure = null;
            try {
                errno = done.join();
            } catch (RuntimeException e) {
                failure = e;
            }
            finish(new OpDone(op, requestId, uuid, errno, failure, force, replyTo));
        } else {
            ActorRef<Command> self = getContext().getSelf();
            // what pipeToSelf does, without its adapter: the callback only enqueues a message
            stage.whenComplete((errno, failure) -> self.tell(new OpDone(op, requestId, uuid, errno, failure, force, replyTo)));
        }
    }

    private void finish(OpDone d) {
        Errno errno = d.errno();
        if (d.failure() != null) {
            getContext().getLog().error("vendor op of parent {} failed with an exception; counted as EIO", name, d.failure());
            errno = Errno.EIO;
        }
        switch (d.op()) {
            case CREATE -> created(d, errno);
            case SETUP -> setUp(d);
            case REMOVE -> removed(d, errno);
        }
    }

    private void created(OpDone d, Errno errno) {
        if (errno.isOk()) {
            String type = state.settingUp(d.uuid());
            run(Op.SETUP, vendor.setup(d.requestId(), name, type, d.uuid()), d.requestId(), d.uuid(), false, d.replyTo());
            return;
        }
        state.createFailed(d.uuid());
        registry.tell(new Registry.Release(d.uuid()));
        d.replyTo().tell(new Reply(d.requestId(), errno)); // C9: the UUID is free before the reply
    }

    /** The setup's files exist: the device turns active and replies OK (C14). */
    private void setUp(OpDone d) {
        ActorRef<MdevDevice.Command> device = state.created(d.uuid());
        observer.live(d.uuid(), name, true);
        if (model.listing() == Description.Listing.WHEN_CREATED) {
            registry.tell(new Registry.Listed(d.uuid())); // the late listing: only now removable
        }
        device.tell(new MdevDevice.Activate(d.requestId(), d.replyTo()));
        devices.becameActive(d.uuid());
    }

    /** Hands a remove to its device, which declines it or asks for the vendor op. Null when handed on. */
    private Errno beginRemove(RemoveDevice r, ActorRef<Reply> replyTo) {
        if (!devices.contains(r.uuid())) {
            return Errno.ENODEV; // its create failed after the registry routed this remove here
        }
        devices.deviceFor(r.uuid()).tell(new MdevDevice.Remove(r.requestId(), replyTo));
        return null;
    }

    private Behavior<Command> onStartVendorRemove(StartVendorRemove s) {
        if (!s.force() && model.gate() == Description.Gate.UNREG_SEM && state.sem.writerArrived()) {
            state.leftRemoving(s.uuid()); // R8: active was cleared, the trylock fails; the sweep removes it
            s.replyTo().tell(new Reply(s.requestId(), Errno.ENODEV));
        } else {
            vendorRemove(s.requestId(), s.uuid(), s.force(), s.replyTo());
        }
        return sweepIfDrained();
    }

    private void vendorRemove(long requestId, UUID uuid, boolean force, ActorRef<Reply> replyTo) {
        state.removeStarted(uuid);
        run(Op.REMOVE, vendor.remove(requestId, name, devices.get(uuid).type, uuid), requestId, uuid, force, replyTo);
    }

    private void removed(OpDone d, Errno errno) {
        if (!errno.isOk() && model.warnsWhenRemoveFails()) {
            removeFailed(d.uuid(), errno); // 5.2: "Remove failed: err=E", removed anyway
        }
        if (d.force() || model.removeAnswer(errno).isOk()) { // the sweep ignores refusals (P5)
            state.removed(d.uuid(), d.force());
            observer.live(d.uuid(), name, false);
            registry.tell(new Registry.Release(d.uuid()));
            if (!d.force()) {
                d.replyTo().tell(new Reply(d.requestId(), Errno.OK)); // R3: UUID and instance free first
            }
            return;
        }
        if (model.listing() == Description.Listing.WHEN_CREATED) {
            registry.tell(new Registry.Listed(d.uuid())); // R4: back on the list
        }
        state.refused(d.uuid()).tell(new MdevDevice.RemoveRefused(d.requestId(), d.replyTo())); // R4: EBUSY
        devices.becameActive(d.uuid());
    }

    /** linux-5.2's {@code dev_err(&mdev->dev, "Remove failed: err=%d\n", ret)}: counted, logged throttled. */
    private void removeFailed(UUID uuid, Errno errno) {
        observer.removeFailed(uuid, name, errno);
        if (removeFailures.admit()) {
            getContext().getLog().warn("{} {}: Remove failed: err=-{} ({}), removed anyway{}", name, uuid, errno.number(),
                    errno, removeFailures.note());
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

    private Behavior<Command> onInspect(Inspect i) {
        i.replyTo().tell(state.view(name, getContext().getChildren().size()));
        return this;
    }

    private Behavior<Command> onCountStates(CountStates c) {
        c.replyTo().tell(state.counts());
        return this;
    }

    /**
     * P5: once the unregistration holds the write side, force-remove every device (a stale one
     * directly, the others through their device); once none is left, hand the unregistration back
     * to the registry and turn {@link #gone()}. Every handler that can finish an op ends here.
     */
    private Behavior<Command> sweepIfDrained() {
        long unregister = state.sem.writer();
        for (UUID uuid : state.toSweep()) {
            if (devices.get(uuid).stale()) {
                vendorRemove(unregister, uuid, true, null);
            } else {
                devices.deviceFor(uuid).tell(new MdevDevice.ForceRemove(unregister));
            }
        }
        if (!state.empty()) {
            return this;
        }
        registry.tell(new Registry.ParentGone(name, unregister, unregisterReplyTo, state.leftBehind()));
        return gone();
    }

    /**
     * After the sweep: every mdev is removed and the registry has been told. Answers what the
     * registry may still forward before it learns that, then stops on its {@link Stop} once the
     * last device actor has terminated.
     */
    private Behavior<Command> gone() {
        return Behaviors.receive(Command.class)
                .onMessage(RemoveDevice.class, r -> {
                    // with unreg_sem the registry routes removes until it learns the parent is gone (R8, S11)
                    r.answer(Errno.ENODEV);
                    return Behaviors.same();
                })
                .onMessage(StartCreate.class, c -> {
                    registry.tell(new Registry.Release(c.uuid())); // never sent: the registry's trylock refuses
                    c.answer(Errno.ENODEV);
                    return Behaviors.same();
                })
                .onMessage(RemoveDeclined.class, d -> Behaviors.same()) // a device declined a remove during the sweep
                .onMessage(RemoveFile.class, f -> {
                    f.replyTo().tell(new Reply(f.requestId(), f.op() == RemoveFileOp.RESTORE ? Errno.OK : Errno.ENOENT)); // S11
                    return Behaviors.same();
                })
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
                    lock.replied(r.reply()); // a legacy reply still on its way; the lock is free after it
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

}
