package dev.mdevsim.registry;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.Props;
import akka.actor.typed.SpawnProtocol;
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
import dev.mdevsim.host.HostSettings;
import dev.mdevsim.model.KernelMutex;
import dev.mdevsim.model.Model;
import dev.mdevsim.model.Namespace;
import dev.mdevsim.parent.ParentDevice;
import dev.mdevsim.vendor.VendorFactory;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The global mdev namespace of one simulated host: the kernel's {@code mdev_list} with its lock,
 * the bus's device links, and the {@code parent_list}.
 *
 * <p>Design notes.
 * <ul>
 *   <li>Invariant it serialises: no UUID is held twice across all parents (G2). The tables and what
 *       they mean per model are in {@link Namespace}.</li>
 *   <li>{@code seed}: a create is checked, reserved and handed to its parent in one step; a remove is
 *       routed to the owning parent in one step. Nothing here waits on a vendor op; the device actors
 *       answer EAGAIN.</li>
 *   <li>{@code legacy}: creates go to their parent unreserved (the parent's lock, its own duplicate
 *       check, then a {@link LinkBus} request here, which is where a cross-parent duplicate warns). A
 *       remove is taken off the list here at once, or is ENODEV.</li>
 *   <li>{@code global-lock}: every create and remove of a known parent takes the one {@link KernelMutex}
 *       here, held until its reply: the registry forwards with its own reply adapter, so the reply comes
 *       back through here, releases the lock and goes on to the client.</li>
 *   <li>Parents: {@code registering → registered → unregistering → gone}, spawned as siblings by the
 *       host guardian ({@link SpawnProtocol}). Creates for a parent that is not registered are ENOENT
 *       (C2); for one being unregistered ENODEV (C13), and removes of its devices too (R8).</li>
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
    public record Create(long requestId, String parent, String type, UUID uuid, ActorRef<Reply> replyTo) implements Command {
    }

    /** Removes an mdev (R2–R8); the UUID was parsed by the caller (R1). */
    public record Remove(long requestId, UUID uuid, ActorRef<Reply> replyTo) implements Command {
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
    public record ParentGone(String name, long requestId, ActorRef<Reply> replyTo) implements Command {
    }

    /** Asks for a copy of the registry's tables (G4 checks). */
    public record Inspect(ActorRef<View> replyTo) implements Command {
    }

    /**
     * The registry's tables: UUID → parent name (reservations; bus links in legacy), the listed UUIDs
     * (legacy), parent name → phase, and the actors of the parents that have one.
     */
    public record View(Map<UUID, String> reservations, Set<UUID> listed, Map<String, ParentPhase> parents,
                       Map<String, ActorRef<ParentDevice.Command>> parentRefs) {
    }

    /** Asks for the actors of the parents that have one: cheap, unlike {@link Inspect}. */
    public record GetParents(ActorRef<Parents> replyTo) implements Command {
    }

    /** Parent name → its actor (registering, registered or unregistering), and every parent's phase. */
    public record Parents(Map<String, ActorRef<ParentDevice.Command>> refs, Map<String, ParentPhase> phases) {
    }

    /** Where a parent is in its lifecycle. */
    public enum ParentPhase { REGISTERING, REGISTERED, UNREGISTERING }

    private record ParentSpawned(ParentEntry entry, ActorRef<ParentDevice.Command> ref, Throwable failure,
                                 long requestId, ActorRef<Reply> replyTo) implements Command {
    }

    /** A reply to a request that holds the global lock, on its way back to its client. */
    private record LockedReply(Reply reply) implements Command {
    }

    private static final class ParentEntry {
        final ParentSpec spec;
        ParentPhase phase = ParentPhase.REGISTERING;
        ActorRef<ParentDevice.Command> ref;

        ParentEntry(ParentSpec spec) {
            this.spec = spec;
        }
    }

    private static final Duration SPAWN_TIMEOUT = Duration.ofSeconds(10);

    private final Model model;
    private final int maxActiveDeviceActors;
    private final VendorFactory vendors;
    private final HostObserver observer;
    private final ActorRef<SpawnProtocol.Command> spawner;
    private final Namespace<ParentEntry> namespace;
    private final Map<String, ParentEntry> parents = new HashMap<>();
    /** global-lock only: the one lock, and where its holders' replies come back. */
    private final KernelMutex<Command> globalLock;
    private final ActorRef<Reply> lockedReplies;
    private long spawned;
    private long duplicateLinks;

    /**
     * @param spawner the host guardian, which spawns the parents as the registry's siblings
     */
    public static Behavior<Command> create(Model model, VendorFactory vendors, HostObserver observer,
                                           ActorRef<SpawnProtocol.Command> spawner) {
        return create(model, vendors, observer, spawner, HostSettings.MAX_ACTIVE_DEVICE_ACTORS);
    }

    /**
     * @param maxActiveDeviceActors per parent, the active mdevs that keep their device actor
     */
    public static Behavior<Command> create(Model model, VendorFactory vendors, HostObserver observer,
                                           ActorRef<SpawnProtocol.Command> spawner, int maxActiveDeviceActors) {
        return Behaviors.setup(ctx -> new Registry(ctx, model, vendors, observer, spawner, maxActiveDeviceActors));
    }

    private Registry(ActorContext<Command> context, Model model, VendorFactory vendors, HostObserver observer,
                     ActorRef<SpawnProtocol.Command> spawner, int maxActiveDeviceActors) {
        super(context);
        this.model = model;
        this.maxActiveDeviceActors = maxActiveDeviceActors;
        this.vendors = vendors;
        this.observer = observer;
        this.spawner = spawner;
        this.namespace = new Namespace<>(model);
        if (model == Model.GLOBAL_LOCK) {
            globalLock = new KernelMutex<>(this::startLocked, this::answer, Registry::requestId, observer);
            lockedReplies = context.messageAdapter(Reply.class, LockedReply::new);
        } else {
            globalLock = null;
            lockedReplies = null;
        }
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Create.class, this::onCreate)
                .onMessage(Remove.class, this::onRemove)
                .onMessage(Release.class, this::onRelease)
                .onMessage(LockedReply.class, this::onLockedReply)
                .onMessage(LinkBus.class, this::onLinkBus)
                .onMessage(Listed.class, this::onListed)
                .onMessage(GetState.class, this::onGetState)
                .onMessage(GetInstances.class, this::onGetInstances)
                .onMessage(RegisterParent.class, this::onRegisterParent)
                .onMessage(ParentSpawned.class, this::onParentSpawned)
                .onMessage(UnregisterParent.class, this::onUnregisterParent)
                .onMessage(ParentGone.class, this::onParentGone)
                .onMessage(Inspect.class, this::onInspect)
                .onMessage(GetParents.class, this::onGetParents)
                .build();
    }

    private Behavior<Command> onCreate(Create c) {
        Errno parentCheck = checkParent(c.parent(), c.type());
        if (parentCheck != null) {
            c.replyTo().tell(new Reply(c.requestId(), parentCheck)); // C2, C13: at once, in every model
        } else if (globalLock != null) {
            globalLock.submit(c); // C3, C5–C8, C11, C12: wait for every op anywhere
        } else {
            Errno answered = startCreate(c, c.replyTo());
            if (answered != null) {
                c.replyTo().tell(new Reply(c.requestId(), answered));
            }
        }
        return this;
    }

    private Behavior<Command> onRemove(Remove r) {
        if (globalLock != null) {
            globalLock.submit(r); // R5–R7: wait for every op anywhere
        } else {
            Errno answered = startRemove(r, r.replyTo());
            if (answered != null) {
                r.replyTo().tell(new Reply(r.requestId(), answered));
            }
        }
        return this;
    }

    /** ENOENT (C2), ENODEV (C13), or null when the create may go on. */
    private Errno checkParent(String parent, String type) {
        ParentEntry p = parents.get(parent);
        if (p == null || p.phase == ParentPhase.REGISTERING || p.spec.type(type).isEmpty()) {
            return Errno.ENOENT;
        }
        return p.phase == ParentPhase.UNREGISTERING ? Errno.ENODEV : null;
    }

    /** Hands a create to its parent, or answers it: seed and global-lock check and reserve first. */
    private Errno startCreate(Create c, ActorRef<Reply> replyTo) {
        Errno parentCheck = checkParent(c.parent(), c.type()); // again: a queued create may find it gone
        if (parentCheck != null) {
            return parentCheck;
        }
        ParentEntry p = parents.get(c.parent());
        if (namespace.reservesOnCreate() && !namespace.reserve(c.uuid(), p)) {
            return Errno.EEXIST; // C3–C8: reserved anywhere, live or transitional
        }
        p.ref.tell(new ParentDevice.StartCreate(c.requestId(), c.type(), c.uuid(), replyTo));
        return null;
    }

    /** Hands a remove to the owning parent, or answers it. */
    private Errno startRemove(Remove r, ActorRef<Reply> replyTo) {
        ParentEntry p = namespace.removable(r.uuid());
        if (p == null) {
            return Errno.ENODEV; // R2; legacy: R5, R6 (not on the list)
        }
        if (p.phase == ParentPhase.UNREGISTERING) {
            return Errno.ENODEV; // R8
        }
        namespace.takeForRemoval(r.uuid());
        p.ref.tell(new ParentDevice.RemoveDevice(r.requestId(), r.uuid(), replyTo));
        return null;
    }

    /** global-lock: the request now holds the lock. Its reply will come back as a {@link LockedReply}. */
    private Errno startLocked(Command request) {
        return request instanceof Create c ? startCreate(c, lockedReplies) : startRemove((Remove) request, lockedReplies);
    }

    private Behavior<Command> onLockedReply(LockedReply r) {
        globalLock.done(r.reply().errno()); // passes the lock on, then answers the client
        return this;
    }

    private void answer(Command request, Errno errno) {
        if (request instanceof Create c) {
            c.replyTo().tell(new Reply(c.requestId(), errno));
        } else {
            Remove r = (Remove) request;
            r.replyTo().tell(new Reply(r.requestId(), errno));
        }
    }

    private static long requestId(Command request) {
        return request instanceof Create c ? c.requestId() : ((Remove) request).requestId();
    }

    private Behavior<Command> onLinkBus(LinkBus l) {
        ParentEntry p = parents.get(l.parent());
        ParentEntry holder = namespace.link(l.uuid(), p);
        if (holder != null) {
            // the kernel's sysfs_do_create_link_sd() refuses the duplicate with a WARN and a stack trace
            observer.duplicateLink(l.uuid(), l.parent(), holder.spec.name());
            logDuplicateLink(l, holder);
        }
        l.replyTo().tell(new ParentDevice.BusLinked(l.requestId(), l.uuid(), holder == null));
        return this;
    }

    /** Every warning is counted; the log shows the first ten, then every thousandth, not a flood. */
    private void logDuplicateLink(LinkBus l, ParentEntry holder) {
        duplicateLinks++;
        if (duplicateLinks <= 10 || duplicateLinks % 1000 == 0) {
            getContext().getLog().warn("duplicate sysfs link #{}: {} tried to link mdev {} on the bus, which {} already links{}",
                    duplicateLinks, l.parent(), l.uuid(), holder.spec.name(),
                    duplicateLinks == 10 ? " (from now on every 1000th is logged; all are counted)" : "");
        }
    }

    private Behavior<Command> onListed(Listed l) {
        namespace.list(l.uuid());
        return this;
    }

    private Behavior<Command> onRelease(Release r) {
        ParentEntry p = namespace.owner(r.uuid());
        if (p == null || !namespace.release(r.uuid(), p)) {
            getContext().getLog().error("release of unreserved UUID {}", r.uuid());
        }
        return this;
    }

    private Behavior<Command> onGetState(GetState g) {
        ParentEntry p = namespace.owner(g.uuid());
        if (p == null) {
            g.replyTo().tell(new StateReply(g.requestId(), g.uuid(), DeviceState.ABSENT));
        } else {
            p.ref.tell(new ParentDevice.GetState(g.requestId(), g.uuid(), g.replyTo()));
        }
        return this;
    }

    private Behavior<Command> onGetInstances(GetInstances g) {
        ParentEntry p = parents.get(g.parent());
        if (p == null || p.ref == null) {
            g.replyTo().tell(new InstancesReply(g.requestId(), Errno.ENOENT, 0));
        } else {
            p.ref.tell(new ParentDevice.GetInstances(g.requestId(), g.type(), g.replyTo()));
        }
        return this;
    }

    private Behavior<Command> onRegisterParent(RegisterParent r) {
        ParentSpec spec = r.spec();
        Errno valid = spec.validate();
        if (!valid.isOk()) {
            r.replyTo().tell(new Reply(r.requestId(), valid)); // P3
            return this;
        }
        if (parents.containsKey(spec.name())) {
            r.replyTo().tell(new Reply(r.requestId(), Errno.EEXIST)); // P2
            return this;
        }
        ParentEntry entry = new ParentEntry(spec);
        parents.put(spec.name(), entry);
        Behavior<ParentDevice.Command> behavior = ParentDevice.create(
                model, spec, vendors.forParent(spec.name()), getContext().getSelf(), observer, maxActiveDeviceActors);
        String actorName = "parent-" + (++spawned) + "-" + URLEncoder.encode(spec.name(), StandardCharsets.UTF_8);
        getContext().ask(refClass(), spawner, SPAWN_TIMEOUT,
                replyTo -> new SpawnProtocol.Spawn<>(behavior, actorName, Props.empty(), replyTo),
                (ref, failure) -> new ParentSpawned(entry, ref, failure, r.requestId(), r.replyTo()));
        return this;
    }

    private Behavior<Command> onParentSpawned(ParentSpawned s) {
        ParentEntry entry = s.entry();
        if (s.failure() != null) {
            getContext().getLog().error("could not spawn parent {}", entry.spec.name(), s.failure());
            parents.remove(entry.spec.name(), entry);
            s.replyTo().tell(new Reply(s.requestId(), Errno.ENOMEM));
            return this;
        }
        entry.ref = s.ref();
        entry.phase = ParentPhase.REGISTERED;
        getContext().getLog().debug("parent {} registered", entry.spec.name());
        s.replyTo().tell(new Reply(s.requestId(), Errno.OK)); // P1
        return this;
    }

    private Behavior<Command> onUnregisterParent(UnregisterParent u) {
        ParentEntry p = parents.get(u.name());
        if (p == null || p.phase != ParentPhase.REGISTERED) {
            u.replyTo().tell(new Reply(u.requestId(), Errno.ENODEV)); // P4
            return this;
        }
        p.phase = ParentPhase.UNREGISTERING;
        p.ref.tell(new ParentDevice.Unregister(u.requestId(), u.replyTo())); // P5
        return this;
    }

    private Behavior<Command> onParentGone(ParentGone g) {
        ParentEntry p = parents.remove(g.name());
        if (p != null) {
            int left = namespace.releaseAll(p);
            if (left > 0) {
                getContext().getLog().error("parent {} left {} reserved UUIDs behind", g.name(), left);
            }
            p.ref.tell(ParentDevice.Stop.INSTANCE); // behind everything forwarded to it so far
        }
        getContext().getLog().debug("parent {} unregistered", g.name());
        g.replyTo().tell(new Reply(g.requestId(), Errno.OK));
        return this;
    }

    private Behavior<Command> onInspect(Inspect i) {
        Map<UUID, String> reservations = new HashMap<>();
        namespace.snapshot().forEach((uuid, p) -> reservations.put(uuid, p.spec.name()));
        i.replyTo().tell(new View(reservations, namespace.listed(), phases(), parentRefs()));
        return this;
    }

    private Behavior<Command> onGetParents(GetParents g) {
        g.replyTo().tell(new Parents(parentRefs(), phases()));
        return this;
    }

    private Map<String, ParentPhase> phases() {
        Map<String, ParentPhase> phases = new LinkedHashMap<>();
        parents.forEach((name, p) -> phases.put(name, p.phase));
        return phases;
    }

    private Map<String, ActorRef<ParentDevice.Command>> parentRefs() {
        Map<String, ActorRef<ParentDevice.Command>> refs = new LinkedHashMap<>();
        parents.forEach((name, p) -> {
            if (p.ref != null) {
                refs.put(name, p.ref);
            }
        });
        return refs;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Class<ActorRef<ParentDevice.Command>> refClass() {
        return (Class) ActorRef.class;
    }
}
