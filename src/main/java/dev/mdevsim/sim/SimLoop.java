package dev.mdevsim.sim;

import dev.mdevsim.core.Errno;
import dev.mdevsim.vendor.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * A deterministic run's scheduler: every runnable a host's actors hand to their dispatcher (an
 * actor's mailbox with its next message, a future's callback) and every due timer waits in one
 * ready list, and the thread that drives the run picks the next one with a {@link Chooser} drawn
 * from the seed. Time is virtual: it advances by {@code step-cost} per step, and jumps to the next
 * timer when nothing is ready. Same seed, same choices, same run.
 *
 * <p>Only the thread that created the loop drives it. Work handed in from other threads (the
 * logger's, at shutdown) waits in a queue that the driver takes in at its next step; {@link #foreign()}
 * counts it, since during a run it would make the schedule depend on that thread's timing.
 */
public final class SimLoop implements Sim, Clock, Executor {

    /** Chooses which of {@code n} ready runnables goes next. */
    public interface Chooser {
        int next(int n);

        /**
         * Chooses among the ready runnables themselves; called for every step (a forced one too) when
         * {@link #everyStep()}, else only when there is a choice.
         */
        default int next(List<Runnable> ready) {
            return next(ready.size());
        }

        /** Whether this chooser sees every step, and the {@link Footprint} of each (explore). */
        default boolean everyStep() {
            return false;
        }

        /** After a step {@link #everyStep()} saw: what it touched. */
        default void stepped(Set<String> footprint) {
        }

        static Chooser seeded(long seed) {
            SplittableRandom random = new SplittableRandom(seed);
            return random::nextInt;
        }
    }

    private final Thread owner;
    private final Chooser chooser;
    /** {@link Chooser#everyStep()}, asked once: explore's footprints, else nothing is recorded. */
    private final boolean tracing;
    private final long stepCost;
    private final long maxSteps;
    private final ArrayList<Runnable> ready = new ArrayList<>();
    private final ConcurrentLinkedQueue<Runnable> foreign = new ConcurrentLinkedQueue<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private long now;
    private long seq;
    private long steps;
    private long foreignCount;
    private long insertsSinceCompaction;
    private RuntimeException failure;

    /**
     * @param chooser  picks the next step
     * @param stepCost virtual nanoseconds each step takes (so that a run without latencies still reaches its end)
     * @param maxSteps a livelock guard: a run that takes more steps fails
     */
    public SimLoop(Chooser chooser, long stepCost, long maxSteps) {
        this.owner = Thread.currentThread();
        this.chooser = chooser;
        this.tracing = chooser.everyStep();
        this.stepCost = stepCost;
        this.maxSteps = maxSteps;
    }

    /** Whether this loop's chooser traces every step ({@code explore}: the hosts get a {@link TracingMailbox}). */
    public boolean tracing() {
        return tracing;
    }

    @Override
    public boolean deterministic() {
        return true;
    }

    /** Virtual nanoseconds since the loop was made. */
    @Override
    public long now() {
        return now;
    }

    /** Steps taken so far. */
    public long steps() {
        return steps;
    }

    /** Runnables handed in from threads other than the driver's. */
    public long foreign() {
        return foreignCount;
    }

    @Override
    public void execute(Runnable task) {
        if (Thread.currentThread() == owner) {
            if (tracing && task instanceof akka.dispatch.Mailbox m) {
                Footprint.record(m.actor().self()); // woken: a message, or a system message, for it
            }
            ready.add(task);
        } else {
            foreign.add(task);
        }
    }

    @Override
    public CompletionStage<Errno> after(long nanos, Errno outcome) {
        if (nanos <= 0) {
            return CompletableFuture.completedFuture(outcome);
        }
        CompletableFuture<Errno> f = new CompletableFuture<>();
        schedule(nanos, 0, () -> f.complete(outcome));
        return f;
    }

    @Override
    public CompletionStage<Long> at(long deadlineNanos) {
        CompletableFuture<Long> f = new CompletableFuture<>();
        if (deadlineNanos <= now) {
            f.complete(now);
        } else {
            schedule(deadlineNanos - now, 0, () -> f.complete(now));
        }
        return f;
    }

    /**
     * A timer: {@code task} becomes ready after {@code delayNanos} (then every {@code intervalNanos}
     * if positive). Timers due at one instant become ready together, so the chooser orders them.
     */
    public Timer schedule(long delayNanos, long intervalNanos, Runnable task) {
        Timer t = new Timer(task, Math.max(0, delayNanos), intervalNanos);
        if (Thread.currentThread() == owner) {
            arm(t, now + t.delay);
        } else {
            foreign.add((Arm) () -> arm(t, now + t.delay));
        }
        return t;
    }

    private void arm(Timer t, long due) {
        if (t.cancelled) {
            return;
        }
        t.due = due;
        t.seq = seq++;
        timers.add(t);
        if (++insertsSinceCompaction >= 65_536) { // every ask arms a timeout that its reply cancels
            insertsSinceCompaction = 0;
            timers.removeIf(x -> x.cancelled);
        }
    }

    /** Takes one step: false when nothing is ready (timers not yet due do not count). */
    public boolean step() {
        checkDriver();
        takeForeign();
        int n = ready.size();
        if (n == 0) {
            return false;
        }
        int k = n == 1 && !tracing ? 0 : chooser.next(ready);
        Runnable r = ready.get(k);
        Runnable last = ready.remove(n - 1);
        if (k != n - 1) {
            ready.set(k, last);
        }
        if (tracing) {
            Footprint.open();
        }
        try {
            r.run();
        } catch (RuntimeException e) {
            if (failure == null) {
                failure = e;
            }
        } finally {
            if (tracing) {
                chooser.stepped(Footprint.close());
            }
        }
        if (++steps > maxSteps) {
            throw new SimStuckException("more than " + maxSteps + " steps (mdevsim.sim.max-steps): a livelock?");
        }
        now += stepCost;
        releaseDue();
        return true;
    }

    private void takeForeign() {
        Runnable r;
        while ((r = foreign.poll()) != null) {
            foreignCount++;
            if (r instanceof Arm a) {
                a.run();
            } else {
                ready.add(r);
            }
        }
    }

    private void releaseDue() {
        Timer t;
        while ((t = timers.peek()) != null && t.due <= now) {
            timers.poll();
            if (!t.cancelled) {
                ready.add(t);
            }
        }
    }

    /** The next live timer's due time, or {@link Long#MAX_VALUE}. */
    private long nextDue() {
        Timer t;
        while ((t = timers.peek()) != null && t.cancelled) {
            timers.poll();
        }
        return t == null ? Long.MAX_VALUE : t.due;
    }

    /** Whether anything is ready to run now (without time passing). */
    public boolean busy() {
        return !ready.isEmpty() || !foreign.isEmpty();
    }

    @Override
    public boolean runUntil(BooleanSupplier done, Duration bound) {
        long deadline = bound.toNanos() >= Long.MAX_VALUE - now ? Long.MAX_VALUE : now + bound.toNanos();
        while (!done.getAsBoolean()) {
            if (!step()) {
                long due = nextDue();
                if (due == Long.MAX_VALUE || due > deadline) { // no timer left, or none before the bound
                    if (deadline != Long.MAX_VALUE) {
                        now = Math.max(now, deadline);
                    }
                    rethrow();
                    return done.getAsBoolean();
                }
                now = Math.max(now, due);
                releaseDue();
            }
        }
        rethrow();
        return true;
    }

    /** Runs what is ready, and what that makes ready, without letting time jump to a timer. */
    public void quiesce() {
        while (step()) {
            // keep going
        }
        rethrow();
    }

    @Override
    public <T> T await(CompletionStage<T> stage, Duration bound) throws TimeoutException, ExecutionException {
        CompletableFuture<T> f = stage.toCompletableFuture();
        if (!runUntil(f::isDone, bound)) {
            if (!busy() && nextDue() == Long.MAX_VALUE) {
                throw new SimStuckException("nothing left to run, and the awaited stage is not complete");
            }
            throw new TimeoutException("not complete within " + bound + " of virtual time");
        }
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExecutionException(e);
        }
    }

    /**
     * Runs until {@code done}, also waiting (up to {@code wall} of real time) for work from other
     * threads: for a host's shutdown, when the logger's thread reports its actor stopped.
     */
    public boolean drainUntil(BooleanSupplier done, Duration wall) {
        long deadline = System.nanoTime() + wall.toNanos();
        while (!done.getAsBoolean()) {
            if (!step()) {
                long due = nextDue();
                if (due != Long.MAX_VALUE) {
                    now = Math.max(now, due);
                    releaseDue();
                } else if (System.nanoTime() - deadline >= 0) {
                    return false;
                } else {
                    LockSupport.parkNanos(100_000);
                }
            }
        }
        return true;
    }

    private void rethrow() {
        if (failure != null) {
            RuntimeException f = failure;
            failure = null;
            throw new IllegalStateException("a step of the deterministic run failed: " + f, f);
        }
    }

    private void checkDriver() {
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("a deterministic run is driven only by the thread that made it ("
                    + owner.getName() + "), not by " + Thread.currentThread().getName());
        }
    }

    /** Foreign work that arms a timer: done when taken in, not a step. */
    private interface Arm extends Runnable {
    }

    /** A timer of the loop; cancelling it is safe from any thread. */
    public final class Timer implements Runnable, Comparable<Timer> {
        private final Runnable task;
        private final long delay;
        private final long interval;
        private long due;
        private long seq;
        private volatile boolean cancelled;
        private volatile boolean fired;

        private Timer(Runnable task, long delay, long interval) {
            this.task = task;
            this.delay = delay;
            this.interval = interval;
        }

        @Override
        public void run() {
            if (cancelled) {
                return;
            }
            if (interval <= 0) {
                fired = true;
            }
            task.run();
            if (interval > 0 && !cancelled) {
                arm(this, due + interval);
            }
        }

        /** True if this call cancelled it (it had neither fired nor been cancelled). */
        public boolean cancel() {
            if (cancelled || fired) {
                return false;
            }
            cancelled = true;
            return true;
        }

        public boolean isCancelled() {
            return cancelled;
        }

        @Override
        public int compareTo(Timer o) {
            return due != o.due ? Long.compare(due, o.due) : Long.compare(seq, o.seq);
        }
    }
}
