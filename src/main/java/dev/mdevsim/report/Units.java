package dev.mdevsim.report;

import java.util.Locale;

/** How reports print numbers. */
public final class Units {

    private Units() {
    }

    /** 850us, 2.31ms, 1.20s. */
    public static String micros(long us) {
        if (us < 1_000) {
            return us + "us";
        }
        if (us < 1_000_000) {
            return String.format(Locale.ROOT, "%.2fms", us / 1e3);
        }
        return String.format(Locale.ROOT, "%.2fs", us / 1e6);
    }

    /** 1234567 → 1,234,567. */
    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** Ops per second with one decimal. */
    public static String rate(double r) {
        return String.format(Locale.ROOT, "%,.1f", r);
    }
}
