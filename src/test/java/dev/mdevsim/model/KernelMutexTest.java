package dev.mdevsim.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mdevsim.core.Errno;
import dev.mdevsim.core.HostObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.HashMap;
import org.junit.jupiter.api.Test;

/** The lock of legacy and global-lock: FIFO, no recursion, wake-ups reported before answers. */
class KernelMutexTest {

    /** Requests are longs; the ones in {@code immediate} are answered at once with that errno. */
    final Map<Long, Errno> immediate = new HashMap<>();
    final List<String> log = new ArrayList<>();
    final KernelMutex<Long> mutex = new KernelMutex<>(
            r -> {
                log.add("start " + r);
                return immediate.get(r);
            },
            (r, e) -> log.add("answer " + r + " " + e),
            r -> r,
            new HostObserver() {
                @Override
                public void queued(long id) {
                    log.add("queued " + id);
                }

                @Override
                public void dequeued(long id) {
                    log.add("dequeued " + id);
                }
            });

    @Test
    void free_runsAtOnce_heldUntilDone() {
        mutex.submit(1L);
        assertEquals(1L, mutex.holder());
        mutex.done(Errno.OK);
        assertNull(mutex.holder());
        assertEquals(List.of("start 1", "answer 1 OK"), log);
    }

    @Test
    void held_queuesInArrivalOrder_C11() {
        mutex.submit(1L);
        mutex.submit(2L);
        mutex.submit(3L);
        assertEquals(2, mutex.waiting());
        mutex.done(Errno.OK);
        mutex.done(Errno.EIO);
        mutex.done(Errno.OK);
        assertEquals(List.of("start 1", "queued 2", "queued 3",
                "dequeued 2", "answer 1 OK", "start 2",
                "dequeued 3", "answer 2 EIO", "start 3",
                "answer 3 OK"), log);
    }

    @Test
    void nextIsReportedDequeuedBeforeTheFinishedOneIsAnswered() {
        mutex.submit(1L);
        mutex.submit(2L);
        mutex.done(Errno.OK);
        assertEquals(log.indexOf("answer 1 OK") - 1, log.indexOf("dequeued 2"));
    }

    @Test
    void immediateAnswers_passTheLockOnWithoutRecursion() {
        mutex.submit(0L);
        for (long i = 1; i <= 100_000; i++) {
            immediate.put(i, Errno.EEXIST);
            mutex.submit(i);
        }
        immediate.put(100_001L, null);
        mutex.submit(100_001L);
        mutex.done(Errno.OK); // 100,000 answered in one loop; a recursive design would overflow the stack
        assertEquals(100_001L, mutex.holder());
        assertEquals(0, mutex.waiting());
        assertEquals("start 100001", log.get(log.size() - 1));
    }

    @Test
    void immediateAnswerWhenFree_lockIsFreeAgain() {
        immediate.put(1L, Errno.ENODEV);
        mutex.submit(1L);
        assertNull(mutex.holder());
        assertEquals(List.of("start 1", "answer 1 ENODEV"), log);
    }

    @Test
    void done_withoutHolder_isABug() {
        assertThrows(IllegalStateException.class, () -> mutex.done(Errno.OK));
    }
}
