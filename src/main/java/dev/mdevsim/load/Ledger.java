package dev.mdevsim.load;

import dev.mdevsim.report.RunResult;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The evidence for G1: every request sent is in flight until it gets its one outcome, a reply or a
 * timeout. A reply that reaches an ask that is already done becomes a dead letter: late if its
 * request timed out, a duplicate (G1 violated) if it was answered already. Thread-safe; memory is
 * bounded by the requests in flight plus those that timed out and were never answered.
 */
final class Ledger {

    private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();
    private final AtomicInteger inFlightCount = new AtomicInteger();
    private final AtomicInteger peak = new AtomicInteger();
    private final Set<Long> timedOut = ConcurrentHashMap.newKeySet();
    private final LongAdder sent = new LongAdder();
    private final LongAdder answered = new LongAdder();
    private final LongAdder timeouts = new LongAdder();
    private final LongAdder late = new LongAdder();
    private final LongAdder duplicates = new LongAdder();

    void sent(long id) {
        sent.increment();
        inFlight.add(id);
        int n = inFlightCount.incrementAndGet();
        peak.accumulateAndGet(n, Math::max);
    }

    /** A request answered without reaching the host (a malformed UUID, C1). */
    void answeredAtTheEdge() {
        sent.increment();
        answered.increment();
    }

    void answered(long id) {
        inFlight.remove(id);
        inFlightCount.decrementAndGet();
        answered.increment();
    }

    void timedOut(long id) {
        timedOut.add(id); // before leaving inFlight: a late reply racing in finds it in one of the two
        inFlight.remove(id);
        inFlightCount.decrementAndGet();
        timeouts.increment();
    }

    /** A reply reached an ask that was already done. */
    void deadLetter(long id) {
        if (timedOut.remove(id) || inFlight.contains(id)) {
            late.increment();
        } else {
            duplicates.increment();
        }
    }

    int inFlight() {
        return inFlightCount.get();
    }

    RunResult.Requests requests(long notStarted, long clientsAsked, long clientsReached) {
        return new RunResult.Requests(sent.sum(), answered.sum(), timeouts.sum(), late.sum(), duplicates.sum(), notStarted,
                peak.get(), clientsAsked, clientsReached);
    }
}
