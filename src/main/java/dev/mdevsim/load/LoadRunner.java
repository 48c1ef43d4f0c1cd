package dev.mdevsim.load;

import akka.Done;
import akka.actor.DeadLetter;
import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.Props;
import akka.actor.typed.eventstream.EventStream;
import akka.actor.typed.javadsl.AskPattern;
import akka.actor.typed.javadsl.Behaviors;
import akka.japi.Pair;
import akka.stream.javadsl.Source;
import com.typesafe.config.Config;
import dev.mdevsim.core.DeviceCounts;
import dev.mdevsim.core.Errno;
import dev.mdevsim.core.RemoveFileOp;
import dev.mdevsim.core.Futures;
import dev.mdevsim.core.Reply;
import dev.mdevsim.history.Checker;
import dev.mdevsim.history.HistoryException;
import dev.mdevsim.history.HistoryWriter;
import dev.mdevsim.host.MdevHost;
import dev.mdevsim.model.Description;
import dev.mdevsim.parent.ParentDevice;
import dev.mdevsim.parent.ParentView;
import dev.mdevsim.registry.Registry;
import dev.mdevsim.report.Assertion;
import dev.mdevsim.report.Invariants;
import dev.mdevsim.report.RunResult;
import dev.mdevsim.report.RunResult.FaultEvent;
import dev.mdevsim.report.RunResult.InvariantResult;
import dev.mdevsim.report.TimeSeries;
import dev.mdevsim.scenario.Fault;
import dev.mdevsim.scenario.Scenario;
import dev.mdevsim.sysfs.Sysfs;
import dev.mdevsim.sim.Sim;
import dev.mdevsim.sim.SimLoop;
import dev.mdevsim.vendor.Clock;
import dev.mdevsim.vendor.DelayScheduler;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Runs one scenario: starts a host, drives its workload through Akka Streams, fires the scheduled
 * faults, shows progress, then checks the invariants and judges the assertions.
 *
 * <p>Design notes.
 * <ul>
 *   <li>Closed arrival: one chain of futures per client, all started at once; a client sends its
 *       next step when the previous one is answered (continuing on a dispatcher thread, not on the
 *       answering actor's). Latency is measured from the send. The report says how many of the
 *       clients asked for sent a request.</li>
 *   <li>Open arrival: steps are due at {@code t0 + i / rate}, paced by a calibrated timer thread (not
 *       Akka's 10 ms tick); each wake-up starts every step due by then. Latency is measured from the
 *       step's intended start, so queueing delay in the generator is not hidden. A step due while
 *       {@code max-in-flight} requests are out is not started and is counted: memory stays bounded
 *       however far the host falls behind.</li>
 *   <li>Requests go straight to the registry with the ask pattern; its timeout is the request
 *       timeout (ETIMEDOUT). Malformed UUIDs are answered EINVAL at the edge, as sysfs does.</li>
 *   <li>After sending stops, every request still out gets its outcome (reply or timeout); then G1,
 *       G2 and G4 are checked on the quiet host.</li>
 *   <li>An {@link Interruption} (Ctrl-C) stops sending as the end of the duration does; the rest
 *       follows as usual, so the result is a judged partial run, marked interrupted.</li>
 * </ul>
 */
public final class LoadRunner {

    /** How long G4 may wait for stopped device actors to terminate once the run is quiet. */
    private static final Duration SETTLE = Duration.ofSeconds(5);

    private final Scenario scenario;
    private final LoadSettings load;
    private final Config config;
    private final PrintStream progressOut;
    private final Path historyFile;
    private final Interruption interruption;
    /** Set when an interruption stopped the sending (not when it came after the end). */
    private volatile String interruptedBy;
    private RequestListener listener;
    private HistoryWriter history;
    private final Metrics metrics = new Metrics();
    /** Null when sampling is off. */
    private final TimeSeries timeseries;
    private final Ledger ledger = new Ledger();
    private final LiveTracker live;
    /** A host the run shares with others ({@code serve}): neither started nor stopped by the run. */
    private final MdevHost sharedHost;
    private final AtomicLong ids = new AtomicLong();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final AtomicLong budget;
    private final LongAdder notStarted = new LongAdder();
    /** Clients that sent at least one request: each index is written only by its own client's chain of steps. */
    private boolean[] reached;
    private final LongAdder clientsReached = new LongAdder();
    private final List<FaultEvent> faultEvents = Collections.synchronizedList(new ArrayList<>());
    private MdevHost host;
    /** {@code load.interface = sysfs}: the layer the requests go through; else null. */
    private Sysfs sysfs;
    private Sampler sampler;
    /** The run's time: a timer thread of its own on threads, the loop's virtual time in a deterministic run. */
    private Clock clock;
    /** How the run waits for its host (see {@link Sim}). */
    private Sim sim;
    private long t0;
    private long wallStart;

    private LoadRunner(Scenario scenario, Config config, PrintStream progressOut, RequestListener listener, Path historyFile,
                       Interruption interruption) {
        this(scenario, config, progressOut, listener, historyFile, interruption, null, new LiveTracker());
    }

    private LoadRunner(Scenario scenario, Config config, PrintStream progressOut, RequestListener listener, Path historyFile,
                       Interruption interruption, MdevHost sharedHost, LiveTracker live) {
        this.interruption = interruption;
        this.sharedHost = sharedHost;
        this.live = live;
        this.scenario = scenario;
        this.load = scenario.load();
        this.config = config;
        this.progressOut = progressOut;
        this.listener = listener;
        this.historyFile = historyFile;
        this.budget = new AtomicLong(load.byOperations() ? load.operations() : Long.MAX_VALUE);
        Duration every = scenario.report().timeseriesInterval();
        this.timeseries = every.isZero() ? null : new TimeSeries(every.toNanos() / 1e9, scenario.report().timeseriesMaxPoints());
    }

    /**
     * Runs a scenario to the end and returns its judged result.
     *
     * @param config      the merged config (for the actor system's settings)
     * @param progressOut where progress goes (stderr)
     */
    public static RunResult run(Scenario scenario, Config config, PrintStream progressOut) {
        return run(scenario, config, progressOut, RequestListener.NONE);
    }

    /** Like {@link #run(Scenario, Config, PrintStream)}, telling {@code listener} of every request. */
    public static RunResult run(Scenario scenario, Config config, PrintStream progressOut, RequestListener listener) {
        return new LoadRunner(scenario, config, progressOut, listener, null, new Interruption()).run();
    }

    /**
     * Like {@link #run(Scenario, Config, PrintStream)}, recording the history into {@code historyFile}
     * (JSON Lines) and checking it for linearizability against the run's model: the result's
     * {@code linearizable} and a fourth invariant, {@code G3-linearizable}.
     */
    public static RunResult run(Scenario scenario, Config config, PrintStream progressOut, RequestListener listener,
                                Path historyFile) {
        return run(scenario, config, progressOut, listener, historyFile, new Interruption());
    }

    /**
     * Like {@link #run(Scenario, Config, PrintStream, RequestListener, Path)} ({@code historyFile} may be
     * null), ended early by {@code interruption}: then the result covers the requests sent until then,
     * each with its outcome, the history is complete up to there, and {@link RunResult#interrupted()}.
     */
    public static RunResult run(Scenario scenario, Config config, PrintStream progressOut, RequestListener listener,
                                Path historyFile, Interruption interruption) {
        return new LoadRunner(scenario, config, progressOut, listener, historyFile, interruption).run();
    }

    /**
     * Starts a scenario's load (and faults) on a host that others use too: {@code serve} runs it behind
     * the sysfs tree. The host is neither started nor stopped by the run; its observer should be
     * {@code live}, which checks G2 for the whole host. The run's invariants and report cover the
     * host as a whole, so requests made by others count in its final state but not in its outcomes.
     */
    public static Background background(MdevHost host, LiveTracker live, Scenario scenario, Config config,
                                        PrintStream progressOut) {
        if (host.sim().deterministic()) {
            throw new IllegalArgumentException("a background load on a served host runs on threads, not deterministically");
        }
        LoadRunner runner = new LoadRunner(scenario, config, progressOut, RequestListener.NONE, null, new Interruption(), host,
                live);
        CompletableFuture<RunResult> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                result.complete(runner.run());
            } catch (RuntimeException | Error e) {
                result.completeExceptionally(e);
            }
        }, "mdevsim-background-load");
        thread.setDaemon(true);
        thread.start();
        return new Background(runner, result);
    }

    /** A load running in the background on a shared host. */
    public static final class Background {
        private final LoadRunner runner;
        private final CompletableFuture<RunResult> result;

        private Background(LoadRunner runner, CompletableFuture<RunResult> result) {
            this.runner = runner;
            this.result = result;
        }

        /** Its judged result, when it has ended. */
        public CompletableFuture<RunResult> result() {
            return result;
        }

        /** Sends nothing more; the result follows once the requests in flight are answered. */
        public void stop() {
            runner.stopping.set(true);
        }
    }

    private RunResult run() {
        wallStart = System.nanoTime();
        host = sharedHost != null ? sharedHost : MdevHost.builder(config).settings(scenario.host()).observer(live).start();
        sim = host.sim();
        sysfs = load.sysfs() ? new Sysfs(new LoadKernel()) : null;
        clock = sim instanceof SimLoop loop ? loop : new DelayScheduler("mdevsim-load-clock");
        try {
            watchDeadLetters();
            t0 = clock.now();
            interruption.attach(this::interrupted);
            if (historyFile != null) {
                history = new HistoryWriter(historyFile, t0, load.sysfs());
                listener = RequestListener.both(listener, history);
            }
            List<CompletableFuture<Void>> faults = scheduleFaults();
            sampler = timeseries == null ? null : Sampler.start(timeseries, metrics, ledger::inFlight, host::warnings,
                    host::deviceCounts, t0, clock, sim);
            long end;
            try (Progress progress = Progress.start(progressOut, metrics, ledger::inFlight, scenario.report().progressInterval())) {
                if (!load.byOperations()) {
                    clock.at(t0 + load.duration().toNanos()).thenRun(() -> stopping.set(true));
                }
                CompletionStage<Done> sending = load.arrival() == LoadSettings.Arrival.CLOSED ? closed()
                        : sim.deterministic() ? paced() : open();
                sim.await(sending, FOREVER);
                stopping.set(true);
                drain();
                end = sampler == null ? clock.now() : sampler.finish();
            }
            double seconds = (end - t0) / 1e9;
            awaitFaults(faults);
            return judge(seconds);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("the load stream failed", e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("the load never ended", e);
        } catch (IOException e) {
            throw new UncheckedIOException("the history could not be written: " + e.getMessage(), e);
        } finally {
            interruption.detach();
            if (sampler != null) {
                sampler.stop();
            }
            if (sharedHost == null) {
                host.close();
            }
            if (clock instanceof DelayScheduler own) {
                own.close();
            }
            if (history != null) {
                try {
                    history.close();
                } catch (IOException e) {
                    // reported when the history is judged
                }
            }
        }
    }

    /** An interruption while sending: sending stops as at the end of the duration, and the run is partial. */
    private void interrupted(String by) {
        if (!stopping.getAndSet(true)) {
            interruptedBy = by;
        }
    }

    /**
     * Closed arrival: every client sends its next step when its previous one is answered. Each client
     * is a chain of futures, all started at once, so every client asked for is sending from the
     * start. (A sub-stream per client, {@code flatMapMerge} of {@code unfoldAsync}, materialised the
     * clients one by one in a single stream actor that also carried every step: with 100,000 clients,
     * 41,875 had sent a request by the end of a 5 s run.)
     */
    private CompletionStage<Done> closed() {
        List<ClientWorkload> clients = workloads();
        java.util.concurrent.Executor executor = host.system().executionContext();
        CompletableFuture<?>[] all = new CompletableFuture<?>[clients.size()];
        for (int c = 0; c < clients.size(); c++) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            all[c] = done;
            advance(clients.get(c), done, executor);
        }
        return CompletableFuture.allOf(all).thenApply(x -> Done.getInstance());
    }

    /**
     * Runs {@code client}'s steps one after another until the run stops, then completes {@code done}.
     * A step answered at once (EINVAL at the edge) loops here; an answer that comes later continues on
     * {@code executor}, never on the thread of the actor that answered.
     */
    private void advance(ClientWorkload client, CompletableFuture<Void> done, java.util.concurrent.Executor executor) {
        while (true) {
            CompletableFuture<Boolean> step;
            try {
                step = closedStep(client, executor);
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
                return;
            }
            if (!step.isDone()) {
                step.whenCompleteAsync((more, failure) -> {
                    if (failure != null) {
                        done.completeExceptionally(failure);
                    } else if (more) {
                        advance(client, done, executor);
                    } else {
                        done.complete(null);
                    }
                }, executor);
                return;
            }
            if (step.isCompletedExceptionally()) {
                step.whenComplete((more, failure) -> done.completeExceptionally(failure));
                return;
            }
            if (!step.join()) {
                done.complete(null);
                return;
            }
        }
    }

    /** One step of a closed client: true when it was sent and answered, false when the run is over. */
    private CompletableFuture<Boolean> closedStep(ClientWorkload client, java.util.concurrent.Executor executor) {
        if (stopping.get()) {
            return NO_MORE;
        }
        Step step = client.next();
        if (!reserve(step.requests().size())) {
            return NO_MORE;
        }
        if (history != null && sim.deterministic()) {
            // one thread: wait for the writer here, so that nothing depends on its speed
            if (!history.admitWhenWritten(2 * step.requests().size())) {
                throw new IllegalStateException("more requests in flight than the history ring holds ("
                        + HistoryWriter.capacity() / 2 + "): a deterministic run cannot record this load");
            }
            return sendStep(client.client(), step, clock.now()).thenApply(x -> true);
        }
        CompletableFuture<Void> room = history == null ? DONE : history.admit(2 * step.requests().size()).toCompletableFuture();
        if (room.isDone() && !room.isCompletedExceptionally()) {
            return sendStep(client.client(), step, clock.now()).thenApply(x -> true);
        }
        // the history writer is behind: the client waits, and sends from a dispatcher thread, not the writer's
        return room.thenComposeAsync(x -> sendStep(client.client(), step, clock.now()), executor).thenApply(x -> true);
    }

    private static final Duration FOREVER = Duration.ofNanos(Long.MAX_VALUE);

    private static final CompletableFuture<Boolean> NO_MORE = CompletableFuture.completedFuture(false);

    /** Open arrival: step i is due at t0 + i / rate, whatever the host does. */
    private CompletionStage<Done> open() {
        List<ClientWorkload> clients = workloads();
        double nanosPerStep = 1e9 / load.rate();
        return Source.unfoldAsync(0L, (Long next) -> {
            if (stopping.get()) {
                return CompletableFuture.completedFuture(Optional.<Pair<Long, long[]>>empty());
            }
            long due = t0 + (long) (next * nanosPerStep);
            return clock.at(due).thenApply(now -> {
                long upTo = Math.max(next + 1, (long) ((now - t0) / nanosPerStep) + 1);
                return Optional.of(Pair.create(upTo, new long[] {next, upTo}));
            });
        }).runForeach(range -> {
            for (long i = range[0]; i < range[1] && !stopping.get(); i++) {
                openStep(clients.get((int) (i % clients.size())), t0 + (long) (i * nanosPerStep));
            }
        }, host.system());
    }

    /**
     * Open arrival in a deterministic run: the same schedule of steps as {@link #open()}, paced by a
     * chain of the loop's timers instead of a stream (Akka Streams' materializer is not started there).
     */
    private CompletionStage<Done> paced() {
        List<ClientWorkload> clients = workloads();
        double nanosPerStep = 1e9 / load.rate();
        CompletableFuture<Done> done = new CompletableFuture<>();
        pace(clients, nanosPerStep, 0, done);
        return done;
    }

    private void pace(List<ClientWorkload> clients, double nanosPerStep, long next, CompletableFuture<Done> done) {
        if (stopping.get()) {
            done.complete(Done.getInstance());
            return;
        }
        clock.at(t0 + (long) (next * nanosPerStep)).thenAccept(now -> {
            long upTo = Math.max(next + 1, (long) ((now - t0) / nanosPerStep) + 1);
            for (long i = next; i < upTo && !stopping.get(); i++) {
                openStep(clients.get((int) (i % clients.size())), t0 + (long) (i * nanosPerStep));
            }
            pace(clients, nanosPerStep, upTo, done);
        });
    }

    private void openStep(ClientWorkload client, long intendedStart) {
        if (ledger.inFlight() + 2 > load.maxInFlight() || (history != null
                && !(sim.deterministic() ? history.admitWhenWritten(4) : history.tryAdmit(4)))) {
            // over the limit, or the history writer behind: not started, counted, and the client does not advance
            notStarted.increment();
            return;
        }
        Step step = client.next();
        if (history != null && step.requests().size() < 2) {
            history.release(2); // admitted room for two requests, one is sent
        }
        if (!reserve(step.requests().size())) {
            if (history != null) {
                history.release(2 * step.requests().size());
            }
            stopping.set(true);
            return;
        }
        sendStep(client.client(), step, intendedStart);
    }

    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    /** Takes {@code n} requests from the operations budget; false (and stop) when it is spent. */
    private boolean reserve(int n) {
        if (budget.addAndGet(-n) >= 0) {
            return true;
        }
        budget.addAndGet(n);
        stopping.set(true);
        return false;
    }

    /** Sends a step's requests at once; completes when each has its outcome. */
    private CompletableFuture<Void> sendStep(int client, Step step, long start) {
        if (!reached[client]) {
            reached[client] = true;
            clientsReached.increment();
        }
        CompletableFuture<?>[] outcomes = new CompletableFuture<?>[step.requests().size()];
        for (int i = 0; i < outcomes.length; i++) {
            outcomes[i] = send(client, step.requests().get(i), start).toCompletableFuture();
        }
        return outcomes.length == 1 ? outcomes[0].thenApply(x -> null) : CompletableFuture.allOf(outcomes);
    }

    private CompletionStage<Errno> send(int client, Step.Request r, long start) {
        long id = ids.incrementAndGet();
        listener.call(id, client, r, clock.now());
        if (sysfs != null) {
            ledger.sent(id);
            CompletionStage<Errno> write = r.create() ? sysfs.create(id, r.parent(), r.type(), r.uuid()) : sysfs.remove(id, r.uuid());
            return write.thenApply(outcome -> {
                if (outcome == Errno.ETIMEDOUT) {
                    ledger.timedOut(id);
                } else {
                    ledger.answered(id);
                }
                long now = clock.now();
                metrics.record(r.op(), outcome, now - start);
                listener.returned(id, client, outcome, now);
                return outcome;
            });
        }
        UUID uuid = r.value();
        if (uuid == null) {
            ledger.answeredAtTheEdge();
            long now = clock.now();
            metrics.record(r.op(), Errno.EINVAL, now - start); // C1, R1
            listener.returned(id, client, Errno.EINVAL, now);
            return CompletableFuture.completedFuture(Errno.EINVAL);
        }
        ledger.sent(id);
        ActorSystem<?> system = host.system();
        CompletionStage<Reply> reply = Futures.direct(r.create()
                ? AskPattern.ask(host.registry(), replyTo -> new Registry.Create(id, r.parent(), r.type(), uuid, replyTo),
                        load.timeout(), system.scheduler())
                : AskPattern.ask(host.registry(), replyTo -> new Registry.Remove(id, uuid, replyTo),
                        load.timeout(), system.scheduler()));
        return reply.handle((answer, failure) -> {
            Errno outcome;
            if (answer != null) {
                ledger.answered(id);
                outcome = answer.errno();
            } else {
                ledger.timedOut(id);
                outcome = Errno.ETIMEDOUT;
            }
            long now = clock.now();
            metrics.record(r.op(), outcome, now - start);
            listener.returned(id, client, outcome, now);
            return outcome;
        });
    }

    /**
     * The kernel functions for the sysfs layer, asked of the registry directly with the load's
     * timeout (a step that is not answered in time is ETIMEDOUT, as a request is).
     */
    private final class LoadKernel implements Sysfs.Kernel {
        @Override
        public Description description() {
            return scenario.host().model().description();
        }

        @Override
        public long nextRequestId() {
            return ids.incrementAndGet();
        }

        @Override
        public CompletionStage<Errno> create(long requestId, String parent, String type, UUID uuid) {
            return ask(replyTo -> new Registry.Create(requestId, parent, type, uuid, replyTo));
        }

        @Override
        public CompletionStage<Errno> remove(long requestId, UUID uuid) {
            return ask(replyTo -> new Registry.Remove(requestId, uuid, replyTo));
        }

        @Override
        public CompletionStage<Errno> removeFile(long requestId, UUID uuid, String parent, RemoveFileOp op) {
            return ask(replyTo -> new Registry.RemoveFile(requestId, uuid, parent, op, replyTo));
        }

        @Override
        public CompletionStage<Boolean> createFileExists(String parent, String type) {
            return host.createFileExists(parent, type);
        }

        @Override
        public CompletionStage<Map<String, ParentView>> sysfsParents() {
            return host.sysfsParents();
        }

        private CompletionStage<Errno> ask(akka.japi.function.Function<ActorRef<Reply>, Registry.Command> message) {
            return Futures.direct(AskPattern.ask(host.registry(), message, load.timeout(), host.system().scheduler()))
                    .handle((reply, failure) -> reply != null ? reply.errno() : Errno.ETIMEDOUT);
        }
    }

    private List<ClientWorkload> workloads() {
        reached = new boolean[load.clients()];
        List<ClientWorkload> out = new ArrayList<>(load.clients());
        for (int c = 0; c < load.clients(); c++) {
            out.add(new ClientWorkload(scenario.host().seed(), c, load.mix(), load.devicesPerClient(), scenario.host().parents(),
                    load.uuidPool()));
        }
        return out;
    }

    /** Waits until every request sent has its outcome (each is bounded by the request timeout). */
    private void drain() {
        sim.runUntil(() -> ledger.inFlight() == 0, load.timeout().plusSeconds(5));
    }

    /** Replies that reach an ask already done are dead letters: late, or (G1 violated) duplicate. */
    private void watchDeadLetters() throws InterruptedException {
        CompletableFuture<Void> subscribed = new CompletableFuture<>();
        Behavior<DeadLetter> watcher = Behaviors.setup(ctx -> {
            ctx.getSystem().eventStream().tell(new EventStream.Subscribe<>(DeadLetter.class, ctx.getSelf()));
            return Behaviors.receiveMessage(d -> {
                if (d.message() instanceof Reply r) {
                    if (r.requestId() == -1) {
                        subscribed.complete(null);
                    } else {
                        ledger.deadLetter(r.requestId());
                    }
                }
                return Behaviors.same();
            });
        });
        ActorSystem<?> system = host.system();
        ActorRef<DeadLetter> ref = system.systemActorOf(watcher, "dead-reply-watcher", Props.empty());
        akka.actor.ActorRef classic = akka.actor.typed.javadsl.Adapter.toClassic(ref);
        // the subscription is asynchronous: poke until a marker comes through
        for (int i = 0; i < 200 && !subscribed.isDone(); i++) {
            system.eventStream().tell(new EventStream.Publish<>(new DeadLetter(new Reply(-1, Errno.OK), classic, classic)));
            sim.runUntil(subscribed::isDone, Duration.ofMillis(10));
        }
    }

    private List<CompletableFuture<Void>> scheduleFaults() {
        List<CompletableFuture<Void>> out = new ArrayList<>();
        for (Fault f : scenario.faults()) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            out.add(done);
            clock.at(t0 + f.at().toNanos()).thenRun(() -> {
                if (stopping.get()) {
                    faultEvents.add(new FaultEvent(f.describe(), f.at().toMillis() / 1e3, -1, 0, null));
                    done.complete(null);
                    return;
                }
                long started = clock.now();
                long eventId = f instanceof Fault.UnregisterParent u
                        ? listener.faultCall("unregister-parent", u.parent(), started)
                        : listener.faultCall("register-parent", ((Fault.RegisterParent) f).spec().name(), started);
                CompletionStage<Errno> outcome = f instanceof Fault.UnregisterParent u
                        ? host.unregisterParent(u.parent())
                        : host.registerParent(((Fault.RegisterParent) f).spec());
                outcome.whenComplete((e, x) -> {
                    long end = clock.now();
                    listener.faultReturned(eventId, e != null ? e : Errno.ETIMEDOUT, end);
                    faultEvents.add(new FaultEvent(f.describe(), f.at().toMillis() / 1e3, (started - t0) / 1e9,
                            (end - started) / 1e6, e != null ? e : Errno.ETIMEDOUT));
                    done.complete(null);
                });
            });
        }
        return out;
    }

    private void awaitFaults(List<CompletableFuture<Void>> faults) throws InterruptedException {
        for (int i = 0; i < faults.size(); i++) {
            CompletableFuture<Void> f = faults.get(i);
            if (!f.isDone() && !stoppedBefore(scenario.faults().get(i))) {
                try {
                    sim.await(f, scenario.host().apiTimeout());
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    // reported as not finished below
                }
            }
            if (!f.isDone()) {
                Fault fault = scenario.faults().get(i);
                faultEvents.add(new FaultEvent(fault.describe(), fault.at().toMillis() / 1e3, -1, 0, null));
            }
        }
    }

    private boolean stoppedBefore(Fault f) {
        return clock.now() - t0 < f.at().toNanos();
    }

    /** G1, G2 and G4 on the quiet host, the final state, and the assertions. */
    private RunResult judge(double seconds) throws InterruptedException {
        RunResult.Requests requests = ledger.requests(notStarted.sum(), load.clients(), clientsReached.sum());
        List<InvariantResult> invariants = new ArrayList<>();
        invariants.add(Invariants.oneReply(requests));
        invariants.add(Invariants.uniqueLive(live.violations(), live.examples()));
        Registry.View registry;
        Map<String, ParentView> parents;
        InvariantResult g4;
        long deadline = clock.now() + SETTLE.toNanos();
        do {
            registry = join(host.inspect());
            parents = join(host.inspectParents());
            g4 = Invariants.consistent(registry, parents);
            if (!g4.held()) {
                sim.pause(Duration.ofMillis(20)); // stopped device actors terminate asynchronously
            }
        } while (!g4.held() && clock.now() < deadline);
        invariants.add(g4);
        Boolean linearizable = null;
        if (history != null) {
            InvariantResult g3 = judgeHistory();
            invariants.add(g3);
            linearizable = Invariants.verdict(g3);
        }
        long creating = parents.values().stream().mapToLong(ParentView::creating).sum();
        long removing = parents.values().stream().mapToLong(ParentView::removing).sum();
        long devices = parents.values().stream().mapToLong(p -> p.devices().size()).sum();
        List<FaultEvent> faults;
        synchronized (faultEvents) {
            faults = new ArrayList<>(faultEvents);
        }
        faults.sort((a, b) -> Double.compare(a.plannedSeconds(), b.plannedSeconds()));
        RunResult result = new RunResult(scenario.name(), scenario.host().model(), scenario.host().seed(), load.describe(),
                seconds, metrics.results(), host.warnings(), requests, faults, invariants,
                new DeviceCounts(creating, devices - creating - removing, removing), List.of(), linearizable,
                timeseries == null ? TimeSeries.none() : timeseries, scenario.settings(), interruptedBy);
        if (sim instanceof SimLoop loop) {
            result = result.withSim(new RunResult.SimInfo("deterministic", seconds,
                    (System.nanoTime() - wallStart) / 1e9, loop.steps()));
        }
        List<RunResult.AssertionResult> judged = new ArrayList<>();
        for (Assertion a : scenario.assertions()) {
            judged.add(a.evaluate(result));
        }
        return result.withAssertions(judged);
    }

    /** Closes the history and checks it against the run's model (G3 for seed). */
    private InvariantResult judgeHistory() {
        String failed = "";
        try {
            history.close();
        } catch (IOException e) {
            failed = "; " + history.lost() + " events could not be written (" + e.getMessage() + ")";
        }
        try {
            // in bounded memory (in parts beyond Checker.IN_MEMORY operations); lost events, if any, are undecided partitions
            InvariantResult g3 = Invariants.linearizable(Checker.check(historyFile, scenario.host().model(), Checker.BUDGET),
                    scenario.host().model());
            return failed.isEmpty() ? g3 : new InvariantResult(g3.name(), false, g3.detail() + failed);
        } catch (HistoryException | UncheckedIOException e) { // a bad file, or no room for a long history's temporary files
            return new InvariantResult(Invariants.G3, false, "not checked: " + e.getMessage() + failed);
        }
    }

    private <T> T join(CompletionStage<T> stage) {
        try {
            return sim.await(stage, Duration.ofSeconds(30));
        } catch (Exception e) {
            throw new IllegalStateException("the host did not answer an inspection", e);
        }
    }
}
