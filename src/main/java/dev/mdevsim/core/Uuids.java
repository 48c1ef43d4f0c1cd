package dev.mdevsim.core;

import java.util.UUID;

/**
 * Strict parsing of mdev UUIDs as the kernel's {@code create} store handler takes them (C1, R1).
 *
 * <p>Accepted: exactly 36 characters {@code 8-4-4-4-12}, hex digits in either case, hyphens at
 * offsets 8, 13, 18 and 23, optionally followed by one newline (what {@code echo} writes). Anything
 * else is EINVAL. Upper and lower case spell the same UUID; {@link UUID#toString()} gives the
 * canonical lower-case form. {@link UUID#fromString(String)} is not used because it accepts shapes
 * the kernel rejects ({@code 1-2-3-4-5}).
 */
public final class Uuids {

    /** Length of the canonical text form. */
    public static final int LENGTH = 36;

    private Uuids() {
    }

    /** The parsed UUID, or {@code null} when the text is malformed. Never throws. */
    public static UUID parseOrNull(CharSequence text) {
        if (text == null) {
            return null;
        }
        int n = text.length();
        if (n == LENGTH + 1 && text.charAt(LENGTH) == '\n') {
            n = LENGTH;
        }
        if (n != LENGTH) {
            return null;
        }
        long msb = 0;
        long lsb = 0;
        for (int i = 0; i < LENGTH; i++) {
            char c = text.charAt(i);
            if (i == 8 || i == 13 || i == 18 || i == 23) {
                if (c != '-') {
                    return null;
                }
                continue;
            }
            int digit = Character.digit(c, 16);
            if (digit < 0 || c > 'f') { // Character.digit accepts full-width digits; the kernel does not
                return null;
            }
            if (i < 19) {
                msb = (msb << 4) | digit;
            } else {
                lsb = (lsb << 4) | digit;
            }
        }
        return new UUID(msb, lsb);
    }

    /** True when {@link #parseOrNull} would accept the text. */
    public static boolean isValid(CharSequence text) {
        return parseOrNull(text) != null;
    }
}
