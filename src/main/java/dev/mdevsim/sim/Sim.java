package dev.mdevsim.sim;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * How the code that drives a host waits: on threads ({@link #threads()}) it blocks or polls while
 * the actors run elsewhere; in a deterministic run ({@link SimLoop}) waiting <em>is</em> running the
 * actors, one step at a time on the waiting thread, on virtual time. Code that waits for a host goes
 * through this, never through {@code get}, {@code join} or {@code sleep}, so that it works in both.
 */
public interface Sim {

    /** True when the host runs on one thread and virtual time ({@link SimLoop}). */
    boolean deterministic();

    /**
     * Until {@code done} holds or {@code bound} has passed on the run's clock (virtual in a
     * deterministic run); returns whether it holds.
     */
    boolean runUntil(BooleanSupplier done, Duration bound);

    /** The stage's value once it completes, within {@code bound} on the run's clock. */
    <T> T await(CompletionStage<T> stage, Duration bound) throws TimeoutException, ExecutionException;

    /** Lets {@code time} pass on the run's clock (the actors run meanwhile). */
    default void pause(Duration time) {
        runUntil(() -> false, time);
    }

    /** Today's behaviour: the actors run on their dispatcher's threads; waiting blocks. */
    static Sim threads() {
        return Threads.INSTANCE;
    }

    /** Waiting on threads: blocking gets and a 2 ms poll. */
    final class Threads implements Sim {
        static final Threads INSTANCE = new Threads();

        private Threads() {
        }

        @Override
        public boolean deterministic() {
            return false;
        }

        @Override
        public boolean runUntil(BooleanSupplier done, Duration bound) {
            long deadline = System.nanoTime() + bound.toNanos();
            while (!done.getAsBoolean()) {
                if (System.nanoTime() - deadline >= 0) {
                    return false;
                }
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return done.getAsBoolean();
                }
            }
            return true;
        }

        @Override
        public <T> T await(CompletionStage<T> stage, Duration bound) throws TimeoutException, ExecutionException {
            CompletableFuture<T> f = stage.toCompletableFuture();
            try {
                return f.get(bound.toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ExecutionException(e);
            }
        }
    }
}
