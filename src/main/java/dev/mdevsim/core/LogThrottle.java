package dev.mdevsim.core;

/**
 * Counts the occurrences of something worth logging and says which to log: the first ten, then
 * every thousandth, so a storm of kernel warnings is counted in full but does not flood the log.
 * Not thread-safe: one per actor.
 */
public final class LogThrottle {

    private long count;

    /** Counts one occurrence; true when it should be logged. */
    public boolean admit() {
        count++;
        return count <= 10 || count % 1000 == 0;
    }

    /** Occurrences so far. */
    public long count() {
        return count;
    }

    /** A note to append to the tenth logged line. */
    public String note() {
        return count == 10 ? " (from now on every 1000th is logged; all are counted)" : "";
    }
}
