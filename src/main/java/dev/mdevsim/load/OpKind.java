package dev.mdevsim.load;

import java.util.Arrays;
import java.util.Optional;

/** The operations of a workload, as reports and assertions name them. */
public enum OpKind {
    /** Create a fresh UUID on a random parent and type. */
    CREATE("create"),
    /** Remove one of the client's own mdevs. */
    REMOVE("remove"),
    /** Remove a UUID whose create is still in flight (counted apart from the create it follows). */
    EARLY_REMOVE("early-remove"),
    /** Create one of the client's live UUIDs again, on another parent. */
    DUPLICATE_CREATE("duplicate-create"),
    /** A malformed UUID or an unknown parent. */
    INVALID("invalid");

    private final String label;

    OpKind(String label) {
        this.label = label;
    }

    /** The name used in config, reports and assertions. */
    public String label() {
        return label;
    }

    public static Optional<OpKind> parse(String label) {
        return Arrays.stream(values()).filter(o -> o.label.equals(label)).findFirst();
    }

    @Override
    public String toString() {
        return label;
    }
}
