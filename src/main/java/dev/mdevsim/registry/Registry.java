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
import dev.mdevsim.model.Model;
import dev.mdevsim.parent.ParentDevice;
import dev.mdevsim.vendor.VendorFactory;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The global mdev namespace of one simulated host: the kernel's {@code mdev_list} with its
 * {@code mdev_list_lock}, and its {@code parent_list}.
 *
 * <p>Design notes.
 * <ul>
 *   <li>Invariant it serialises: a UUID is reserved at most once across all parents (G2). Every create
 *       passes through here for check-and-reserve ({@code mdev_device_create}'s duplicate scan), and
 *       every removal that completes releases its UUID here ({@code mdev_device_release}).</li>
 *   <li>It never waits on a vendor op (seed): a create is reserved and handed to its
 *       {@link ParentDevice} in one step; a remove is routed to the owning parent in one step. The
 *       device actors own the transitional/active state, so EAGAIN is answered there.</li>
 *   <li>Parents: {@code registering → registered → unregistering → gone}. Parents are spawned as
 *       siblings, by the host guardian ({@link SpawnProtocol}). Creates for a parent that
 *       is not registered are ENOENT (C2), for one being unregistered ENODEV (C13); removes of its
 *       devices are ENODEV (R8).</li>
 *   <li>Causal order (G5): a parent tells {@code Release} here before it replies OK to a remove. Local
 *       {@code tell} enqueues synchronously, so the client's next create is queued behind the release.</li>
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

    /** From a parent: the UUID's create failed or its removal completed; it is free again. */
    public record Release(UUID uuid) implements Command {
    }

    /** From a parent: its unregistration is complete; answer the unregister request. */
    public record ParentGone(String name, long requestId, ActorRef<Reply> replyTo) implements Command {
    }

    /** Asks for a copy of the registry's tables (G4 checks). */
    public record Inspect(ActorRef<View> replyTo) implements Command {
    }

    /**
     * The registry's tables: reserved UUID → parent name, parent name → phase, and the actors of the
     * parents that have one.
     */
    public record View(Map<UUID, String> reservations, Map<String, ParentPhase> parents,
                       Map<String, ActorRef<ParentDevice.Command>> parentRefs) {
    }

    /** Where a parent is in its lifecycle. */
    public enum ParentPhase { REGISTERING, REGISTERED, UNREGISTERING }

    private record ParentSpawned(ParentEntry entry, ActorRef<ParentDevice.Command> ref, Throwable failure,
                                 long requestId, ActorRef<Reply> replyTo) implements Command {
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
    private final VendorFactory vendors;
    private final HostObserver observer;
    private final ActorRef<SpawnProtocol.Command> spawner;
    private final ReservationTable<ParentEntry> table = new ReservationTable<>();
    private final Map<String, ParentEntry> parents = new HashMap<>();
    private long spawned;

    /**
     * @param spawner the host guardian, which spawns the parents as the registry's siblings
     */
    public static Behavior<Command> create(Model model, VendorFactory vendors, HostObserver observer,
                                           ActorRef<SpawnProtocol.Command> spawner) {
        return Behaviors.setup(ctx -> new Registry(ctx, model, vendors, observer, spawner));
    }

    private Registry(ActorContext<Command> context, Model model, VendorFactory vendors, HostObserver observer,
                     ActorRef<SpawnProtocol.Command> spawner) {
        super(context);
        if (model != Model.SEED) {
            throw new IllegalArgumentException("model " + model + " is not available yet (seed only)");
        }
        this.model = model;
        this.vendors = vendors;
        this.observer = observer;
        this.spawner = spawner;
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Create.class, this::onCreate)
                .onMessage(Remove.class, this::onRemove)
                .onMessage(Release.class, this::onRelease)
                .onMessage(GetState.class, this::onGetState)
                .onMessage(GetInstances.class, this::onGetInstances)
                .onMessage(RegisterParent.class, this::onRegisterParent)
                .onMessage(ParentSpawned.class, this::onParentSpawned)
                .onMessage(UnregisterParent.class, this::onUnregisterParent)
                .onMessage(ParentGone.class, this::onParentGone)
                .onMessage(Inspect.class, this::onInspect)
                .build();
    }

    private Behavior<Command> onCreate(Create c) {
        ParentEntry p = parents.get(c.parent());
        if (p == null || p.phase == ParentPhase.REGISTERING || p.spec.type(c.type()).isEmpty()) {
            c.replyTo().tell(new Reply(c.requestId(), Errno.ENOENT)); // C2
        } else if (p.phase == ParentPhase.UNREGISTERING) {
            c.replyTo().tell(new Reply(c.requestId(), Errno.ENODEV)); // C13
        } else if (!table.reserve(c.uuid(), p)) {
            c.replyTo().tell(new Reply(c.requestId(), Errno.EEXIST)); // C3–C8: reserved anywhere, live or transitional
        } else {
            p.ref.tell(new ParentDevice.StartCreate(c.requestId(), c.type(), c.uuid(), c.replyTo()));
        }
        return this;
    }

    private Behavior<Command> onRemove(Remove r) {
        ParentEntry p = table.owner(r.uuid());
        if (p == null) {
            r.replyTo().tell(new Reply(r.requestId(), Errno.ENODEV)); // R2
        } else if (p.phase == ParentPhase.UNREGISTERING) {
            r.replyTo().tell(new Reply(r.requestId(), Errno.ENODEV)); // R8
        } else {
            p.ref.tell(new ParentDevice.RemoveDevice(r.requestId(), r.uuid(), r.replyTo()));
        }
        return this;
    }

    private Behavior<Command> onRelease(Release r) {
        ParentEntry p = table.owner(r.uuid());
        if (p == null || !table.release(r.uuid(), p)) {
            getContext().getLog().error("release of unreserved UUID {}", r.uuid());
        }
        return this;
    }

    private Behavior<Command> onGetState(GetState g) {
        ParentEntry p = table.owner(g.uuid());
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
                spec, vendors.forParent(spec.name()), getContext().getSelf(), observer);
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
            int left = table.releaseAll(p);
            if (left > 0) {
                getContext().getLog().error("parent {} left {} reserved UUIDs behind", g.name(), left);
            }
        }
        getContext().getLog().debug("parent {} unregistered", g.name());
        if (p != null) {
            p.ref.tell(ParentDevice.Stop.INSTANCE); // behind everything forwarded to it so far
        }
        g.replyTo().tell(new Reply(g.requestId(), Errno.OK));
        return this;
    }

    private Behavior<Command> onInspect(Inspect i) {
        Map<UUID, String> reservations = new HashMap<>();
        table.snapshot().forEach((uuid, p) -> reservations.put(uuid, p.spec.name()));
        Map<String, ParentPhase> phases = new LinkedHashMap<>();
        Map<String, ActorRef<ParentDevice.Command>> refs = new LinkedHashMap<>();
        parents.forEach((name, p) -> {
            phases.put(name, p.phase);
            if (p.ref != null) {
                refs.put(name, p.ref);
            }
        });
        i.replyTo().tell(new View(reservations, phases, refs));
        return this;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Class<ActorRef<ParentDevice.Command>> refClass() {
        return (Class) ActorRef.class;
    }
}
