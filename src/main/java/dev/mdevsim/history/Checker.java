package dev.mdevsim.history;

import dev.mdevsim.model.Model;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Checks a history for linearizability, one UUID at a time, against the model's {@link Spec}.
 *
 * <p>Design notes. Linearizability is local: a history is linearizable iff each per-UUID partition
 * is, so partitions are checked independently (in parallel). Within a partition the search is Wing &
 * Gong's with memoisation, in Lowe's just-in-time form: events are taken in time order carrying the
 * set of <em>configurations</em> the events so far allow (the UUID's state, and how far each pending
 * request has got: not started, first step done, done). A call adds a pending request. At a return,
 * pending steps are applied depth-first, in every order the specification allows, until the
 * returning request is done; configurations are deduplicated, which is the memoisation. A check that
 * changes nothing (EEXIST, ENODEV, EAGAIN, global-lock's EBUSY) is marked satisfied as soon as a
 * state allows it while it is pending, so it never branches. Unknown outcomes stay pending and may
 * act or not. No configuration left at a return: not linearizable, and the configurations just
 * before it say why. More than {@code budget} configurations explored in one partition: unknown,
 * never passed.
 *
 * <p>Unknown outcomes never return, so they hold their slot to the end, and two of them of the same
 * kind on the same parent are interchangeable: configurations that differ only by a permutation of
 * such slots (with the holder of the UUID permuted alike) are merged by sorting each class's
 * progress ({@code canon}). Without it, twenty unanswered creates that a later return needs made
 * 2^20 configurations (which of them already happened); with it, 21.
 */
public final class Checker {

    /** The default budget: configurations explored per partition before giving up. */
    public static final long BUDGET = 2_000_000;

    /**
     * At most this many requests of one UUID may be pending at once (two bits each, in two longs); a
     * request whose outcome is unknown stays pending to the end of the history.
     */
    static final int SLOTS = 64;

    /** A partition's verdict. */
    public enum Verdict { LINEARIZABLE, NOT_LINEARIZABLE, UNKNOWN }

    /** What checking one partition found; for a violation, where and why. */
    public record PartitionResult(UUID uuid, Verdict verdict, List<History.Op> ops, History.Op failing,
                                  String why, long explored) {
    }

    /** The verdict on a whole history. */
    public record Result(Verdict verdict, int partitions, long events, long requests, List<PartitionResult> violations,
                         List<PartitionResult> unknown, boolean tornLine) {
    }

    private Checker() {
    }

    public static Result check(History h, Model model, long budget) {
        Spec spec = new Spec(model);
        Map<UUID, List<History.Op>> byUuid = new LinkedHashMap<>();
        List<History.Op> unplugs = new ArrayList<>();
        long requests = 0;
        for (History.Op op : h.ops()) {
            if (op.kind() == History.Kind.UNREGISTER_PARENT || op.kind() == History.Kind.REGISTER_PARENT) {
                unplugs.add(op);
            } else if (op.kind() == History.Kind.CREATE || op.kind() == History.Kind.REMOVE) {
                requests++;
                if (op.uuid() != null) {
                    byUuid.computeIfAbsent(op.uuid(), k -> new ArrayList<>()).add(op);
                }
            }
        }
        List<PartitionResult> results = byUuid.entrySet().parallelStream()
                .map(e -> h.lostEventsOf(e.getKey())
                        ? new PartitionResult(e.getKey(), Verdict.UNKNOWN, e.getValue(), null, h.lost()
                                + " events were lost while the history was recorded (the file could not be written); some are this UUID's",
                                0)
                        : checkPartition(e.getKey(), e.getValue(), unplugs, spec, budget))
                .toList();
        List<PartitionResult> violations = new ArrayList<>();
        List<PartitionResult> unknown = new ArrayList<>();
        for (PartitionResult r : results) {
            if (r.verdict() == Verdict.NOT_LINEARIZABLE) {
                violations.add(r);
            } else if (r.verdict() == Verdict.UNKNOWN) {
                unknown.add(r);
            }
        }
        return result(violations, unknown, byUuid.size(), h.events(), requests, h.tornLine());
    }

    /** The verdict on partitions checked: a violation if any, else unknown if any; violations in the order of their failing returns. */
    private static Result result(List<PartitionResult> violations, List<PartitionResult> unknown, int partitions, long events,
                                 long requests, boolean tornLine) {
        violations.sort(Comparator.comparingLong(r -> r.failing().ret()));
        Verdict v = !violations.isEmpty() ? Verdict.NOT_LINEARIZABLE : !unknown.isEmpty() ? Verdict.UNKNOWN : Verdict.LINEARIZABLE;
        return new Result(v, partitions, events, requests, violations, unknown, tornLine);
    }

    /** Histories of more operations than this are checked in parts ({@link Spill}). */
    static final int IN_MEMORY = 500_000;

    /**
     * Reads and checks the history in {@code file}, as {@link #check(History, Model, long)} does, in
     * bounded memory: a history of more than {@value #IN_MEMORY} operations is split by UUID into
     * temporary files, checked one file at a time (each UUID's partition whole in one), and the
     * verdicts added up. A malformed file is a {@link HistoryException}, as {@link HistoryReader#read}.
     */
    public static Result check(Path file, Model model, long budget) throws HistoryException {
        return check(file, model, budget, IN_MEMORY, null);
    }

    /** As {@link #check(Path, Model, long)}, in parts beyond {@code inMemory} operations, their files under {@code tmpRoot} (null: the system's). */
    static Result check(Path file, Model model, long budget, int inMemory, Path tmpRoot) throws HistoryException {
        try (Spill spill = new Spill(inMemory, tmpRoot)) {
            History read = HistoryReader.read(file, spill);
            if (!spill.spilled()) {
                return check(withOps(read, spill.all()), model, budget);
            }
            int[] partitions = {0};
            long[] requests = {spill.malformed()};
            List<PartitionResult> violations = new ArrayList<>();
            List<PartitionResult> unknown = new ArrayList<>();
            spill.forEachBucket(ops -> {
                Result part = check(withOps(read, ops), model, budget);
                partitions[0] += part.partitions();
                requests[0] += part.requests();
                violations.addAll(part.violations());
                unknown.addAll(part.unknown());
            });
            return result(violations, unknown, partitions[0], read.events(), requests[0], read.tornLine());
        }
    }

    private static History withOps(History read, List<History.Op> ops) {
        return new History(read.file(), ops, read.events(), read.tornLine(), read.lost(), read.lostUuids(), read.lostAll());
    }

    /** Checks the requests of one UUID (with the unregistrations of the parents it lived on). */
    static PartitionResult checkPartition(UUID uuid, List<History.Op> requests, List<History.Op> unplugs, Spec spec,
                                          long budget) {
        Map<String, Integer> parentIndex = new HashMap<>();
        for (History.Op op : requests) {
            if (op.kind() == History.Kind.CREATE) {
                parentIndex.computeIfAbsent(op.parent(), k -> parentIndex.size());
            }
        }
        List<History.Op> ops = new ArrayList<>(requests);
        for (History.Op u : unplugs) {
            if (parentIndex.containsKey(u.parent())) {
                ops.add(u);
            }
        }
        ops.sort(Comparator.comparingLong(History.Op::call));
        String[] parents = new String[parentIndex.size()];
        parentIndex.forEach((name, i) -> parents[i] = name);
        List<Spec.Compiled> compiled = new ArrayList<>();
        Set<History.Op> overlapped = overlappedSysfsEnoent(requests);
        for (History.Op op : ops) {
            Spec.Compiled c = spec.compile(op, op.parent() == null ? -1 : parentIndex.getOrDefault(op.parent(), -1),
                    duringUnplug(op, unplugs, parentIndex), overlapped.contains(op));
            if (c.shape != Spec.Shape.NO_EFFECT) {
                compiled.add(c);
            }
        }
        // an unknown outcome may have done nothing: if the rest is linearizable without them, so is the
        // whole (and a partition of thousands of unanswered calls is not cut short by the 64 slots)
        List<Spec.Compiled> known = compiled.stream().filter(c -> c.known).toList();
        if (known.size() < compiled.size()) {
            PartitionResult without = new Search(uuid, ops, known, spec, parents, budget).run();
            if (without.verdict() == Verdict.LINEARIZABLE) {
                return without;
            }
        }
        return new Search(uuid, ops, compiled, spec, parents, budget).run();
    }

    /**
     * S7: the sysfs removes answered ENOENT that another sysfs remove of the UUID overlaps (which may
     * have taken the file they found missing). One pass over the removes in call order, with the two
     * latest ends of every prefix.
     */
    static Set<History.Op> overlappedSysfsEnoent(List<History.Op> requests) {
        List<History.Op> writers = new ArrayList<>();
        for (History.Op o : requests) {
            if (o.sysfs() && o.kind() == History.Kind.REMOVE) {
                writers.add(o);
            }
        }
        Set<History.Op> out = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        if (writers.size() < 2) {
            return out;
        }
        writers.sort(Comparator.comparingLong(History.Op::call));
        int n = writers.size();
        long[] calls = new long[n];
        long[] max1 = new long[n];
        long[] max2 = new long[n];
        int[] at1 = new int[n];
        for (int i = 0; i < n; i++) {
            History.Op o = writers.get(i);
            calls[i] = o.call();
            long end = o.ret() < 0 ? Long.MAX_VALUE : o.ret();
            long m1 = i == 0 ? Long.MIN_VALUE : max1[i - 1];
            long m2 = i == 0 ? Long.MIN_VALUE : max2[i - 1];
            int a1 = i == 0 ? -1 : at1[i - 1];
            if (end >= m1) {
                m2 = m1;
                m1 = end;
                a1 = i;
            } else if (end > m2) {
                m2 = end;
            }
            max1[i] = m1;
            max2[i] = m2;
            at1[i] = a1;
        }
        for (int i = 0; i < n; i++) {
            History.Op o = writers.get(i);
            if (o.result() != dev.mdevsim.core.Errno.ENOENT || o.ret() < 0) {
                continue;
            }
            int k = lastCallAtOrBefore(calls, o.ret()); // the writers called before this one returned
            long otherEnd = at1[k] != i ? max1[k] : max2[k];
            if (k > 0 || at1[k] != i) {
                if (otherEnd >= o.call()) {
                    out.add(o);
                }
            }
        }
        return out;
    }

    private static int lastCallAtOrBefore(long[] calls, long t) {
        int lo = 0;
        int hi = calls.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (calls[mid] <= t) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /** R8: a remove answered ENODEV while a parent the UUID lived on was being unregistered (see {@link Spec}). */
    private static boolean duringUnplug(History.Op op, List<History.Op> unplugs, Map<String, Integer> parents) {
        if (op.kind() != History.Kind.REMOVE || op.result() != dev.mdevsim.core.Errno.ENODEV) {
            return false;
        }
        for (History.Op u : unplugs) {
            long end = u.known() ? u.ret() : Long.MAX_VALUE;
            if (u.kind() == History.Kind.UNREGISTER_PARENT && parents.containsKey(u.parent()) && op.call() <= end
                    && op.ret() >= u.call()) {
                return true;
            }
        }
        return false;
    }

    /** The search over one partition. */
    private static final class Search {
        private final UUID uuid;
        private final List<History.Op> ops;
        private final List<Spec.Compiled> compiled;
        private final Spec spec;
        private final String[] parents;
        private final long budget;
        private final Spec.Compiled[] slotOp = new Spec.Compiled[SLOTS];
        private final ArrayDeque<Integer> free = new ArrayDeque<>();
        private long explored;
        /** Classes of interchangeable slots (unknown outcomes of one kind, parent and shape), each ascending. */
        private final List<int[]> classes = new ArrayList<>();
        private final Map<List<Object>, Integer> classIndex = new HashMap<>();
        /** Whether a class has two slots or more: only then is there anything to merge. */
        private boolean symmetric;
        private final int[] scratchValue = new int[SLOTS];
        private final int[] scratchSlot = new int[SLOTS];

        Search(UUID uuid, List<History.Op> ops, List<Spec.Compiled> compiled, Spec spec, String[] parents, long budget) {
            this.uuid = uuid;
            this.ops = ops;
            this.compiled = compiled;
            this.spec = spec;
            this.parents = parents;
            this.budget = budget;
            for (int i = 0; i < SLOTS; i++) {
                free.add(i);
            }
        }

        /** An event: the call or the return of a compiled op. */
        private record Event(long t, boolean ret, Spec.Compiled op) {
        }

        PartitionResult run() {
            List<Event> events = new ArrayList<>(2 * compiled.size());
            for (Spec.Compiled c : compiled) {
                events.add(new Event(c.op.call(), false, c));
                if (c.known) {
                    events.add(new Event(c.op.ret(), true, c));
                }
            }
            // at equal times calls first: the intervals overlap, the more permissive reading
            events.sort(Comparator.comparingLong(Event::t).thenComparing(Event::ret));
            Configs configs = new Configs();
            configs.add(Spec.INITIAL, 0, 0);
            Map<Spec.Compiled, Integer> slots = new HashMap<>();
            for (Event e : events) {
                if (!e.ret()) {
                    Integer slot = free.poll();
                    if (slot == null) {
                        return unknown("more than " + SLOTS + " requests on this UUID pending at once"
                                + " (one whose outcome is unknown stays pending to the end)");
                    }
                    slots.put(e.op(), slot);
                    slotOp[slot] = e.op();
                    if (!e.op().known) {
                        joinClass(e.op(), slot);
                    }
                    configs = onCall(configs, slot);
                } else {
                    int slot = slots.remove(e.op());
                    Configs next = onReturn(configs, slot);
                    if (next == null) {
                        return unknown("more than " + budget + " configurations explored");
                    }
                    if (next.size() == 0) {
                        return new PartitionResult(uuid, Verdict.NOT_LINEARIZABLE, ops, e.op().op, why(e.op(), configs), explored);
                    }
                    slotOp[slot] = null;
                    free.add(slot);
                    configs = next;
                }
            }
            return new PartitionResult(uuid, Verdict.LINEARIZABLE, ops, null, "", explored);
        }

        private PartitionResult unknown(String why) {
            return new PartitionResult(uuid, Verdict.UNKNOWN, ops, null, why, explored);
        }

        /** An unknown outcome joins the class of the slots it is interchangeable with (it never leaves its slot). */
        private void joinClass(Spec.Compiled c, int slot) {
            List<Object> key = List.of(c.op.kind(), c.parent, c.shape, c.steps, c.allowed, c.goneAllows, c.needsFile);
            Integer i = classIndex.get(key);
            if (i == null) {
                classIndex.put(key, classes.size());
                classes.add(new int[] {slot});
                return;
            }
            int[] old = classes.get(i);
            int[] grown = java.util.Arrays.copyOf(old, old.length + 1);
            grown[old.length] = slot;
            java.util.Arrays.sort(grown);
            classes.set(i, grown);
            symmetric = true;
        }

        /**
         * The canonical form of configuration {@code x} ({state, p0, p1}, changed in place): in each
         * class, progress sorted ascending over the class's slots, the UUID's holder moved with its own.
         * Sound because a class's slots hold requests that will never return and act alike.
         */
        private void canon(long[] x) {
            if (!symmetric) {
                return;
            }
            long[] p = {x[1], x[2]};
            int holder = Spec.holder(x[0]);
            int newHolder = holder;
            for (int[] cl : classes) {
                int n = cl.length;
                if (n < 2) {
                    continue;
                }
                for (int i = 0; i < n; i++) { // insertion sort, stable: (progress, old slot)
                    int v = get(p, cl[i]);
                    int j = i;
                    while (j > 0 && scratchValue[j - 1] > v) {
                        scratchValue[j] = scratchValue[j - 1];
                        scratchSlot[j] = scratchSlot[j - 1];
                        j--;
                    }
                    scratchValue[j] = v;
                    scratchSlot[j] = cl[i];
                }
                for (int i = 0; i < n; i++) {
                    set(p, cl[i], scratchValue[i]);
                    if (scratchSlot[i] == holder) {
                        newHolder = cl[i];
                    }
                }
            }
            x[1] = p[0];
            x[2] = p[1];
            if (newHolder != holder) {
                x[0] = Spec.withHolder(x[0], newHolder);
            }
        }

        /** A call: the request is pending, not started; a check is satisfied if the state allows it now. */
        private Configs onCall(Configs configs, int slot) {
            Configs next = new Configs();
            Spec.Compiled c = slotOp[slot];
            long[] x = new long[3];
            for (int i = 0; i < configs.size(); i++) {
                x[0] = configs.state(i);
                x[1] = configs.p0(i);
                x[2] = configs.p1(i);
                if (c.shape == Spec.Shape.CHECK && c.allows(x[0])) {
                    long[] p = {x[1], x[2]};
                    set(p, slot, 2);
                    x[1] = p[0];
                    x[2] = p[1];
                }
                canon(x);
                next.add(x[0], x[1], x[2]);
            }
            return next;
        }

        /** A return: every configuration in which the request can get done, by any pending steps. */
        private Configs onReturn(Configs configs, int slot) {
            Configs done = new Configs();
            Configs visited = new Configs();
            ArrayDeque<long[]> stack = new ArrayDeque<>();
            for (int i = 0; i < configs.size(); i++) {
                long[] start = {configs.state(i), configs.p0(i), configs.p1(i)};
                if (visited.add(start[0], start[1], start[2])) {
                    stack.push(start);
                }
            }
            while (!stack.isEmpty()) {
                long[] x = stack.pop();
                if (++explored > budget) {
                    return null;
                }
                long[] p = {x[1], x[2]};
                if (get(p, slot) == 2) {
                    set(p, slot, 0); // done: the slot is freed; other steps can happen later
                    done.add(x[0], p[0], p[1]);
                    continue;
                }
                for (int y = 0; y < SLOTS; y++) {
                    Spec.Compiled c = slotOp[y];
                    if (c == null || (c.shape != Spec.Shape.STEPS && c.shape != Spec.Shape.STALE && c.shape != Spec.Shape.MARK)) {
                        continue;
                    }
                    int progress = get(p, y);
                    if (progress >= c.steps || (c.steps == 1 && progress == 2)) {
                        continue;
                    }
                    int stepDone = c.steps == 2 ? progress : 0;
                    int after = c.steps == 2 && progress == 0 ? 1 : 2;
                    final int yy = y;
                    spec.step(c, y, stepDone, x[0], s -> {
                        long[] q = {p[0], p[1]};
                        set(q, yy, after);
                        satisfyChecks(s, q);
                        long[] n = {s, q[0], q[1]};
                        canon(n);
                        if (visited.add(n[0], n[1], n[2])) {
                            stack.push(n);
                        }
                    });
                }
            }
            return done;
        }

        /** Marks satisfied every pending check that the state allows. */
        private void satisfyChecks(long state, long[] p) {
            for (int y = 0; y < SLOTS; y++) {
                Spec.Compiled c = slotOp[y];
                if (c != null && c.shape == Spec.Shape.CHECK && get(p, y) == 0 && c.allows(state)) {
                    set(p, y, 2);
                }
            }
        }

        /** Why no order explains the return of {@code c}, from the configurations just before it. */
        private String why(Spec.Compiled c, Configs before) {
            if (c.shape == Spec.Shape.IMPOSSIBLE) {
                return c.op.describe() + " returned " + c.op.result() + ", which the " + spec.model()
                        + " specification never allows for a " + c.op.kind();
            }
            Set<String> states = new LinkedHashSet<>();
            for (int i = 0; i < before.size(); i++) {
                states.add(Spec.describe(before.state(i), parents));
            }
            String where = states.size() == 1 ? "the UUID is " + states.iterator().next()
                    : "the UUID is one of: " + String.join("; ", states);
            return c.op.describe() + " returned " + c.op.result() + ", which needs " + needs(c) + "; in every order of the"
                    + " earlier events that the " + spec.model() + " specification allows, " + where
                    + " throughout its interval and no pending request can change that in time";
        }

        private String needs(Spec.Compiled c) {
            if (c.shape == Spec.Shape.CHECK) {
                List<String> kinds = new ArrayList<>();
                for (int k = 0; k < 4; k++) {
                    if ((c.allowed & (1 << k)) != 0) {
                        kinds.add(Spec.NAMES[k]);
                    }
                }
                return "the UUID " + String.join(" or ", kinds);
            }
            return switch (c.op.kind()) {
                case CREATE -> "the UUID absent and " + c.op.parent() + " registered when it takes effect";
                case REMOVE -> "the UUID active when it takes effect";
                default -> "its parent's mdevs not transitional when it sweeps";
            };
        }

        private static int get(long[] p, int slot) {
            return (int) ((p[slot >> 5] >>> ((slot & 31) * 2)) & 3);
        }

        private static void set(long[] p, int slot, int v) {
            int i = slot >> 5;
            int shift = (slot & 31) * 2;
            p[i] = (p[i] & ~(3L << shift)) | ((long) v << shift);
        }
    }

    /** A set of configurations (state, progress of slots 0–31, of slots 32–63), open addressing. */
    static final class Configs {
        private long[] table = new long[3 * 16];
        private boolean[] used = new boolean[16];
        private long[] order = new long[3 * 8];
        private int size;

        boolean add(long s, long p0, long p1) {
            if (2 * (size + 1) > used.length) {
                grow();
            }
            int mask = used.length - 1;
            int i = (int) (mix(s, p0, p1) & mask);
            while (used[i]) {
                if (table[3 * i] == s && table[3 * i + 1] == p0 && table[3 * i + 2] == p1) {
                    return false;
                }
                i = (i + 1) & mask;
            }
            used[i] = true;
            table[3 * i] = s;
            table[3 * i + 1] = p0;
            table[3 * i + 2] = p1;
            if (3 * (size + 1) > order.length) {
                order = java.util.Arrays.copyOf(order, order.length * 2);
            }
            order[3 * size] = s;
            order[3 * size + 1] = p0;
            order[3 * size + 2] = p1;
            size++;
            return true;
        }

        int size() {
            return size;
        }

        long state(int i) {
            return order[3 * i];
        }

        long p0(int i) {
            return order[3 * i + 1];
        }

        long p1(int i) {
            return order[3 * i + 2];
        }

        private void grow() {
            long[] oldOrder = order;
            int n = size;
            table = new long[3 * used.length * 2];
            used = new boolean[used.length * 2];
            order = new long[Math.max(oldOrder.length, 3 * used.length / 2)];
            size = 0;
            for (int i = 0; i < n; i++) {
                add(oldOrder[3 * i], oldOrder[3 * i + 1], oldOrder[3 * i + 2]);
            }
        }

        private static long mix(long a, long b, long c) {
            long h = a * 0x9E3779B97F4A7C15L ^ b * 0xC2B2AE3D27D4EB4FL ^ c * 0x165667B19E3779F9L;
            return h ^ (h >>> 29);
        }
    }
}
