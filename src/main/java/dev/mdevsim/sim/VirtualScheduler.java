package dev.mdevsim.sim;

import akka.actor.AbstractScheduler;
import akka.actor.Cancellable;
import akka.event.LoggingAdapter;
import com.typesafe.config.Config;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import scala.concurrent.ExecutionContext;
import scala.concurrent.duration.FiniteDuration;

/**
 * Akka's scheduler for a deterministic run ({@code akka.scheduler.implementation}): every timer
 * (ask timeouts, typed timers, dispatcher shutdown) is a timer of the run's {@link SimLoop}, on
 * virtual time with nanosecond resolution, fired by the loop in (due, arming) order.
 *
 * <p>Why not Akka's {@code ExplicitlyTriggeredScheduler}: it counts whole milliseconds (vendor ops
 * take microseconds), sleeps 100 ms of real time per advance, keeps tasks in an identity-hashed map
 * (equal due times fire in a different order in each JVM), cannot say when its next task is due, and
 * runs tasks on the caller instead of their execution context.
 *
 * <p>Akka makes the scheduler by reflection from (Config, LoggingAdapter, ThreadFactory); the run's
 * loop is found by {@code akka.scheduler.mdevsim-loop}, an id the loop was {@link #register}ed under.
 */
public final class VirtualScheduler extends AbstractScheduler {

    static final String LOOP_KEY = "akka.scheduler.mdevsim-loop";
    private static final Map<String, SimLoop> LOOPS = new ConcurrentHashMap<>();

    private final SimLoop loop;

    public VirtualScheduler(Config config, LoggingAdapter log, ThreadFactory threads) {
        String id = config.getString(LOOP_KEY);
        this.loop = LOOPS.get(id);
        if (loop == null) {
            throw new IllegalStateException("no deterministic loop registered as " + id);
        }
    }

    /** Makes {@code loop} findable by the scheduler of a system configured with {@code id}. */
    static void register(String id, SimLoop loop) {
        LOOPS.put(id, loop);
    }

    static void unregister(String id) {
        LOOPS.remove(id);
    }

    @Override
    public Cancellable scheduleOnce(FiniteDuration delay, Runnable runnable, ExecutionContext executor) {
        return cancellable(loop.schedule(delay.toNanos(), 0, () -> executor.execute(runnable)));
    }

    @Override
    public Cancellable schedule(FiniteDuration initialDelay, FiniteDuration interval, Runnable runnable,
                                ExecutionContext executor) {
        return cancellable(loop.schedule(initialDelay.toNanos(), Math.max(1, interval.toNanos()),
                () -> executor.execute(runnable)));
    }

    @Override
    public double maxFrequency() {
        return 1e9;
    }

    private static Cancellable cancellable(SimLoop.Timer timer) {
        return new Cancellable() {
            @Override
            public boolean cancel() {
                return timer.cancel();
            }

            @Override
            public boolean isCancelled() {
                return timer.isCancelled();
            }
        };
    }
}
