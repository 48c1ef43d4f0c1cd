package dev.mdevsim.registry;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.Props;
import akka.actor.typed.SpawnProtocol;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.AskPattern;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import dev.mdevsim.core.DeviceState;
import dev.mdevsim.core.Errno;
import dev.mdevsim.core.Futures;
import dev.mdevsim.core.HostObserver;
import dev.mdevsim.core.InstancesReply;
import dev.mdevsim.core.LogThrottle;
import dev.mdevsim.core.ParentSpec;
import dev.mdevsim.core.RemoveFileOp;
import dev.mdevsim.core.Reply;
import dev.mdevsim.core.Request;
import dev.mdevsim.core.StateReply;
import dev.mdevsim.host.HostSettings;
import dev.mdevsim.model.Description;
import dev.mdevsim.model.KernelMutex;
import dev.mdevsim.model.Namespace;
import dev.mdevsim.parent.Capacity;
import dev.mdevsim.parent.ParentDevice;
import dev.mdevsim.vendor.VendorFactory;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The global mdev namespace of one simulated host: the kernel's {@code mdev_list} with its lock,
 * the bus's device links, the {@code parent_list}, and (linux-6.1) the parents' core-counted pools.
 *
 * <p>Design notes. What differs between the models is the host's {@link Description}.
 * <ul>
 *   <li>Invariant it serialises: no UUID is held twice across all parents (G2). The tables and what
 *       they mean per model are in {@link Namespace}.</li>
 *   <li>A create runs the registry's part of {@link Description#createOrder} in one step: find the
 *       parent (ENOENT, C2), the parent's phase (ENODEV, C13: at entry, or as the {@code unreg_sem}
 *       trylock after the reservation), the reservation (EEXIST, C3–C8), the core pool (EUSERS, 6.1
 *       C10); a failed check undoes what the earlier ones claimed. Then it goes to the parent. Nothing
 *       here waits on a vendor op; the device actors answer EAGAIN.</li>
 *   <li>Legacy: creates go to their parent unreserved (the parent's lock, its own duplicate check,
 *       then a {@link LinkBus} request here, which is where a cross-parent duplicate warns). A remove
 *       is taken off the list here at once, or is ENODEV.</li>
 *   <li>{@link Description.Lock#GLOBAL}: every create and remove of a known parent takes the one
 *       {@link KernelMutex} here, held until its reply, and runs its checks again once it holds it: the
 *       registry forwards with its own reply adapter, so the reply comes back through here, releases
 *       the lock and goes on to the client. A create admitted to its parent before an unregistration
 *       began is in progress on it while it waits for the lock: the unregistration goes to the parent
 *       only once no such create waits (P5), and the create goes ahead, as legacy's queued one does.</li>
 *   <li>Parents: {@code registering → registered → unregistering → gone}, spawned as siblings by the
 *       host guardian ({@link SpawnProtocol}). Removes of a parent being unregistered are ENODEV here
 *       (R8) unless the model's gate is the parent's {@code unreg_sem}, which the parent tries.</li>
 *   <li>Causal order (G5): a parent tells {@link Release} here before the reply of a remove is sent.
 *       Local {@code tell} enqueues synchronously, so a client's next create is queued behind it.</li>
 * </ul>
 */
public final class Registry extends AbstractBehavior<Registry.Command> {

    /** Everything the registry accepts. */
    public sealed interface Command {
    }

    /** Registers a parent (P1–P3). */
    public record RegisterParent(long requestId, ParentSpec spec, ActorRef<Reply> replyTo) implements Command {
    }

    /** Unregisters a parent (P4, P5): answered once all its mdevs are gone. */
    public record UnregisterParent(long requestId, String name, ActorRef<Reply> replyTo) implements Command {
    }

    /** Creates an mdev of {@code type} on {@code parent} (C2–C14); the UUID was parsed by the caller (C1). */
    public record Create(long requestId, String parent, String type, UUID uuid, ActorRef<Reply> replyTo)
            implements Command, Request {
    }

    /** Removes an mdev (R2–R8); the UUID was parsed by the caller (R1). */
    public record Remove(long requestId, UUID uuid, ActorRef<Reply> replyTo) implements Command, Request {
    }

    /**
     * A sysfs writer's look at, take of or re-creation of the {@code remove} attribute of {@code uuid},
     * the mdev of {@code parent} (null: whichever parent has it, as {@code bus/mdev/devices} reaches it).
     * OK, or ENOENT when there is no such attribute (S5).
     */
    public record RemoveFile(long requestId, UUID uuid, String parent, RemoveFileOp op, ActorRef<Reply> replyTo)
            implements Command {
    }

    /** Asks the state of a UUID. */
    public record GetState(long requestId, UUID uuid, ActorRef<StateReply> replyTo) implements Command {
    }

    /** Asks {@code available_instances} of a parent's type. */
    public record GetInstances(long requestId, String parent, String type, ActorRef<InstancesReply> replyTo) implements Command {
    }

    /** From a parent: the device is gone (create failed, removal complete); its UUID is free. */
    public record Release(UUID uuid) implements Command {
    }

    /** From a legacy parent, under its lock: link the new device on the bus ({@code device_register}). */
    public record LinkBus(long requestId, String parent, UUID uuid, ActorRef<ParentDevice.Command> replyTo) implements Command {
    }

    /** From a legacy parent: the device's creation completed, or its removal was refused: list it. */
    public record Listed(UUID uuid) implements Command {
    }

    /** From a parent: its unregistration is complete; answer the unregister request. */
    public record ParentGone(String name, long requestId, ActorRef<Reply> replyTo, Set<UUID> leftBehind) implements Command {
        public ParentGone(String name, long requestId, ActorRef<Reply> replyTo) {
            this(name, requestId, replyTo, Set.of());
        }
    }

    /** Asks for a copy of the registry's tables (G4 checks). */
    public record Inspect(ActorRef<View> replyTo) implements Command {
    }

    /**
     * The registry's tables: UUID → parent name (reservations; bus links in legacy), the listed UUIDs
     * (legacy), parent name → phase, the actors of the parents that have one, and the core pools.
     */
    public record View(Map<UUID, String> reservations, Set<UUID> listed, Map<String, ParentPhase> parents,
                       Map<String, ActorRef<ParentDevice.Command>> parentRefs, Map<String, Capacity.Slot> corePools) {
    }

    /** Asks for the actors of the parents that have one: cheap, unlike {@link Inspect}. */
    public record GetParents(ActorRef<Parents> replyTo) implements Command {
    }

    /**
     * Parent name → its actor (registering, registered or unregistering), every parent's phase, and the
     * core pools (linux-6.1: the pool's {@code available_instances} is the registry's).
     */
    public record Parents(Map<String, ActorRef<ParentDevice.Command>> refs, Map<String, ParentPhase> phases,
                          Map<String, Capacity.Slot> corePools) {
    }

    /** Where a parent is in its lifecycle. */
    public enum ParentPhase { REGISTERING, REGISTERED, UNREGISTERING }

    private record ParentSpawned(ParentEntry entry, ActorRef<ParentDevice.Command> ref, Throwable failure,
                                 long requestId, ActorRef<Reply> replyTo) implements Command {
    }

    /** A reply to a request that holds the global lock, on its way back to its client. */
    private record LockedReply(Reply reply) implements Command {
    }

    private static final Duration SPAWN_TIMEOUT = Duration.ofSeconds(10);

    private final Description model;
    private final int maxActiveDeviceActors;
    private final boolean stopAtTransitional;
    private final VendorFactory vendors;
    private final HostObserver observer;
    private final ActorRef<SpawnProtocol.Command> spawner;
    private final CoreTables tables;
    /** global-lock only: the one lock, and where its holders' replies come back. */
    private final KernelMutex<Request> globalLock;
    private final ActorRef<Reply> lockedReplies;
    private long spawned;
    private final LogThrottle duplicateLinks = new LogThrottle();

    /**
     * @param spawner the host guardian, which spawns the parents as the registry's siblings
     */
    public static Behavior<Command> create(Description model, VendorFactory vendors, HostObserver observer,
                                           ActorRef<SpawnProtocol.Command> spawner) {
        return create(model, vendors, observer, spawner, HostSettings.MAX_ACTIVE_DEVICE_ACTORS);
    }

    /**
     * @param maxActiveDeviceActors per parent, the active mdevs that keep their device actor
     */
    public static Behavior<Command> create(Description model, VendorFactory vendors, HostObserver observer,
                                           ActorRef<SpawnProtocol.Command> spawner, int maxActiveDeviceActors) {
        return create(model, vendors, observer, spawner, maxActiveDeviceActors, false);
    }

    /**
     * @param stopAtTransitional {@code host.unregister-walk = stop-at-transitional}: the 4.18 walk bug;
     *                           the mdevs an unregistration leaves behind keep their UUIDs (G4 fails)
     */
    public static Behavior<Command> create(Description model, VendorFactory vendors, HostObserver observer,
                                           ActorRef<SpawnProtocol.Command> spawner, int maxActiveDeviceActors,
                                           boolean stopAtTransitional) {
        return Behaviors.setup(ctx -> new Registry(ctx, model, vendors, observer, spawner, maxActiveDeviceActors,
                stopAtTransitional));
    }

    private Registry(ActorContext<Command> context, Description model, VendorFactory vendors, HostObserver observer,
                     ActorRef<SpawnProtocol.Command> spawner, int maxActiveDeviceActors, boolean stopAtTransitional) {
        super(context);
        this.stopAtTransitional = stopAtTransitional;
        this.model = model;
        this.maxActiveDeviceActors = maxActiveDeviceActors;
        this.vendors = vendors;
        this.observer = observer;
        this.spawner = spawner;
        this.tables = new CoreTables(model);
        if (model.lock() == Description.Lock.GLOBAL) {
            globalLock = new KernelMutex<>(this::startLocked, Request::answer, Request::requestId, observer);
            lockedReplies = context.messageAdapter(Reply.class, LockedReply::new);
        } else {
            globalLock = null;
            lockedReplies = null;
        }
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Create.class, c -> answerIfDecided(c, startCreate(c, c.replyTo(), false)))
                .onMessage(Remove.class, this::onRemove)
                .onMessage(Release.class, this::onRelease)
                .onMessage(LockedReply.class, this::onLockedReply)
                .onMessage(LinkBus.class, this::onLinkBus)
                .onMessage(Listed.class, l -> {
                    tables.list(l.uuid());
                    return this;
                })
                .onMessage(GetState.class, this::onGetState)
                .onMessage(RemoveFile.class, this::onRemoveFile)
                .onMessage(GetInstances.class, this::onGetInstances)
                .onMessage(RegisterParent.class, this::onRegisterParent)
                .onMessage(ParentSpawned.class, this::onParentSpawned)
                .onMessage(UnregisterParent.class, this::onUnregisterParent)
                .onMessage(ParentGone.class, this::onParentGone)
                .onMessage(Inspect.class, i -> {
                    i.replyTo().tell(new View(tables.reservations(), tables.listed(), tables.phases(), tables.refs(),
                            tables.corePools()));
                    return this;
                })
                .onMessage(GetParents.class, g -> {
                    g.replyTo().tell(new Parents(tables.refs(), tables.phases(), tables.corePools()));
                    return this;
                })
                .build();
    }

    private Behavior<Command> answerIfDecided(Request r, Errno answered) {
        if (answered != null) {
            r.answer(answered);
        }
        return this;
    }

    private Behavior<Command> onRemove(Remove r) {
        if (globalLock != null) {
            globalLock.submit(r); // R5–R7: wait for every op anywhere
            return this;
        }
        return answerIfDecided(r, startRemove(r, r.replyTo()));
    }

    /** The registry's steps of a create ({@link CoreTables#admitCreate}): its answer, or null when handed on or queued. */
    private Errno startCreate(Create c, ActorRef<Reply> replyTo, boolean locked) {
        CoreTables.Decision d = tables.admitCreate(c.parent(), c.type(), c.uuid(), locked);
        if (d.queued()) {
            globalLock.submit(c); // C3, C5–C8, C11, C12: wait for every op anywhere
        } else if (d.answer() == null) {
            d.parent().ref.tell(new ParentDevice.StartCreate(c.requestId(), c.type(), c.uuid(), replyTo));
        }
        if (locked) {
            ParentDevice.Unregister due = tables.dueUnregister(c.parent());
            if (due != null) { // P5: the last create admitted to the parent left the queue; behind its StartCreate
                observer.dequeued(due.requestId());
                tables.parent(c.parent()).ref.tell(due);
            }
        }
        return d.answer();
    }

    /** Hands a remove to the owning parent, or answers it. */
    private Errno startRemove(Remove r, ActorRef<Reply> replyTo) {
        CoreTables.Decision d = tables.routeRemove(r.uuid());
        if (d.answer() == null) {
            d.parent().ref.tell(new ParentDevice.RemoveDevice(r.requestId(), r.uuid(), replyTo));
        }
        return d.answer();
    }

    /** global-lock: the request now holds the lock. Its reply will come back as a {@link LockedReply}. */
    private Errno startLocked(Request request) {
        return request instanceof Create c ? startCreate(c, lockedReplies, true) : startRemove((Remove) request, lockedReplies);
    }

    private Behavior<Command> onLockedReply(LockedReply r) {
        globalLock.done(r.reply().errno()); // passes the lock on, then answers the client
        return this;
    }

    private Behavior<Command> onLinkBus(LinkBus l) {
        ParentEntry holder = tables.link(l.uuid(), l.parent());
        if (holder != null) {
            // the kernel's sysfs_do_create_link_sd() refuses the duplicate with a WARN and a stack trace
            observer.duplicateLink(l.uuid(), l.parent(), holder.name());
            if (duplicateLinks.admit()) { // every warning is counted; the log shows the first ten, then every 1000th
                getContext().getLog().warn("duplicate sysfs link #{}: {} tried to link mdev {} on the bus, which {} already links{}",
                        duplicateLinks.count(), l.parent(), l.uuid(), holder.name(), duplicateLinks.note());
            }
        }
        l.replyTo().tell(new ParentDevice.BusLinked(l.requestId(), l.uuid(), holder == null));
        return this;
    }

    private Behavior<Command> onRelease(Release r) {
        if (!tables.release(r.uuid())) {
            getContext().getLog().error("release of unreserved UUID {}", r.uuid());
        }
        return this;
    }

    private Behavior<Command> onGetState(GetState g) {
        ParentEntry p = tables.owner(g.uuid());
        if (p == null) {
            g.replyTo().tell(new StateReply(g.requestId(), g.uuid(), DeviceState.ABSENT));
        } else {
            p.ref.tell(new ParentDevice.GetState(g.requestId(), g.uuid(), g.replyTo()));
        }
        return this;
    }

    private Behavior<Command> onRemoveFile(RemoveFile f) {
        ParentEntry p = tables.owner(f.uuid()); // in any state: the mdev's directory may exist before it is listed
        if (p == null || p.ref == null || (f.parent() != null && !f.parent().equals(p.name()))) {
            f.replyTo().tell(new Reply(f.requestId(), f.op() == RemoveFileOp.RESTORE ? Errno.OK : Errno.ENOENT));
        } else {
            p.ref.tell(new ParentDevice.RemoveFile(f.requestId(), f.uuid(), f.op(), f.replyTo()));
        }
        return this;
    }

    private Behavior<Command> onGetInstances(GetInstances g) {
        ParentEntry p = tables.parent(g.parent());
        if (p == null || p.ref == null || (p.corePool && p.spec.type(g.type()).isEmpty())) {
            g.replyTo().tell(new InstancesReply(g.requestId(), Errno.ENOENT, 0));
        } else if (p.corePool) {
            g.replyTo().tell(new InstancesReply(g.requestId(), Errno.OK, p.pool().available())); // S10: the core's pool
        } else {
            p.ref.tell(new ParentDevice.GetInstances(g.requestId(), g.type(), g.replyTo()));
        }
        return this;
    }

    private Behavior<Command> onRegisterParent(RegisterParent r) {
        ParentSpec spec = r.spec();
        Errno refused = tables.checkRegistration(spec);
        if (!refused.isOk()) {
            r.replyTo().tell(new Reply(r.requestId(), refused)); // P2, P3
            return this;
        }
        ParentEntry entry = tables.register(spec);
        Behavior<ParentDevice.Command> behavior = ParentDevice.create(
                model, spec, vendors.forParent(spec.name()), getContext().getSelf(), observer, maxActiveDeviceActors,
                stopAtTransitional);
        String actorName = "parent-" + (++spawned) + "-" + URLEncoder.encode(spec.name(), StandardCharsets.UTF_8);
        // not getContext().ask: its pipeToSelf chains on Scala's CompletionStage adapter, which runs the
        // callback on the common pool, a thread of its own (see Futures); a deterministic run has one thread
        ActorRef<Command> self = getContext().getSelf();
        Futures.direct(AskPattern.<SpawnProtocol.Command, ActorRef<ParentDevice.Command>>ask(spawner,
                        replyTo -> new SpawnProtocol.Spawn<>(behavior, actorName, Props.empty(), replyTo),
                        SPAWN_TIMEOUT, getContext().getSystem().scheduler()))
                .whenComplete((ref, failure) -> self.tell(new ParentSpawned(entry, ref, failure, r.requestId(), r.replyTo())));
        return this;
    }

    private Behavior<Command> onParentSpawned(ParentSpawned s) {
        ParentEntry entry = s.entry();
        if (s.failure() != null) {
            getContext().getLog().error("could not spawn parent {}", entry.name(), s.failure());
            tables.registrationFailed(entry);
            s.replyTo().tell(new Reply(s.requestId(), Errno.ENOMEM));
            return this;
        }
        entry.ref = s.ref();
        entry.phase = ParentPhase.REGISTERED;
        getContext().getLog().debug("parent {} registered", entry.name());
        s.replyTo().tell(new Reply(s.requestId(), Errno.OK)); // P1
        return this;
    }

    private Behavior<Command> onUnregisterParent(UnregisterParent u) {
        ParentEntry p = tables.beginUnregister(u.name());
        if (p == null) {
            u.replyTo().tell(new Reply(u.requestId(), Errno.ENODEV)); // P4
        } else if (tables.unregisterWaitsForLock(p)) {
            // P5, global-lock: creates admitted to the parent wait for the global lock; they are in
            // progress on it (as legacy's queued creates are), so the parent drains once they reach it
            p.deferredUnregister = new ParentDevice.Unregister(u.requestId(), u.replyTo());
            observer.queued(u.requestId());
        } else {
            p.ref.tell(new ParentDevice.Unregister(u.requestId(), u.replyTo())); // P5
        }
        return this;
    }

    private Behavior<Command> onParentGone(ParentGone g) {
        ParentEntry p = tables.parent(g.name());
        if (p != null) {
            int left = tables.gone(p, g.leftBehind());
            if (!g.leftBehind().isEmpty()) { // the 4.18 walk bug, on purpose: these stay on the mdev list
                getContext().getLog().debug("parent {} unregistered with {} mdevs left behind (host.unregister-walk = "
                        + "stop-at-transitional)", g.name(), g.leftBehind().size());
            }
            if (left > 0) {
                getContext().getLog().error("parent {} left {} reserved UUIDs behind", g.name(), left);
            }
            p.ref.tell(ParentDevice.Stop.INSTANCE); // behind everything forwarded to it so far
        }
        getContext().getLog().debug("parent {} unregistered", g.name());
        g.replyTo().tell(new Reply(g.requestId(), Errno.OK));
        return this;
    }
}
