package dev.mdevsim.core;

import java.util.Locale;
import java.util.Optional;

/**
 * The lifecycle of one mdev: {@code absent → creating → active → removing → absent}.
 * {@link #CREATING} and {@link #REMOVING} are the transitional states in which the seed model answers
 * a remove with EAGAIN (R5, R6).
 */
public enum DeviceState {
    ABSENT, CREATING, ACTIVE, REMOVING;

    /** True for the states a remove may not interrupt. */
    public boolean isTransitional() {
        return this == CREATING || this == REMOVING;
    }

    /** The lower-case name used in scripts and reports. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a state as written in scripts ({@code active}), case-insensitive. */
    public static Optional<DeviceState> parse(String text) {
        for (DeviceState s : values()) {
            if (s.name().equalsIgnoreCase(text)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
