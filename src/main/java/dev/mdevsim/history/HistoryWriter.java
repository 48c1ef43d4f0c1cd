package dev.mdevsim.history;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.mdevsim.core.Errno;
import dev.mdevsim.load.RequestListener;
import dev.mdevsim.load.Step;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Records a run's history as the JSON Lines of DESIGN.md ("History files"): one call and one return
 * event per request, and per scheduled fault ({@code "f": "unregister-parent"} or
 * {@code "register-parent"}, {@code "client": -1}). Complete at full speed, bounded in memory.
 *
 * <p>Design notes.
 * <ul>
 *   <li>Events come from the load generator (calls) and from the actor threads that complete requests
 *       (returns). Each is a fixed record of longs written into one ring ({@value #CAPACITY} events,
 *       {@value #CAPACITY_MB} MB), claimed with one atomic increment and published with a per-slot
 *       sequence: no allocation, no lock. One writer thread takes them in claim order (so a call, which
 *       is claimed before its request is sent, always precedes its return), formats JSON by hand into a
 *       large buffer and writes it in blocks of up to 1 MB, at least every 5 ms while events come, so a
 *       run killed with SIGKILL leaves every line up to the last write (a torn last line at worst,
 *       which the reader ignores).</li>
 *   <li>Nothing is dropped and no actor waits: a request's call and return are admitted together
 *       ({@link #admit}) before it is sent, taking two credits of the ring's capacity, which the writer
 *       gives back as it writes. When none are left, the <em>load generator</em> waits (the stage
 *       completes when the writer has caught up); a return never waits, its credit was taken with its
 *       call.</li>
 *   <li>If the file cannot be written (a full disk), the writer keeps consuming, counts the events it
 *       lost and the UUIDs they concern, and at the end appends a marker line
 *       {@code {"ev":"lost","events":N,"uuids":[...]}} where it can; {@code check-history} then reports
 *       those UUIDs as undecided, never the file as malformed.</li>
 *   <li>Timestamps are {@link System#nanoTime()} relative to the run's start: monotonic.</li>
 * </ul>
 */
public final class HistoryWriter implements RequestListener, AutoCloseable {

    private static final int SLOT = 8;
    /** Events the ring holds. */
    static final int CAPACITY = 1 << 17;
    static final int CAPACITY_MB = CAPACITY * SLOT * 8 >> 20;
    /** When events trickle in, what is formatted is written at least this often (a killed run loses no more). */
    private static final long WRITE_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    /**
     * How long the writer sleeps when it finds nothing to write. Not shorter: on 2 cores an extra
     * thread waking every 100 µs halved a run's throughput (measured: 25,000 against 76,000 ops/s on
     * conf/contention.conf), while the ring holds half a second of that run's events.
     */
    private static final long PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    /** The longest string literal (a parent or type name) a line holds; longer ones are cut. */
    private static final int MAX_LITERAL = 1024;
    /** At most this many UUIDs are named in a lost-events marker; beyond, it says {@code "all"}. */
    static final int LOST_UUIDS = 4096;

    private static final int CALL_CREATE = 1;
    private static final int CALL_REMOVE = 2;
    private static final int RETURN = 3;
    private static final int FAULT_UNREGISTER = 4;
    private static final int FAULT_REGISTER = 5;
    private static final Errno[] ERRNOS = Errno.values();

    private final long[] ring = new long[CAPACITY * SLOT];
    /**
     * The last long of each slot is its sequence (claim + 1 once the slot is written), set with release
     * and read with acquire semantics: the writer finds a slot's data and its publication in the same
     * place, instead of in a second array whose cache lines every producer would share.
     */
    private static final VarHandle SEQUENCE = MethodHandles.arrayElementVarHandle(long[].class);
    private final AtomicLong tail = new AtomicLong();
    private final AtomicLong credits = new AtomicLong(CAPACITY);
    private final ConcurrentLinkedQueue<Waiter> waiters = new ConcurrentLinkedQueue<>();
    private final AtomicLong waits = new AtomicLong();
    private final AtomicLong faultIds = new AtomicLong();
    /** Strings (parents, types, malformed UUIDs) by id, as JSON string literals. */
    private final ConcurrentHashMap<String, Integer> ids = new ConcurrentHashMap<>();
    private final List<byte[]> literals = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final long t0;
    private final boolean viaSysfs;
    private final OutputStream out;
    private final Thread writer;
    private volatile boolean closing;
    /** Every event before this one is written (or lost) and its credit handed back. */
    private volatile long handedBack;
    private volatile IOException failure;
    private long written;
    private long lost;
    private final Set<UUID> lostUuids = new LinkedHashSet<>();
    private boolean lostAll;

    private record Waiter(int events, CompletableFuture<Void> admitted) {
    }

    /** How many events the ring holds. */
    public static int capacity() {
        return CAPACITY;
    }

    /** Opens (truncates) {@code file} and starts the writer thread; times are relative to {@code t0}. */
    public HistoryWriter(Path file, long t0) throws IOException {
        this(file, t0, false);
    }

    /** ... marking every create and remove call {@code "via":"sysfs"} when {@code viaSysfs} ({@code load.interface = sysfs}). */
    public HistoryWriter(Path file, long t0, boolean viaSysfs) throws IOException {
        this(Files.newOutputStream(file), t0, viaSysfs);
    }

    /** Writes to {@code out} (tests give a stream that fails, as a full disk would). */
    HistoryWriter(OutputStream out, long t0, boolean viaSysfs) {
        this.out = out;
        this.t0 = t0;
        this.viaSysfs = viaSysfs;
        this.writer = new Thread(this::drain, "mdevsim-history-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /**
     * Room for {@code events} more events (a step's calls and their returns): a completed stage when
     * there is room now, else one that completes once the writer has caught up. Every event recorded
     * must have been admitted.
     */
    public CompletionStage<Void> admit(int events) {
        if (tryAdmit(events)) {
            return CompletableFuture.completedFuture(null);
        }
        waits.incrementAndGet();
        Waiter w = new Waiter(events, new CompletableFuture<>());
        waiters.add(w);
        if (tryAdmit(events)) { // the writer may have caught up before it saw the waiter
            if (waiters.remove(w)) {
                w.admitted.complete(null);
            } else {
                credits.addAndGet(events); // the writer admitted it meanwhile: give these back
            }
        }
        return w.admitted;
    }

    /**
     * For a deterministic run, whose one thread must not depend on the writer's speed: room for
     * {@code events}, waiting (blocking) for the writer to write what is recorded. The answer depends
     * only on what was recorded and admitted: false when everything recorded is written and there is
     * still no room (more requests in flight than the ring holds).
     */
    public boolean admitWhenWritten(int events) {
        while (!tryAdmit(events)) {
            if (handedBack == tail.get()) {
                return tryAdmit(events);
            }
            LockSupport.unpark(writer);
            LockSupport.parkNanos(20_000);
        }
        return true;
    }

    /** Takes room for {@code events} if there is some now. */
    public boolean tryAdmit(int events) {
        while (true) {
            long c = credits.get();
            if (c < events) {
                return false;
            }
            if (credits.compareAndSet(c, c - events)) {
                return true;
            }
        }
    }

    /** Gives back room admitted but not used (a step that sent fewer requests than it asked room for). */
    public void release(int events) {
        credits.addAndGet(events);
    }

    /** How many times the load generator had to wait for the writer. */
    public long waits() {
        return waits.get();
    }

    @Override
    public void call(long id, int client, Step.Request r, long nanos) {
        UUID u = r.value();
        long uuidText = u == null ? intern(r.uuid()) : -1;
        long packed = (r.create() ? CALL_CREATE : CALL_REMOVE) | ((long) client << 32);
        put(id, nanos - t0, u == null ? uuidText : u.getMostSignificantBits(), u == null ? 0 : u.getLeastSignificantBits(),
                packed | (u == null ? 1L << 8 : 0), r.create() ? intern(r.parent()) : -1, r.create() ? intern(r.type()) : -1);
    }

    @Override
    public void returned(long id, int client, Errno outcome, long nanos) {
        put(id, nanos - t0, 0, 0, RETURN | ((long) outcome.ordinal() << 16) | ((long) client << 32), -1, -1);
    }

    /** A scheduled fault starts: its event id (negative, apart from requests). Waits for room if it must (not an actor thread). */
    @Override
    public long faultCall(String f, String parent, long nanos) {
        admit(2).toCompletableFuture().join();
        long id = -faultIds.incrementAndGet();
        put(id, nanos - t0, 0, 0, (f.equals("unregister-parent") ? FAULT_UNREGISTER : FAULT_REGISTER) | (-1L << 32),
                intern(parent), -1);
        return id;
    }

    @Override
    public void faultReturned(long id, Errno outcome, long nanos) {
        put(id, nanos - t0, 0, 0, RETURN | ((long) outcome.ordinal() << 16) | (-1L << 32), -1, -1);
    }

    /** Events written so far. */
    public synchronized long written() {
        return written;
    }

    /** Events that could not be written (the file failed); the file ends with a marker line saying so. */
    public synchronized long lost() {
        return lost;
    }

    /** The write error that lost them, if any. */
    public IOException failure() {
        return failure;
    }

    private void put(long op, long t, long a, long b, long packed, long parent, long type) {
        long claim = tail.getAndIncrement();
        int slot = (int) (claim & (CAPACITY - 1));
        int at = slot * SLOT;
        ring[at] = op;
        ring[at + 1] = t;
        ring[at + 2] = a;
        ring[at + 3] = b;
        ring[at + 4] = packed;
        ring[at + 5] = parent;
        ring[at + 6] = type;
        SEQUENCE.setRelease(ring, at + 7, claim + 1); // the fields above are visible to the writer that reads it
    }

    private long intern(String s) {
        Integer id = ids.get(s);
        if (id != null) {
            return id;
        }
        synchronized (literals) {
            return ids.computeIfAbsent(s, k -> {
                String cut = k.length() > MAX_LITERAL / 8 ? k.substring(0, MAX_LITERAL / 8) : k; // at most 8 bytes a char, escaped
                literals.add(('"' + new String(JsonStringEncoder.getInstance().quoteAsString(cut)) + '"')
                        .getBytes(StandardCharsets.UTF_8));
                return literals.size() - 1;
            });
        }
    }

    private void drain() {
        Formatter f = new Formatter();
        long head = 0;
        long lastWrite = System.nanoTime();
        while (true) {
            int slot = (int) (head & (CAPACITY - 1));
            if ((long) SEQUENCE.getAcquire(ring, slot * SLOT + 7) == head + 1) {
                if (f.events == 0) {
                    f.first = head;
                }
                f.event(slot);
                head++;
                if (f.full()) {
                    flush(f);
                    lastWrite = System.nanoTime();
                }
                continue;
            }
            long now = System.nanoTime();
            if (f.pending() > 0 && (now - lastWrite > WRITE_EVERY_NANOS || closing)) {
                flush(f); // a pause: what is formatted goes to the file, so a killed run leaves it
                lastWrite = now;
                continue;
            }
            if (closing && head == tail.get() && f.pending() == 0) {
                return;
            }
            LockSupport.parkNanos(PARK_NANOS);
        }
    }

    /** Writes what is formatted (to the operating system), gives its events' credits back, lets waiting clients go on. */
    private void flush(Formatter f) {
        int events = f.events;
        if (failure == null) {
            try {
                out.write(f.buf, 0, f.len);
                out.flush();
            } catch (IOException e) {
                failure = e;
            }
        }
        synchronized (this) {
            if (failure == null) {
                written += events;
            } else {
                lost += events;
                noteLost(f.first, events); // their slots are intact until the credits go back, below
            }
        }
        long upTo = f.first + events;
        f.clear();
        credits.addAndGet(events);
        handedBack = upTo;
        Waiter w;
        while ((w = waiters.peek()) != null && tryAdmit(w.events)) {
            if (waiters.remove(w)) {
                w.admitted.complete(null);
            } else {
                credits.addAndGet(w.events);
            }
        }
    }

    /** The UUIDs of the lost calls among {@code count} events from claim {@code first}: named by the marker. */
    private void noteLost(long first, int count) {
        for (long c = first; c < first + count; c++) {
            int at = (int) (c & (CAPACITY - 1)) * SLOT;
            int kind = (int) (ring[at + 4] & 0xFF);
            if ((kind == CALL_CREATE || kind == CALL_REMOVE) && (ring[at + 4] & (1L << 8)) == 0) {
                if (lostUuids.size() < LOST_UUIDS) {
                    lostUuids.add(new UUID(ring[at + 2], ring[at + 3]));
                } else {
                    lostAll = true;
                }
            }
        }
    }

    /** Formats events into one large buffer, by hand: the writer must keep up with a run at full speed. */
    private final class Formatter {
        final byte[] buf = new byte[1 << 20];
        int len;
        int events;
        /** The claim of the first event in the buffer. */
        long first;

        /** Whether another event might not fit: its numbers, names and UUID. */
        boolean full() {
            return len > buf.length - (512 + 2 * MAX_LITERAL);
        }

        int pending() {
            return events;
        }

        void clear() {
            len = 0;
            events = 0;
        }

        void event(int slot) {
            int at = slot * SLOT;
            long op = ring[at];
            long t = ring[at + 1];
            long a = ring[at + 2];
            long b = ring[at + 3];
            long packed = ring[at + 4];
            int kind = (int) (packed & 0xFF);
            int client = (int) (packed >> 32);
            events++;
            bytes(OP);
            number(op);
            bytes(CLIENT);
            number(client);
            if (kind == RETURN) {
                bytes(RESULT);
                bytes(RESULTS[(int) ((packed >> 16) & 0xFFFF)]);
            } else {
                bytes(kind == CALL_CREATE ? CALL_CREATE_F : kind == CALL_REMOVE ? CALL_REMOVE_F
                        : kind == FAULT_UNREGISTER ? CALL_UNREGISTER_F : CALL_REGISTER_F);
                if (kind == CALL_CREATE || kind == CALL_REMOVE) {
                    bytes(UUID_F);
                    if ((packed & (1L << 8)) != 0) {
                        literal((int) a);
                    } else {
                        uuid(a, b);
                    }
                }
                if (ring[at + 5] >= 0) {
                    bytes(PARENT_F);
                    literal((int) ring[at + 5]);
                }
                if (ring[at + 6] >= 0) {
                    bytes(TYPE_F);
                    literal((int) ring[at + 6]);
                }
                if (viaSysfs && op >= 0) {
                    bytes(VIA_F);
                }
            }
            bytes(T_F);
            number(t);
            buf[len++] = '}';
            buf[len++] = '\n';
        }

        private void bytes(byte[] b) {
            System.arraycopy(b, 0, buf, len, b.length);
            len += b.length;
        }

        private void literal(int id) {
            byte[] l = literals.get(id);
            System.arraycopy(l, 0, buf, len, l.length);
            len += l.length;
        }

        private void number(long v) {
            if (v < 0) {
                if (v == Long.MIN_VALUE) {
                    bytes(ascii(Long.toString(v)));
                    return;
                }
                buf[len++] = '-';
                v = -v;
            }
            int start = len;
            do {
                buf[len++] = (byte) ('0' + v % 10);
                v /= 10;
            } while (v != 0);
            for (int i = start, j = len - 1; i < j; i++, j--) {
                byte tmp = buf[i];
                buf[i] = buf[j];
                buf[j] = tmp;
            }
        }

        private void uuid(long msb, long lsb) {
            buf[len++] = '"';
            hex(msb >>> 32, 8);
            buf[len++] = '-';
            hex(msb >>> 16, 4);
            buf[len++] = '-';
            hex(msb, 4);
            buf[len++] = '-';
            hex(lsb >>> 48, 4);
            buf[len++] = '-';
            hex(lsb, 12);
            buf[len++] = '"';
        }

        private void hex(long v, int digits) {
            for (int i = digits - 1; i >= 0; i--) {
                buf[len + i] = HEX[(int) (v & 0xF)];
                v >>>= 4;
            }
            len += digits;
        }
    }

    private static final byte[] HEX = ascii("0123456789abcdef");
    private static final byte[] OP = ascii("{\"op\":");
    private static final byte[] CLIENT = ascii(",\"client\":");
    private static final byte[] RESULT = ascii(",\"ev\":\"return\",\"result\":");
    private static final byte[] CALL_CREATE_F = ascii(",\"ev\":\"call\",\"f\":\"create\"");
    private static final byte[] CALL_REMOVE_F = ascii(",\"ev\":\"call\",\"f\":\"remove\"");
    private static final byte[] CALL_UNREGISTER_F = ascii(",\"ev\":\"call\",\"f\":\"unregister-parent\"");
    private static final byte[] CALL_REGISTER_F = ascii(",\"ev\":\"call\",\"f\":\"register-parent\"");
    private static final byte[] UUID_F = ascii(",\"uuid\":");
    private static final byte[] PARENT_F = ascii(",\"parent\":");
    private static final byte[] TYPE_F = ascii(",\"type\":");
    private static final byte[] VIA_F = ascii(",\"via\":\"sysfs\"");
    private static final byte[] T_F = ascii(",\"t_ns\":");
    /** Each errno's name as a JSON string literal. */
    private static final byte[][] RESULTS = java.util.Arrays.stream(ERRNOS).map(e -> ascii('"' + e.name() + '"'))
            .toArray(byte[][]::new);

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Writes what is queued, flushes, appends the lost-events marker if some were lost, and closes the file. */
    @Override
    public void close() throws IOException {
        if (closing) {
            return;
        }
        closing = true;
        try {
            writer.join(TimeUnit.MINUTES.toMillis(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            if (lost() > 0) {
                out.write(marker().getBytes(StandardCharsets.UTF_8)); // where the disk has room again
            }
            out.close();
        } catch (IOException e) {
            if (failure == null) {
                failure = e;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** {@code {"ev":"lost","events":N,"uuids":[...]}} ({@code "uuids":"all"} beyond {@value #LOST_UUIDS}). */
    synchronized String marker() {
        StringBuilder b = new StringBuilder("{\"ev\":\"lost\",\"events\":").append(lost).append(",\"uuids\":");
        if (lostAll) {
            b.append("\"all\"");
        } else {
            b.append('[');
            int i = 0;
            for (UUID u : lostUuids) {
                b.append(i++ == 0 ? "" : ",").append('"').append(u).append('"');
            }
            b.append(']');
        }
        return b.append("}\n").toString();
    }
}
