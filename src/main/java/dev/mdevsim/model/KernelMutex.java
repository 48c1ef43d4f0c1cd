package dev.mdevsim.model;

import dev.mdevsim.core.Errno;
import dev.mdevsim.core.HostObserver;
import java.util.ArrayDeque;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * A kernel mutex held across a whole operation ({@code parent->lock} in legacy, the one lock of
 * global-lock), as its owning actor keeps it: a holder and a FIFO queue of waiting requests. Waiting
 * blocks no thread, and the owner stays responsive to everything that does not need the lock.
 *
 * <p>Protocol: {@link #submit} a request; it runs at once ({@code start}) when the lock is free, or
 * queues. {@code start} either answers it at once (returns an errno: the lock passes on) or starts
 * something asynchronous (returns {@code null}: the request keeps the lock until the owner calls
 * {@link #done}). When the lock passes on, the next request is reported
 * {@link HostObserver#dequeued dequeued} <em>before</em> the finished one is answered, so an observer
 * that sees the answer has seen the wake-up too. Not thread-safe: owned by one actor.
 *
 * @param <R> the request type
 */
public final class KernelMutex<R> {

    private final ArrayDeque<R> waiting = new ArrayDeque<>();
    private final Function<R, Errno> start;
    private final BiConsumer<R, Errno> answer;
    private final ToLongFunction<R> requestId;
    private final HostObserver observer;
    private R holder;

    /**
     * @param start     runs a request that now holds the lock: its outcome, or null while it runs on
     * @param answer    sends a finished request's outcome to its client
     * @param requestId the id reported to the observer
     */
    public KernelMutex(Function<R, Errno> start, BiConsumer<R, Errno> answer, ToLongFunction<R> requestId,
                       HostObserver observer) {
        this.start = start;
        this.answer = answer;
        this.requestId = requestId;
        this.observer = observer;
    }

    /** Runs the request now if the lock is free, else queues it in arrival order. */
    public void submit(R request) {
        if (holder != null) {
            waiting.add(request);
            observer.queued(requestId.applyAsLong(request));
            return;
        }
        holder = request;
        runFrom(request);
    }

    /** The holder's asynchronous work finished with {@code outcome}: answer it and pass the lock on. */
    public void done(Errno outcome) {
        if (holder == null) {
            throw new IllegalStateException("done() without a holder");
        }
        R finished = holder;
        R next = passOn();
        answer.accept(finished, outcome);
        if (next != null) {
            runFrom(next);
        }
    }

    /** The request holding the lock, or null. */
    public R holder() {
        return holder;
    }

    /** How many requests wait. */
    public int waiting() {
        return waiting.size();
    }

    /** Runs holders one after another for as long as each is answered at once (no recursion). */
    private void runFrom(R request) {
        R r = request;
        while (r != null) {
            Errno outcome = start.apply(r);
            if (outcome == null) {
                return; // r keeps the lock until done()
            }
            R next = passOn();
            answer.accept(r, outcome);
            r = next;
        }
    }

    private R passOn() {
        holder = waiting.poll();
        if (holder != null) {
            observer.dequeued(requestId.applyAsLong(holder));
        }
        return holder;
    }
}
