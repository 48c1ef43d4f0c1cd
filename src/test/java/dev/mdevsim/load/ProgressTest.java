package dev.mdevsim.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mdevsim.core.Errno;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The progress line, shown by hand at times the test sets: what it says, and how it is printed. */
class ProgressTest {

    static final long SECOND = 1_000_000_000L;

    final AtomicLong now = new AtomicLong(5 * SECOND);
    final Metrics metrics = new Metrics();
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    Progress progress(boolean terminal) {
        return new Progress(new PrintStream(bytes, true, StandardCharsets.UTF_8), terminal, metrics, () -> 3, now::get);
    }

    void finish(int ok, int eagain) {
        for (int i = 0; i < ok; i++) {
            metrics.record(OpKind.CREATE, Errno.OK, 1_000);
        }
        for (int i = 0; i < eagain; i++) {
            metrics.record(OpKind.EARLY_REMOVE, Errno.EAGAIN, 1_000);
        }
    }

    String shown() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void notATerminal_onePlainLinePerInterval_withElapsedDoneRateErrnosInFlight() {
        try (Progress p = progress(false)) {
            finish(10, 2);
            now.addAndGet(SECOND);
            p.show();
            finish(30, 0);
            now.addAndGet(SECOND / 2);
            p.show();
        }
        List<String> lines = shown().lines().toList();
        assertEquals(2, lines.size(), shown());
        assertTrue(lines.get(0).matches(" +1\\.0s +12 requests +12/s +2 errno +3 in flight"), lines.get(0));
        assertTrue(lines.get(1).matches(" +1\\.5s +42 requests +60/s +2 errno +3 in flight"),
                "the rate is of the last interval (30 in 0.5 s): " + lines.get(1));
        assertFalse(shown().contains("\r"), "no carriage returns outside a terminal");
    }

    @Test
    void terminal_oneLineRewrittenInPlace_clearedAtTheEnd() {
        try (Progress p = progress(true)) {
            finish(1_234, 0);
            now.addAndGet(2 * SECOND);
            p.show();
            now.addAndGet(SECOND);
            p.show();
        }
        String out = shown();
        assertFalse(out.contains("\n"), "one line, rewritten: " + out);
        String[] shows = out.split("\r", -1);
        assertEquals(5, shows.length, "two lines, each after a carriage return, then the clearing: " + out);
        assertTrue(shows[1].matches(" +2\\.0s +1,234 requests +617/s +0 errno +3 in flight"), shows[1]);
        assertTrue(shows[2].matches(" +3\\.0s +1,234 requests +0/s +0 errno +3 in flight"), shows[2]);
        assertEquals(" ".repeat(80), shows[3], "the line is blanked when the run ends");
        assertEquals("", shows[4], "and the cursor left at its start");
    }

    @Test
    void terminal_nothingShown_nothingCleared() {
        progress(true).close();
        assertEquals("", shown());
    }
}
