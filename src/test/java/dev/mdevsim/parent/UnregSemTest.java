package dev.mdevsim.parent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mdevsim.core.HostObserver;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** P5's drain: the writer waits for the readers, is reported queued and dequeued, and refuses later readers' trylock. */
class UnregSemTest {

    final List<String> log = new ArrayList<>();
    final UnregSem sem = new UnregSem(new HostObserver() {
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
    void writerWithoutReaders_holdsAtOnce_P5() {
        assertFalse(sem.writerArrived());
        sem.writerArrives(7);
        assertTrue(sem.writerArrived());
        assertTrue(sem.writerHolds());
        assertEquals(List.of(), log, "nothing to wait for");
        assertEquals(7, sem.writer());
    }

    @Test
    void writerWaitsForEveryReader_thenIsDequeuedOnce_P5() {
        sem.enter();
        sem.enter();
        sem.writerArrives(7);
        assertFalse(sem.writerHolds());
        assertTrue(sem.writerArrived(), "from now on a trylock fails (C13, R8)");
        sem.exit();
        assertFalse(sem.writerHolds());
        assertEquals(List.of("queued 7"), log);
        sem.exit();
        assertTrue(sem.writerHolds());
        assertEquals(List.of("queued 7", "dequeued 7"), log);
        sem.enter(); // a request that reached the parent anyway (answered ENODEV by its trylock, or drained)
        sem.exit();
        assertEquals(List.of("queued 7", "dequeued 7"), log, "dequeued once");
    }

    @Test
    void anyRequestIdWorks_evenNegative() {
        sem.writerArrives(-1);
        assertTrue(sem.writerHolds());
        assertEquals(-1, sem.writer());
    }

    @Test
    void exitWithoutReader_isABug() {
        assertThrows(IllegalStateException.class, sem::exit);
    }
}
