package dev.mdevsim.parent;

import dev.mdevsim.core.HostObserver;

/**
 * A parent's {@code unreg_sem} as its actor keeps it: the requests in progress on the parent are its
 * readers, an unregistration is its writer (SEMANTICS P5). The writer waits until no reader is left;
 * once it has arrived, new readers are refused ({@code down_read_trylock} fails: ENODEV, C13 and R8
 * in linux-5.2 and linux-6.1). Every model drains this way before it sweeps (P5 follows the 5.2 fix
 * in every model); only where the trylock is made differs ({@link dev.mdevsim.model.Description.Gate}).
 *
 * <p>A reader enters when a create or remove reaches the parent (queued on legacy's lock included)
 * and exits when it is answered or, a remove, when its device declined it. When the last reader exits
 * under a waiting writer the writer is reported {@link HostObserver#dequeued dequeued} before the
 * step sends any reply (the observer's ordering contract). Not thread-safe: owned by one actor.
 */
final class UnregSem {

    private final HostObserver observer;
    private int readers;
    /** Request ids may be any long (the chaos client's are negative): a flag says whether one arrived. */
    private boolean arrived;
    private long writer;
    private boolean writerWaits;

    UnregSem(HostObserver observer) {
        this.observer = observer;
    }

    /** A request is now in progress on the parent. */
    void enter() {
        readers++;
    }

    /** A request in progress ended. */
    void exit() {
        if (readers == 0) {
            throw new IllegalStateException("exit without a reader");
        }
        readers--;
        if (readers == 0 && writerWaits) {
            writerWaits = false;
            observer.dequeued(writer);
        }
    }

    /** The unregistration {@code requestId} has begun: it waits for the readers, if any (reported queued). */
    void writerArrives(long requestId) {
        arrived = true;
        writer = requestId;
        if (readers > 0) {
            writerWaits = true;
            observer.queued(requestId);
        }
    }

    /** Whether an unregistration has begun: a trylock now fails. */
    boolean writerArrived() {
        return arrived;
    }

    /** Whether the unregistration holds the write side: it has begun and no reader is left. */
    boolean writerHolds() {
        return arrived && readers == 0;
    }

    /** The unregistration's request id (once it has arrived). */
    long writer() {
        return writer;
    }

    int readers() {
        return readers;
    }
}
