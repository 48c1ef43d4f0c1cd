package dev.mdevsim.core;

import akka.actor.typed.ActorRef;

/**
 * A request that is answered with one {@link Reply}: what a kernel lock's queue holds
 * ({@link dev.mdevsim.model.KernelMutex}), whichever actor's message it is.
 */
public interface Request {

    long requestId();

    ActorRef<Reply> replyTo();

    /** Sends the request's one reply. */
    default void answer(Errno errno) {
        replyTo().tell(new Reply(requestId(), errno));
    }
}
