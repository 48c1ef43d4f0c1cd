package dev.mdevsim.report;

import dev.mdevsim.core.DeviceCounts;
import dev.mdevsim.core.Errno;
import dev.mdevsim.core.Warnings;
import dev.mdevsim.load.OpKind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A run's time series: one point per sampling interval, with what finished in that interval (outcome
 * counts and latency percentiles per operation, warnings by kind) and the state at its end
 * (mdevs by state, requests in flight). Requests are counted in the interval in which they finished.
 *
 * <p>Bounded: it holds at most {@code maxPoints} points. When it is full, neighbouring points are
 * merged in pairs and the sampling interval doubles, so a run of any length costs at most
 * {@code maxPoints} points. Merging keeps counts and {@code max} exact; p50, p90 and p99 of a merged
 * point are the larger of the pair's (an upper bound, as the pair's histograms are not kept); the
 * gauges (devices, in flight) are the later point's.
 *
 * <p>Not thread-safe: one sampler adds points; {@link #points()} is read once the run is over.
 */
public final class TimeSeries {

    /** Latency of the requests of one operation that finished in an interval, microseconds. */
    public record Latency(long count, long p50, long p90, long p99, long max) {

        /** The pair's counts added, max exact, percentiles the larger (an upper bound). */
        Latency merge(Latency o) {
            return new Latency(count + o.count, Math.max(p50, o.p50), Math.max(p90, o.p90), Math.max(p99, o.p99),
                    Math.max(max, o.max));
        }
    }

    /**
     * One interval.
     *
     * @param endSeconds    its end, seconds since the run started
     * @param lengthSeconds its length (the last one is usually shorter)
     * @param outcomes      requests finished in it, per operation and outcome (only those seen)
     * @param latency       per operation with requests finished in it
     * @param devices       mdevs by state at its end; null when the host did not answer in time
     * @param inFlight      requests in flight at its end
     * @param warnings      warnings raised in it, by kind
     */
    public record Point(double endSeconds, double lengthSeconds, Map<OpKind, Map<Errno, Long>> outcomes,
                        Map<OpKind, Latency> latency, DeviceCounts devices, long inFlight, Warnings warnings) {

        public Point {
            outcomes = Collections.unmodifiableMap(copy(outcomes));
            latency = Collections.unmodifiableMap(latency.isEmpty() ? new EnumMap<>(OpKind.class) : new EnumMap<>(latency));
        }

        /** Requests of {@code op} with {@code outcome} finished in this interval. */
        public long count(OpKind op, Errno outcome) {
            Map<Errno, Long> byErrno = outcomes.get(op);
            return byErrno == null ? 0 : byErrno.getOrDefault(outcome, 0L);
        }

        Point merge(Point later) {
            Map<OpKind, Map<Errno, Long>> sum = copy(outcomes);
            later.outcomes.forEach((op, byErrno) -> byErrno.forEach((e, n) ->
                    sum.computeIfAbsent(op, x -> new EnumMap<>(Errno.class)).merge(e, n, Long::sum)));
            Map<OpKind, Latency> lat = new EnumMap<>(OpKind.class);
            lat.putAll(latency);
            later.latency.forEach((op, l) -> lat.merge(op, l, Latency::merge));
            return new Point(later.endSeconds, lengthSeconds + later.lengthSeconds, sum, lat,
                    later.devices != null ? later.devices : devices, later.inFlight, warnings.plus(later.warnings));
        }

        private static Map<OpKind, Map<Errno, Long>> copy(Map<OpKind, Map<Errno, Long>> m) {
            Map<OpKind, Map<Errno, Long>> out = new EnumMap<>(OpKind.class);
            m.forEach((op, byErrno) -> {
                if (!byErrno.isEmpty()) {
                    out.put(op, new EnumMap<>(byErrno));
                }
            });
            return out;
        }
    }

    private final int maxPoints;
    private double intervalSeconds;
    private final List<Point> points = new ArrayList<>();

    /**
     * @param intervalSeconds the sampling interval to start with
     * @param maxPoints       at most this many points are kept (at least 2)
     */
    public TimeSeries(double intervalSeconds, int maxPoints) {
        if (intervalSeconds <= 0 || maxPoints < 2) {
            throw new IllegalArgumentException("interval " + intervalSeconds + ", max points " + maxPoints);
        }
        this.intervalSeconds = intervalSeconds;
        this.maxPoints = maxPoints;
    }

    /** An empty series (time series off, or a result built by hand). */
    public static TimeSeries none() {
        return new TimeSeries(1, 2);
    }

    /** Adds the next interval; merges pairs (and doubles the interval) when the series is full. */
    public void add(Point p) {
        if (!points.isEmpty() && p.endSeconds() < points.get(points.size() - 1).endSeconds()) {
            throw new IllegalArgumentException("points must come in time order");
        }
        points.add(p);
        if (points.size() > maxPoints) {
            List<Point> merged = new ArrayList<>(points.size() / 2 + 1);
            for (int i = 0; i + 1 < points.size(); i += 2) {
                merged.add(points.get(i).merge(points.get(i + 1)));
            }
            if (points.size() % 2 == 1) {
                merged.add(points.get(points.size() - 1));
            }
            points.clear();
            points.addAll(merged);
            intervalSeconds *= 2;
        }
    }

    /** The sampling interval now, seconds: the configured one, doubled at each merge. */
    public double intervalSeconds() {
        return intervalSeconds;
    }

    public List<Point> points() {
        return Collections.unmodifiableList(points);
    }

    /** Requests of {@code op} with {@code outcome} over every point: the run's total when sampled to the end. */
    public long total(OpKind op, Errno outcome) {
        return points.stream().mapToLong(p -> p.count(op, outcome)).sum();
    }
}
