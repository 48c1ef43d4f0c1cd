package dev.mdevsim.core;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The kinds of kernel warning a simulated host counts, by the names reports and scripts use
 * ({@code warnings.duplicate_link} in JSON, {@code expect warnings remove_failed 1}).
 */
public enum Warning {
    /** Legacy: a create reached the bus link of a UUID another parent links (the kernel's WARN; C4, C6, C8). */
    DUPLICATE_LINK("duplicate_link"),
    /** linux-5.2: a vendor remove op failed; "Remove failed: err=E" was logged and the mdev removed anyway (R4). */
    REMOVE_FAILED("remove_failed");

    private final String key;

    Warning(String key) {
        this.key = key;
    }

    /** The name in reports and scripts. */
    public String key() {
        return key;
    }

    public static Optional<Warning> parse(String key) {
        return Arrays.stream(values()).filter(w -> w.key.equalsIgnoreCase(key)).findFirst();
    }

    /** "duplicate_link, remove_failed". */
    public static String keys() {
        return Arrays.stream(values()).map(Warning::key).collect(Collectors.joining(", "));
    }
}
