package dev.mdevsim.load;

import dev.mdevsim.core.Errno;

/**
 * Sees every request of a run: when it is sent and when its outcome is known. Called from many
 * threads at once; implementations must be thread-safe and quick. For tests, and for recording
 * histories.
 */
public interface RequestListener {

    RequestListener NONE = new RequestListener() {
        @Override
        public void call(long id, int client, Step.Request request, long nanos) {
        }

        @Override
        public void returned(long id, Errno outcome, long nanos) {
        }
    };

    /** Request {@code id} of {@code client} is sent at {@code nanos} ({@link System#nanoTime()}). */
    void call(long id, int client, Step.Request request, long nanos);

    /** Request {@code id} got its outcome (a reply, or ETIMEDOUT) at {@code nanos}. */
    void returned(long id, Errno outcome, long nanos);
}
