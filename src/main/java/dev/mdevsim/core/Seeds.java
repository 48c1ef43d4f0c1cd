package dev.mdevsim.core;

/**
 * Derives independent random streams from one seed. {@code SplittableRandom} advances its state by
 * a fixed gamma, so seeds that differ by multiples of it (as {@code seed ^ gamma * i} can) give
 * shifted copies of one stream; every per-client and per-parent generator is seeded through
 * {@link #stream} instead, which scrambles the seed and the stream number with MurmurHash3's
 * 64-bit finaliser.
 */
public final class Seeds {

    private Seeds() {
    }

    /** The seed of stream {@code n} of {@code seed}. */
    public static long stream(long seed, long n) {
        return mix(seed ^ mix(n * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L));
    }

    /** MurmurHash3's fmix64. */
    static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return z ^ (z >>> 33);
    }
}
