package dev.mdevsim.load;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * A request from outside a run to end it early: Ctrl-C or SIGTERM on the command line. The run it is
 * given to stops sending, as when its duration is up, gives every request in flight its outcome,
 * checks its invariants and returns a result that says it was interrupted (a partial run, not a lost
 * one). One object serves several runs in turn ({@code compare}): once interrupted, a run that starts
 * later stops at once.
 *
 * <p>Thread-safe: {@link #interrupt} comes from a signal handler's thread.
 */
public final class Interruption {

    private String by;
    private Consumer<String> stop;

    /** Asks the current run (and every later one) to stop; false if it had already been asked. */
    public synchronized boolean interrupt(String by) {
        if (this.by != null) {
            return false;
        }
        this.by = by;
        if (stop != null) {
            stop.accept(by);
        }
        return true;
    }

    /** What interrupted, e.g. {@code SIGINT}; empty while nothing has. */
    public synchronized Optional<String> by() {
        return Optional.ofNullable(by);
    }

    /** Called by a run when it starts: {@code stop} ends its sending (at once, if already interrupted). */
    synchronized void attach(Consumer<String> stop) {
        this.stop = stop;
        if (by != null) {
            stop.accept(by);
        }
    }

    /** Called by a run when it has ended. */
    synchronized void detach() {
        stop = null;
    }
}
