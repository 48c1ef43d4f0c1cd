package dev.mdevsim.history;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.mdevsim.core.Errno;
import dev.mdevsim.core.Uuids;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Reads a JSON Lines history. Every problem names {@code file:line}: malformed JSON or text that is
 * not UTF-8, a missing or unknown field value, a return without a call, an op id called twice. The
 * exception is a last line that is cut off (no newline, not valid JSON): what a run killed mid-write
 * leaves, ignored. A lost-events marker ({@code "ev":"lost"}) is collected into the history.
 *
 * <p>Lines are read as bytes and the common ones parsed without allocating ({@link FastLine}); the
 * rest, and every error, go through Jackson. Reads any readable file, {@code /dev/stdin} included.
 */
public final class HistoryReader {

    private static final JsonFactory JSON = new JsonFactory();

    private HistoryReader() {
    }

    public static History read(Path file) throws HistoryException {
        return read(file, null);
    }

    /**
     * Reads {@code file} as {@link #read(Path)} does, checking it as fully, but hands each operation to
     * {@code sink} once it is complete instead of keeping it: at its return, and the ones that never
     * returned at the end, in the order of their calls. The history returned has no operations, only
     * what reading found (events, a torn last line, lost events). Memory: the calls open at one time.
     */
    public static History read(Path file, Consumer<History.Op> sink) throws HistoryException {
        String name = file.toString();
        if (Files.isDirectory(file)) {
            throw new HistoryException(name, 0, "is a directory");
        }
        Reading r = new Reading(name, sink);
        try (InputStream in = Files.newInputStream(file)) {
            r.lines(in);
        } catch (NoSuchFileException e) {
            throw new HistoryException(name, 0, "no such file");
        } catch (IOException e) {
            throw new HistoryException(name, r.lineNo, "cannot read: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
        }
        if (sink == null) {
            return new History(name, r.ops, r.events, r.torn, r.lost.events, r.lost.uuids, r.lost.all);
        }
        r.ops.stream().filter(java.util.Objects::nonNull).sorted(java.util.Comparator.comparingInt(History.Op::callLine))
                .forEach(sink);
        return new History(name, List.of(), r.events, r.torn, r.lost.events, r.lost.uuids, r.lost.all);
    }

    /** One read of one file. */
    private static final class Reading {
        final String name;
        /** Without a sink every op, in call order; with one, the open calls (a returned one's slot is reused). */
        final List<History.Op> ops = new ArrayList<>();
        final Consumer<History.Op> sink;
        /** With a sink: the slots of {@link #ops} free again. */
        int[] free = new int[16];
        int freeCount;
        final OpenCalls open = new OpenCalls();
        final Lost lost = new Lost();
        final FastLine fast = new FastLine();
        final Fields reused = new Fields();
        final Map<String, String> names = new HashMap<>();
        long events;
        boolean torn;
        int lineNo;

        Reading(String name, Consumer<History.Op> sink) {
            this.name = name;
            this.sink = sink;
        }

        /** Splits the stream into lines (a line may span reads) and takes each. */
        void lines(InputStream in) throws IOException, HistoryException {
            byte[] buf = new byte[1 << 16];
            int len = 0;
            while (true) {
                if (len == buf.length) {
                    buf = java.util.Arrays.copyOf(buf, buf.length * 2); // one very long line
                }
                int n = in.read(buf, len, buf.length - len);
                if (n < 0) {
                    if (len > 0) {
                        line(buf, 0, len, true);
                    }
                    return;
                }
                len += n;
                int start = 0;
                for (int i = 0; i < len; i++) {
                    if (buf[i] == '\n') {
                        line(buf, start, i, false);
                        start = i + 1;
                    }
                }
                System.arraycopy(buf, start, buf, 0, len - start);
                len -= start;
            }
        }

        private void line(byte[] b, int start, int end, boolean last) throws HistoryException {
            lineNo++;
            if (blank(b, start, end)) {
                return;
            }
            Fields f = reused;
            if (!fast.parse(b, start, end, f)) {
                String text;
                try {
                    text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b, start, end - start)).toString();
                } catch (CharacterCodingException e) {
                    if (last) {
                        torn = true;
                        return;
                    }
                    throw new HistoryException(name, lineNo, "not UTF-8 text (a binary file?)");
                }
                try {
                    f = parse(text);
                } catch (JsonProcessingException e) {
                    if (last) {
                        torn = true; // the last line, cut off mid-write
                        return;
                    }
                    throw new HistoryException(name, lineNo, "not a JSON object: " + e.getOriginalMessage());
                } catch (IOException e) {
                    throw new HistoryException(name, lineNo, "cannot read: " + e.getMessage());
                }
                f.parent = f.parent == null ? null : names.computeIfAbsent(f.parent, k -> k);
                f.type = f.type == null ? null : names.computeIfAbsent(f.type, k -> k);
            }
            if ("lost".equals(f.ev)) {
                lost.add(name, lineNo, f);
                return;
            }
            events++;
            add(f);
        }

        private static boolean blank(byte[] b, int start, int end) {
            for (int i = start; i < end; i++) {
                if (b[i] != ' ' && b[i] != '\t' && b[i] != '\r') {
                    return false;
                }
            }
            return true;
        }

        private void add(Fields f) throws HistoryException {
            if (!f.hasOp) {
                throw new HistoryException(name, lineNo, "missing \"op\"");
            }
            if (!f.hasT) {
                throw new HistoryException(name, lineNo, "missing \"t_ns\"");
            }
            if ("call".equals(f.ev)) {
                call(f);
            } else if ("return".equals(f.ev)) {
                ret(f);
            } else {
                throw new HistoryException(name, lineNo, "\"ev\" must be call or return, got " + f.ev);
            }
        }

        private void call(Fields f) throws HistoryException {
            History.Kind kind = History.Kind.parse(f.f);
            if (kind == null) {
                throw new HistoryException(name, lineNo, "unknown \"f\": " + f.f
                        + " (create, remove, unregister-parent, register-parent)");
            }
            if (open.get(f.op) >= 0) {
                throw new HistoryException(name, lineNo, "op " + f.op + " is called again before it returned");
            }
            UUID uuid = f.uuidParsed ? f.uuidValue : f.uuid == null ? null : Uuids.parseOrNull(f.uuid);
            String text = uuid == null ? f.uuid : null;
            if ((kind == History.Kind.CREATE || kind == History.Kind.REMOVE) && uuid == null && text == null) {
                throw new HistoryException(name, lineNo, "a " + kind + " call needs \"uuid\"");
            }
            if (kind != History.Kind.REMOVE && f.parent == null) {
                throw new HistoryException(name, lineNo, "a " + kind + " call needs \"parent\"");
            }
            History.Op op = new History.Op(f.op, f.hasClient ? f.client : -1, kind, uuid, text, f.parent, f.type, f.tNs, -1, null,
                    lineNo, -1, "sysfs".equals(f.via));
            if (sink != null && freeCount > 0) {
                int slot = free[--freeCount];
                open.put(f.op, slot);
                ops.set(slot, op);
            } else {
                open.put(f.op, ops.size());
                ops.add(op);
            }
        }

        private void ret(Fields f) throws HistoryException {
            int index = open.remove(f.op);
            if (index < 0) {
                throw new HistoryException(name, lineNo, "return of op " + f.op + ", which was not called (or returned twice)");
            }
            Errno result = f.result == null ? null : Errno.parse(f.result).orElse(null);
            if (result == null) {
                throw new HistoryException(name, lineNo, "\"result\" must be OK or an errno name, got " + f.result);
            }
            History.Op call = ops.get(index);
            boolean request = call.kind() == History.Kind.CREATE || call.kind() == History.Kind.REMOVE;
            if (request && call.uuid() == null && result != Errno.EINVAL && result != Errno.ENOENT && result != Errno.ETIMEDOUT) {
                throw new HistoryException(name, lineNo, "op " + f.op + " names '" + call.uuidText()
                        + "', which is not a UUID, and returned " + result + ": only EINVAL (or, through sysfs, ENOENT) answers that");
            }
            if (f.tNs < call.call()) {
                throw new HistoryException(name, lineNo, "op " + f.op + " returns before its call");
            }
            if (sink == null) {
                ops.set(index, call.withReturn(f.tNs, result, lineNo));
            } else {
                ops.set(index, null);
                if (freeCount == free.length) {
                    free = java.util.Arrays.copyOf(free, free.length * 2);
                }
                free[freeCount++] = index;
                sink.accept(call.withReturn(f.tNs, result, lineNo));
            }
        }
    }

    /** Op id → index of its call, for the calls not returned yet: open addressing, no boxing. */
    private static final class OpenCalls {
        private long[] keys = new long[1 << 10];
        private int[] values = new int[1 << 10];
        private boolean[] used = new boolean[1 << 10];
        private int size;

        int get(long key) {
            int mask = keys.length - 1;
            for (int i = hash(key) & mask; used[i]; i = (i + 1) & mask) {
                if (keys[i] == key) {
                    return values[i];
                }
            }
            return -1;
        }

        void put(long key, int value) {
            if (2 * (size + 1) > keys.length) {
                grow();
            }
            int mask = keys.length - 1;
            int i = hash(key) & mask;
            while (used[i]) {
                i = (i + 1) & mask;
            }
            used[i] = true;
            keys[i] = key;
            values[i] = value;
            size++;
        }

        /** Removes the key; its value, or -1. Deletion by backward shift, so probing stays correct. */
        int remove(long key) {
            int mask = keys.length - 1;
            int i = hash(key) & mask;
            while (used[i] && keys[i] != key) {
                i = (i + 1) & mask;
            }
            if (!used[i]) {
                return -1;
            }
            int value = values[i];
            used[i] = false;
            size--;
            for (int j = (i + 1) & mask; used[j]; j = (j + 1) & mask) {
                long k = keys[j];
                int v = values[j];
                used[j] = false;
                size--;
                put(k, v);
            }
            return value;
        }

        private void grow() {
            long[] k = keys;
            int[] v = values;
            boolean[] u = used;
            keys = new long[k.length * 2];
            values = new int[k.length * 2];
            used = new boolean[k.length * 2];
            size = 0;
            for (int i = 0; i < k.length; i++) {
                if (u[i]) {
                    put(k[i], v[i]);
                }
            }
        }

        private static int hash(long key) {
            long h = key * 0x9E3779B97F4A7C15L;
            return (int) (h ^ (h >>> 32));
        }
    }

    /** What the lost-events markers of a file add up to. */
    private static final class Lost {
        long events;
        final Set<UUID> uuids = new HashSet<>();
        boolean all;

        void add(String file, int line, Fields f) throws HistoryException {
            if (!f.hasLostEvents || (f.lostUuids == null && !f.lostAll)) {
                throw new HistoryException(file, line, "a \"lost\" marker needs \"events\" and \"uuids\"");
            }
            events += f.lostEvents;
            all |= f.lostAll;
            for (String u : f.lostUuids == null ? List.<String>of() : f.lostUuids) {
                UUID uuid = Uuids.parseOrNull(u);
                if (uuid == null) {
                    throw new HistoryException(file, line, "a \"lost\" marker names '" + u + "', which is not a UUID");
                }
                uuids.add(uuid);
            }
        }
    }

    /** The fields of one event; absent ones are null or flagged absent. */
    static final class Fields {
        boolean hasOp;
        long op;
        boolean hasClient;
        int client;
        String ev;
        String f;
        /** The UUID's text when it is not a UUID (or, from Jackson, always). */
        String uuid;
        /** The fast parser parsed the UUID: {@link #uuidValue} (null when malformed). */
        boolean uuidParsed;
        UUID uuidValue;
        String parent;
        String type;
        String result;
        boolean hasT;
        long tNs;
        String via;
        boolean hasLostEvents;
        long lostEvents;
        List<String> lostUuids;
        boolean lostAll;

        void clear() {
            hasOp = false;
            hasClient = false;
            ev = null;
            f = null;
            uuid = null;
            uuidParsed = false;
            uuidValue = null;
            parent = null;
            type = null;
            result = null;
            hasT = false;
            via = null;
            hasLostEvents = false;
            lostUuids = null;
            lostAll = false;
        }
    }

    private static Fields parse(String line) throws IOException {
        Fields f = new Fields();
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new com.fasterxml.jackson.core.JsonParseException(p, "expected an object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken v = p.nextToken();
                if (v == JsonToken.VALUE_NULL) {
                    continue;
                }
                switch (field) {
                    case "op" -> {
                        f.op = p.getLongValue();
                        f.hasOp = true;
                    }
                    case "client" -> {
                        f.client = p.getIntValue();
                        f.hasClient = true;
                    }
                    case "ev" -> f.ev = p.getText();
                    case "f" -> f.f = p.getText();
                    case "uuid" -> f.uuid = p.getText();
                    case "parent" -> f.parent = p.getText();
                    case "type" -> f.type = p.getText();
                    case "result" -> f.result = p.getText();
                    case "t_ns" -> {
                        f.tNs = p.getLongValue();
                        f.hasT = true;
                    }
                    case "via" -> f.via = p.getText();
                    case "events" -> {
                        f.lostEvents = p.getLongValue();
                        f.hasLostEvents = true;
                    }
                    case "uuids" -> {
                        if (v == JsonToken.START_ARRAY) {
                            f.lostUuids = new ArrayList<>();
                            while (p.nextToken() != JsonToken.END_ARRAY) {
                                f.lostUuids.add(p.getText());
                            }
                        } else {
                            f.lostAll = "all".equals(p.getText());
                        }
                    }
                    default -> p.skipChildren(); // fields of later versions are ignored
                }
            }
            if (p.nextToken() != null) {
                throw new com.fasterxml.jackson.core.JsonParseException(p, "trailing content after the object");
            }
        }
        return f;
    }
}
