package dev.mdevsim.sim;

import akka.actor.ActorRef;
import java.util.HashSet;
import java.util.Set;

/**
 * What one step of a deterministic run touched, for {@code explore}'s reduction: the actors it
 * sent a message to ({@link TracingMailbox}) or woke ({@link SimLoop#execute}). Recorded on the
 * driver's thread while a recording is open; nothing is recorded otherwise (runs and swarms).
 */
public final class Footprint {

    private static final ThreadLocal<Set<String>> CURRENT = new ThreadLocal<>();

    private Footprint() {
    }

    /** Starts recording on this thread. */
    static void open() {
        CURRENT.set(new HashSet<>());
    }

    /** Stops recording; what was recorded since {@link #open}. */
    static Set<String> close() {
        Set<String> out = CURRENT.get();
        CURRENT.remove();
        return out == null ? Set.of() : out;
    }

    /** The key of an actor: its path without the system's address, stable from one schedule to the next. */
    public static String actor(ActorRef ref) {
        return "a:" + ref.path().toStringWithoutAddress();
    }

    /** Notes that the current step sent to (or woke) {@code ref}. */
    static void record(ActorRef ref) {
        Set<String> s = CURRENT.get();
        if (s != null) {
            s.add(actor(ref));
        }
    }
}
