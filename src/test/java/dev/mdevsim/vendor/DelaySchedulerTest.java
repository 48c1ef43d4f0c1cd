package dev.mdevsim.vendor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mdevsim.core.Errno;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The timer of vendor ops and open workloads: what it completes and when it does not. Its accuracy
 * is measured by the benchmark, never asserted here; the waits below are far from any deadline.
 */
class DelaySchedulerTest {

    static final long HOUR = TimeUnit.HOURS.toNanos(1);

    @Test
    void after_noDelay_completesAtOnceWithTheOutcome() {
        try (DelayScheduler clock = new DelayScheduler("test-timer")) {
            assertEquals(Errno.EIO, clock.after(0, Errno.EIO).toCompletableFuture().getNow(null));
            assertEquals(Errno.OK, clock.after(-5, Errno.OK).toCompletableFuture().getNow(null));
        }
    }

    @Test
    void after_aDelay_pendingUntilItIsDue_thenTheOutcome() throws Exception {
        try (DelayScheduler clock = new DelayScheduler("test-timer")) {
            CompletableFuture<Errno> later = clock.after(HOUR, Errno.OK).toCompletableFuture();
            CompletableFuture<Errno> soon = clock.after(TimeUnit.MILLISECONDS.toNanos(1), Errno.EBUSY).toCompletableFuture();
            assertEquals(Errno.EBUSY, soon.get(30, TimeUnit.SECONDS));
            assertFalse(later.isDone(), "an op due in an hour is still waiting");
        }
    }

    @Test
    void close_dropsWhatIsStillWaiting_andLaterOpsNeverComplete() throws Exception {
        DelayScheduler clock = new DelayScheduler("test-timer");
        CompletableFuture<Errno> waiting = clock.after(HOUR, Errno.OK).toCompletableFuture();
        clock.close();
        CompletableFuture<Errno> afterClose = clock.after(1, Errno.OK).toCompletableFuture();
        assertFalse(waiting.isDone() || afterClose.isDone(), "the host is shutting down: its ops never complete");
        assertTrue(clock.at(System.nanoTime() + HOUR).toCompletableFuture().isCompletedExceptionally(),
                "a closed clock refuses to schedule");
    }

    @Test
    void at_aPassedDeadline_completesAtOnceWithNow_aFutureOneWaits() {
        try (DelayScheduler clock = new DelayScheduler("test-timer")) {
            long deadline = System.nanoTime();
            long fired = clock.at(deadline - 1).toCompletableFuture().getNow(-1L);
            assertTrue(fired >= deadline, "completed with the time it fired");
            assertFalse(clock.at(System.nanoTime() + HOUR).toCompletableFuture().isDone());
        }
    }
}
