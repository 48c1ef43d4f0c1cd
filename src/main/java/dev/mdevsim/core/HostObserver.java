package dev.mdevsim.core;

import java.util.UUID;

/**
 * Hooks through which a simulated host reports what cannot be seen in replies. Called synchronously
 * from actor threads, so implementations must be thread-safe and quick; every method defaults to
 * doing nothing.
 *
 * <p>Ordering contract: an actor calls {@link #dequeued} for a request it lets go <em>before</em> it
 * sends any reply in the same step, so an observer that has seen a reply has also seen every wake-up
 * that step caused. The litmus runner's settling depends on this.
 */
public interface HostObserver {

    /** The shared do-nothing observer. */
    HostObserver NONE = new HostObserver() {
    };

    /** A request is now waiting in a lock queue (legacy, global-lock) or for a parent to drain (P5). */
    default void queued(long requestId) {
    }

    /** A queued request got what it waited for and is running again. */
    default void dequeued(long requestId) {
    }

    /**
     * A device became live ({@code up}: its create completed OK) or stopped being live (its removal
     * completed). Stress tests use this to check G2: never two live mdevs with one UUID.
     */
    default void live(UUID uuid, String parent, boolean up) {
    }

    /**
     * Legacy only: a create on {@code parent} reached the bus link of a UUID that {@code holder} already
     * links, and the kernel would print a duplicate-link WARN with a stack trace (C4, C6, C8).
     */
    default void duplicateLink(UUID uuid, String parent, String holder) {
    }

    /**
     * linux-5.2 only: the vendor's remove op of {@code uuid} on {@code parent} failed with {@code errno}
     * and the kernel logged "Remove failed: err=E" and removed the mdev anyway (R4, and P5's sweep).
     */
    default void removeFailed(UUID uuid, String parent, Errno errno) {
    }
}
