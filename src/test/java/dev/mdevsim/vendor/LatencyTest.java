package dev.mdevsim.vendor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A seeded sample of each distribution has the configured median and bounds. */
class LatencyTest {

    static final int N = 200_001;
    static final long MS = 1_000_000;

    static long[] sample(Latency l) {
        SplittableRandom r = new SplittableRandom(7);
        long[] s = new long[N];
        for (int i = 0; i < N; i++) {
            s[i] = l.sampleNanos(r);
        }
        Arrays.sort(s);
        return s;
    }

    static long quantile(long[] sorted, double q) {
        return sorted[(int) Math.round(q * (sorted.length - 1))];
    }

    @Test
    void fixed_alwaysTheValue() {
        long[] s = sample(Latency.fixed(Duration.ofMillis(3)));
        assertEquals(3 * MS, s[0]);
        assertEquals(3 * MS, s[N - 1]);
        assertEquals(3 * MS, new Latency.Fixed(3 * MS).medianNanos());
    }

    @Test
    void uniform_withinBoundsMedianInTheMiddle() {
        Latency l = new Latency.Uniform(MS, 3 * MS);
        long[] s = sample(l);
        assertTrue(s[0] >= MS, "min " + s[0]);
        assertTrue(s[N - 1] <= 3 * MS, "max " + s[N - 1]);
        assertEquals(2 * MS, quantile(s, 0.5), 0.01 * MS);
        assertEquals(2 * MS, l.medianNanos());
        assertTrue(s[N - 1] > 2.99 * MS && s[0] < 1.01 * MS, "the whole range is used");
    }

    @Test
    void exponential_meanAndMedian() {
        Latency l = new Latency.Exponential(MS);
        long[] s = sample(l);
        assertTrue(s[0] >= 0);
        double mean = Arrays.stream(s).average().orElseThrow();
        assertEquals(MS, mean, 0.01 * MS);
        assertEquals(MS * Math.log(2), quantile(s, 0.5), 0.01 * MS);
        assertEquals(Math.round(MS * Math.log(2)), l.medianNanos());
    }

    @Test
    void lognormal_medianAndP99() {
        Latency l = new Latency.LogNormal(MS, 10 * MS);
        long[] s = sample(l);
        assertTrue(s[0] > 0);
        assertEquals(MS, quantile(s, 0.5), 0.02 * MS);
        assertEquals(10 * MS, quantile(s, 0.99), 0.05 * 10 * MS);
    }

    @Test
    void lognormal_p99EqualsMedian_isFixed() {
        long[] s = sample(new Latency.LogNormal(MS, MS));
        assertEquals(MS, s[0]);
        assertEquals(MS, s[N - 1]);
    }

    @Test
    void sameSeed_sameSamples() {
        Latency l = new Latency.LogNormal(MS, 5 * MS);
        assertEquals(Arrays.toString(sample(l)), Arrays.toString(sample(l)));
    }

    @Test
    void invalidParameters_rejected() {
        assertThrows(IllegalArgumentException.class, () -> new Latency.Fixed(-1));
        assertThrows(IllegalArgumentException.class, () -> new Latency.Uniform(2, 1));
        assertThrows(IllegalArgumentException.class, () -> new Latency.Uniform(-1, 1));
        assertThrows(IllegalArgumentException.class, () -> new Latency.Exponential(-1));
        assertThrows(IllegalArgumentException.class, () -> new Latency.LogNormal(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new Latency.LogNormal(2, 1));
    }

    @Test
    void isZero_onlyForZeroLatencies() {
        assertTrue(new Latency.Fixed(0).isZero());
        assertTrue(new Latency.Uniform(0, 0).isZero());
        assertTrue(!new Latency.Uniform(0, 1).isZero());
        assertTrue(!new Latency.LogNormal(1, 1).isZero());
    }
}
