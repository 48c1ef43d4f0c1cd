package dev.mdevsim.history;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.mdevsim.core.Errno;
import dev.mdevsim.load.RequestListener;
import dev.mdevsim.load.Step;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Records a run's history as the JSON Lines of DESIGN.md ("History files"): one call and one return
 * event per request, and per scheduled fault ({@code "f": "unregister-parent"} or
 * {@code "register-parent"}, {@code "client": -1}).
 *
 * <p>Design notes. Events come from the load generator and from the threads that complete requests
 * (dispatcher threads), so recording must never block: they go into a bounded queue with a
 * non-blocking {@code offer}; one writer thread formats and writes them, and flushes whenever the
 * queue is empty, so a run killed with SIGKILL leaves every line up to the last flush (a torn last
 * line at worst, which the checker ignores). An event that finds the queue full is dropped and
 * counted: the history is then incomplete, and the run's report says so instead of judging it.
 * Timestamps are {@link System#nanoTime()} relative to the run's start: monotonic.
 */
public final class HistoryWriter implements RequestListener, AutoCloseable {

    /** Queue capacity: several seconds of a busy run's events. */
    static final int CAPACITY = 1 << 20;

    private record Event(long op, int client, boolean call, String f, String uuid, String parent, String type,
                         Errno result, long tNanos) {
    }

    private final ArrayBlockingQueue<Event> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong faultIds = new AtomicLong();
    private final long t0;
    private final boolean viaSysfs;
    private final Thread writer;
    private final OutputStream out;
    private volatile boolean closing;
    private volatile IOException failure;

    /** Opens (truncates) {@code file} and starts the writer thread; times are relative to {@code t0}. */
    public HistoryWriter(Path file, long t0) throws IOException {
        this(file, t0, false);
    }

    /** ... marking every create and remove call {@code "via":"sysfs"} when {@code viaSysfs} ({@code load.interface = sysfs}). */
    public HistoryWriter(Path file, long t0, boolean viaSysfs) throws IOException {
        this.t0 = t0;
        this.viaSysfs = viaSysfs;
        this.out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
        this.writer = new Thread(this::drain, "mdevsim-history-writer");
        writer.setDaemon(true);
        writer.start();
    }

    @Override
    public void call(long id, int client, Step.Request r, long nanos) {
        offer(new Event(id, client, true, r.create() ? "create" : "remove", r.uuid(), r.create() ? r.parent() : null,
                r.create() ? r.type() : null, null, nanos - t0));
    }

    @Override
    public void returned(long id, int client, Errno outcome, long nanos) {
        offer(new Event(id, client, false, null, null, null, null, outcome, nanos - t0));
    }

    /** A scheduled fault starts: its event id (negative, apart from requests). */
    @Override
    public long faultCall(String f, String parent, long nanos) {
        long id = -faultIds.incrementAndGet();
        offer(new Event(id, -1, true, f, null, parent, null, null, nanos - t0));
        return id;
    }

    @Override
    public void faultReturned(long id, Errno outcome, long nanos) {
        offer(new Event(id, -1, false, null, null, null, null, outcome, nanos - t0));
    }

    /** Events that found the queue full: if any, the history is incomplete. */
    public long dropped() {
        return dropped.get();
    }

    public long written() {
        return written.get();
    }

    private void offer(Event e) {
        if (!queue.offer(e)) {
            dropped.incrementAndGet();
        }
    }

    private void drain() {
        JsonFactory factory = new JsonFactory();
        List<Event> batch = new ArrayList<>(4096);
        try {
            while (true) {
                Event first = queue.poll(5, TimeUnit.MILLISECONDS);
                if (first == null) {
                    out.flush(); // idle: everything so far survives a SIGKILL
                    if (closing && queue.isEmpty()) {
                        return;
                    }
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, 4095);
                for (Event e : batch) {
                    write(factory, e);
                }
                written.addAndGet(batch.size());
                batch.clear();
                if (queue.isEmpty()) {
                    out.flush();
                }
            }
        } catch (IOException e) {
            failure = e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void write(JsonFactory factory, Event e) throws IOException {
        JsonGenerator g = factory.createGenerator(out);
        g.writeStartObject();
        g.writeNumberField("op", e.op());
        g.writeNumberField("client", e.client());
        if (e.call()) {
            g.writeStringField("ev", "call");
            g.writeStringField("f", e.f());
            if (e.uuid() != null) {
                g.writeStringField("uuid", e.uuid());
            }
            if (e.parent() != null) {
                g.writeStringField("parent", e.parent());
            }
            if (e.type() != null) {
                g.writeStringField("type", e.type());
            }
            if (viaSysfs && e.op() >= 0) {
                g.writeStringField("via", "sysfs");
            }
        } else {
            g.writeStringField("ev", "return");
            g.writeStringField("result", e.result().name());
        }
        g.writeNumberField("t_ns", e.tNanos());
        g.writeEndObject();
        g.flush(); // into the buffered stream, not to disk
        out.write('\n');
    }

    /** Writes what is queued, flushes and closes the file. */
    @Override
    public void close() throws IOException {
        closing = true;
        try {
            writer.join(TimeUnit.MINUTES.toMillis(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        out.close();
        if (failure != null) {
            throw failure;
        }
    }
}
