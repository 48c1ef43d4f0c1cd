package dev.mdevsim.history;

import dev.mdevsim.core.Uuids;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Parses the common history line (a flat JSON object of ASCII strings, integers and nulls, as
 * {@link HistoryWriter} writes it, in any field order and spacing) straight from bytes, allocating
 * nothing but what the history keeps: a 1,000,000-event history read this way leaves the heap small
 * enough that {@code run --history} stays near the memory of a run without it. Anything else (an
 * escape, a non-ASCII byte, a nested value, a lost-events marker) returns false, and the reader
 * parses the line with Jackson, which also words the errors. Not thread-safe: one per read.
 */
final class FastLine {

    /** The line's bytes as characters, for {@link Uuids#parseOrNull}, without copying them. */
    private static final class Ascii implements CharSequence {
        byte[] b;
        int from;
        int to;

        @Override
        public int length() {
            return to - from;
        }

        @Override
        public char charAt(int i) {
            return (char) b[from + i];
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new String(b, from + start, end - start, StandardCharsets.ISO_8859_1);
        }

        @Override
        public String toString() {
            return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
        }
    }

    private final Ascii text = new Ascii();
    /** Names seen (parents, types), so each is one String in the history. */
    private final List<byte[]> nameBytes = new ArrayList<>();
    private final List<String> names = new ArrayList<>();
    private final Map<String, String> manyNames = new HashMap<>();
    /** UUIDs seen, so each is one object in the history. */
    private final Map<UUID, UUID> uuids = new HashMap<>();

    private byte[] b;
    private int i;
    private int end;

    /** Fills {@code f} from the line {@code b[start, end)}; false if the line needs the general parser. */
    boolean parse(byte[] buf, int start, int stop, HistoryReader.Fields f) {
        b = buf;
        i = start;
        end = stop;
        f.clear();
        ws();
        if (!eat('{')) {
            return false;
        }
        ws();
        if (eat('}')) {
            return rest();
        }
        while (true) {
            ws();
            int ks = stringStart();
            if (ks < 0) {
                return false;
            }
            int ke = i - 1;
            ws();
            if (!eat(':')) {
                return false;
            }
            ws();
            if (!value(ks, ke, f)) {
                return false;
            }
            ws();
            if (eat(',')) {
                continue;
            }
            return eat('}') && rest();
        }
    }

    /** The value of key {@code b[ks, ke)}. */
    private boolean value(int ks, int ke, HistoryReader.Fields f) {
        if (i < end && b[i] == '"') {
            int vs = stringStart();
            if (vs < 0) {
                return false;
            }
            int ve = i - 1;
            if (key(ks, ke, "ev")) {
                f.ev = word(vs, ve, "call", "return", "lost");
            } else if (key(ks, ke, "f")) {
                f.f = word(vs, ve, "create", "remove", "unregister-parent", "register-parent");
            } else if (key(ks, ke, "result")) {
                f.result = errno(vs, ve);
            } else if (key(ks, ke, "uuid")) {
                f.uuidValue = uuid(vs, ve);
                f.uuid = f.uuidValue == null ? text(vs, ve).toString() : null;
                f.uuidParsed = true;
            } else if (key(ks, ke, "parent")) {
                f.parent = name(vs, ve);
            } else if (key(ks, ke, "type")) {
                f.type = name(vs, ve);
            } else if (key(ks, ke, "via")) {
                f.via = word(vs, ve, "sysfs", "api");
            } else if (key(ks, ke, "uuids")) {
                return false; // a lost-events marker's "all": the general parser
            }
            return true;
        }
        if (i + 4 <= end && b[i] == 'n' && b[i + 1] == 'u' && b[i + 2] == 'l' && b[i + 3] == 'l') {
            i += 4;
            return true;
        }
        int ns = i;
        boolean negative = i < end && b[i] == '-';
        if (negative) {
            i++;
        }
        long v = 0;
        int digits = 0;
        while (i < end && b[i] >= '0' && b[i] <= '9') {
            if (v > (Long.MAX_VALUE - 9) / 10) {
                return false; // near overflow: the general parser decides
            }
            v = v * 10 + (b[i++] - '0');
            digits++;
        }
        if (digits == 0 || (i < end && (b[i] == '.' || b[i] == 'e' || b[i] == 'E'))) {
            i = ns;
            return false;
        }
        v = negative ? -v : v;
        if (key(ks, ke, "op")) {
            f.op = v;
            f.hasOp = true;
        } else if (key(ks, ke, "client")) {
            if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                return false;
            }
            f.client = (int) v;
            f.hasClient = true;
        } else if (key(ks, ke, "t_ns")) {
            f.tNs = v;
            f.hasT = true;
        } else if (key(ks, ke, "events")) {
            f.lostEvents = v;
            f.hasLostEvents = true;
        }
        return true;
    }

    /** After the opening quote: the index of the string's first byte, {@link #i} past the closing quote; -1 when it needs the general parser. */
    private int stringStart() {
        if (!eat('"')) {
            return -1;
        }
        int s = i;
        while (i < end) {
            byte c = b[i];
            if (c == '"') {
                i++;
                return s;
            }
            if (c == '\\' || c < 0x20) { // an escape, a control character or (negative) a non-ASCII byte
                return -1;
            }
            i++;
        }
        return -1;
    }

    private boolean key(int ks, int ke, String k) {
        if (ke - ks != k.length()) {
            return false;
        }
        for (int j = 0; j < k.length(); j++) {
            if (b[ks + j] != k.charAt(j)) {
                return false;
            }
        }
        return true;
    }

    /** One of the known words, as that constant, or the text itself. */
    private String word(int vs, int ve, String... known) {
        for (String k : known) {
            if (key(vs, ve, k)) {
                return k;
            }
        }
        return text(vs, ve).toString();
    }

    private static final String[] ERRNOS = java.util.Arrays.stream(dev.mdevsim.core.Errno.values())
            .map(dev.mdevsim.core.Errno::name).toArray(String[]::new);

    /** An errno's name as the constant, or the text itself (which the reader then refuses). */
    private String errno(int vs, int ve) {
        return word(vs, ve, ERRNOS);
    }

    private Ascii text(int vs, int ve) {
        text.b = b;
        text.from = vs;
        text.to = ve;
        return text;
    }

    private UUID uuid(int vs, int ve) {
        UUID u = Uuids.parseOrNull(text(vs, ve));
        if (u == null) {
            return null;
        }
        UUID seen = uuids.putIfAbsent(u, u);
        return seen != null ? seen : u;
    }

    private String name(int vs, int ve) {
        if (names.size() < 64) {
            for (int j = 0; j < nameBytes.size(); j++) {
                byte[] n = nameBytes.get(j);
                if (Arrays.equals(n, 0, n.length, b, vs, ve)) {
                    return names.get(j);
                }
            }
            String s = text(vs, ve).toString();
            nameBytes.add(Arrays.copyOfRange(b, vs, ve));
            names.add(s);
            return s;
        }
        return manyNames.computeIfAbsent(text(vs, ve).toString(), k -> k);
    }

    private void ws() {
        while (i < end && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r')) {
            i++;
        }
    }

    private boolean eat(char c) {
        if (i < end && b[i] == c) {
            i++;
            return true;
        }
        return false;
    }

    /** Only blanks after the object. */
    private boolean rest() {
        ws();
        return i == end;
    }
}
