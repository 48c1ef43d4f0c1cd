package dev.mdevsim.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mdevsim.core.Errno;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** The deterministic loop's own rules: choices from the seed, virtual time, timers, stuck runs. */
class SimLoopTest {

    static SimLoop loop(long seed, long stepCost) {
        return new SimLoop(SimLoop.Chooser.seeded(seed), stepCost, 1_000_000);
    }

    /** The order in which 20 ready tasks run under a seed. */
    static List<Integer> order(long seed) {
        SimLoop loop = loop(seed, 0);
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            int n = i;
            loop.execute(() -> out.add(n));
        }
        loop.quiesce();
        return out;
    }

    @Test
    void sameSeed_sameOrder_otherSeed_otherOrder() {
        assertEquals(order(1), order(1));
        assertNotEquals(order(1), order(2));
        assertEquals(20, order(3).stream().distinct().count());
    }

    @Test
    void idle_timeJumpsToTheNextTimer_andTimersFireInDueOrder() {
        SimLoop loop = loop(1, 0);
        List<String> fired = new ArrayList<>();
        loop.schedule(3_000, 0, () -> fired.add("3us@" + loop.now()));
        loop.schedule(1_000, 0, () -> fired.add("1us@" + loop.now()));
        CompletionStage<Errno> op = loop.after(2_000, Errno.EBUSY);
        assertEquals(Errno.EBUSY, assertDoesNotThrowAwait(loop, op));
        assertEquals(List.of("1us@1000"), fired);
        assertEquals(2_000, loop.now());
        loop.runUntil(() -> false, Duration.ofMillis(1));
        assertEquals(List.of("1us@1000", "3us@3000"), fired);
        assertEquals(1_002_000, loop.now()); // a bounded wait ends at its bound
    }

    @Test
    void stepsCostVirtualTime_andDueTimersBecomeReady() {
        SimLoop loop = loop(1, 1_000);
        CompletableFuture<Long> at = loop.at(2_500).toCompletableFuture();
        for (int i = 0; i < 3; i++) {
            loop.execute(() -> { });
        }
        loop.quiesce(); // three steps: 3us pass, the 2.5us timer is released and runs too
        assertTrue(at.isDone());
        assertEquals(4, loop.steps());
        assertEquals(4_000, loop.now());
    }

    @Test
    void quiesce_doesNotJumpToAFutureTimer() {
        SimLoop loop = loop(1, 0);
        CompletableFuture<Long> at = loop.at(10_000).toCompletableFuture();
        loop.execute(() -> { });
        loop.quiesce();
        assertFalse(at.isDone());
        assertEquals(0, loop.now());
    }

    @Test
    void cancelledTimer_neverFires() {
        SimLoop loop = loop(1, 0);
        List<String> fired = new ArrayList<>();
        SimLoop.Timer t = loop.schedule(1_000, 0, () -> fired.add("x"));
        assertTrue(t.cancel());
        assertFalse(t.cancel());
        loop.runUntil(() -> false, Duration.ofMillis(1));
        assertTrue(fired.isEmpty());
    }

    @Test
    void await_nothingLeftToRun_isStuck_notAHang() {
        SimLoop loop = loop(1, 0);
        SimStuckException e = assertThrows(SimStuckException.class,
                () -> loop.await(new CompletableFuture<>(), Duration.ofNanos(Long.MAX_VALUE)));
        assertTrue(e.getMessage().contains("nothing left to run"), e.getMessage());
    }

    @Test
    void livelock_failsAtMaxSteps() {
        SimLoop loop = new SimLoop(SimLoop.Chooser.seeded(1), 0, 100);
        Runnable[] again = new Runnable[1];
        again[0] = () -> loop.execute(again[0]);
        loop.execute(again[0]);
        assertThrows(SimStuckException.class, loop::quiesce);
    }

    @Test
    void aFailingStep_failsTheWaitThatRanIt() {
        SimLoop loop = loop(1, 0);
        loop.execute(() -> {
            throw new IllegalArgumentException("boom");
        });
        IllegalStateException e = assertThrows(IllegalStateException.class, loop::quiesce);
        assertTrue(e.getMessage().contains("boom"), e.getMessage());
    }

    @Test
    void workFromAnotherThread_waitsForTheDriver_andIsCounted() throws Exception {
        SimLoop loop = loop(1, 0);
        List<String> ran = new ArrayList<>();
        Thread other = new Thread(() -> loop.execute(() -> ran.add(Thread.currentThread().getName())), "other");
        other.start();
        other.join();
        assertTrue(ran.isEmpty());
        loop.quiesce();
        assertEquals(List.of(Thread.currentThread().getName()), ran);
        assertEquals(1, loop.foreign());
        Thread driver = new Thread(() -> assertThrows(IllegalStateException.class, loop::step));
        driver.start();
        driver.join();
    }

    private static <T> T assertDoesNotThrowAwait(SimLoop loop, CompletionStage<T> stage) {
        try {
            return loop.await(stage, Duration.ofSeconds(1));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
