package dev.mdevsim.report;

import dev.mdevsim.core.Warnings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mdevsim.core.DeviceCounts;
import dev.mdevsim.core.Errno;
import dev.mdevsim.load.OpKind;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TimeSeriesTest {

    /** Point i: i creates OK and one EEXIST, latency i..10i us, i active devices. */
    private static TimeSeries.Point point(int i) {
        return new TimeSeries.Point(i, 1, Map.of(OpKind.CREATE, Map.of(Errno.OK, (long) i, Errno.EEXIST, 1L)),
                Map.of(OpKind.CREATE, new TimeSeries.Latency(i + 1, i, 2L * i, 5L * i, 10L * i)),
                new DeviceCounts(0, i, 0), i, new Warnings(i % 2, i % 3 == 0 ? 1 : 0));
    }

    @Test
    void belowTheBound_pointsAreKeptAsAdded() {
        TimeSeries s = new TimeSeries(1, 10);
        for (int i = 1; i <= 10; i++) {
            s.add(point(i));
        }
        assertEquals(10, s.points().size());
        assertEquals(1.0, s.intervalSeconds());
        assertEquals(55, s.total(OpKind.CREATE, Errno.OK));
        assertEquals(7, s.points().get(6).count(OpKind.CREATE, Errno.OK));
    }

    @Test
    void overTheBound_pairsMerge_countsStayExact_intervalDoubles() {
        TimeSeries s = new TimeSeries(0.5, 4);
        for (int i = 1; i <= 5; i++) {
            s.add(point(i));
        }
        // 5 points > 4: (1,2), (3,4), 5
        assertEquals(3, s.points().size());
        assertEquals(1.0, s.intervalSeconds());
        TimeSeries.Point first = s.points().get(0);
        assertEquals(2.0, first.endSeconds());
        assertEquals(2.0, first.lengthSeconds());
        assertEquals(3, first.count(OpKind.CREATE, Errno.OK));
        assertEquals(2, first.count(OpKind.CREATE, Errno.EEXIST));
        assertEquals(new Warnings(1, 0), first.warnings(), "warnings add up: 1 + 0");
        assertEquals(new Warnings(1, 1), s.points().get(1).warnings(), "by kind: (1, 1) + (0, 0)");
        TimeSeries.Latency l = first.latency().get(OpKind.CREATE);
        assertEquals(5, l.count());
        assertEquals(20, l.max(), "max stays exact");
        assertEquals(10, l.p99(), "percentiles: the larger of the pair (an upper bound)");
        assertEquals(new DeviceCounts(0, 2, 0), first.devices(), "a gauge keeps the later value");
        assertEquals(2, first.inFlight());
        assertEquals(15, s.total(OpKind.CREATE, Errno.OK), "nothing is lost in merging");
        assertEquals(5, s.total(OpKind.CREATE, Errno.EEXIST));
    }

    @Test
    void manyPoints_neverMoreThanTheBound() {
        TimeSeries s = new TimeSeries(1, 100);
        long expected = 0;
        for (int i = 1; i <= 10_000; i++) {
            s.add(point(i));
            expected += i;
            assertTrue(s.points().size() <= 100);
        }
        assertEquals(expected, s.total(OpKind.CREATE, Errno.OK));
        assertEquals(10_000.0, s.points().get(s.points().size() - 1).endSeconds());
    }

    @Test
    void aMissingDeviceCount_doesNotHideAnEarlierOne() {
        TimeSeries.Point a = point(1);
        TimeSeries.Point b = new TimeSeries.Point(2, 1, Map.of(), Map.of(), null, 0, Warnings.NONE);
        TimeSeries s = new TimeSeries(1, 2);
        s.add(a);
        s.add(b);
        assertNull(s.points().get(1).devices());
        s.add(point(3));
        assertEquals(new DeviceCounts(0, 1, 0), s.points().get(0).devices());
    }

    @Test
    void pointsOutOfOrder_areRefused() {
        TimeSeries s = new TimeSeries(1, 10);
        s.add(point(2));
        assertThrows(IllegalArgumentException.class, () -> s.add(point(1)));
        assertThrows(IllegalArgumentException.class, () -> new TimeSeries(0, 10));
        assertThrows(IllegalArgumentException.class, () -> new TimeSeries(1, 1));
    }
}
