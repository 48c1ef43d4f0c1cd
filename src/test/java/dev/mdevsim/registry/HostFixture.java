package dev.mdevsim.registry;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.SpawnProtocol;
import dev.mdevsim.core.DeviceState;
import dev.mdevsim.core.Errno;
import dev.mdevsim.core.HostObserver;
import dev.mdevsim.core.InstancesReply;
import dev.mdevsim.core.ParentSpec;
import dev.mdevsim.core.Reply;
import dev.mdevsim.core.StateReply;
import dev.mdevsim.core.TypeSpec;
import dev.mdevsim.model.Model;
import dev.mdevsim.parent.ParentDevice;
import dev.mdevsim.parent.ParentView;
import dev.mdevsim.vendor.VendorFactory;
import dev.mdevsim.vendor.VendorGate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One simulated host inside a test's {@link ActorTestKit}: a registry, a {@link SpawnProtocol}
 * guardian for its parents, a {@link VendorGate}, and helpers that send one request and hand back
 * the probe its reply goes to. Request ids are unique per fixture.
 */
public final class HostFixture {

    public static final Duration WAIT = Duration.ofSeconds(5);

    public final ActorTestKit testKit;
    public final VendorGate gate;
    public final ActorRef<Registry.Command> registry;
    public final ConcurrentLinkedQueue<String> events = new ConcurrentLinkedQueue<>();
    private final AtomicLong ids = new AtomicLong(1000);

    public HostFixture(ActorTestKit testKit, Model model) {
        this(testKit, model, null);
    }

    /** A host whose unheld vendor ops go to {@code passThrough} (instant when null). */
    public HostFixture(ActorTestKit testKit, Model model, VendorFactory passThrough) {
        this(testKit, model, passThrough, HostObserver.NONE);
    }

    /** ... and whose events also go to {@code extra}. */
    public HostFixture(ActorTestKit testKit, Model model, VendorFactory passThrough, HostObserver extra) {
        this(testKit, model, passThrough, extra, dev.mdevsim.host.HostSettings.MAX_ACTIVE_DEVICE_ACTORS);
    }

    /** ... and whose parents keep at most {@code maxActiveDeviceActors} active device actors (0: all rest). */
    public HostFixture(ActorTestKit testKit, Model model, VendorFactory passThrough, HostObserver extra,
                       int maxActiveDeviceActors) {
        this(testKit, model, passThrough, extra, maxActiveDeviceActors, false);
    }

    /** A host whose unregistrations walk as {@code host.unregister-walk = stop-at-transitional} says when {@code buggyWalk}. */
    public HostFixture(ActorTestKit testKit, Model model, boolean buggyWalk) {
        this(testKit, model, null, HostObserver.NONE, dev.mdevsim.host.HostSettings.MAX_ACTIVE_DEVICE_ACTORS, buggyWalk);
    }

    private HostFixture(ActorTestKit testKit, Model model, VendorFactory passThrough, HostObserver extra,
                        int maxActiveDeviceActors, boolean buggyWalk) {
        this.testKit = testKit;
        this.gate = passThrough == null ? new VendorGate() : new VendorGate(passThrough);
        ActorRef<SpawnProtocol.Command> spawner = testKit.spawn(SpawnProtocol.create());
        HostObserver observer = new HostObserver() {
            @Override
            public void queued(long requestId) {
                events.add("queued " + requestId);
                extra.queued(requestId);
            }

            @Override
            public void dequeued(long requestId) {
                events.add("dequeued " + requestId);
                extra.dequeued(requestId);
            }

            @Override
            public void live(UUID uuid, String parent, boolean up) {
                extra.live(uuid, parent, up);
            }

            @Override
            public void duplicateLink(UUID uuid, String parent, String holder) {
                events.add("warning " + uuid + " " + parent + " " + holder);
                extra.duplicateLink(uuid, parent, holder);
            }

            @Override
            public void removeFailed(UUID uuid, String parent, Errno errno) {
                events.add("remove_failed " + uuid + " " + parent + " " + errno);
                extra.removeFailed(uuid, parent, errno);
            }
        };
        this.registry = testKit.spawn(Registry.create(model.description(), gate, observer, spawner, maxActiveDeviceActors,
                buggyWalk));
    }

    public long nextId() {
        return ids.incrementAndGet();
    }

    /** Registers a parent whose types are given as name, capacity, name, capacity... and expects OK. */
    public void parent(String name, Object... typesAndCapacities) {
        assertReply(register(nextId(), name, typesAndCapacities), Errno.OK);
    }

    public Sent register(long id, String name, Object... typesAndCapacities) {
        TypeSpec[] types = new TypeSpec[typesAndCapacities.length / 2];
        for (int i = 0; i < types.length; i++) {
            types[i] = new TypeSpec((String) typesAndCapacities[2 * i], (Integer) typesAndCapacities[2 * i + 1]);
        }
        return register(id, new ParentSpec(name, List.of(types)));
    }

    public Sent register(long id, ParentSpec spec) {
        TestProbe<Reply> p = testKit.createTestProbe(Reply.class);
        registry.tell(new Registry.RegisterParent(id, spec, p.getRef()));
        return new Sent(id, p);
    }

    public Sent create(String parent, String type, UUID uuid) {
        return create(nextId(), parent, type, uuid);
    }

    public Sent create(long id, String parent, String type, UUID uuid) {
        TestProbe<Reply> p = testKit.createTestProbe(Reply.class);
        registry.tell(new Registry.Create(id, parent, type, uuid, p.getRef()));
        return new Sent(id, p);
    }

    /** A create whose vendor op is held: returns once the op is at the vendor. */
    public Held createHeld(String parent, String type, UUID uuid) {
        long id = nextId();
        VendorGate.Held h = gate.hold(id);
        Sent s = create(id, parent, type, uuid);
        return new Held(s, awaitStarted(h));
    }

    /** A create whose vendor op will be held, sent without waiting for it to get there (it may queue). */
    public Held createArmed(String parent, String type, UUID uuid) {
        long id = nextId();
        VendorGate.Held h = gate.hold(id);
        return new Held(create(id, parent, type, uuid), h);
    }

    /** A remove whose vendor op will be held, sent without waiting for it to get there. */
    public Held removeArmed(UUID uuid) {
        long id = nextId();
        VendorGate.Held h = gate.hold(id);
        return new Held(remove(id, uuid), h);
    }

    /**
     * The request waits in a lock queue: the observer saw it queued and it has no reply. Syncs first
     * with a query through the registry and {@code parent}, which the request passed before it.
     */
    public void expectQueued(Sent s, String parent) {
        instances(parent, "-");
        if (!events.contains("queued " + s.id())) {
            throw new AssertionError("request " + s.id() + " is not queued: " + events);
        }
        s.expectPending();
    }

    /** Duplicate-link warnings raised so far. */
    public long warnings() {
        return events.stream().filter(e -> e.startsWith("warning")).count();
    }

    /** Remove-failed warnings (linux-5.2) raised so far. */
    public long removeFailures() {
        return events.stream().filter(e -> e.startsWith("remove_failed")).count();
    }

    public Sent remove(UUID uuid) {
        return remove(nextId(), uuid);
    }

    public Sent remove(long id, UUID uuid) {
        TestProbe<Reply> p = testKit.createTestProbe(Reply.class);
        registry.tell(new Registry.Remove(id, uuid, p.getRef()));
        return new Sent(id, p);
    }

    /** A remove whose vendor op is held: returns once the op is at the vendor. */
    public Held removeHeld(UUID uuid) {
        long id = nextId();
        VendorGate.Held h = gate.hold(id);
        Sent s = remove(id, uuid);
        return new Held(s, awaitStarted(h));
    }

    public Sent unregister(String name) {
        long id = nextId();
        TestProbe<Reply> p = testKit.createTestProbe(Reply.class);
        registry.tell(new Registry.UnregisterParent(id, name, p.getRef()));
        return new Sent(id, p);
    }

    /** Creates a device and expects OK. */
    public void active(String parent, String type, UUID uuid) {
        assertReply(create(parent, type, uuid), Errno.OK);
    }

    public DeviceState state(UUID uuid) {
        TestProbe<StateReply> p = testKit.createTestProbe(StateReply.class);
        long id = nextId();
        registry.tell(new Registry.GetState(id, uuid, p.getRef()));
        StateReply r = p.receiveMessage(WAIT);
        if (r.requestId() != id || !r.uuid().equals(uuid)) {
            throw new AssertionError("unexpected " + r);
        }
        return r.state();
    }

    /** {@code available_instances}, or -1 when ENOENT. */
    public int instances(String parent, String type) {
        TestProbe<InstancesReply> p = testKit.createTestProbe(InstancesReply.class);
        long id = nextId();
        registry.tell(new Registry.GetInstances(id, parent, type, p.getRef()));
        InstancesReply r = p.receiveMessage(WAIT);
        return r.errno().isOk() ? r.available() : -1;
    }

    public Registry.View inspect() {
        TestProbe<Registry.View> p = testKit.createTestProbe(Registry.View.class);
        registry.tell(new Registry.Inspect(p.getRef()));
        return p.receiveMessage(WAIT);
    }

    public static void assertReply(Sent s, Errno expected) {
        s.probe().expectMessage(WAIT, new Reply(s.id(), expected));
    }

    private static VendorGate.Held awaitStarted(VendorGate.Held h) {
        try {
            return h.awaitStarted(WAIT);
        } catch (TimeoutException | InterruptedException e) {
            throw new AssertionError("the vendor op did not start within " + WAIT, e);
        }
    }

    /** A request sent, and where its reply goes. */
    public record Sent(long id, TestProbe<Reply> probe) {
        public void expect(Errno e) {
            assertReply(this, e);
        }

        /**
         * No reply has arrived so far. Meaningful after a query that went through the same actors
         * (a state or instances query): any reply sent before it would already be here.
         */
        public void expectPending() {
            probe.expectNoMessage(Duration.ZERO);
        }
    }

    /** A request held at the vendor. */
    public record Held(Sent sent, VendorGate.Held op) {
        /** Waits until the op has reached the vendor (after any lock it queued on). */
        public Held awaitAtVendor() {
            HostFixture.awaitStarted(op);
            return this;
        }

        public boolean atVendor() {
            return op.isStarted();
        }

        public void release() {
            op.release();
        }

        public void fail(Errno e) {
            op.fail(e);
        }

        public void expect(Errno e) {
            sent.expect(e);
        }

        public void expectPending() {
            sent.expectPending();
        }
    }

    /** Every registered parent's view, for G4 checks. */
    public Map<String, ParentView> parentViews() {
        Map<String, ParentView> out = new java.util.TreeMap<>();
        inspect().parentRefs().forEach((name, ref) -> {
            TestProbe<ParentView> p = testKit.createTestProbe(ParentView.class);
            ref.tell(new ParentDevice.Inspect(p.getRef()));
            out.put(name, p.receiveMessage(WAIT));
        });
        return out;
    }
}
