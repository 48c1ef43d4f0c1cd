package dev.mdevsim.litmus;

import dev.mdevsim.core.Errno;
import dev.mdevsim.core.HostObserver;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Knows where every request a script started is, so the runner can let the system settle without
 * sleeping: a request is {@link Phase#IN_TRANSIT} from the moment it is sent (or released, or let
 * out of a queue) until it is answered, reaches a held vendor op, or waits in a queue. The system is
 * settled when nothing is in transit.
 *
 * <p>Reports arrive from actor threads: the host's {@link HostObserver} (queued, dequeued), the gate
 * (at the vendor) and the reply itself. An actor reports a wake-up before it sends the reply of the
 * same step, so the tracker never sees a settled state that is about to move.
 */
final class Tracker implements HostObserver {

    enum Phase {
        IN_TRANSIT("in transit", "in-transit"), QUEUED("waiting on a lock", "queued"),
        AT_VENDOR("held at the vendor", "at-vendor"), SETUP("held in setup", "setup"), ANSWERED("answered", "answered");

        final String description;
        /** The word of {@code pending L WORD}. */
        final String word;

        Phase(String description, String word) {
            this.description = description;
            this.word = word;
        }
    }

    private static final class Entry {
        Phase phase = Phase.IN_TRANSIT;
        Errno reply;
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<Long, Entry> requests = new LinkedHashMap<>();

    /** A request is about to be sent: from now on it is tracked. */
    void sent(long id) {
        lock.lock();
        try {
            requests.put(id, new Entry());
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void answered(long id, Errno reply) {
        update(id, e -> {
            e.phase = Phase.ANSWERED;
            e.reply = reply;
        });
    }

    void atVendor(long id) {
        held(id, Phase.AT_VENDOR);
    }

    /** A request held with {@code hold setup} reached its setup. */
    void inSetup(long id) {
        held(id, Phase.SETUP);
    }

    private void held(long id, Phase where) {
        update(id, e -> {
            if (e.phase != Phase.ANSWERED) {
                e.phase = where;
            }
        });
    }

    /** A held request was released by the script. */
    void released(long id) {
        update(id, e -> e.phase = Phase.IN_TRANSIT);
    }

    @Override
    public void queued(long requestId) {
        update(requestId, e -> e.phase = Phase.QUEUED);
    }

    @Override
    public void dequeued(long requestId) {
        update(requestId, e -> e.phase = Phase.IN_TRANSIT);
    }

    Phase phase(long id) {
        lock.lock();
        try {
            Entry e = requests.get(id);
            return e == null ? Phase.IN_TRANSIT : e.phase;
        } finally {
            lock.unlock();
        }
    }

    Optional<Errno> reply(long id) {
        lock.lock();
        try {
            Entry e = requests.get(id);
            return e == null ? Optional.empty() : Optional.ofNullable(e.reply);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until no request is in transit. Returns the id of one still in transit when the bound
     * runs out (a lost reply or a bug), or -1 once settled.
     */
    long settle(Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        lock.lock();
        try {
            while (true) {
                long moving = firstInTransit();
                if (moving < 0) {
                    return -1;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return moving;
                }
                changed.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
    }

    private long firstInTransit() {
        for (Map.Entry<Long, Entry> e : requests.entrySet()) {
            if (e.getValue().phase == Phase.IN_TRANSIT) {
                return e.getKey();
            }
        }
        return -1;
    }

    /** Applies a report about a tracked request; reports about others are not the script's. */
    private void update(long id, Consumer<Entry> change) {
        lock.lock();
        try {
            Entry e = requests.get(id);
            if (e == null) {
                return;
            }
            change.accept(e);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
