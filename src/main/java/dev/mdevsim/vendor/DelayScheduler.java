package dev.mdevsim.vendor;

import dev.mdevsim.core.Errno;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Completes vendor ops after their sampled latency.
 *
 * <p>Design note: Akka's scheduler ticks every 10 ms by default, which would turn a 1 ms vendor op
 * into a 10 ms one. This uses a {@link ScheduledThreadPoolExecutor} with one dedicated daemon thread
 * instead: its queue is ordered by {@link System#nanoTime()} and the thread parks for the remaining
 * time. A parked thread wakes late by the OS timer slack and scheduling delay (about 0.1 ms measured
 * on the 2-core CI machine), so the scheduler calibrates itself: it keeps a moving average of how
 * late it wakes and schedules each op that much earlier. Completing a stage only enqueues a message
 * to the waiting actor, so one thread keeps up with hundreds of thousands of ops per second.
 */
public final class DelayScheduler implements Clock, AutoCloseable {

    /** Weight of a new observation in the moving average of wake-up lateness: 1/16. */
    private static final int EWMA_SHIFT = 4;

    private final ScheduledThreadPoolExecutor executor;
    /** How late the timer thread wakes, on average; written only by that thread. */
    private volatile long lagNanos;

    public DelayScheduler(String threadName) {
        executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    @Override
    public CompletionStage<Errno> after(long nanos, Errno outcome) {
        if (nanos <= 0) {
            return CompletableFuture.completedFuture(outcome);
        }
        CompletableFuture<Errno> f = new CompletableFuture<>();
        long lead = Math.min(lagNanos, nanos);
        long wake = System.nanoTime() + nanos - lead;
        try {
            executor.schedule(() -> {
                long late = System.nanoTime() - wake;
                lagNanos += (late - lagNanos) >> EWMA_SHIFT;
                f.complete(outcome);
            }, nanos - lead, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closed) {
            // the host is shutting down: the op never completes, like every op still waiting
        }
        return f;
    }

    @Override
    public long now() {
        return System.nanoTime();
    }

    /**
     * A stage completed at {@code deadlineNanos} ({@link System#nanoTime()} time), or at once if it has
     * passed: the clock of open workloads.
     */
    @Override
    public CompletionStage<Long> at(long deadlineNanos) {
        long delay = deadlineNanos - System.nanoTime();
        CompletableFuture<Long> f = new CompletableFuture<>();
        if (delay <= 0) {
            f.complete(System.nanoTime());
            return f;
        }
        long lead = Math.min(lagNanos, delay);
        long wake = deadlineNanos - lead;
        try {
            executor.schedule(() -> {
                long now = System.nanoTime();
                lagNanos += ((now - wake) - lagNanos) >> EWMA_SHIFT;
                f.complete(now);
            }, delay - lead, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closed) {
            f.completeExceptionally(closed);
        }
        return f;
    }

    /** The current estimate of the timer thread's wake-up lateness, subtracted from every delay. */
    public long lagNanos() {
        return lagNanos;
    }

    /** Ops still waiting are dropped: their stages never complete (the host is shutting down). */
    @Override
    public void close() {
        executor.shutdownNow();
    }
}
