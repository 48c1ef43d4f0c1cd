package dev.mdevsim.core;

import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;

/** An observer that counts the host's warnings by kind and passes every event on to another. Thread-safe. */
public final class WarningCounter implements HostObserver {

    private final HostObserver next;
    private final LongAdder duplicateLinks = new LongAdder();
    private final LongAdder removeFailures = new LongAdder();

    public WarningCounter(HostObserver next) {
        this.next = next;
    }

    /** The warnings so far. */
    public Warnings warnings() {
        return new Warnings(duplicateLinks.sum(), removeFailures.sum());
    }

    @Override
    public void queued(long requestId) {
        next.queued(requestId);
    }

    @Override
    public void dequeued(long requestId) {
        next.dequeued(requestId);
    }

    @Override
    public void live(UUID uuid, String parent, boolean up) {
        next.live(uuid, parent, up);
    }

    @Override
    public void duplicateLink(UUID uuid, String parent, String holder) {
        duplicateLinks.increment();
        next.duplicateLink(uuid, parent, holder);
    }

    @Override
    public void removeFailed(UUID uuid, String parent, Errno errno) {
        removeFailures.increment();
        next.removeFailed(uuid, parent, errno);
    }
}
