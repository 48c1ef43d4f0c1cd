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
        public void returned(long id, int client, Errno outcome, long nanos) {
        }
    };

    /** Request {@code id} of {@code client} is sent at {@code nanos} ({@link System#nanoTime()}). */
    void call(long id, int client, Step.Request request, long nanos);

    /** Request {@code id} of {@code client} got its outcome (a reply, or ETIMEDOUT) at {@code nanos}. */
    void returned(long id, int client, Errno outcome, long nanos);

    /** A scheduled fault ({@code unregister-parent}, {@code register-parent}) starts; returns its id. */
    default long faultCall(String f, String parent, long nanos) {
        return 0;
    }

    /** The fault with that id completed. */
    default void faultReturned(long id, Errno outcome, long nanos) {
    }

    /** Both, in order. */
    static RequestListener both(RequestListener a, RequestListener b) {
        return new RequestListener() {
            @Override
            public void call(long id, int client, Step.Request request, long nanos) {
                a.call(id, client, request, nanos);
                b.call(id, client, request, nanos);
            }

            @Override
            public void returned(long id, int client, Errno outcome, long nanos) {
                a.returned(id, client, outcome, nanos);
                b.returned(id, client, outcome, nanos);
            }

            @Override
            public long faultCall(String f, String parent, long nanos) {
                a.faultCall(f, parent, nanos);
                return b.faultCall(f, parent, nanos);
            }

            @Override
            public void faultReturned(long id, Errno outcome, long nanos) {
                a.faultReturned(id, outcome, nanos);
                b.faultReturned(id, outcome, nanos);
            }
        };
    }
}
