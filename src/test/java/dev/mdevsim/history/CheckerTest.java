package dev.mdevsim.history;

import static dev.mdevsim.core.Errno.EAGAIN;
import static dev.mdevsim.core.Errno.EBUSY;
import static dev.mdevsim.core.Errno.EEXIST;
import static dev.mdevsim.core.Errno.EINVAL;
import static dev.mdevsim.core.Errno.EIO;
import static dev.mdevsim.core.Errno.ENODEV;
import static dev.mdevsim.core.Errno.ENOENT;
import static dev.mdevsim.core.Errno.ENOSPC;
import static dev.mdevsim.core.Errno.ETIMEDOUT;
import static dev.mdevsim.core.Errno.OK;
import static dev.mdevsim.history.Histories.U;
import static dev.mdevsim.history.Histories.V;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mdevsim.model.Model;
import org.junit.jupiter.api.Test;

/**
 * Hand-written histories: each way to be wrong is rejected naming the right partition and request;
 * histories that are linearizable only thanks to concurrency are accepted. Times in ms.
 */
class CheckerTest {

    static void linearizable(Histories h, Model model) {
        Checker.Result r = h.check(model);
        assertEquals(Checker.Verdict.LINEARIZABLE, r.verdict(),
                () -> r.violations().isEmpty() ? r.toString() : r.violations().get(0).why());
    }

    /**
     * Not linearizable: the violation is in {@code uuid}'s partition, at the request with id {@code opId}:
     * the first return that no order explains (of two conflicting requests, the one returning later).
     */
    static Checker.PartitionResult rejected(Histories h, Model model, java.util.UUID uuid, long opId) {
        Checker.Result r = h.check(model);
        assertEquals(Checker.Verdict.NOT_LINEARIZABLE, r.verdict());
        Checker.PartitionResult p = r.violations().get(0);
        assertEquals(uuid, p.uuid());
        assertEquals(opId, p.failing().id(), p.why());
        return p;
    }

    // ---- ways to be wrong (seed, G3) ----

    @Test
    void twoOverlappingCreatesBothOK_rejected_G3() {
        Histories h = new Histories()
                .create(1, "P1", U, 0, 10, OK)
                .create(2, "P2", U, 5, 15, OK)
                .create(3, "P1", V, 0, 1, OK); // another UUID, fine
        Checker.PartitionResult p = rejected(h, Model.SEED, U, 2);
        assertTrue(p.why().contains("needs the UUID absent"), p.why());
        assertTrue(p.why().contains("active on P1"), p.why());
    }

    @Test
    void eagainWithNoConcurrentCreateOrRemove_rejected_R5() {
        Histories h = new Histories()
                .create(1, "P1", U, 0, 10, OK)
                .remove(2, U, 20, 30, EAGAIN);
        Checker.PartitionResult p = rejected(h, Model.SEED, U, 2);
        assertTrue(p.why().contains("needs the UUID creating or removing"), p.why());
        assertTrue(p.why().contains("active on P1"), p.why());
    }

    @Test
    void enodevAfterCreateOKAndBeforeAnyRemove_rejected_R2() {
        Histories h = new Histories()
                .create(1, "P1", U, 0, 10, OK)
                .remove(2, U, 20, 30, ENODEV);
        rejected(h, Model.SEED, U, 2);
    }

    @Test
    void removeOKOfAUuidNeverCreated_rejected_R3() {
        Histories h = new Histories()
                .create(1, "P1", V, 0, 10, OK)
                .remove(2, U, 20, 30, OK);
        rejected(h, Model.SEED, U, 2);
    }

    @Test
    void createOKAfterRemoveOKWithASecondCreateOverlapping_rejected_G2() {
        Histories h = new Histories()
                .create(1, "P1", U, 0, 10, OK)
                .remove(1, U, 20, 30, OK)
                .create(2, "P1", U, 40, 50, OK)
                .create(3, "P2", U, 45, 55, OK);
        rejected(h, Model.SEED, U, 4);
    }

    @Test
    void eexistWithNothingThere_rejected_C3() {
        rejected(new Histories().create(1, "P1", U, 0, 10, EEXIST), Model.SEED, U, 1);
    }

    @Test
    void eexistAfterTheRemovalCompleted_rejected_C7() {
        Histories h = new Histories()
                .create(1, "P1", U, 0, 10, OK)
                .remove(1, U, 20, 30, OK)
                .create(2, "P1", U, 40, 50, EEXIST);
        rejected(h, Model.SEED, U, 3);
    }

    @Test
    void removeOKTwice_rejected_R3() {
        Histories h = new Histories()
                .create(1, "P1", U, 0, 10, OK)
                .remove(1, U, 20, 30, OK)
                .remove(2, U, 40, 50, OK);
        rejected(h, Model.SEED, U, 3);
    }

    @Test
    void ebusyForAnAbsentUuid_rejected_R4() {
        rejected(new Histories().remove(1, U, 0, 10, EBUSY), Model.SEED, U, 1);
    }

    @Test
    void failedCreateThenRemoveOK_rejected_C9() {
        Histories h = new Histories()
                .create(1, "P1", U, 0, 10, EIO)
                .remove(2, U, 20, 30, OK);
        rejected(h, Model.SEED, U, 2);
    }

    @Test
    void eagainJustAfterTheCreateReturned_rejected_R5() {
        Histories h = new Histories()
                .create(1, "P1", U, 0, 10, OK)
                .remove(1, U, 11, 12, EAGAIN);
        rejected(h, Model.SEED, U, 2);
    }

    @Test
    void removeOKWhileAnotherRemovalOfItOverlaps_rejected_R6() {
        Histories h = new Histories()
                .create(1, "P1", U, 0, 10, OK)
                .remove(2, U, 20, 40, OK)
                .remove(3, U, 25, 35, OK);
        rejected(h, Model.SEED, U, 2);
    }

    // ---- linearizable only thanks to concurrency ----

    @Test
    void eagainDuringAnOverlappingCreate_accepted_R5() {
        linearizable(new Histories()
                .create(1, "P1", U, 0, 20, OK)
                .remove(2, U, 5, 10, EAGAIN), Model.SEED);
    }

    @Test
    void eexistDuringAnOverlappingRemove_accepted_C7() {
        linearizable(new Histories()
                .create(1, "P1", U, 0, 5, OK)
                .remove(1, U, 10, 30, OK)
                .create(2, "P2", U, 15, 20, EEXIST), Model.SEED);
    }

    @Test
    void eagainDuringAnOverlappingRemove_accepted_R6() {
        linearizable(new Histories()
                .create(1, "P1", U, 0, 5, OK)
                .remove(1, U, 10, 30, OK)
                .remove(2, U, 12, 14, EAGAIN), Model.SEED);
    }

    @Test
    void enodevBeforeAnOverlappingCreateTookEffect_accepted_R2() {
        linearizable(new Histories()
                .create(1, "P1", U, 0, 20, OK)
                .remove(2, U, 1, 2, ENODEV), Model.SEED);
    }

    @Test
    void createAfterAnOverlappingRemoveCompleted_accepted_G5() {
        linearizable(new Histories()
                .create(1, "P1", U, 0, 5, OK)
                .remove(1, U, 10, 20, OK)
                .create(2, "P2", U, 15, 25, OK), Model.SEED);
    }

    @Test
    void refusedRemovalThenEexistAndRemoveAgain_accepted_R4() {
        linearizable(new Histories()
                .create(1, "P1", U, 0, 5, OK)
                .remove(1, U, 10, 20, EBUSY)
                .create(2, "P2", U, 30, 40, EEXIST)
                .remove(2, U, 50, 60, OK), Model.SEED);
    }

    @Test
    void failedCreatesFreeTheUuid_accepted_C9_C10() {
        linearizable(new Histories()
                .create(1, "P1", U, 0, 5, ENOSPC)
                .create(2, "P1", U, 10, 15, EIO)
                .create(3, "P2", U, 20, 25, OK), Model.SEED);
    }

    @Test
    void inputsThatChangeNothing_ignored_C1_C2_C13() {
        linearizable(new Histories()
                .create(1, "P9", U, 0, 5, ENOENT)
                .create(1, "P1", U, 10, 15, ENODEV)
                .remove(1, U, 20, 25, EINVAL)
                .create(2, "P1", U, 30, 35, OK), Model.SEED);
    }

    @Test
    void timedOutCreate_mayHaveReservedForever_accepted() {
        // a hung vendor op: the create timed out, the UUID stays reserved
        linearizable(new Histories()
                .create(1, "P1", U, 0, 10, ETIMEDOUT)
                .create(2, "P2", U, 20, 30, EEXIST)
                .remove(3, U, 40, 50, EAGAIN), Model.SEED);
    }

    @Test
    void timedOutCreate_mayHaveDoneNothing_accepted() {
        linearizable(new Histories()
                .create(1, "P1", U, 0, 10, ETIMEDOUT)
                .create(2, "P2", U, 20, 30, OK)
                .remove(2, U, 40, 50, OK), Model.SEED);
    }

    @Test
    void missingReturn_isAnUnknownOutcome() {
        linearizable(new Histories()
                .create(1, "P1", U, 0, 0, null)
                .remove(2, U, 20, 30, OK), Model.SEED); // the create took effect and completed at some point
    }

    @Test
    void unknownOutcome_stillCannotExplainTheImpossible() {
        Histories h = new Histories()
                .create(1, "P1", U, 50, 0, null) // called after the remove returned: too late
                .remove(2, U, 20, 30, OK);
        rejected(h, Model.SEED, U, 2);
    }

    // ---- unregistration (P5, C13, R8) ----

    @Test
    void unregisterSweepsItsParentsMdevs_accepted_P5() {
        linearizable(new Histories()
                .create(1, "P1", U, 0, 10, OK)
                .unregister("P1", 20, 40, OK)
                .remove(2, U, 25, 30, ENODEV) // R8: during the unregistration
                .create(3, "P2", U, 50, 60, OK), Model.SEED);
    }

    @Test
    void withoutTheUnregistration_theSameIsRejected() {
        rejected(new Histories()
                .create(1, "P1", U, 0, 10, OK)
                .create(3, "P2", U, 50, 60, OK), Model.SEED, U, 2);
    }

    @Test
    void unregisterOfAnotherParent_doesNotSweepThisUuid() {
        rejected(new Histories()
                .create(1, "P1", U, 0, 10, OK)
                .create(2, "P2", V, 0, 10, OK)
                .unregister("P2", 20, 40, OK)
                .create(3, "P2", U, 50, 60, OK), Model.SEED, U, 4);
    }

    // ---- legacy and global-lock ----

    @Test
    void legacy_eagainAnywhere_rejected() {
        Histories h = new Histories()
                .create(1, "P1", U, 0, 20, OK)
                .remove(2, U, 5, 10, EAGAIN);
        Checker.PartitionResult p = rejected(h, Model.LEGACY, U, 2);
        assertTrue(p.why().contains("never allows"), p.why());
    }

    @Test
    void legacy_enodevOverlappingAnUnfinishedCreate_accepted_R5() {
        linearizable(new Histories()
                .create(1, "P1", U, 0, 20, OK)
                .remove(2, U, 5, 10, ENODEV), Model.LEGACY);
    }

    @Test
    void legacy_enodevDuringARemoval_accepted_R6() {
        linearizable(new Histories()
                .create(1, "P1", U, 0, 5, OK)
                .remove(1, U, 10, 30, OK)
                .remove(2, U, 12, 14, ENODEV), Model.LEGACY);
    }

    @Test
    void legacy_enodevWhileActive_rejected() {
        rejected(new Histories()
                .create(1, "P1", U, 0, 20, OK)
                .remove(2, U, 30, 40, ENODEV), Model.LEGACY, U, 2);
    }

    @Test
    void globalLock_removeOverlappingACreateWaitsAndSucceeds_accepted_R5() {
        linearizable(new Histories()
                .create(1, "P1", U, 0, 20, OK)
                .remove(2, U, 5, 30, OK), Model.GLOBAL_LOCK);
    }

    @Test
    void globalLock_eagain_rejected() {
        rejected(new Histories()
                .create(1, "P1", U, 0, 20, OK)
                .remove(2, U, 5, 10, EAGAIN), Model.GLOBAL_LOCK, U, 2);
    }

    @Test
    void globalLock_eexistNeedsItThere_butNoTransitionalState() {
        linearizable(new Histories()
                .create(1, "P1", U, 0, 20, OK)
                .create(2, "P2", U, 5, 25, EEXIST), Model.GLOBAL_LOCK);
        rejected(new Histories()
                .create(1, "P1", U, 0, 20, EIO)
                .create(2, "P2", U, 5, 25, EEXIST), Model.GLOBAL_LOCK, U, 2); // seed would accept: reserved while failing
        linearizable(new Histories()
                .create(1, "P1", U, 0, 20, EIO)
                .create(2, "P2", U, 5, 25, EEXIST), Model.SEED);
    }

    // ---- linux-5.2 and linux-6.1 (G3 of "Later kernels": removes always end absent) ----

    @Test
    void laterKernels_ebusy_rejected_R4() {
        Histories h = new Histories()
                .create(1, "P1", U, 0, 10, OK)
                .remove(2, U, 20, 30, EBUSY);
        linearizable(h, Model.SEED);
        for (Model m : java.util.List.of(Model.LINUX_5_2, Model.LINUX_6_1)) {
            Checker.PartitionResult p = rejected(h, m, U, 2);
            assertTrue(p.why().contains("never allows"), p.why());
        }
    }

    @Test
    void laterKernels_aTimedOutRemoveNeverLeavesItActive_R4() {
        Histories h = new Histories()
                .create(1, "P1", U, 0, 10, OK)
                .remove(2, U, 20, 30, ETIMEDOUT)
                .remove(3, U, 40, 50, OK); // only if the unknown remove was refused (or did nothing)
        linearizable(h, Model.SEED);
        linearizable(h, Model.LINUX_6_1); // it may have done nothing at all
        Histories removed = new Histories()
                .create(1, "P1", U, 0, 10, OK)
                .remove(2, U, 20, 30, ETIMEDOUT)
                .remove(3, U, 32, 34, EAGAIN) // so it began: the UUID was removing
                .remove(4, U, 40, 50, OK); // seed: refused, active again; 6.1: absent or still removing
        linearizable(removed, Model.SEED);
        rejected(removed, Model.LINUX_6_1, U, 4);
    }

    @Test
    void laterKernels_eagainAsInSeed_accepted_R5_R6() {
        for (Model m : java.util.List.of(Model.LINUX_5_2, Model.LINUX_6_1)) {
            linearizable(new Histories()
                    .create(1, "P1", U, 0, 20, OK)
                    .remove(2, U, 5, 10, EAGAIN), m);
            rejected(new Histories()
                    .create(1, "P1", U, 0, 10, OK)
                    .remove(2, U, 20, 30, EAGAIN), m, U, 2);
        }
    }

    /** R8 with unreg_sem: the ENODEV cleared active; a later remove then sees removing (EAGAIN) until the sweep. */
    @Test
    void laterKernels_r8LeavesItRemoving_thenEagainUntilTheSweep() {
        Histories h = new Histories()
                .create(1, "P1", U, 0, 10, OK)
                .unregister("P1", 20, 60, OK)
                .remove(2, U, 25, 30, ENODEV)
                .remove(3, U, 35, 40, EAGAIN)
                .create(4, "P2", U, 70, 80, OK);
        linearizable(h, Model.LINUX_5_2);
        linearizable(h, Model.LINUX_6_1);
        rejected(h, Model.SEED, U, 4); // seed: R8 changes nothing, the mdev stays active (ids count the unregistration)
    }

    /** P5 with unreg_sem: removes still reach the parent while it sweeps, and meet its mdevs removing. */
    @Test
    void laterKernels_eagainDuringTheSweep_accepted_P5() {
        Histories h = new Histories()
                .create(1, "P1", U, 0, 10, OK)
                .unregister("P1", 20, 60, OK)
                .remove(2, U, 30, 35, EAGAIN)
                .create(3, "P2", U, 70, 80, OK);
        linearizable(h, Model.LINUX_5_2);
        linearizable(h, Model.LINUX_6_1);
        rejected(h, Model.SEED, U, 3); // seed answers removes of an unregistering parent at entry (ids count the unregistration)
    }

    @Test
    void laterKernels_createEnodevIsAFailedCreate_C13() {
        Histories h = new Histories()
                .create(1, "P2", U, 0, 10, OK)
                .unregister("P1", 20, 60, OK)
                .create(2, "P1", U, 25, 30, ENODEV); // 5.2: after the duplicate check, which U, live on P2, fails
        linearizable(h, Model.SEED); // seed checks the parent at entry: nothing is said about the UUID
        rejected(h, Model.LINUX_5_2, U, 3); // (ids count the unregistration)
    }

    // ---- writes to sysfs remove files ("via":"sysfs", the S rows) ----

    @Test
    void sysfs_enoentOfAnActiveUuidNobodyElseWrites_rejected_S5() {
        Histories h = new Histories()
                .create(1, "P1", U, 0, 10, OK)
                .sysfsRemove(2, U, 20, 30, ENOENT);
        for (Model m : Model.values()) {
            rejected(h, m, U, 2);
        }
    }

    @Test
    void sysfs_enoentDuringTheVendorOp_acceptedExceptIn61_S6() {
        Histories h = new Histories()
                .create(1, "P1", U, 0, 20, OK)
                .sysfsRemove(2, U, 5, 10, ENOENT);
        for (Model m : java.util.List.of(Model.SEED, Model.LEGACY, Model.GLOBAL_LOCK, Model.LINUX_5_2)) {
            linearizable(h, m);
        }
        linearizable(h, Model.LINUX_6_1); // the create may not have reserved yet
        Histories creating = new Histories()
                .create(1, "P1", U, 0, 30, OK)
                .remove(2, U, 2, 4, EAGAIN) // the function: so it was creating by then
                .sysfsRemove(3, U, 5, 10, ENOENT);
        linearizable(creating, Model.SEED);
        rejected(creating, Model.LINUX_6_1, U, 3); // the remove file exists from before the probe: EAGAIN
    }

    @Test
    void sysfs_anotherWriterMayHaveTakenTheFile_accepted_S7() {
        linearizable(new Histories()
                .create(1, "P1", U, 0, 10, OK)
                .sysfsRemove(2, U, 20, 40, OK)
                .sysfsRemove(3, U, 25, 30, ENOENT), Model.SEED);
    }

    /** S9: from 5.2 on a failed write leaves the mdev without its remove file: a later write is ENOENT while it is active. */
    @Test
    void sysfs_afterAnEagain_enoentWhileActive_onlyFrom52_S9() {
        Histories h = new Histories()
                .create(1, "P1", U, 0, 20, OK)
                .sysfsRemove(2, U, 5, 10, EAGAIN)
                .sysfsRemove(3, U, 30, 40, ENOENT);
        linearizable(h, Model.LINUX_5_2);
        linearizable(h, Model.LINUX_6_1);
        rejected(h, Model.SEED, U, 3); // re-created: the write would have removed it
        Histories recreated = new Histories()
                .create(1, "P1", U, 0, 20, OK)
                .sysfsRemove(2, U, 5, 10, EAGAIN)
                .sysfsRemove(3, U, 30, 40, OK);
        linearizable(recreated, Model.SEED);
        rejected(recreated, Model.LINUX_6_1, U, 3);
    }

    // ---- parents that are gone (issue 14) ----

    @Test
    void createOkOnAParentAfterItsUnregistrationReturned_rejected_C2_P5() {
        Histories h = new Histories()
                .create(1, "P1", V, 0, 5, OK)
                .unregister("P1", 10, 20, OK)
                .create(2, "P1", U, 30, 40, OK);
        for (Model m : Model.values()) {
            rejected(h, m, U, 3);
        }
    }

    @Test
    void createOkOnAParentRegisteredAgain_accepted_P1() {
        linearizable(new Histories()
                .unregister("P1", 10, 20, OK)
                .register("P1", 25, 28, OK)
                .create(2, "P1", U, 30, 40, OK), Model.SEED);
        linearizable(new Histories()
                .unregister("P1", 10, 20, OK)
                .create(2, "P1", U, 15, 40, OK), Model.SEED); // overlapping the unregistration: it may have come first
        linearizable(new Histories()
                .unregister("P1", 10, 20, ENODEV) // P4: it was not registered; nothing happened
                .create(2, "P1", U, 30, 40, OK), Model.SEED);
    }

    @Test
    void manyCallsWithoutReturns_areTriviallyLinearizable() {
        Histories h = new Histories();
        for (int i = 0; i < 2000; i++) {
            h.create(i, "P1", U, i, 0, null);
        }
        linearizable(h, Model.SEED);
    }

    /**
     * G3, the documented limit: when the returns cannot be explained without the unknown outcomes and
     * more than 64 requests of one UUID are pending at once, the partition is undecided, never passed.
     */
    @Test
    void moreThan64PendingRequestsThatMatter_isUnknownNeverPassed_G3() {
        Histories h = new Histories();
        for (int i = 0; i < 100; i++) {
            h.create(i, "P1", U, i, 0, null);
        }
        h.remove(200, U, 150, 160, OK); // only one of the unanswered creates can explain it
        Checker.Result r = h.check(Model.SEED);
        assertEquals(Checker.Verdict.UNKNOWN, r.verdict());
        assertTrue(r.unknown().get(0).why().contains("more than " + Checker.SLOTS + " requests on this UUID pending at once"),
                r.unknown().get(0).why());
    }

    /**
     * G3, unknown outcomes are interchangeable: 63 unanswered creates (and as many timed-out removes)
     * of which the later returns need some are decided, not lost in 2^63 orders (which of them acted).
     */
    @Test
    void manyUnansweredRequestsThatTheReturnsNeed_decided_G3() {
        Histories h = new Histories();
        for (int i = 0; i < Checker.SLOTS - 1; i++) {
            h.create(i, "P1", U, i, 0, null);
        }
        h.remove(200, U, 150, 160, OK); // one of the creates happened
        Checker.Result r = Checker.check(h.history(), Model.SEED, 10_000);
        assertEquals(Checker.Verdict.LINEARIZABLE, r.verdict(), () -> r.unknown().isEmpty() ? "" : r.unknown().get(0).why());

        Histories both = new Histories();
        for (int i = 0; i < 30; i++) {
            both.create(i, "P1", U, i, 40, ETIMEDOUT);
            both.remove(100 + i, U, 50 + i, 90, ETIMEDOUT);
        }
        both.create(300, "P2", U, 200, 210, OK) // the UUID is absent again: as many removes as creates acted
                .remove(301, U, 220, 230, OK)
                .remove(302, U, 240, 250, ENODEV);
        Checker.Result r2 = Checker.check(both.history(), Model.SEED, 100_000);
        assertEquals(Checker.Verdict.LINEARIZABLE, r2.verdict(), () -> r2.unknown().isEmpty() ? "" : r2.unknown().get(0).why());

        // and a violation is still found: the UUID created on P1 by one of them cannot be created on P2 while active
        Histories bad = new Histories();
        for (int i = 0; i < 30; i++) {
            bad.create(i, "P1", U, i, 40, ETIMEDOUT);
        }
        bad.remove(200, U, 100, 110, OK) // one create acted, then was removed
                .create(300, "P2", U, 120, 130, OK)
                .create(301, "P1", U, 140, 150, OK); // active on P2: no unknown create can help
        Checker.Result r3 = Checker.check(bad.history(), Model.SEED, 100_000);
        assertEquals(Checker.Verdict.NOT_LINEARIZABLE, r3.verdict());
        assertEquals(33, r3.violations().get(0).failing().id());
    }

    @Test
    void budget_exceeded_isUnknownNeverPassed() {
        Histories h = new Histories();
        for (int i = 0; i < 12; i++) {
            // twelve requests that may each act or not (on twelve parents: not interchangeable)
            h.create(i, "P" + i, U, i, 100 + i, ETIMEDOUT);
        }
        h.create(99, "P1", U, 200, 210, EEXIST);
        Checker.Result r = Checker.check(h.history(), Model.SEED, 3);
        assertEquals(Checker.Verdict.UNKNOWN, r.verdict());
        assertEquals(U, r.unknown().get(0).uuid());
    }
}
