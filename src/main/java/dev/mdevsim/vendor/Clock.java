package dev.mdevsim.vendor;

import java.util.concurrent.CompletionStage;

/**
 * The time of a run: {@link System#nanoTime()} and a timer thread on threads ({@link DelayScheduler}),
 * virtual time on one thread in a deterministic run ({@link dev.mdevsim.sim.SimLoop}). Everything in
 * a run that reads the time or waits for it goes through one.
 */
public interface Clock extends Delays {

    /** Now, in nanoseconds on this clock's own scale (only differences mean anything). */
    long now();

    /** A stage completed with the time it fired at, once {@code deadlineNanos} has come; at once if it has passed. */
    CompletionStage<Long> at(long deadlineNanos);
}
