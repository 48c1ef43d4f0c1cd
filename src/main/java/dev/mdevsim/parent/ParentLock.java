package dev.mdevsim.parent;

import akka.actor.typed.ActorRef;
import dev.mdevsim.core.Errno;
import dev.mdevsim.core.HostObserver;
import dev.mdevsim.core.Reply;
import dev.mdevsim.core.Request;
import dev.mdevsim.model.KernelMutex;
import java.util.UUID;
import java.util.function.ObjLongConsumer;
import java.util.function.Predicate;

/**
 * Legacy's {@code parent->lock} ({@link dev.mdevsim.model.Description.Lock#PER_PARENT}) as its parent
 * actor holds it: a {@link KernelMutex} of the creates and removes that reached the parent, each held
 * across its whole run, vendor op included (C3, C5, C7, C11, R7).
 *
 * <p>Under the lock a create checks the parent's own children (EEXIST, no warning), then waits for
 * its bus link ({@link #linked}; the registry warns on a cross-parent duplicate, C4, C6, C8), then
 * begins as in every model. Work under the lock replies to {@link #replies}, an adapter of the
 * parent's whose message comes back to {@link #replied}: the lock passes on, then the client is
 * answered. Not thread-safe: owned by the parent actor.
 */
final class ParentLock {

    /** How the parent begins a create or remove: null when it runs on, else its answer. */
    interface Begin {
        Errno begin(Request request, ActorRef<Reply> replyTo);
    }

    private final KernelMutex<Request> mutex;
    private final ActorRef<Reply> replies;
    private final Begin begin;
    private final Predicate<UUID> ownChild;
    private final ObjLongConsumer<UUID> askBusLink;
    private final Runnable ended;

    /**
     * @param replies    where work under the lock replies (the parent's adapter)
     * @param ownChild   whether a UUID is one of the parent's children
     * @param askBusLink asks the registry for a create's bus link (UUID, request id)
     * @param ended      a request answered at once has ended (its semaphore exit)
     */
    ParentLock(ActorRef<Reply> replies, HostObserver observer, Begin begin, Predicate<UUID> ownChild,
               ObjLongConsumer<UUID> askBusLink, Runnable ended) {
        this.replies = replies;
        this.begin = begin;
        this.ownChild = ownChild;
        this.askBusLink = askBusLink;
        this.ended = ended;
        this.mutex = new KernelMutex<>(this::start, Request::answer, Request::requestId, observer);
    }

    /** A create or remove reached the parent: it runs now if the lock is free, else queues. */
    void submit(Request r) {
        mutex.submit(r);
    }

    /** The reply of the request holding the lock came back: pass the lock on, answer the client. */
    void replied(Reply reply) {
        mutex.done(reply.errno());
    }

    /** The registry's answer to the bus link of the create holding the lock. */
    void linked(long requestId, boolean linked) {
        ParentDevice.StartCreate s = (ParentDevice.StartCreate) mutex.holder();
        if (s == null || s.requestId() != requestId) {
            throw new IllegalStateException("bus link answer " + requestId + " for a create not holding the lock");
        }
        Errno answered = linked ? begin.begin(s, replies) : Errno.EEXIST; // C4, C6, C8: warned
        if (answered != null) {
            ended.run();
            mutex.done(answered); // may run queued requests that finish at once too
        }
    }

    /** A request now holds the lock. Null while it runs on (its reply comes back). */
    private Errno start(Request request) {
        Errno answered;
        if (request instanceof ParentDevice.StartCreate s) {
            if (!ownChild.test(s.uuid())) {
                askBusLink.accept(s.uuid(), s.requestId());
                return null; // device_register: on to linked()
            }
            answered = Errno.EEXIST; // C3, C5, C7: among the parent's own children; no warning
        } else {
            answered = begin.begin(request, replies);
        }
        if (answered != null) {
            ended.run();
        }
        return answered;
    }
}
