package dev.mdevsim.history;

import dev.mdevsim.core.Errno;
import dev.mdevsim.core.Uuids;
import dev.mdevsim.model.Model;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Hand-written histories for tests: requests with call and return times (in ms), in any order. */
final class Histories {

    static final UUID U = UUID.fromString("11111111-1111-4111-8111-111111111111");
    static final UUID V = UUID.fromString("22222222-2222-4222-8222-222222222222");

    private final List<History.Op> ops = new ArrayList<>();
    private long nextId = 1;

    /** A create on {@code parent}; {@code result} null for a missing return. */
    Histories create(int client, String parent, UUID uuid, long callMs, long retMs, Errno result) {
        ops.add(op(History.Kind.CREATE, client, uuid, parent, callMs, retMs, result));
        return this;
    }

    Histories remove(int client, UUID uuid, long callMs, long retMs, Errno result) {
        ops.add(op(History.Kind.REMOVE, client, uuid, null, callMs, retMs, result));
        return this;
    }

    /** A write of {@code 1} to the UUID's sysfs remove file ({@code "via":"sysfs"}). */
    Histories sysfsRemove(int client, UUID uuid, long callMs, long retMs, Errno result) {
        History.Op o = op(History.Kind.REMOVE, client, uuid, null, callMs, retMs, result);
        ops.add(new History.Op(o.id(), o.client(), o.kind(), o.uuid(), null, null, null, o.call(), o.ret(), o.result(), 0, 0, true));
        return this;
    }

    Histories unregister(String parent, long callMs, long retMs, Errno result) {
        ops.add(op(History.Kind.UNREGISTER_PARENT, -1, null, parent, callMs, retMs, result));
        return this;
    }

    Histories register(String parent, long callMs, long retMs, Errno result) {
        ops.add(op(History.Kind.REGISTER_PARENT, -1, null, parent, callMs, retMs, result));
        return this;
    }

    private History.Op op(History.Kind kind, int client, UUID uuid, String parent, long callMs, long retMs, Errno result) {
        long ms = 1_000_000;
        return new History.Op(nextId++, client, kind, uuid, null, parent, kind == History.Kind.CREATE ? "t" : null,
                callMs * ms, result == null ? -1 : retMs * ms, result, 0, 0);
    }

    History history() {
        List<History.Op> sorted = new ArrayList<>(ops);
        sorted.sort((a, b) -> Long.compare(a.call(), b.call()));
        long events = sorted.stream().mapToLong(o -> o.result() == null ? 1 : 2).sum();
        return new History("test", sorted, events, false);
    }

    Checker.Result check(Model model) {
        return Checker.check(history(), model, Checker.BUDGET);
    }

    static UUID uuid(String text) {
        return Uuids.parseOrNull(text);
    }
}
