package dev.mdevsim.load;

import dev.mdevsim.core.Errno;
import dev.mdevsim.report.RunResult;
import dev.mdevsim.report.TimeSeries;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * What a run records per request: its latency in HdrHistograms per operation (microseconds, 3
 * significant digits, resizing themselves) and its outcome in a counter per operation and errno.
 *
 * <p>Design note: recording sits on the hot path of every request (the benchmark measures its cost
 * against not recording). Each recording thread gets its own {@link SingleWriterRecorder} per
 * operation (HdrHistogram's low-overhead pattern: no shared counter bounces between cores), and the
 * only other write is one striped {@link LongAdder} for the outcome; totals are derived from those.
 * {@link #collect()} moves every thread's interval histograms into the totals.
 */
public final class Metrics {

    private static final OpKind[] OPS = OpKind.values();

    /** One thread's recorders, one per operation, with their recycled interval histograms. */
    private static final class PerThread {
        final SingleWriterRecorder[] recorders = new SingleWriterRecorder[OPS.length];
        final Histogram[] intervals = new Histogram[OPS.length];

        PerThread() {
            for (int i = 0; i < OPS.length; i++) {
                recorders[i] = new SingleWriterRecorder(3);
            }
        }
    }

    private final ThreadLocal<PerThread> mine = ThreadLocal.withInitial(this::register);
    private final List<PerThread> threads = new CopyOnWriteArrayList<>();
    private final Map<OpKind, Histogram> totals = new EnumMap<>(OpKind.class);
    /** What was recorded since the last {@link #sampleLatency()}, for a run's time series. */
    private final Map<OpKind, Histogram> sinceSample = new EnumMap<>(OpKind.class);
    private final LongAdder[][] outcomes = new LongAdder[OPS.length][Errno.values().length];

    public Metrics() {
        for (OpKind op : OPS) {
            Histogram h = new Histogram(3);
            h.setAutoResize(true);
            totals.put(op, h);
            Histogram interval = new Histogram(3);
            interval.setAutoResize(true);
            sinceSample.put(op, interval);
            for (Errno e : Errno.values()) {
                outcomes[op.ordinal()][e.ordinal()] = new LongAdder();
            }
        }
    }

    private PerThread register() {
        PerThread t = new PerThread();
        threads.add(t);
        return t;
    }

    /** One request finished with {@code outcome} after {@code nanos}. */
    public void record(OpKind op, Errno outcome, long nanos) {
        mine.get().recorders[op.ordinal()].recordValue(Math.max(0, TimeUnit.NANOSECONDS.toMicros(nanos)));
        outcomes[op.ordinal()][outcome.ordinal()].increment();
    }

    /** Requests finished so far. */
    public long done() {
        long n = 0;
        for (LongAdder[] byErrno : outcomes) {
            for (LongAdder a : byErrno) {
                n += a.sum();
            }
        }
        return n;
    }

    /** Requests finished with an errno so far. */
    public long notOk() {
        long n = 0;
        for (LongAdder[] byErrno : outcomes) {
            n += byErrno[Errno.OK.ordinal()].sum();
        }
        return done() - n;
    }

    /** Adds what was recorded since the last call to the totals. */
    public synchronized void collect() {
        for (PerThread t : threads) {
            for (int i = 0; i < OPS.length; i++) {
                t.intervals[i] = t.recorders[i].getIntervalHistogram(t.intervals[i]);
                totals.get(OPS[i]).add(t.intervals[i]);
                sinceSample.get(OPS[i]).add(t.intervals[i]);
            }
        }
    }

    /** Latency per operation of the requests finished since the last call (operations without any are left out). */
    public synchronized Map<OpKind, TimeSeries.Latency> sampleLatency() {
        collect();
        Map<OpKind, TimeSeries.Latency> out = new EnumMap<>(OpKind.class);
        sinceSample.forEach((op, h) -> {
            if (h.getTotalCount() > 0) {
                out.put(op, new TimeSeries.Latency(h.getTotalCount(), h.getValueAtPercentile(50), h.getValueAtPercentile(90),
                        h.getValueAtPercentile(99), h.getMaxValue()));
                h.reset();
            }
        });
        return out;
    }

    /** Requests finished so far, per operation and outcome: {@code [op.ordinal()][errno.ordinal()]}. */
    public long[][] outcomeCounts() {
        long[][] out = new long[OPS.length][Errno.values().length];
        for (int op = 0; op < OPS.length; op++) {
            for (int e = 0; e < out[op].length; e++) {
                out[op][e] = outcomes[op][e].sum();
            }
        }
        return out;
    }

    /** Forgets everything recorded so far (a benchmark's warm-up). */
    public synchronized void reset() {
        collect();
        totals.values().forEach(Histogram::reset);
        sinceSample.values().forEach(Histogram::reset);
        for (LongAdder[] byErrno : outcomes) {
            for (LongAdder a : byErrno) {
                a.reset();
            }
        }
    }

    /** The latency of every operation together, microseconds. */
    public synchronized Histogram combinedLatency() {
        collect();
        Histogram all = new Histogram(3);
        all.setAutoResize(true);
        totals.values().forEach(all::add);
        return all;
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
