package dev.mdevsim.sysfs;

import dev.mdevsim.core.Errno;
import java.nio.charset.StandardCharsets;

/**
 * What the kernel's sysfs store handlers do with the bytes written to {@code create} and
 * {@code remove} before they call the mdev core: plain rules, unit-tested on their own.
 */
final class StoreHandlers {

    /** {@code UUID_STRING_LEN}: 36 characters, {@code 8-4-4-4-12}. */
    static final int UUID_STRING_LEN = 36;

    private StoreHandlers() {
    }

    /**
     * The text {@code create_store} parses, or null when its length check fails (EINVAL, S1): 36 or 37
     * bytes, of which {@code guid_parse} reads the first 36, so any 37th byte is accepted (the newline
     * {@code echo} adds, or anything else). Whether those 36 are a UUID is the caller's check (EINVAL).
     */
    static String createArgument(byte[] buf) {
        if (buf.length < UUID_STRING_LEN || buf.length > UUID_STRING_LEN + 1) {
            return null;
        }
        return new String(buf, 0, UUID_STRING_LEN, StandardCharsets.ISO_8859_1);
    }

    /** What {@code remove_store} makes of a write: remove, do nothing ({@code 0}), or an errno. */
    sealed interface RemoveArgument {
    }

    /** A non-zero number: remove the mdev. */
    record Remove() implements RemoveArgument {
    }

    /** {@code 0}: the write succeeds and nothing happens. */
    record Nothing() implements RemoveArgument {
    }

    /** Not a number, or too big for an unsigned long: EINVAL ({@code remove_store} answers every kstrtoul error so, S4). */
    record Refused(Errno errno) implements RemoveArgument {
    }

    /** {@code remove_store}: {@code kstrtoul(buf, 0, &val)}, then remove if {@code val != 0}. */
    static RemoveArgument removeArgument(byte[] buf) {
        Errno bad = null;
        long value = 0;
        try {
            value = kstrtoul(buf);
        } catch (ParseError e) {
            bad = e.errno;
        }
        if (bad != null) {
            return new Refused(Errno.EINVAL); // if (kstrtoul(buf, 0, &val) < 0) return -EINVAL;
        }
        return value == 0 ? new Nothing() : new Remove();
    }

    /**
     * The kernel's {@code kstrtoul(s, 0, &res)} on a sysfs buffer (which ends at its first NUL): an
     * optional {@code +}; {@code 0x} and a hex digit select hex, a leading {@code 0} octal, else
     * decimal; at least one digit; one trailing newline; nothing else. Overflow of 64 bits is
     * ERANGE; anything else malformed is EINVAL. Returns the value as an unsigned 64-bit long.
     */
    static long kstrtoul(byte[] buf) throws ParseError {
        int end = 0;
        while (end < buf.length && buf[end] != 0) {
            end++;
        }
        int i = 0;
        if (i < end && buf[i] == '+') {
            i++;
        }
        int base = 10;
        if (i < end && buf[i] == '0') {
            if (i + 2 < end && (buf[i + 1] | 0x20) == 'x' && Character.digit(buf[i + 2], 16) >= 0) {
                base = 16;
                i += 2;
            } else {
                base = 8;
            }
        }
        long value = 0;
        int digits = 0;
        boolean overflow = false;
        for (; i < end; i++, digits++) {
            int d = Character.digit(buf[i], 16);
            if (d < 0 || d >= base) {
                break;
            }
            if (Long.compareUnsigned(value, Long.divideUnsigned(-1L - d, base)) > 0) {
                overflow = true;
            }
            value = value * base + d;
        }
        if (overflow) {
            throw new ParseError(Errno.ERANGE);
        }
        if (digits == 0) {
            throw new ParseError(Errno.EINVAL);
        }
        if (i < end && buf[i] == '\n') {
            i++;
        }
        if (i != end) {
            throw new ParseError(Errno.EINVAL);
        }
        return value;
    }

    /** A write {@code kstrtoul} rejects. */
    static final class ParseError extends Exception {
        final Errno errno;

        ParseError(Errno errno) {
            super(errno.name(), null, false, false);
            this.errno = errno;
        }
    }
}
