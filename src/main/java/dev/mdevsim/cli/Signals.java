package dev.mdevsim.cli;

import dev.mdevsim.load.Interruption;
import dev.mdevsim.load.Progress;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C (SIGINT) and SIGTERM while {@code run} or {@code compare} runs: the first asks the run to
 * stop ({@link Interruption}), so that it reports what it did and exits 128 + the signal's number
 * (130, 143); a second one exits at once, with that status and no report.
 *
 * <p>Design note: a JVM shutdown hook (as {@code serve} uses) cannot tell SIGINT from SIGTERM, and a
 * second signal during shutdown waits for the hooks instead of ending the process. So for the length
 * of a run this replaces the JVM's own handlers through {@code sun.misc.Signal} (module
 * {@code jdk.unsupported}, in every JDK since 9), and {@link #close} puts them back. A signal the
 * process was started with ignored (a background job of a shell without job control) stays ignored.
 */
final class Signals implements AutoCloseable {

    private static final List<String> NAMES = List.of("INT", "TERM");

    private final Interruption interruption;
    private final PrintStream err;
    private final List<Signal> signals = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();
    private int received;

    private Signals(Interruption interruption, PrintStream err) {
        this.interruption = interruption;
        this.err = err;
    }

    /** Until {@link #close}, SIGINT and SIGTERM interrupt {@code interruption}. */
    static Signals stopOn(Interruption interruption, PrintStream err) {
        Signals s = new Signals(interruption, err);
        for (String name : NAMES) {
            Signal signal = new Signal(name);
            try {
                s.previous.add(Signal.handle(signal, s::handle));
                s.signals.add(signal);
            } catch (IllegalArgumentException reserved) {
                // the JVM keeps this one (-Xrs): it ends the process as usual
            }
        }
        return s;
    }

    private void handle(Signal signal) {
        String name = "SIG" + signal.getName();
        boolean first;
        synchronized (this) {
            first = received == 0;
            if (first) {
                received = signal.getNumber();
            }
        }
        String lineStart = Progress.stderrIsTerminal() ? "\n" : ""; // past a progress line rewritten in place
        if (!first || !interruption.interrupt(name)) {
            err.println(lineStart + "mdevsim: " + name + " again: exiting at once, without a report");
            err.flush();
            Runtime.getRuntime().halt(128 + signal.getNumber());
        }
        err.println(lineStart + "mdevsim: " + name + ": stopping the load; the report of the partial run follows once "
                + "the requests in flight are answered (" + (signal.getName().equals("INT") ? "Ctrl-C" : name)
                + " again exits at once)");
        err.flush();
    }

    /** 128 + the number of the first signal received, if one was. */
    synchronized OptionalInt exitStatus() {
        return received == 0 ? OptionalInt.empty() : OptionalInt.of(128 + received);
    }

    /** Puts the previous handlers back. */
    @Override
    public void close() {
        for (int i = 0; i < signals.size(); i++) {
            Signal.handle(signals.get(i), previous.get(i));
        }
    }
}
