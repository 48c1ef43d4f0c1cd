package dev.mdevsim.core;

import java.util.EnumMap;
import java.util.Map;

/** Warnings counted by kind. Immutable. */
public record Warnings(long duplicateLink, long removeFailed) {

    public static final Warnings NONE = new Warnings(0, 0);

    /** The count of one kind. */
    public long get(Warning kind) {
        return switch (kind) {
            case DUPLICATE_LINK -> duplicateLink;
            case REMOVE_FAILED -> removeFailed;
        };
    }

    /** Every kind together. */
    public long total() {
        return duplicateLink + removeFailed;
    }

    public Warnings plus(Warnings o) {
        return new Warnings(duplicateLink + o.duplicateLink, removeFailed + o.removeFailed);
    }

    public Warnings minus(Warnings o) {
        return new Warnings(duplicateLink - o.duplicateLink, removeFailed - o.removeFailed);
    }

    /** Kind → count, in declaration order. */
    public Map<Warning, Long> byKind() {
        Map<Warning, Long> out = new EnumMap<>(Warning.class);
        for (Warning w : Warning.values()) {
            out.put(w, get(w));
        }
        return out;
    }
}
