package dev.mdevsim.model;

import static dev.mdevsim.model.Description.CreateStep.ACTIVATE;
import static dev.mdevsim.model.Description.CreateStep.BUS_LINK;
import static dev.mdevsim.model.Description.CreateStep.CORE_POOL;
import static dev.mdevsim.model.Description.CreateStep.FIND_PARENT;
import static dev.mdevsim.model.Description.CreateStep.GLOBAL_LOCK;
import static dev.mdevsim.model.Description.CreateStep.NOT_UNREGISTERING;
import static dev.mdevsim.model.Description.CreateStep.OWN_CHILDREN;
import static dev.mdevsim.model.Description.CreateStep.PARENT_LOCK;
import static dev.mdevsim.model.Description.CreateStep.RESERVE;
import static dev.mdevsim.model.Description.CreateStep.SETUP;
import static dev.mdevsim.model.Description.CreateStep.TRYLOCK;
import static dev.mdevsim.model.Description.CreateStep.VENDOR_CLAIM;
import static dev.mdevsim.model.Description.CreateStep.VENDOR_CREATE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mdevsim.core.Errno;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each model's description against the rows of SEMANTICS.md that it decides. */
class DescriptionTest {

    @Test
    void seed_reservesFirstChecksUnregistrationAtEntry_C2_C13_C3_C10() {
        assertEquals(List.of(FIND_PARENT, NOT_UNREGISTERING, RESERVE, VENDOR_CLAIM, VENDOR_CREATE, SETUP, ACTIVATE),
                Model.SEED.description().createOrder(false));
        assertEquals(Model.SEED.description().createOrder(false), Model.SEED.description().createOrder(true),
                "before 6.1 the vendor counts a pool");
    }

    @Test
    void legacy_parentLockThenOwnChildrenThenBusLink_C3_C4() {
        assertEquals(List.of(FIND_PARENT, NOT_UNREGISTERING, PARENT_LOCK, OWN_CHILDREN, BUS_LINK, VENDOR_CLAIM, VENDOR_CREATE,
                SETUP, ACTIVATE), Model.LEGACY.description().createOrder(false));
    }

    @Test
    void globalLock_theLockBeforeTheReservation_C11_C12() {
        assertEquals(List.of(FIND_PARENT, NOT_UNREGISTERING, GLOBAL_LOCK, RESERVE, VENDOR_CLAIM, VENDOR_CREATE, SETUP, ACTIVATE),
                Model.GLOBAL_LOCK.description().createOrder(false));
    }

    /** "Order of a create's checks": the duplicate, then the core pool (6.1), then the trylock, then the vendor. */
    @Test
    void laterKernels_duplicateThenPoolThenTrylockThenVendor_C10_C13() {
        List<Description.CreateStep> perType = List.of(FIND_PARENT, RESERVE, TRYLOCK, VENDOR_CLAIM, VENDOR_CREATE, SETUP, ACTIVATE);
        assertEquals(perType, Model.LINUX_5_2.description().createOrder(false));
        assertEquals(perType, Model.LINUX_5_2.description().createOrder(true), "5.2: the vendor counts a pool");
        assertEquals(perType, Model.LINUX_6_1.description().createOrder(false), "6.1: a type's own capacity is the vendor's");
        assertEquals(List.of(FIND_PARENT, RESERVE, CORE_POOL, TRYLOCK, VENDOR_CREATE, SETUP, ACTIVATE),
                Model.LINUX_6_1.description().createOrder(true));
    }

    @Test
    void removeAnswer_refusedUntil52_thenAlwaysOk_R3_R4() {
        for (Model m : Model.values()) {
            assertEquals(Errno.OK, m.description().removeAnswer(Errno.OK), m + " R3");
        }
        for (Model m : List.of(Model.SEED, Model.LEGACY, Model.GLOBAL_LOCK)) {
            assertEquals(Errno.EBUSY, m.description().removeAnswer(Errno.EIO), m + " R4: the vendor's errno is masked");
            assertFalse(m.description().warnsWhenRemoveFails(), m.toString());
        }
        assertEquals(Errno.OK, Model.LINUX_5_2.description().removeAnswer(Errno.EIO));
        assertTrue(Model.LINUX_5_2.description().warnsWhenRemoveFails(), "5.2 logs 'Remove failed: err=E'");
        assertEquals(Errno.OK, Model.LINUX_6_1.description().removeAnswer(Errno.EIO));
        assertFalse(Model.LINUX_6_1.description().warnsWhenRemoveFails(), "6.1: a vendor's remove cannot fail");
    }

    @Test
    void eagain_whereARemoveCanMeetATransitionalDevice_R5_R6() {
        assertTrue(Model.SEED.description().answersEagain());
        assertTrue(Model.LINUX_5_2.description().answersEagain());
        assertTrue(Model.LINUX_6_1.description().answersEagain());
        assertFalse(Model.LEGACY.description().answersEagain(), "legacy: not listed yet, ENODEV");
        assertFalse(Model.GLOBAL_LOCK.description().answersEagain(), "global-lock: the remove waits for the create");
    }

    @Test
    void corePool_only61AndOnlyForAParentWithAPool_C10() {
        assertTrue(Model.LINUX_6_1.description().corePool(true));
        assertFalse(Model.LINUX_6_1.description().corePool(false));
        assertFalse(Model.LINUX_5_2.description().corePool(true));
    }

    @Test
    void inconsistentDescriptions_refused() {
        assertThrows(IllegalArgumentException.class, () -> new Description(Description.Lock.NONE,
                Description.Duplicates.PARENT_THEN_BUS_LINK, Description.Listing.WHEN_CREATED, Description.Gate.AT_ENTRY,
                Description.RemoveFailure.REFUSED, Description.Pools.VENDOR, SysfsTimeline.REGISTER_BEFORE_VENDOR));
        assertThrows(IllegalArgumentException.class, () -> new Description(Description.Lock.NONE,
                Description.Duplicates.RESERVE_IN_LIST, Description.Listing.WHEN_CREATED, Description.Gate.AT_ENTRY,
                Description.RemoveFailure.REFUSED, Description.Pools.VENDOR, SysfsTimeline.REGISTER_BEFORE_VENDOR));
    }

    @Test
    void aliases_acceptedReportedByOwnName() {
        assertEquals(Optional.of(Model.SEED), Model.parse("linux-4.18"));
        assertEquals(Optional.of(Model.LEGACY), Model.parse("Linux-4.17"));
        assertEquals(Optional.of(Model.LINUX_6_1), Model.parse(" modern "));
        assertEquals(Optional.of(Model.LINUX_5_2), Model.parse("linux-5.2"));
        assertEquals(Optional.empty(), Model.parse("linux-5.14"));
        assertEquals("linux-6.1", Model.parse("modern").orElseThrow().toString());
        assertEquals(List.of("seed", "legacy", "global-lock", "linux-5.2", "linux-6.1", "linux-4.18", "linux-4.17", "modern"),
                Model.acceptedNames());
    }

    @ParameterizedTest
    @EnumSource(Model.class)
    void everyModel_createsEndTheSameWay_C9_C14(Model model) {
        List<Description.CreateStep> order = model.description().createOrder(true);
        assertEquals(FIND_PARENT, order.get(0), "C2 first");
        assertEquals(List.of(VENDOR_CREATE, SETUP, ACTIVATE), order.subList(order.size() - 3, order.size()));
    }
}
