package dev.mdevsim.history;

import dev.mdevsim.core.Errno;
import dev.mdevsim.model.Description;
import dev.mdevsim.model.Model;

/**
 * The sequential specification of one UUID, per model: its states and what each operation, given
 * its recorded outcome, may do to them. Each request takes effect in at most two atomic steps inside
 * its call/return interval. What differs between the models is read off their
 * {@link dev.mdevsim.model.Description}.
 *
 * <p>States: {@code absent}, {@code creating(p)}, {@code active(p)}, {@code removing(p)}, with the
 * parent {@code p} and, while transitional, the op that holds the UUID (none for a device left
 * {@code removing} by R8 in linux-5.2 and linux-6.1).
 *
 * <ul>
 *   <li><b>seed</b> (G3 of SEMANTICS.md). A create <em>reserves</em> ({@code absent → creating},
 *       else EEXIST) and later <em>completes</em> ({@code → active} on OK, {@code → absent} on any
 *       other errno). A remove <em>begins</em> ({@code active → removing}; ENODEV from absent;
 *       EAGAIN from creating or removing) and later <em>ends</em> ({@code → absent} on OK,
 *       {@code → active} on EBUSY).</li>
 *   <li><b>linux-5.2, linux-6.1</b>: as seed, but a removal cannot be refused: a remove always ends
 *       {@code → absent}, and EBUSY is impossible (G3 of "Later kernels"). A create's ENODEV (the
 *       {@code unreg_sem} trylock, after the reservation) is a failed create. A remove's ENODEV while
 *       its parent is being unregistered (R8) either finds the UUID absent or takes it
 *       {@code active → removing} with no op holding it, for the unregistration's sweep.</li>
 *   <li><b>legacy</b>. Creates as in seed (its own-children check and its bus link together refuse
 *       any UUID that is not absent). A remove's list check makes ENODEV possible from absent,
 *       creating and removing (the device joins the list only when created and leaves it when its
 *       removal begins); there is no EAGAIN.</li>
 *   <li><b>global-lock</b>. Every request is one atomic step under the one lock: a create
 *       {@code absent → active} on OK; a failed create needs absent and changes nothing; EEXIST needs
 *       not absent. A remove {@code active → absent} on OK; EBUSY needs active; ENODEV needs
 *       absent; there is no EAGAIN.</li>
 *   <li>Every model: EINVAL, ENOENT and (where the parent's phase is checked at entry) a create's
 *       ENODEV change nothing and are dropped. There, a remove answered ENODEV while a parent the UUID
 *       lived on was being unregistered (R8) may also have changed nothing. An unregistration is a
 *       <em>sweep</em> step: {@code active(p) → absent} (and an R8-stale {@code removing(p) → absent})
 *       for its parent, nothing for others.</li>
 *   <li>An unknown outcome (ETIMEDOUT, or no return) may take any prefix of its steps, with any
 *       result, at any time after its call, or none.</li>
 * </ul>
 */
final class Spec {

    static final int ABSENT = 0;
    static final int CREATING = 1;
    static final int ACTIVE = 2;
    static final int REMOVING = 3;
    static final String[] NAMES = {"absent", "creating", "active", "removing"};

    /** State encoding: kind in 2 bits, parent + 1 in 20 bits, holder slot + 1 in 8 bits. */
    static long state(int kind, int parent, int holder) {
        return kind | ((long) (parent + 1) << 2) | ((long) (holder + 1) << 22);
    }

    static int kind(long s) {
        return (int) (s & 3);
    }

    static int parent(long s) {
        return (int) ((s >>> 2) & 0xFFFFF) - 1;
    }

    static int holder(long s) {
        return (int) ((s >>> 22) & 0xFF) - 1;
    }

    /** {@code s} held by slot {@code holder} instead (-1: by none); the rest unchanged. */
    static long withHolder(long s, int holder) {
        return (s & ~(0xFFL << 22)) | ((long) (holder + 1) << 22);
    }

    /** Bit 30: (linux-5.2, linux-6.1) a failed sysfs remove took this device's {@code remove} file for good (S9). */
    static final long GONE = 1L << 30;

    static boolean gone(long s) {
        return (s & GONE) != 0;
    }

    /**
     * Bits 31–62: the parents (the partition's first 32) whose unregistration has completed and which
     * have not been registered again: a create on one cannot succeed (C2: ENOENT).
     */
    static final long UNPLUGGED = ~((1L << 31) - 1) & Long.MAX_VALUE;

    static boolean unplugged(long s, int parent) {
        return parent >= 0 && parent < 32 && (s & (1L << (31 + parent))) != 0;
    }

    private static long unplug(long s, int parent, boolean gone) {
        if (parent < 0 || parent >= 32) {
            return s;
        }
        long bit = 1L << (31 + parent);
        return gone ? s | bit : s & ~bit;
    }

    /**
     * {@code to}, keeping {@code from}'s unplugged parents and, while the device lives on, its missing
     * remove file (cleared when it is absent). A parent's (un)registration sets its own bits in {@code to}.
     */
    private static long keep(long from, long to, boolean parentStep) {
        long low = to & ~UNPLUGGED;
        long parents = parentStep ? to & UNPLUGGED : from & UNPLUGGED;
        return (kind(to) == ABSENT ? low & ~GONE : low | (from & GONE)) | parents;
    }

    static final long INITIAL = state(ABSENT, -1, -1);

    /** What an op is, for the search. */
    enum Shape {
        /** Dropped: changes nothing, whatever the state. */
        NO_EFFECT,
        /** One check that changes nothing; satisfied if the state allows it at some point while pending. */
        CHECK,
        /** One or two steps that change the state. */
        STEPS,
        /** linux-5.2, linux-6.1 R8: a remove's ENODEV during its parent's unregistration: one step. */
        STALE,
        /** linux-5.2, linux-6.1 S9: a sysfs remove answered EAGAIN: one check that also takes the remove file. */
        MARK,
        /** No state allows this outcome (EAGAIN outside seed, an errno a remove never returns). */
        IMPOSSIBLE
    }

    /** An op of a partition, compiled for the search. */
    static final class Compiled {
        final History.Op op;
        final Shape shape;
        final int parent;
        final boolean known;
        final int steps;
        /** CHECK: the kinds that satisfy it, as a bit set over ABSENT..REMOVING. */
        final int allowed;
        /** CHECK: also satisfied by any state whose remove file is gone (a sysfs ENOENT, S9). */
        final boolean goneAllows;
        /** A sysfs remove that found its file (any answer but ENOENT): never where the file is gone (S9). */
        boolean needsFile;

        Compiled(History.Op op, Shape shape, int parent, boolean known, int steps, int allowed) {
            this(op, shape, parent, known, steps, allowed, false);
        }

        Compiled(History.Op op, Shape shape, int parent, boolean known, int steps, int allowed, boolean goneAllows) {
            this.op = op;
            this.shape = shape;
            this.parent = parent;
            this.known = known;
            this.steps = steps;
            this.allowed = allowed;
            this.goneAllows = goneAllows;
        }

        boolean allows(long state) {
            if (needsFile && gone(state)) {
                return false;
            }
            return (allowed & (1 << kind(state))) != 0 || (goneAllows && gone(state));
        }
    }

    private final Model model;
    private final Description rules;

    Spec(Model model) {
        this.model = model;
        this.rules = model.description();
    }

    Model model() {
        return model;
    }

    private boolean twoStep() {
        return !rules.atomicRequests();
    }

    /**
     * Compiles an op; {@code parent} is its parent's index in the partition (-1 for removes);
     * {@code duringUnplug}: a remove answered while a parent the UUID lived on was being unregistered;
     * {@code otherWriter}: a sysfs remove overlapped by another sysfs remove of the UUID (which may
     * have taken the file it found missing).
     */
    Compiled compile(History.Op op, int parent, boolean duringUnplug, boolean otherWriter) {
        boolean sysfsRemove = op.sysfs() && op.kind() == History.Kind.REMOVE && op.known();
        Compiled c = sysfsRemove ? sysfsRemove(op, duringUnplug, otherWriter) : null;
        if (c == null) {
            c = compile(op, parent, duringUnplug);
        }
        if (sysfsRemove && op.result() != Errno.ENOENT && !rules.sysfs().recreatesRemove()) {
            c.needsFile = true; // the write took the file, so it was there
        }
        return c;
    }

    /**
     * What a sysfs remove's answer needs, where it differs from the function's (the S rows): ENOENT is
     * a missing file (absent, a creating device in a kernel whose remove file comes after the vendor op,
     * a device being removed, or one whose file a failed write took for good); from 5.2 on, EAGAIN and
     * an R8 ENODEV take the file for good (S9). Null: as the function's answer.
     */
    private Compiled sysfsRemove(History.Op op, boolean duringUnplug, boolean otherWriter) {
        boolean keepsFile = rules.sysfs().recreatesRemove();
        switch (op.result()) {
            case ENOENT -> {
                if (otherWriter) {
                    return new Compiled(op, Shape.NO_EFFECT, -1, true, 0, 0);
                }
                boolean fileWhileCreating = rules.sysfs() == dev.mdevsim.model.SysfsTimeline.ADD_BEFORE_PROBE;
                int allowed = bit(ABSENT) | bit(REMOVING) | (fileWhileCreating ? 0 : bit(CREATING));
                return new Compiled(op, Shape.CHECK, -1, true, 1, allowed, !keepsFile);
            }
            case EAGAIN -> {
                return rules.answersEagain() && !keepsFile ? new Compiled(op, Shape.MARK, -1, true, 1, 0) : null;
            }
            default -> {
                return null;
            }
        }
    }

    /** Compiles an op as a call of the kernel functions. */
    Compiled compile(History.Op op, int parent, boolean duringUnplug) {
        boolean known = op.known();
        Errno r = op.result();
        boolean trylock = rules.gate() == Description.Gate.UNREG_SEM;
        switch (op.kind()) {
            case CREATE -> {
                if (r == Errno.EINVAL || r == Errno.ENOENT || (r == Errno.ENODEV && !trylock)) {
                    return new Compiled(op, Shape.NO_EFFECT, parent, true, 0, 0);
                }
                if (r == Errno.EEXIST) {
                    return check(op, parent, bit(CREATING) | bit(ACTIVE) | bit(REMOVING));
                }
                if (!twoStep() && known && !r.isOk()) {
                    return check(op, parent, bit(ABSENT)); // global-lock: failed atomically
                }
                return new Compiled(op, Shape.STEPS, parent, known, twoStep() ? 2 : 1, 0);
            }
            case REMOVE -> {
                if (r == Errno.EINVAL) {
                    return new Compiled(op, Shape.NO_EFFECT, -1, true, 0, 0);
                }
                if (!known) {
                    return new Compiled(op, Shape.STEPS, -1, false, twoStep() ? 2 : 1, 0);
                }
                if (r == Errno.ENODEV && duringUnplug) {
                    return trylock ? new Compiled(op, Shape.STALE, -1, true, 1, 0) // R8: maybe left removing
                            : new Compiled(op, Shape.NO_EFFECT, -1, true, 0, 0); // R8: may have done nothing
                }
                if (r == Errno.ENODEV) {
                    return check(op, -1, rules.listing() == Description.Listing.WHEN_CREATED
                            ? bit(ABSENT) | bit(CREATING) | bit(REMOVING) : bit(ABSENT));
                }
                if (r == Errno.EAGAIN) {
                    return rules.answersEagain() ? check(op, -1, bit(CREATING) | bit(REMOVING)) : impossible(op);
                }
                if (r == Errno.EBUSY && rules.removeFailure() != Description.RemoveFailure.REFUSED) {
                    return impossible(op); // a removal cannot be refused (5.2, 6.1)
                }
                if (r == Errno.EBUSY && !twoStep()) {
                    return check(op, -1, bit(ACTIVE));
                }
                if (r.isOk() || r == Errno.EBUSY) {
                    return new Compiled(op, Shape.STEPS, -1, true, twoStep() ? 2 : 1, 0);
                }
                return impossible(op);
            }
            case UNREGISTER_PARENT -> {
                if (known && !r.isOk()) {
                    return new Compiled(op, Shape.NO_EFFECT, parent, true, 0, 0); // P4: nothing was unregistered
                }
                // with unreg_sem a remove that reaches a device being swept meets it removing (EAGAIN): two steps
                return new Compiled(op, Shape.STEPS, parent, known, trylock ? 2 : 1, 0);
            }
            case REGISTER_PARENT -> {
                return known && !r.isOk() ? new Compiled(op, Shape.NO_EFFECT, parent, true, 0, 0)
                        : new Compiled(op, Shape.STEPS, parent, known, 1, 0); // P1: its creates may succeed again
            }
            default -> {
                return new Compiled(op, Shape.NO_EFFECT, parent, true, 0, 0);
            }
        }
    }

    private static Compiled check(History.Op op, int parent, int allowed) {
        return new Compiled(op, Shape.CHECK, parent, true, 1, allowed);
    }

    private static Compiled impossible(History.Op op) {
        return new Compiled(op, Shape.IMPOSSIBLE, -1, true, 1, 0);
    }

    private static int bit(int kind) {
        return 1 << kind;
    }

    /** Receives the possible results of one step. */
    interface Successors {
        void next(long state);
    }

    /**
     * The possible states after step {@code done + 1} of {@code c} (held in {@code slot}) from
     * {@code s}; nothing when that step cannot happen in {@code s}.
     */
    void step(Compiled c, int slot, int done, long s, Successors out) {
        boolean parentStep = c.op.kind() == History.Kind.UNREGISTER_PARENT || c.op.kind() == History.Kind.REGISTER_PARENT;
        step0(c, slot, done, s, t -> out.next(keep(s, t, parentStep)));
    }

    private void step0(Compiled c, int slot, int done, long s, Successors out) {
        History.Op op = c.op;
        int kind = kind(s);
        if (c.needsFile && done == 0 && gone(s)) {
            return; // S9: no file to write, so no removal
        }
        switch (op.kind()) {
            case CREATE -> {
                if (done == 0 && unplugged(s, c.parent)) {
                    return; // its parent is gone (C2): the create cannot take effect
                }
                if (c.steps == 1) { // global-lock
                    if (kind == ABSENT) {
                        out.next(state(ACTIVE, c.parent, -1));
                    }
                } else if (done == 0) {
                    if (kind == ABSENT) {
                        out.next(state(CREATING, c.parent, slot)); // reserve
                    }
                } else if (kind == CREATING && holder(s) == slot) { // complete
                    if (!c.known) {
                        out.next(state(ACTIVE, c.parent, -1));
                        out.next(INITIAL);
                    } else {
                        out.next(op.result().isOk() ? state(ACTIVE, c.parent, -1) : INITIAL);
                    }
                }
            }
            case REMOVE -> {
                if (c.shape == Shape.MARK) { // S9: EAGAIN, and the remove file is gone for good
                    if (kind == CREATING || kind == REMOVING) {
                        out.next(s | GONE);
                    }
                } else if (c.shape == Shape.STALE) { // R8 with unreg_sem: found absent, or active cleared and left
                    if (kind == ABSENT) {
                        out.next(s);
                    } else if (kind == ACTIVE) {
                        out.next(state(REMOVING, parent(s), -1) | (op.sysfs() ? GONE : 0));
                    }
                } else if (c.steps == 1) { // global-lock
                    if (kind == ACTIVE) {
                        out.next(INITIAL);
                    }
                } else if (done == 0) {
                    if (kind == ACTIVE) {
                        out.next(state(REMOVING, parent(s), slot)); // begin
                    }
                } else if (kind == REMOVING && holder(s) == slot) { // end
                    long back = state(ACTIVE, parent(s), -1);
                    if (!c.known) {
                        out.next(INITIAL);
                        if (rules.removeFailure() == Description.RemoveFailure.REFUSED) {
                            out.next(back);
                        }
                    } else {
                        out.next(op.result().isOk() ? INITIAL : back);
                    }
                }
            }
            case UNREGISTER_PARENT -> {
                boolean sweepable = parent(s) == c.parent && (kind == ACTIVE || (kind == REMOVING && holder(s) < 0));
                boolean last = c.steps == 1 || done == 1; // then the parent is gone, until registered again
                if (c.steps == 2 && done == 1) { // the sweep's removal ends
                    out.next(unplug(kind == REMOVING && holder(s) == slot ? INITIAL | (s & UNPLUGGED) : s, c.parent, true));
                } else if (parent(s) != c.parent || kind == ABSENT) {
                    out.next(unplug(s, c.parent, last)); // not this parent's: nothing to sweep
                } else if (sweepable) {
                    // P5: swept (an R8-stale removing device too); in two steps, removing in between
                    out.next(c.steps == 2 ? state(REMOVING, parent(s), slot) | (s & UNPLUGGED) : unplug(INITIAL | (s & UNPLUGGED), c.parent, true));
                }
                // transitional on this parent: the sweep waits for it
            }
            case REGISTER_PARENT -> out.next(unplug(s, c.parent, false));
            default -> {
            }
        }
    }

    /**
     * "active on 0000:3b:00.0" (", its remove file gone" after S9; ", with 0000:3b:00.0 unregistered"
     * for each parent of the partition whose unregistration has completed, C2).
     */
    static String describe(long s, String[] parents) {
        int p = parent(s);
        StringBuilder b = new StringBuilder(NAMES[kind(s)]).append(kind(s) == ABSENT || p < 0 ? "" : " on " + parents[p])
                .append(gone(s) ? ", its remove file gone" : "");
        for (int i = 0; i < parents.length; i++) {
            if (unplugged(s, i)) {
                b.append(", with ").append(parents[i]).append(" unregistered");
            }
        }
        return b.toString();
    }
}
