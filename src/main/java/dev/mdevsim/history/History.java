package dev.mdevsim.history;

import dev.mdevsim.core.Errno;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A parsed history: its operations (a call, and a return unless the outcome is unknown) in the order
 * of their calls, plus what reading it found.
 *
 * @param events   call and return events read
 * @param tornLine the last line was cut off (a run killed mid-write) and was ignored
 * @param lost     a marker line said events were lost (the file could not be written): how many, and
 *                 which UUIDs they concern ({@link #lostAll}: too many to name)
 */
public record History(String file, List<Op> ops, long events, boolean tornLine, long lost, Set<UUID> lostUuids,
                      boolean lostAll) {

    public History(String file, List<Op> ops, long events, boolean tornLine) {
        this(file, ops, events, tornLine, 0, Set.of(), false);
    }

    /** Whether events of {@code uuid} may be missing: its partition cannot be decided. */
    public boolean lostEventsOf(UUID uuid) {
        return lostAll || lostUuids.contains(uuid);
    }

    /** What a history event called. */
    public enum Kind {
        CREATE("create"), REMOVE("remove"), UNREGISTER_PARENT("unregister-parent"), REGISTER_PARENT("register-parent");

        final String f;

        Kind(String f) {
            this.f = f;
        }

        static Kind parse(String f) {
            for (Kind k : values()) {
                if (k.f.equals(f)) {
                    return k;
                }
            }
            return null;
        }

        @Override
        public String toString() {
            return f;
        }
    }

    /**
     * One operation. {@code uuid} is null when its text is malformed (EINVAL at the edge); {@code ret}
     * and {@code result} are -1 and null when no return was recorded; ETIMEDOUT is also an unknown
     * outcome (see {@link #known()}).
     */
    /** {@code sysfs}: the call was a write to a create or remove file ({@code "via":"sysfs"}), judged by the S rows. */
    public record Op(long id, int client, Kind kind, UUID uuid, String uuidText, String parent, String type,
                     long call, long ret, Errno result, int callLine, int returnLine, boolean sysfs) {

        public Op(long id, int client, Kind kind, UUID uuid, String uuidText, String parent, String type,
                  long call, long ret, Errno result, int callLine, int returnLine) {
            this(id, client, kind, uuid, uuidText, parent, type, call, ret, result, callLine, returnLine, false);
        }

        /** Whether the outcome is known: a return that is not ETIMEDOUT. */
        public boolean known() {
            return result != null && result != Errno.ETIMEDOUT;
        }

        Op withReturn(long t, Errno r, int line) {
            return new Op(id, client, kind, uuid, uuidText, parent, type, call, t, r, callLine, line, sysfs);
        }

        /** "create #17 (client 3) on 0000:3b:00.0/nvidia-63". */
        public String describe() {
            String who = kind + " #" + id + (client >= 0 ? " (client " + client + ")" : "");
            return kind == Kind.CREATE ? who + " on " + parent + "/" + type
                    : kind == Kind.REMOVE ? who : who + " " + parent;
        }
    }
}
