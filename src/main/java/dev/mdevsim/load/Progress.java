package dev.mdevsim.load;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * Progress of a run on stderr: elapsed time, requests done, the current rate, requests with an
 * errno and requests in flight. On a terminal one line is rewritten in place; otherwise (a CI log, a
 * file) a plain line is printed at each interval.
 */
public final class Progress implements AutoCloseable {

    private final PrintStream out;
    private final boolean terminal;
    private final Metrics metrics;
    private final IntSupplier inFlight;
    private final LongSupplier clock;
    private final long start;
    /** Null when the lines are shown by hand ({@link #show}). */
    private ScheduledExecutorService timer;
    private long lastDone;
    private long lastAt;
    private boolean printed;

    /** Progress shown by hand, at the times {@code clock} ({@link System#nanoTime()} units) says. */
    Progress(PrintStream out, boolean terminal, Metrics metrics, IntSupplier inFlight, LongSupplier clock) {
        this.out = out;
        this.terminal = terminal;
        this.metrics = metrics;
        this.inFlight = inFlight;
        this.clock = clock;
        this.start = clock.getAsLong();
        this.lastAt = start;
    }

    /** Starts showing progress, or returns null when the interval is zero. */
    public static Progress start(PrintStream out, Metrics metrics, IntSupplier inFlight, Duration interval) {
        if (interval.isZero()) {
            return null;
        }
        Progress p = new Progress(out, stderrIsTerminal(), metrics, inFlight, System::nanoTime);
        p.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mdevsim-progress");
            t.setDaemon(true);
            return t;
        });
        long ms = interval.toMillis();
        p.timer.scheduleAtFixedRate(p::show, ms, ms, TimeUnit.MILLISECONDS);
        return p;
    }

    /** Whether standard error is a terminal (Linux: /proc/self/fd/2 names a tty). */
    public static boolean stderrIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return System.console() != null;
        }
    }

    /** Shows the line of now: rewritten in place on a terminal, a new line otherwise. */
    synchronized void show() {
        long now = clock.getAsLong();
        long done = metrics.done();
        double rate = (done - lastDone) / ((now - lastAt) / 1e9);
        lastDone = done;
        lastAt = now;
        String line = String.format(Locale.ROOT, "%6.1fs  %,12d requests  %,10.0f/s  %,10d errno  %,7d in flight",
                (now - start) / 1e9, done, rate, metrics.notOk(), inFlight.getAsInt());
        if (terminal) {
            out.print("\r" + line);
        } else {
            out.println(line);
        }
        out.flush();
        printed = true;
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
        if (terminal && printed) {
            out.print("\r" + " ".repeat(80) + "\r");
            out.flush();
        }
    }
}
