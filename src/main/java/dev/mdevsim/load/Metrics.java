package dev.mdevsim.load;

import dev.mdevsim.core.Errno;
import dev.mdevsim.report.RunResult;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * What a run records per request: its latency in an HdrHistogram {@link Recorder} per operation
 * (microseconds, 3 significant digits, resizing itself) and its outcome in a counter per operation
 * and errno. Recording is lock-free and safe from any thread; {@link #collect()} moves the interval
 * histograms into the totals.
 */
public final class Metrics {

    private final Map<OpKind, Recorder> recorders = new EnumMap<>(OpKind.class);
    private final Map<OpKind, Histogram> totals = new EnumMap<>(OpKind.class);
    private final LongAdder[][] outcomes = new LongAdder[OpKind.values().length][Errno.values().length];
    private final LongAdder done = new LongAdder();
    private final LongAdder notOk = new LongAdder();
    /** Each recorder's recycled interval histogram (a recorder takes back only its own). */
    private final Map<OpKind, Histogram> intervals = new EnumMap<>(OpKind.class);

    public Metrics() {
        for (OpKind op : OpKind.values()) {
            recorders.put(op, new Recorder(3));
            Histogram h = new Histogram(3);
            h.setAutoResize(true);
            totals.put(op, h);
            for (Errno e : Errno.values()) {
                outcomes[op.ordinal()][e.ordinal()] = new LongAdder();
            }
        }
    }

    /** One request finished with {@code outcome} after {@code nanos}. */
    public void record(OpKind op, Errno outcome, long nanos) {
        recorders.get(op).recordValue(Math.max(0, TimeUnit.NANOSECONDS.toMicros(nanos)));
        outcomes[op.ordinal()][outcome.ordinal()].increment();
        done.increment();
        if (!outcome.isOk()) {
            notOk.increment();
        }
    }

    /** Requests finished so far. */
    public long done() {
        return done.sum();
    }

    /** Requests finished with an errno so far. */
    public long notOk() {
        return notOk.sum();
    }

    /** Adds what was recorded since the last call to the totals. */
    public synchronized void collect() {
        recorders.forEach((op, r) -> {
            Histogram interval = r.getIntervalHistogram(intervals.get(op));
            intervals.put(op, interval);
            totals.get(op).add(interval);
        });
    }

    /** Per operation that was used: count, outcomes and latency. */
    public synchronized Map<OpKind, RunResult.OpResult> results() {
        collect();
        Map<OpKind, RunResult.OpResult> out = new LinkedHashMap<>();
        for (OpKind op : OpKind.values()) {
            Map<Errno, Long> byErrno = new LinkedHashMap<>();
            long count = 0;
            for (Errno e : Errno.values()) {
                long n = outcomes[op.ordinal()][e.ordinal()].sum();
                if (n > 0) {
                    byErrno.put(e, n);
                    count += n;
                }
            }
            if (count > 0) {
                out.put(op, new RunResult.OpResult(count, byErrno, totals.get(op).copy()));
            }
        }
        return out;
    }
}
