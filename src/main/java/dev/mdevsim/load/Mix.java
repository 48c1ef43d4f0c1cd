package dev.mdevsim.load;

import dev.mdevsim.config.ConfigReader;
import java.util.List;
import java.util.random.RandomGenerator;

/** Relative weights of the steps of a workload ({@code mdevsim.load.mix}). */
public record Mix(int create, int remove, int earlyRemove, int duplicateCreate, int invalid) {

    public static final List<String> KEYS = List.of("create", "remove", "early-remove", "duplicate-create", "invalid");

    public Mix {
        if (create < 0 || remove < 0 || earlyRemove < 0 || duplicateCreate < 0 || invalid < 0) {
            throw new IllegalArgumentException("weights must not be negative");
        }
        if (total(create, remove, earlyRemove, duplicateCreate, invalid) == 0) {
            throw new IllegalArgumentException("at least one weight must be positive");
        }
    }

    static Mix read(ConfigReader mix) {
        mix.requireKnownKeys(KEYS);
        int[] w = new int[KEYS.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = (int) mix.integer(KEYS.get(i), 0, 1_000_000);
        }
        if (total(w) == 0) {
            throw mix.error("create", "at least one weight of the mix must be positive");
        }
        return new Mix(w[0], w[1], w[2], w[3], w[4]);
    }

    /** The step kind drawn with one number from {@code random}. */
    public OpKind draw(RandomGenerator random) {
        int x = random.nextInt(total(create, remove, earlyRemove, duplicateCreate, invalid));
        if ((x -= create) < 0) {
            return OpKind.CREATE;
        }
        if ((x -= remove) < 0) {
            return OpKind.REMOVE;
        }
        if ((x -= earlyRemove) < 0) {
            return OpKind.EARLY_REMOVE;
        }
        return x - duplicateCreate < 0 ? OpKind.DUPLICATE_CREATE : OpKind.INVALID;
    }

    @Override
    public String toString() {
        return "create " + create + ", remove " + remove + ", early-remove " + earlyRemove
                + ", duplicate-create " + duplicateCreate + ", invalid " + invalid;
    }

    private static int total(int... w) {
        int t = 0;
        for (int x : w) {
            t += x;
        }
        return t;
    }
}
