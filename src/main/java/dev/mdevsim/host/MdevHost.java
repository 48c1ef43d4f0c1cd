package dev.mdevsim.host;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Props;
import akka.actor.typed.SpawnProtocol;
import akka.actor.typed.javadsl.AskPattern;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.mdevsim.core.DeviceCounts;
import dev.mdevsim.core.DeviceState;
import dev.mdevsim.core.Errno;
import dev.mdevsim.core.Futures;
import dev.mdevsim.core.HostObserver;
import dev.mdevsim.core.InstancesReply;
import dev.mdevsim.core.ParentSpec;
import dev.mdevsim.core.RemoveFileOp;
import dev.mdevsim.core.Reply;
import dev.mdevsim.core.StateReply;
import dev.mdevsim.core.Uuids;
import dev.mdevsim.core.WarningCounter;
import dev.mdevsim.core.Warnings;
import dev.mdevsim.model.Description;
import dev.mdevsim.model.Model;
import dev.mdevsim.parent.ParentDevice;
import dev.mdevsim.parent.ParentView;
import dev.mdevsim.registry.Registry;
import dev.mdevsim.sim.Deterministic;
import dev.mdevsim.sim.Sim;
import dev.mdevsim.sim.SimLoop;
import dev.mdevsim.sysfs.Sysfs;
import dev.mdevsim.vendor.SimulatedVendor;
import dev.mdevsim.vendor.VendorFactory;
import dev.mdevsim.vendor.VendorGate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A simulated mdev host for embedding in your own code and tests: start it from a {@link Config},
 * then create and remove mdevs, register and unregister parents, and read states and
 * {@code available_instances}, each as a {@link CompletionStage}.
 *
 * <pre>{@code
 * VendorGate gate = new VendorGate();                       // ops complete when you say so
 * try (MdevHost host = MdevHost.start(ConfigFactory.load(), gate)) {
 *     host.registerParent(ParentSpec.of("P1", new TypeSpec("mtty-1", 4))).toCompletableFuture().join();
 *     UUID u = UUID.randomUUID();
 *     VendorGate.Held held = gate.holdNext(VendorOp.CREATE, u);
 *     CompletionStage<Errno> create = host.create("P1", "mtty-1", u);
 *     held.awaitStarted(Duration.ofSeconds(5));
 *     assert host.remove(u).toCompletableFuture().join() == Errno.EAGAIN;   // R5: early remove
 *     held.release();
 *     assert create.toCompletableFuture().join() == Errno.OK;
 * }
 * }</pre>
 *
 * <p>Guarantees: every stage completes exactly once (G1): with the outcome, with
 * {@link Errno#ETIMEDOUT} when no reply came within {@code mdevsim.api.timeout} (a hung vendor op,
 * say), or with {@link Errno#ESHUTDOWN} when the host is closed first. Malformed UUIDs are answered
 * at once with EINVAL (C1, R1), as the kernel's sysfs store handlers do before calling the core.
 * Thread-safe.
 */
public final class MdevHost implements AutoCloseable, Sysfs.Kernel {

    private final ActorSystem<?> system;
    /** False for a host started {@link Builder#within} a system that outlives it. */
    private final boolean ownsSystem;
    private final ActorRef<Registry.Command> registry;
    private final HostSettings settings;
    private final AutoCloseable ownedVendor;
    private final Duration timeout;
    private final AtomicLong ids = new AtomicLong();
    private final WarningCounter warnings;
    private final Set<CompletableFuture<?>> pending = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    private final Sysfs sysfs;
    /** How callers wait: {@link Sim#threads()}, or the deterministic run's loop. */
    private final Sim sim;

    private MdevHost(ActorSystem<?> system, boolean ownsSystem, ActorRef<Registry.Command> registry,
                     HostSettings settings, AutoCloseable ownedVendor, WarningCounter warnings, Sim sim) {
        this.system = system;
        this.ownsSystem = ownsSystem;
        this.sim = sim;
        this.registry = registry;
        this.settings = settings;
        this.ownedVendor = ownedVendor;
        this.timeout = settings.apiTimeout();
        this.warnings = warnings;
        this.sysfs = new Sysfs(this);
    }

    /** A host with the simulated vendor of {@code mdevsim.vendor} and the parents of {@code mdevsim.host.parents}. */
    public static MdevHost start(Config config) {
        return builder(config).start();
    }

    /** A host whose parents use {@code vendor}: a {@link VendorGate} in tests. */
    public static MdevHost start(Config config, VendorFactory vendor) {
        return builder(config).vendor(vendor).start();
    }

    /** For everything else: an observer, settings read elsewhere, no initial parents. */
    public static Builder builder(Config config) {
        return new Builder(config);
    }

    /** Collects the options of a host, then starts it. */
    public static final class Builder {
        /** As given; resolved with the references and mdevsim's Akka settings only when needed (see {@link #config()}). */
        private final Config given;
        private Config config;
        private HostSettings settings;
        private Model model;
        private VendorFactory vendor;
        private HostObserver observer = HostObserver.NONE;
        private boolean registerParents = true;
        private SimLoop loop;
        private ActorSystem<?> withinSystem;
        private ActorRef<SpawnProtocol.Command> withinSpawner;

        private Builder(Config config) {
            this.given = config;
        }

        /**
         * The config resolved against every reference.conf, with mdevsim's Akka settings: needed to read
         * the settings or to start a system, and costly enough (a millisecond) that {@code explore}, which
         * starts thousands of hosts {@link #within} one system with settings of its own, skips it.
         */
        private Config config() {
            if (config == null) {
                config = AkkaTuning.apply(given.withFallback(ConfigFactory.defaultReference()).resolve());
            }
            return config;
        }

        /** Use these settings instead of reading {@code mdevsim.*} from the config. */
        public Builder settings(HostSettings settings) {
            this.settings = settings;
            return this;
        }

        /** The locking design, instead of {@code mdevsim.model}. */
        public Builder model(Model model) {
            this.model = model;
            return this;
        }

        /** The vendor of every parent; default: the simulated vendor of the settings. */
        public Builder vendor(VendorFactory vendor) {
            this.vendor = vendor;
            return this;
        }

        /** Hooks for queueing and device life (see {@link HostObserver}). */
        public Builder observer(HostObserver observer) {
            this.observer = observer;
            return this;
        }

        /**
         * Runs the host deterministically on {@code loop} (driven by the thread that made it), whatever
         * {@code mdevsim.sim.mode} says; by default a deterministic mode makes its own loop from the seed.
         */
        public Builder loop(SimLoop loop) {
            this.loop = loop;
            return this;
        }

        /**
         * Starts the host's actors under {@code spawner} in a system that is already running (and, if
         * deterministic, runs on the {@link #loop} given too), instead of in a system of its own:
         * {@code explore} runs thousands of hosts, one after another, in one system. Closing such a
         * host does not stop the system; its owner stops {@code spawner}.
         */
        public Builder within(ActorSystem<?> system, ActorRef<SpawnProtocol.Command> spawner) {
            this.withinSystem = system;
            this.withinSpawner = spawner;
            return this;
        }

        /** Whether to register {@code mdevsim.host.parents} at start (default true). */
        public Builder registerParents(boolean register) {
            this.registerParents = register;
            return this;
        }

        /**
         * Starts the actor system and registers the configured parents.
         *
         * @throws dev.mdevsim.config.SettingsException when a setting is invalid
         */
        public MdevHost start() {
            HostSettings read = settings != null ? settings : HostSettings.read(config());
            HostSettings s = model == null ? read : read.withModel(model);
            SimLoop run = loop != null ? loop : s.sim().deterministic() ? s.sim().loop(s.seed()) : null;
            Sim sim = run != null ? run : Sim.threads();
            SimulatedVendor.Factory owned = vendor == null
                    ? (run != null ? new SimulatedVendor.Factory(s.vendor(), s.seed(), run) : new SimulatedVendor.Factory(s.vendor(), s.seed()))
                    : null;
            VendorFactory vendors = vendor != null ? vendor : owned;
            WarningCounter counting = new WarningCounter(observer);
            // SLF4J is configured here, on this thread, before Akka has threads: otherwise its logger
            // actor logs "Slf4jLogger started" while this thread is still configuring logback, SLF4J
            // hands it a substitute logger, and replays the call with a banner on stderr.
            org.slf4j.LoggerFactory.getILoggerFactory();
            boolean owns = withinSystem == null;
            ActorSystem<SpawnProtocol.Command> own = !owns ? null : run != null
                    ? Deterministic.start(SpawnProtocol.create(), "mdevsim", config(), run)
                    : ActorSystem.create(SpawnProtocol.create(), "mdevsim", config());
            ActorSystem<?> system = owns ? own : withinSystem;
            ActorRef<SpawnProtocol.Command> spawner = owns ? own : withinSpawner;
            MdevHost host;
            try {
                ActorRef<Registry.Command> registry = sim.await(AskPattern.<SpawnProtocol.Command, ActorRef<Registry.Command>>ask(
                        spawner,
                        replyTo -> new SpawnProtocol.Spawn<>(Registry.create(s.model().description(), vendors, counting, spawner,
                                s.maxActiveDeviceActors(), s.stopAtTransitional()),
                                "registry", Props.empty(), replyTo),
                        Duration.ofSeconds(10), system.scheduler()), Duration.ofSeconds(10));
                host = new MdevHost(system, owns, registry, s, owned, counting, sim);
            } catch (Exception e) {
                if (owns) {
                    system.terminate();
                }
                if (owned != null) {
                    owned.close();
                }
                throw new IllegalStateException("the host did not start", e);
            }
            if (registerParents) {
                for (ParentSpec p : s.parents()) {
                    Errno e = host.await(host.registerParent(p));
                    if (!e.isOk()) {
                        host.close();
                        throw new IllegalArgumentException("parent '" + p.name() + "' could not be registered: " + e);
                    }
                }
            }
            return host;
        }
    }

    /**
     * How to wait for this host: on threads, blocking; in a deterministic run, by running its loop
     * ({@code host.sim().await(host.create(...), bound)}), since nothing else runs its actors.
     */
    public Sim sim() {
        return sim;
    }

    /** The stage's value, waiting as {@link #sim()} says, at most {@code mdevsim.api.timeout} and a margin. */
    public <T> T await(CompletionStage<T> stage) {
        try {
            return sim.await(stage, timeout.plusSeconds(5));
        } catch (java.util.concurrent.ExecutionException e) {
            throw new CompletionException(e.getCause());
        } catch (TimeoutException e) {
            throw new CompletionException(e);
        }
    }

    /** The settings this host was started with. */
    public HostSettings settings() {
        return settings;
    }

    public Model model() {
        return settings.model();
    }

    /** A fresh request id, for callers that correlate requests with a {@link VendorGate} or an observer. */
    @Override
    public long nextRequestId() {
        return ids.incrementAndGet();
    }

    /** {@code echo $uuid > .../mdev_supported_types/$type/create} on {@code parent}. */
    public CompletionStage<Errno> create(String parent, String type, String uuid) {
        return create(nextRequestId(), parent, type, uuid);
    }

    public CompletionStage<Errno> create(String parent, String type, UUID uuid) {
        return create(nextRequestId(), parent, type, uuid);
    }

    /** {@code mdev_device_create} with a caller-chosen id. */
    @Override
    public CompletionStage<Errno> create(long requestId, String parent, String type, UUID uuid) {
        return request(replyTo -> new Registry.Create(requestId, parent, type, uuid, replyTo));
    }

    /** Like {@link #create(String, String, String)} with a caller-chosen id (see {@link #nextRequestId()}). */
    public CompletionStage<Errno> create(long requestId, String parent, String type, String uuid) {
        UUID u = Uuids.parseOrNull(uuid);
        if (u == null) {
            return CompletableFuture.completedFuture(Errno.EINVAL); // C1
        }
        return request(replyTo -> new Registry.Create(requestId, parent, type, u, replyTo));
    }

    /** {@code echo 1 > /sys/bus/mdev/devices/$uuid/remove}. */
    public CompletionStage<Errno> remove(String uuid) {
        return remove(nextRequestId(), uuid);
    }

    public CompletionStage<Errno> remove(UUID uuid) {
        return remove(nextRequestId(), uuid);
    }

    /** {@code mdev_device_remove} with a caller-chosen id. */
    @Override
    public CompletionStage<Errno> remove(long requestId, UUID uuid) {
        return request(replyTo -> new Registry.Remove(requestId, uuid, replyTo));
    }

    /** For the sysfs layer: an mdev's {@code remove} attribute (see {@link Sysfs}). */
    @Override
    public CompletionStage<Errno> removeFile(long requestId, UUID uuid, String parent, RemoveFileOp op) {
        return request(replyTo -> new Registry.RemoveFile(requestId, uuid, parent, op, replyTo));
    }

    /**
     * What a process writing this host's sysfs files sees (SEMANTICS.md "What userspace sees"):
     * {@code host.sysfs().write("bus/mdev/devices/" + uuid + "/remove", "1".getBytes())}, the S rows.
     */
    public Sysfs sysfs() {
        return sysfs;
    }

    @Override
    public CompletionStage<Boolean> createFileExists(String parent, String type) {
        return availableInstances(parent, type).thenApply(OptionalInt::isPresent);
    }

    @Override
    public Description description() {
        return settings.model().description();
    }

    /** Like {@link #remove(String)} with a caller-chosen id. */
    public CompletionStage<Errno> remove(long requestId, String uuid) {
        UUID u = Uuids.parseOrNull(uuid);
        if (u == null) {
            return CompletableFuture.completedFuture(Errno.EINVAL); // R1
        }
        return request(replyTo -> new Registry.Remove(requestId, u, replyTo));
    }

    /** Registers a parent (P1–P3). */
    public CompletionStage<Errno> registerParent(ParentSpec spec) {
        return registerParent(nextRequestId(), spec);
    }

    public CompletionStage<Errno> registerParent(long requestId, ParentSpec spec) {
        return request(replyTo -> new Registry.RegisterParent(requestId, spec, replyTo));
    }

    /** Unregisters a parent, removing its mdevs (P4, P5). */
    public CompletionStage<Errno> unregisterParent(String name) {
        return unregisterParent(nextRequestId(), name);
    }

    public CompletionStage<Errno> unregisterParent(long requestId, String name) {
        return request(replyTo -> new Registry.UnregisterParent(requestId, name, replyTo));
    }

    /** The state of a UUID right now; {@link DeviceState#ABSENT} when it is not reserved. */
    public CompletionStage<DeviceState> state(UUID uuid) {
        long id = nextRequestId();
        return query(replyTo -> new Registry.GetState(id, uuid, replyTo), StateReply::state);
    }

    /** The state of a UUID given as text; the stage fails with {@link IllegalArgumentException} if it is malformed. */
    public CompletionStage<DeviceState> state(String uuid) {
        UUID u = Uuids.parseOrNull(uuid);
        if (u == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("malformed UUID '" + uuid + "'"));
        }
        return state(u);
    }

    /** {@code available_instances} of a parent's type; empty when the parent or type is unknown. */
    public CompletionStage<OptionalInt> availableInstances(String parent, String type) {
        long id = nextRequestId();
        return this.<InstancesReply, OptionalInt>query(replyTo -> new Registry.GetInstances(id, parent, type, replyTo),
                r -> r.errno().isOk() ? OptionalInt.of(r.available()) : OptionalInt.empty());
    }

    /**
     * Warnings raised so far, by kind: legacy's duplicate links (cross-parent duplicates), linux-5.2's
     * failed vendor removes; always none in seed.
     */
    public Warnings warnings() {
        return warnings.warnings();
    }

    /** A copy of the registry's tables, for invariant checks. */
    public CompletionStage<Registry.View> inspect() {
        return query(Registry.Inspect::new, Function.identity());
    }

    /** Every parent's tables (including parents being unregistered), for invariant checks. */
    public CompletionStage<Map<String, ParentView>> inspectParents() {
        return inspect().thenCompose(view -> askEach(view.parentRefs(), ParentDevice.Inspect::new, timeout, null));
    }

    /**
     * The tables of the parents whose sysfs directories exist: registered ones, and those being
     * unregistered, until they are gone (S11). What the sysfs layer shows, on every lookup, so the
     * registry's tables are not copied. A parent that stops meanwhile is left out.
     */
    @Override
    public CompletionStage<Map<String, ParentView>> sysfsParents() {
        ParentView gone = new ParentView("", Map.of(), List.of(), 0, 0, 0, 0, 0, 0);
        return this.<Registry.Parents, Registry.Parents>query(Registry.GetParents::new, Function.identity()).thenCompose(view -> {
            Map<String, ActorRef<ParentDevice.Command>> refs = new TreeMap<>(view.refs());
            refs.keySet().removeIf(name -> view.phases().get(name) == Registry.ParentPhase.REGISTERING);
            return askEach(refs, ParentDevice.Inspect::new, timeout, gone).thenApply(views -> {
                views.values().removeIf(v -> v == gone);
                // a pool the core counts (linux-6.1) is the registry's: every type shows its remainder (S10)
                view.corePools().forEach((name, pool) -> views.computeIfPresent(name, (n, v) -> v.withSlots(List.of(pool))));
                return views;
            });
        });
    }

    /**
     * Mdevs by state over every parent, cheaply (no tables are copied): for a run's time series. A
     * parent that does not answer within {@code within} (it stopped meanwhile) counts as empty.
     */
    public CompletionStage<DeviceCounts> deviceCounts(Duration within) {
        return this.<Registry.Parents, Map<String, ActorRef<ParentDevice.Command>>>query(Registry.GetParents::new,
                        Registry.Parents::refs)
                .thenCompose(refs -> askEach(refs, ParentDevice.CountStates::new, within, DeviceCounts.NONE))
                .thenApply(counts -> counts.values().stream()
                        .reduce(DeviceCounts.NONE, DeviceCounts::plus));
    }

    /** Asks every parent; one that does not answer in time fails the whole, or gives {@code orElse} if not null. */
    private <R> CompletionStage<Map<String, R>> askEach(Map<String, ActorRef<ParentDevice.Command>> refs,
                                                        Function<ActorRef<R>, ParentDevice.Command> message,
                                                        Duration within, R orElse) {
        Map<String, CompletableFuture<R>> asks = new TreeMap<>();
        refs.forEach((name, ref) -> {
            CompletableFuture<R> ask = Futures.direct(AskPattern.<ParentDevice.Command, R>ask(
                    ref, message::apply, within, system.scheduler()));
            asks.put(name, orElse == null ? ask : ask.exceptionally(x -> orElse));
        });
        return CompletableFuture.allOf(asks.values().toArray(CompletableFuture[]::new)).thenApply(x -> {
            Map<String, R> out = new TreeMap<>();
            asks.forEach((name, f) -> out.put(name, f.join()));
            return out;
        });
    }

    /** The registry, for clients that speak its protocol directly (load generators). */
    public ActorRef<Registry.Command> registry() {
        return registry;
    }

    /** The actor system, for clients that spawn their own actors next to the host. */
    public ActorSystem<?> system() {
        return system;
    }

    /**
     * Stops the host. Requests still waiting complete with {@link Errno#ESHUTDOWN}; queries still
     * waiting fail. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        // a host started within another's system: that system's owner stops the host's actors
        if (ownsSystem && sim instanceof SimLoop run) {
            system.terminate();
            // the logger's actor stops on its own thread and reports back: foreign work is let in here
            CompletableFuture<?> terminated = system.getWhenTerminated().toCompletableFuture();
            run.drainUntil(terminated::isDone, Duration.ofSeconds(30));
        } else if (ownsSystem) {
            system.terminate();
            try {
                system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                // termination is best effort; the pending stages are completed below either way
            }
        }
        if (ownedVendor != null) {
            try {
                ownedVendor.close();
            } catch (Exception e) {
                // nothing useful to do
            }
        }
        for (CompletableFuture<?> f : pending) {
            f.completeExceptionally(new ShutdownSignal());
        }
    }

    private CompletionStage<Errno> request(Function<ActorRef<Reply>, Registry.Command> message) {
        CompletableFuture<Errno> result = new CompletableFuture<>();
        CompletableFuture<Reply> raw = track(message);
        raw.whenComplete((reply, failure) -> result.complete(reply != null ? reply.errno()
                : unwrap(failure) instanceof ShutdownSignal || closed ? Errno.ESHUTDOWN : Errno.ETIMEDOUT));
        return result;
    }

    private <R, T> CompletionStage<T> query(Function<ActorRef<R>, Registry.Command> message, Function<R, T> extract) {
        return this.<R>track(message).handle((reply, failure) -> {
            if (failure == null) {
                return extract.apply(reply);
            }
            Throwable cause = unwrap(failure);
            throw new CompletionException(cause instanceof ShutdownSignal || closed
                    ? new IllegalStateException("the host is closed")
                    : new TimeoutException("no answer within " + timeout));
        });
    }

    private <R> CompletableFuture<R> track(Function<ActorRef<R>, Registry.Command> message) {
        CompletableFuture<R> f = new CompletableFuture<>();
        if (closed) {
            f.completeExceptionally(new ShutdownSignal());
            return f;
        }
        pending.add(f);
        f.whenComplete((r, e) -> pending.remove(f));
        Futures.direct(AskPattern.ask(registry, message::apply, timeout, system.scheduler())).whenComplete((r, e) -> {
            if (e != null) {
                f.completeExceptionally(e);
            } else {
                f.complete(r);
            }
        });
        return f;
    }

    private static Throwable unwrap(Throwable t) {
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** Completes what was still pending when the host closed. */
    private static final class ShutdownSignal extends RuntimeException {
        ShutdownSignal() {
            super("host closed", null, false, false);
        }
    }
}
