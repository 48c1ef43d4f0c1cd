package dev.mdevsim.sim;

/** A deterministic run cannot go on: nothing is left to run but what it waits for is not done, or a livelock. */
public final class SimStuckException extends IllegalStateException {
    public SimStuckException(String message) {
        super(message);
    }
}
