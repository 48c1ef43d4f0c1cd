package dev.mdevsim.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.BehaviorInterceptor;
import akka.actor.typed.SupervisorStrategy;
import akka.actor.typed.TypedActorContext;
import akka.actor.typed.javadsl.Behaviors;
import dev.mdevsim.core.DeviceState;
import dev.mdevsim.core.Errno;
import dev.mdevsim.core.HostObserver;
import dev.mdevsim.core.ParentSpec;
import dev.mdevsim.core.Reply;
import dev.mdevsim.core.TypeSpec;
import dev.mdevsim.model.Description;
import dev.mdevsim.model.Model;
import dev.mdevsim.parent.ParentDevice;
import dev.mdevsim.parent.ParentView;
import dev.mdevsim.report.Invariants;
import dev.mdevsim.report.RunResult;
import dev.mdevsim.vendor.Latency;
import dev.mdevsim.vendor.SimulatedVendor;
import dev.mdevsim.vendor.VendorSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import java.util.stream.Stream;

/**
 * G1, G2, G4 and G5 under concurrent load: many client actors create and remove a small pool of
 * UUIDs on several parents, against a vendor with random latency, failures and refusals, while a
 * chaos client unregisters and re-registers parents.
 */
class GuaranteesTest {

    static final ActorTestKit testKit = ActorTestKit.create();
    static final Duration LONG = Duration.ofSeconds(60);

    static final int CLIENTS = 16;
    static final int OPS_PER_CLIENT = 2_000;
    static final List<String> PARENTS = List.of("P0", "P1", "P2", "P3");
    static final List<String> TYPES = List.of("t1", "t2");
    static final List<UUID> POOL = new ArrayList<>();

    static {
        for (int i = 0; i < 24; i++) {
            POOL.add(new UUID(0xC0FFEEL, i));
        }
    }

    static final Map<Long, Registry.Command> SENT = new ConcurrentHashMap<>();
    /** The chaos client's request in flight, for the failure message. */
    static final java.util.concurrent.atomic.AtomicReference<String> CHAOS = new java.util.concurrent.atomic.AtomicReference<>("");

    /** What the test's actors tell the waiting test: one finished, or one failed, with its error. */
    sealed interface Outcome {
    }

    record Finished(String who) implements Outcome {
    }

    record Failed(String who, Throwable error) implements Outcome {
    }

    /**
     * Runs one of the test's actors so that an assertion (or any exception) it throws reaches the
     * waiting test at once as {@link Failed}, rather than as a timeout when the failed actor never
     * finishes. The actor still fails and stops, without Akka's error log: the test reports it.
     */
    static Behavior<Reply> reporting(String who, ActorRef<Outcome> done, Behavior<Reply> actor) {
        Behavior<Reply> reported = Behaviors.intercept(() -> new BehaviorInterceptor<Reply, Reply>(Reply.class) {
            @Override
            public Behavior<Reply> aroundStart(TypedActorContext<Reply> ctx, PreStartTarget<Reply> target) {
                try {
                    return target.start(ctx);
                } catch (RuntimeException | Error e) {
                    done.tell(new Failed(who, e));
                    throw e;
                }
            }

            @Override
            public Behavior<Reply> aroundReceive(TypedActorContext<Reply> ctx, Reply msg, ReceiveTarget<Reply> target) {
                try {
                    return target.apply(ctx, msg);
                } catch (RuntimeException | Error e) {
                    done.tell(new Failed(who, e));
                    throw e;
                }
            }
        }, actor);
        return Behaviors.supervise(reported).onFailure(Throwable.class, SupervisorStrategy.stop().withLoggingEnabled(false));
    }

    /**
     * Waits until {@code n} actors have finished; the first that failed fails the test at once, with
     * its message. A timeout lists the requests still unanswered.
     */
    static void awaitDone(TestProbe<Outcome> done, int n, Map<Long, AtomicInteger> replies, HostFixture host) {
        for (int finished = 0; finished < n; finished++) {
            Outcome o = receive(done, replies, host);
            if (o instanceof Failed f) {
                throw new AssertionError(f.who() + " failed: " + f.error().getMessage(), f.error());
            }
        }
    }

    private static Outcome receive(TestProbe<Outcome> done, Map<Long, AtomicInteger> replies, HostFixture host) {
        try {
            return done.receiveMessage(LONG);
        } catch (AssertionError e) {
            StringBuilder b = new StringBuilder(e.getMessage()).append("; chaos: ").append(CHAOS.get())
                    .append("; parents: ").append(host.parentViews()).append("; unanswered:");
            replies.forEach((id, count) -> {
                if (count.get() == 0) {
                    Registry.Command c = SENT.get(id);
                    UUID u = c instanceof Registry.Create cr ? cr.uuid() : ((Registry.Remove) c).uuid();
                    b.append("\n  ").append(c).append(" state now ").append(host.state(u));
                }
            });
            throw new AssertionError(b.toString(), e);
        }
    }

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    /** Counts device life per UUID; records any moment two devices of one UUID were live (G2). */
    static final class LiveCounter implements HostObserver {
        final Map<UUID, AtomicInteger> live = new ConcurrentHashMap<>();
        final ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();

        @Override
        public void live(UUID uuid, String parent, boolean up) {
            int n = live.computeIfAbsent(uuid, k -> new AtomicInteger()).addAndGet(up ? 1 : -1);
            if (n > 1 || n < 0) {
                violations.add(uuid + " live " + n + " times (" + parent + ")");
            }
        }
    }

    /** One client: sends one request at a time, counts every reply per request id. */
    static Behavior<Reply> client(int index, ActorRef<Registry.Command> registry, Map<Long, AtomicInteger> replies,
                                  Map<Errno, AtomicInteger> outcomes, ActorRef<Outcome> done) {
        return reporting("client " + index, done, Behaviors.setup(ctx -> {
            SplittableRandom random = new SplittableRandom(index);
            long[] sent = {0};
            Runnable next = () -> {
                long id = index * 1_000_000L + (++sent[0]);
                replies.put(id, new AtomicInteger());
                UUID uuid = POOL.get(random.nextInt(POOL.size()));
                Registry.Command c = random.nextBoolean()
                        ? new Registry.Create(id, PARENTS.get(random.nextInt(PARENTS.size())),
                                TYPES.get(random.nextInt(TYPES.size())), uuid, ctx.getSelf())
                        : new Registry.Remove(id, uuid, ctx.getSelf());
                SENT.put(id, c);
                registry.tell(c);
            };
            next.run();
            return Behaviors.receiveMessage(reply -> {
                replies.get(reply.requestId()).incrementAndGet();
                outcomes.get(reply.errno()).incrementAndGet();
                if (sent[0] < OPS_PER_CLIENT) {
                    next.run();
                } else if (sent[0] == OPS_PER_CLIENT) {
                    sent[0]++;
                    done.tell(new Finished("client " + index));
                }
                return Behaviors.same(); // stays alive: a late duplicate reply would still be counted
            });
        }));
    }

    /** Unregisters and re-registers parents while the clients run (P5 under load). */
    static Behavior<Reply> chaos(ActorRef<Registry.Command> registry, ActorRef<Outcome> done, int rounds) {
        return reporting("the chaos client", done, Behaviors.setup(ctx -> {
            int[] step = {0};
            Runnable next = () -> {
                String parent = PARENTS.get((step[0] / 2) % PARENTS.size());
                if (step[0] % 2 == 0) {
                    CHAOS.set("unregister " + parent);
                    registry.tell(new Registry.UnregisterParent(-1 - step[0], parent, ctx.getSelf()));
                } else {
                    CHAOS.set("register " + parent);
                    registry.tell(new Registry.RegisterParent(-1 - step[0], spec(parent), ctx.getSelf()));
                }
            };
            next.run();
            return Behaviors.receiveMessage(reply -> {
                if (!reply.errno().isOk()) {
                    throw new AssertionError("chaos step " + step[0] + " got " + reply);
                }
                if (++step[0] < 2 * rounds) {
                    next.run();
                } else {
                    done.tell(new Finished("chaos"));
                }
                return Behaviors.same();
            });
        }));
    }

    /** P3's types share a pool (counted by the core in linux-6.1: EUSERS), the others have their own capacities. */
    static ParentSpec spec(String name) {
        return name.equals("P3") ? ParentSpec.pooled(name, 4, "t1", "t2")
                : ParentSpec.of(name, new TypeSpec("t1", 3), new TypeSpec("t2", 2));
    }

    static Stream<Arguments> modelsAndLimits() {
        return Stream.of(Model.values()).flatMap(m -> Stream.of(Arguments.of(m, 10_000), Arguments.of(m, 0), Arguments.of(m, 3)));
    }

    @ParameterizedTest(name = "{0}, at most {1} active device actors per parent")
    @MethodSource("modelsAndLimits")
    void concurrentLoad_everyRequestAnsweredOnce_noUuidLiveTwice_tablesAgree_G1_G2_G4(Model model, int maxActive) {
        VendorSettings vendor = new VendorSettings(new Latency.Uniform(0, 200_000), new Latency.Exponential(50_000),
                0.1, Errno.EIO, 0.1, 0, Errno.ENOSPC, new Latency.Fixed(0));
        LiveCounter counter = new LiveCounter();
        try (SimulatedVendor.Factory sim = new SimulatedVendor.Factory(vendor, 42)) {
            HostFixture host = new HostFixture(testKit, model, sim, counter, maxActive);
            for (String p : PARENTS) {
                host.register(host.nextId(), spec(p)).expect(Errno.OK);
            }
            Map<Long, AtomicInteger> replies = new ConcurrentHashMap<>();
            Map<Errno, AtomicInteger> outcomes = new EnumMap<>(Errno.class);
            for (Errno e : Errno.values()) {
                outcomes.put(e, new AtomicInteger());
            }
            TestProbe<Outcome> done = testKit.createTestProbe(Outcome.class);
            for (int i = 0; i < CLIENTS; i++) {
                testKit.spawn(client(i, host.registry, replies, outcomes, done.getRef()));
            }
            testKit.spawn(chaos(host.registry, done.getRef(), 6));
            awaitDone(done, CLIENTS + 1, replies, host);

            // every path was taken, so the checks below mean something
            Description d = model.description();
            for (Errno e : List.of(Errno.OK, Errno.EEXIST, Errno.ENODEV, Errno.EIO, Errno.ENOSPC)) {
                assertTrue(outcomes.get(e).get() > 0, "no " + e + " in " + outcomes);
            }
            // EBUSY only where the vendor may refuse a removal (R4); EUSERS only from a core pool (6.1 C10)
            assertEquals(d.removeFailure() == Description.RemoveFailure.REFUSED, outcomes.get(Errno.EBUSY).get() > 0,
                    "EBUSY: " + outcomes);
            assertEquals(d.pools() == Description.Pools.CORE, outcomes.get(Errno.EUSERS).get() > 0, "EUSERS: " + outcomes);
            // EAGAIN where a remove finds transitional devices (R5, R6); duplicate-link warnings are legacy's
            // alone (C4, C6, C8), remove-failed ones linux-5.2's (R4)
            assertEquals(d.answersEagain(), outcomes.get(Errno.EAGAIN).get() > 0, "EAGAIN: " + outcomes);
            assertEquals(model == Model.LEGACY, host.warnings() > 0, "warnings: " + host.warnings());
            assertEquals(d.warnsWhenRemoveFails(), host.removeFailures() > 0, "remove_failed: " + host.removeFailures());
            checkQuiet(host, counter, model);
            // G1: exactly one reply per request (checked after the inspection above went through every actor)
            assertEquals(CLIENTS * OPS_PER_CLIENT, replies.size());
            List<String> wrong = new ArrayList<>();
            replies.forEach((id, n) -> {
                if (n.get() != 1) {
                    wrong.add(id + " answered " + n.get() + " times");
                }
            });
            assertEquals(List.of(), wrong);
        }
    }

    @Test
    void legacy_concurrentCrossParentDuplicates_warnButNeverTwoLiveMdevs_C4_C6_G2() {
        VendorSettings vendor = VendorSettings.instant().withLatencies(new Latency.Uniform(0, 100_000), new Latency.Uniform(0, 50_000));
        LiveCounter counter = new LiveCounter();
        try (SimulatedVendor.Factory sim = new SimulatedVendor.Factory(vendor, 3)) {
            HostFixture host = new HostFixture(testKit, Model.LEGACY, sim, counter);
            for (String p : PARENTS) {
                host.register(host.nextId(), spec(p)).expect(Errno.OK);
            }
            // every client creates the same four UUIDs, each time on another parent, and removes them
            List<UUID> few = POOL.subList(0, 4);
            Map<Long, AtomicInteger> replies = new ConcurrentHashMap<>();
            TestProbe<Outcome> done = testKit.createTestProbe(Outcome.class);
            for (int c = 0; c < 8; c++) {
                int client = c;
                testKit.spawn(reporting("client " + client, done.getRef(), Behaviors.<Reply>setup(ctx -> {
                    long[] n = {0};
                    Runnable next = () -> {
                        long id = 7_000_000L + client * 100_000L + (++n[0]);
                        replies.put(id, new AtomicInteger());
                        UUID uuid = few.get((int) (n[0] % few.size()));
                        ctx.getSelf();
                        host.registry.tell(n[0] % 3 == 0 ? new Registry.Remove(id, uuid, ctx.getSelf())
                                : new Registry.Create(id, PARENTS.get((int) ((n[0] + client) % PARENTS.size())), "t1", uuid, ctx.getSelf()));
                    };
                    next.run();
                    return Behaviors.receiveMessage(r -> {
                        replies.get(r.requestId()).incrementAndGet();
                        if (n[0] < 1_500) {
                            next.run();
                        } else if (n[0]++ == 1_500) {
                            done.getRef().tell(new Finished("client " + client));
                        }
                        return Behaviors.same();
                    });
                })));
            }
            awaitDone(done, 8, replies, host);
            assertTrue(host.warnings() > 0, "a cross-parent duplicate storm must warn in legacy");
            checkQuiet(host, counter, Model.LEGACY);
            assertTrue(replies.values().stream().allMatch(n -> n.get() == 1), "G1");
        }
    }

    /** G2 and G4 once the system is quiet: the checks every run ends with, and stricter ones. */
    static void checkQuiet(HostFixture host, LiveCounter counter, Model model) {
        assertEquals(List.of(), new ArrayList<>(counter.violations), "G2");
        // stopped device actors terminate asynchronously: G4 may need a moment to see them gone
        TestProbe<String> probe = testKit.createTestProbe(String.class);
        probe.awaitAssert(Duration.ofSeconds(10), () -> {
            RunResult.InvariantResult g4 = Invariants.consistent(host.inspect(), host.parentViews());
            assertTrue(g4.held(), g4.detail());
            return g4;
        });
        Registry.View registry = host.inspect();
        Map<String, ParentView> parents = host.parentViews();
        assertEquals(PARENTS.size(), parents.size());
        if (model == Model.LEGACY) {
            assertEquals(registry.reservations().keySet(), registry.listed(), "quiet: every linked device is listed");
        } else {
            assertEquals(Set.of(), registry.listed());
        }
        for (ParentView p : parents.values()) {
            assertEquals(0, p.inProgress(), p.name());
            assertEquals(0, p.creating() + p.removing(), p.name());
        }
        for (UUID u : POOL) {
            boolean reserved = registry.reservations().containsKey(u);
            int live = counter.live.getOrDefault(u, new AtomicInteger()).get();
            assertEquals(reserved ? 1 : 0, live, "live devices of " + u);
            assertEquals(reserved ? DeviceState.ACTIVE : DeviceState.ABSENT, host.state(u));
        }
    }

    @ParameterizedTest
    @EnumSource(Model.class)
    void removeOkThenCreate_neverEEXISTBecauseOfThatUuid_underLoad_G5(Model model) {
        VendorSettings vendor = VendorSettings.instant().withLatencies(new Latency.Uniform(0, 50_000), new Latency.Uniform(0, 50_000));
        try (SimulatedVendor.Factory sim = new SimulatedVendor.Factory(vendor, 7)) {
            HostFixture host = new HostFixture(testKit, model, sim);
            for (String p : PARENTS) {
                host.register(host.nextId(), ParentSpec.of(p, new TypeSpec("t1", 1000))).expect(Errno.OK);
            }
            // background load on other UUIDs of the same parents
            Map<Long, AtomicInteger> replies = new ConcurrentHashMap<>();
            Map<Errno, AtomicInteger> outcomes = new EnumMap<>(Errno.class);
            for (Errno e : Errno.values()) {
                outcomes.put(e, new AtomicInteger());
            }
            TestProbe<Outcome> done = testKit.createTestProbe(Outcome.class);
            for (int i = 0; i < 4; i++) {
                testKit.spawn(client(100 + i, host.registry, replies, outcomes, done.getRef()));
            }
            UUID u = UUID.randomUUID();
            for (int i = 0; i < 300; i++) {
                host.create(PARENTS.get(i % PARENTS.size()), "t1", u).expect(Errno.OK);
                host.remove(u).expect(Errno.OK);
            }
            awaitDone(done, 4, replies, host);
        }
    }

    /**
     * The harness itself: an assertion thrown inside one of the test's actors fails the waiting test
     * at once with its message, not after {@link #LONG} with a timeout that hides it.
     */
    @Test
    void anAssertionInsideAnActor_failsTheWaitingTestAtOnce_withItsMessage() {
        TestProbe<Outcome> done = testKit.createTestProbe(Outcome.class);
        ActorRef<Reply> failing = testKit.spawn(reporting("a client", done.getRef(), Behaviors.receiveMessage(reply -> {
            throw new AssertionError("request " + reply.requestId() + " got " + reply.errno());
        })));
        failing.tell(new Reply(7, Errno.EIO));
        AssertionError e = assertThrows(AssertionError.class, () -> awaitDone(done, 2, Map.of(), null));
        assertEquals("a client failed: request 7 got EIO", e.getMessage());

        testKit.spawn(reporting("the chaos client", done.getRef(), Behaviors.setup(ctx -> {
            throw new IllegalStateException("no parent to unplug");
        })));
        e = assertThrows(AssertionError.class, () -> awaitDone(done, 1, Map.of(), null));
        assertEquals("the chaos client failed: no parent to unplug", e.getMessage(), "a failure while starting, too");
    }
}
