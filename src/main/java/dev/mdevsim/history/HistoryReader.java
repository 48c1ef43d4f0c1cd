package dev.mdevsim.history;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.mdevsim.core.Errno;
import dev.mdevsim.core.Uuids;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.io.FileNotFoundException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a JSON Lines history. Every problem names {@code file:line}: malformed JSON, a missing or
 * unknown field value, a return without a call, an op id called twice. The exception is a last line
 * that is cut off (no newline, not valid JSON): what a run killed mid-write leaves, ignored.
 */
public final class HistoryReader {

    private static final JsonFactory JSON = new JsonFactory();

    private HistoryReader() {
    }

    public static History read(Path file) throws HistoryException {
        String name = file.toString();
        boolean endsWithNewline;
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            if (length > 0) {
                raf.seek(length - 1);
            }
            endsWithNewline = length == 0 || raf.read() == '\n';
        } catch (FileNotFoundException e) {
            throw new HistoryException(name, 0, Files.isDirectory(file) ? "is a directory" : "no such file");
        } catch (IOException e) {
            throw new HistoryException(name, 0, "cannot read: " + e.getMessage());
        }
        List<History.Op> ops = new ArrayList<>();
        Map<Long, Integer> open = new HashMap<>();
        Map<String, String> names = new HashMap<>();
        long events = 0;
        boolean torn = false;
        int lineNo = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                Fields f;
                try {
                    f = parse(line);
                } catch (JsonProcessingException e) {
                    if (!endsWithNewline && in.readLine() == null) {
                        torn = true; // the last line, cut off mid-write
                        break;
                    }
                    throw new HistoryException(name, lineNo, "not a JSON object: " + e.getOriginalMessage());
                }
                events++;
                f.parent = f.parent == null ? null : names.computeIfAbsent(f.parent, k -> k);
                f.type = f.type == null ? null : names.computeIfAbsent(f.type, k -> k);
                add(name, lineNo, f, ops, open);
            }
        } catch (IOException e) {
            throw new HistoryException(name, lineNo, "cannot read: " + e.getMessage());
        }
        return new History(name, ops, events, torn);
    }

    private static void add(String file, int line, Fields f, List<History.Op> ops, Map<Long, Integer> open)
            throws HistoryException {
        if (f.op == null) {
            throw new HistoryException(file, line, "missing \"op\"");
        }
        if (f.tNs == null) {
            throw new HistoryException(file, line, "missing \"t_ns\"");
        }
        if ("call".equals(f.ev)) {
            History.Kind kind = History.Kind.parse(f.f);
            if (kind == null) {
                throw new HistoryException(file, line, "unknown \"f\": " + f.f
                        + " (create, remove, unregister-parent, register-parent)");
            }
            if (open.containsKey(f.op)) {
                throw new HistoryException(file, line, "op " + f.op + " is called again before it returned");
            }
            if ((kind == History.Kind.CREATE || kind == History.Kind.REMOVE) && f.uuid == null) {
                throw new HistoryException(file, line, "a " + kind + " call needs \"uuid\"");
            }
            if (kind != History.Kind.REMOVE && f.parent == null) {
                throw new HistoryException(file, line, "a " + kind + " call needs \"parent\"");
            }
            open.put(f.op, ops.size());
            java.util.UUID uuid = f.uuid == null ? null : Uuids.parseOrNull(f.uuid);
            ops.add(new History.Op(f.op, f.client == null ? -1 : f.client, kind, uuid, uuid == null ? f.uuid : null,
                    f.parent, f.type, f.tNs, -1, null, line, -1, "sysfs".equals(f.via)));
        } else if ("return".equals(f.ev)) {
            Integer index = open.remove(f.op);
            if (index == null) {
                throw new HistoryException(file, line, "return of op " + f.op + ", which was not called (or returned twice)");
            }
            Errno result = f.result == null ? null : Errno.parse(f.result).orElse(null);
            if (result == null) {
                throw new HistoryException(file, line, "\"result\" must be OK or an errno name, got " + f.result);
            }
            History.Op call = ops.get(index);
            if (f.tNs < call.call()) {
                throw new HistoryException(file, line, "op " + f.op + " returns before its call");
            }
            ops.set(index, call.withReturn(f.tNs, result, line));
        } else {
            throw new HistoryException(file, line, "\"ev\" must be call or return, got " + f.ev);
        }
    }

    /** The fields of one event; absent ones are null. */
    private static final class Fields {
        Long op;
        Integer client;
        String ev;
        String f;
        String uuid;
        String parent;
        String type;
        String result;
        Long tNs;
        String via;
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
                    case "op" -> f.op = p.getLongValue();
                    case "client" -> f.client = p.getIntValue();
                    case "ev" -> f.ev = p.getText();
                    case "f" -> f.f = p.getText();
                    case "uuid" -> f.uuid = p.getText();
                    case "parent" -> f.parent = p.getText();
                    case "type" -> f.type = p.getText();
                    case "result" -> f.result = p.getText();
                    case "t_ns" -> f.tNs = p.getLongValue();
                    case "via" -> f.via = p.getText();
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
