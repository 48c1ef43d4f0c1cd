package dev.mdevsim.vendor;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How long a vendor op takes: a distribution sampled in nanoseconds. Every variant is validated at
 * construction; the scenario reader turns an {@link IllegalArgumentException} into an error that
 * names the key.
 */
public sealed interface Latency {

    /** The z-score of the 99th percentile of a standard normal distribution. */
    double Z_99 = 2.3263478740408408;

    /** One sample, in nanoseconds, never negative. */
    long sampleNanos(RandomGenerator random);

    /** The distribution's median, in nanoseconds. */
    long medianNanos();

    /** True when every sample is 0: the op completes synchronously, no timer involved. */
    default boolean isZero() {
        return false;
    }

    static Latency fixed(Duration d) {
        return new Fixed(nanos(d, "latency"));
    }

    /** Always the same value. */
    record Fixed(long nanos) implements Latency {
        public Fixed {
            requireNonNegative(nanos, "value");
        }

        @Override
        public long sampleNanos(RandomGenerator random) {
            return nanos;
        }

        @Override
        public long medianNanos() {
            return nanos;
        }

        @Override
        public boolean isZero() {
            return nanos == 0;
        }
    }

    /** Uniform on [min, max]. */
    record Uniform(long minNanos, long maxNanos) implements Latency {
        public Uniform {
            requireNonNegative(minNanos, "min");
            if (maxNanos < minNanos) {
                throw new IllegalArgumentException("max must be at least min");
            }
        }

        @Override
        public long sampleNanos(RandomGenerator random) {
            return minNanos == maxNanos ? minNanos : random.nextLong(minNanos, maxNanos + 1);
        }

        @Override
        public long medianNanos() {
            return minNanos + (maxNanos - minNanos) / 2;
        }

        @Override
        public boolean isZero() {
            return maxNanos == 0;
        }
    }

    /** Exponential with the given mean (median = mean × ln 2). */
    record Exponential(long meanNanos) implements Latency {
        public Exponential {
            requireNonNegative(meanNanos, "mean");
        }

        @Override
        public long sampleNanos(RandomGenerator random) {
            return Math.round(meanNanos * random.nextExponential());
        }

        @Override
        public long medianNanos() {
            return Math.round(meanNanos * Math.log(2));
        }

        @Override
        public boolean isZero() {
            return meanNanos == 0;
        }
    }

    /**
     * Log-normal, given by its median and 99th percentile, the two figures people know of a slow
     * driver: {@code mu = ln(median)}, {@code sigma = ln(p99 / median) / z99}.
     */
    record LogNormal(long medianNanos, long p99Nanos) implements Latency {
        public LogNormal {
            if (medianNanos <= 0) {
                throw new IllegalArgumentException("median must be positive");
            }
            if (p99Nanos < medianNanos) {
                throw new IllegalArgumentException("p99 must be at least the median");
            }
        }

        public double sigma() {
            return Math.log((double) p99Nanos / medianNanos) / Z_99;
        }

        @Override
        public long sampleNanos(RandomGenerator random) {
            return Math.round(medianNanos * Math.exp(sigma() * random.nextGaussian()));
        }
    }

    private static void requireNonNegative(long nanos, String what) {
        if (nanos < 0) {
            throw new IllegalArgumentException(what + " must not be negative");
        }
    }

    private static long nanos(Duration d, String what) {
        if (d.isNegative()) {
            throw new IllegalArgumentException(what + " must not be negative");
        }
        return d.toNanos();
    }
}
