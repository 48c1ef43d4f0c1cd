package dev.mdevsim.history;

import dev.mdevsim.core.Errno;
import dev.mdevsim.model.Model;

/**
 * The sequential specification of one UUID, per model: its states and what each operation, given
 * its recorded outcome, may do to them. Each request takes effect in at most two atomic steps inside
 * its call/return interval.
 *
 * <p>States: {@code absent}, {@code creating(p)}, {@code active(p)}, {@code removing(p)}, with the
 * parent {@code p} and, while transitional, the op that holds the UUID.
 *
 * <ul>
 *   <li><b>seed</b> (G3 of SEMANTICS.md). A create <em>reserves</em> ({@code absent → creating},
 *       else EEXIST) and later <em>completes</em> ({@code → active} on OK, {@code → absent} on any
 *       other errno). A remove <em>begins</em> ({@code active → removing}; ENODEV from absent;
 *       EAGAIN from creating or removing) and later <em>ends</em> ({@code → absent} on OK,
 *       {@code → active} on EBUSY).</li>
 *   <li><b>legacy</b>. Creates as in seed (its own-children check and its bus link together refuse
 *       any UUID that is not absent). A remove's list check makes ENODEV possible from absent,
 *       creating and removing (the device joins the list only when created and leaves it when its
 *       removal begins); there is no EAGAIN.</li>
 *   <li><b>global-lock</b>. Every request is one atomic step under the one lock: a create
 *       {@code absent → active} on OK; a failed create needs absent and changes nothing; EEXIST needs
 *       not absent. A remove {@code active → absent} on OK; EBUSY needs active; ENODEV needs
 *       absent; there is no EAGAIN.</li>
 *   <li>Every model: EINVAL, ENOENT and a create's ENODEV (C13, its parent is being unregistered)
 *       change nothing and are dropped. A remove answered ENODEV while a parent the UUID lived on
 *       was being unregistered (R8) may also have changed nothing. An unregistration is a
 *       <em>sweep</em> step: {@code active(p) → absent} for its parent, nothing for others.</li>
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

    static final long INITIAL = state(ABSENT, -1, -1);

    /** What an op is, for the search. */
    enum Shape {
        /** Dropped: changes nothing, whatever the state. */
        NO_EFFECT,
        /** One check that changes nothing; satisfied if the state allows it at some point while pending. */
        CHECK,
        /** One or two steps that change the state. */
        STEPS,
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

        Compiled(History.Op op, Shape shape, int parent, boolean known, int steps, int allowed) {
            this.op = op;
            this.shape = shape;
            this.parent = parent;
            this.known = known;
            this.steps = steps;
            this.allowed = allowed;
        }

        boolean allows(long state) {
            return (allowed & (1 << kind(state))) != 0;
        }
    }

    private final Model model;

    Spec(Model model) {
        this.model = model;
    }

    Model model() {
        return model;
    }

    private boolean twoStep() {
        return model != Model.GLOBAL_LOCK;
    }

    /** Compiles an op; {@code parent} is its parent's index in the partition (-1 for removes). */
    Compiled compile(History.Op op, int parent) {
        boolean known = op.known();
        Errno r = op.result();
        switch (op.kind()) {
            case CREATE -> {
                if (r == Errno.EINVAL || r == Errno.ENOENT || r == Errno.ENODEV) {
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
                if (r == Errno.ENODEV) {
                    return check(op, -1, model == Model.LEGACY ? bit(ABSENT) | bit(CREATING) | bit(REMOVING) : bit(ABSENT));
                }
                if (r == Errno.EAGAIN) {
                    return model == Model.SEED ? check(op, -1, bit(CREATING) | bit(REMOVING)) : impossible(op);
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
                return new Compiled(op, Shape.STEPS, parent, known, 1, 0);
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
        History.Op op = c.op;
        int kind = kind(s);
        switch (op.kind()) {
            case CREATE -> {
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
                if (c.steps == 1) { // global-lock
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
                        out.next(back);
                    } else {
                        out.next(op.result().isOk() ? INITIAL : back);
                    }
                }
            }
            case UNREGISTER_PARENT -> {
                if (parent(s) != c.parent || kind == ABSENT) {
                    out.next(s); // not this parent's: nothing to sweep
                } else if (kind == ACTIVE) {
                    out.next(INITIAL); // P5: swept
                }
                // transitional on this parent: the sweep waits for it
            }
            default -> {
            }
        }
    }

    /** "active on 0000:3b:00.0". */
    static String describe(long s, String[] parents) {
        int p = parent(s);
        return NAMES[kind(s)] + (kind(s) == ABSENT || p < 0 ? "" : " on " + parents[p]);
    }
}
