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
 * instead: its queue is ordered by {@link System#nanoTime()} and the thread parks for exactly the
 * remaining time, so a sub-millisecond latency is honoured to within the OS timer slack (about 50 µs
 * on Linux). Completing a stage only enqueues a message to the waiting actor, so one thread keeps up
 * with hundreds of thousands of ops per second.
 */
public final class DelayScheduler implements AutoCloseable {

    private final ScheduledThreadPoolExecutor executor;

    public DelayScheduler(String threadName) {
        executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /** A stage completed with {@code outcome} after {@code nanos}; at once when {@code nanos <= 0}. */
    public CompletionStage<Errno> after(long nanos, Errno outcome) {
        if (nanos <= 0) {
            return CompletableFuture.completedFuture(outcome);
        }
        CompletableFuture<Errno> f = new CompletableFuture<>();
        try {
            executor.schedule(() -> f.complete(outcome), nanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closed) {
            // the host is shutting down: the op never completes, like every op still waiting
        }
        return f;
    }

    /** Ops still waiting are dropped: their stages never complete (the host is shutting down). */
    @Override
    public void close() {
        executor.shutdownNow();
    }
}
