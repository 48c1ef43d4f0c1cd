package dev.mdevsim.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mdevsim.core.Errno;
import dev.mdevsim.core.ParentSpec;
import dev.mdevsim.core.TypeSpec;
import dev.mdevsim.model.Model;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The registry's rules without the actor: each model's create order and remove routing (SEMANTICS C2–C13, R2, R8, P2–P4). */
class CoreTablesTest {

    final UUID u = UUID.randomUUID();
    final UUID v = UUID.randomUUID();

    static CoreTables tables(Model model) {
        CoreTables t = new CoreTables(model.description());
        registered(t, ParentSpec.of("P1", new TypeSpec("t", 2)));
        registered(t, ParentSpec.of("P2", new TypeSpec("t", 2)));
        registered(t, ParentSpec.pooled("mdpy", 1, "vga", "xga"));
        return t;
    }

    static void registered(CoreTables t, ParentSpec spec) {
        assertEquals(Errno.OK, t.checkRegistration(spec));
        t.register(spec).phase = Registry.ParentPhase.REGISTERED;
    }

    static Errno answer(CoreTables.Decision d) {
        return d.queued() ? null : d.answer() == null ? Errno.OK : d.answer();
    }

    @ParameterizedTest
    @EnumSource(Model.class)
    void unknownOrRegisteringParentOrType_ENOENT_C2(Model model) {
        CoreTables t = tables(model);
        assertEquals(Errno.ENOENT, answer(t.admitCreate("P9", "t", u, false)));
        assertEquals(Errno.ENOENT, answer(t.admitCreate("P1", "t9", u, false)));
        t.register(ParentSpec.of("P3", new TypeSpec("t", 1)));
        assertEquals(Errno.ENOENT, answer(t.admitCreate("P3", "t", u, false)), "still registering");
        assertNull(t.owner(u));
    }

    @Test
    void seed_reservesAndHandsOn_thenEEXISTAnywhere_C3_C4() {
        CoreTables t = tables(Model.SEED);
        CoreTables.Decision d = t.admitCreate("P1", "t", u, false);
        assertEquals("P1", d.parent().name());
        assertSame(d.parent(), t.owner(u));
        assertEquals(Errno.EEXIST, answer(t.admitCreate("P1", "t", u, false)));
        assertEquals(Errno.EEXIST, answer(t.admitCreate("P2", "t", u, false)));
    }

    @Test
    void legacy_handsOnWithoutReserving_theParentChecksUnderItsLock_C3() {
        CoreTables t = tables(Model.LEGACY);
        assertEquals("P1", t.admitCreate("P1", "t", u, false).parent().name());
        assertNull(t.owner(u), "no reservation: the bus link comes later");
        assertEquals("P2", t.admitCreate("P2", "t", u, false).parent().name());
        assertNull(t.link(u, "P1"));
        assertEquals("P1", t.link(u, "P2").name(), "the duplicate link: a warning");
    }

    @Test
    void globalLock_queuesThenChecksAgainUnderTheLock_C11() {
        CoreTables t = tables(Model.GLOBAL_LOCK);
        assertTrue(t.admitCreate("P1", "t", u, false).queued());
        assertTrue(t.admitCreate("P2", "t", u, false).queued());
        assertNull(t.owner(u), "nothing reserved while queued");
        assertEquals(Errno.ENOENT, answer(t.admitCreate("P9", "t", u, false)), "bad input is answered at once");
        assertEquals("P1", t.admitCreate("P1", "t", u, true).parent().name());
        assertEquals(Errno.EEXIST, answer(t.admitCreate("P2", "t", u, true)));
    }

    @Test
    void globalLock_unregistrationWaitsForCreatesAdmittedToTheParent_C13_P5() {
        CoreTables t = tables(Model.GLOBAL_LOCK);
        assertTrue(t.admitCreate("P1", "t", u, false).queued());
        ParentEntry p1 = t.beginUnregister("P1");
        assertTrue(t.unregisterWaitsForLock(p1), "a create admitted to P1 waits for the lock");
        assertEquals(Errno.ENODEV, answer(t.admitCreate("P1", "t", v, false)), "a create after it began: ENODEV on entry");
        p1.deferredUnregister = new dev.mdevsim.parent.ParentDevice.Unregister(9, null);
        assertEquals("P1", t.admitCreate("P1", "t", u, true).parent().name(), "admitted before: it goes ahead");
        assertFalse(t.unregisterWaitsForLock(p1));
        assertEquals(9, t.dueUnregister("P1").requestId());
        assertNull(t.dueUnregister("P1"), "taken once");
    }

    @Test
    void seed_unregisteringIsCheckedBeforeTheDuplicate_C13() {
        CoreTables t = tables(Model.SEED);
        t.admitCreate("P2", "t", u, false);
        t.beginUnregister("P1");
        assertEquals(Errno.ENODEV, answer(t.admitCreate("P1", "t", u, false)));
        assertEquals(Errno.ENODEV, answer(t.admitCreate("P1", "t", v, false)));
    }

    @ParameterizedTest
    @EnumSource(value = Model.class, names = {"LINUX_5_2", "LINUX_6_1"})
    void laterKernels_theDuplicateBeforeTheTrylock_andTheTrylockUndoesTheReservation_C13(Model model) {
        CoreTables t = tables(model);
        t.admitCreate("P2", "t", u, false);
        t.beginUnregister("P1");
        assertEquals(Errno.EEXIST, answer(t.admitCreate("P1", "t", u, false)));
        assertEquals(Errno.ENODEV, answer(t.admitCreate("P1", "t", v, false)));
        assertNull(t.owner(v), "released again");
    }

    @Test
    void linux61_corePool_claimedWhenHandedOn_EUSERSWhenEmpty_returnedOnRelease_C10() {
        CoreTables t = tables(Model.LINUX_6_1);
        assertEquals(1, t.corePools().get("mdpy").available());
        assertEquals("mdpy", t.admitCreate("mdpy", "vga", u, false).parent().name());
        assertEquals(0, t.corePools().get("mdpy").available());
        assertEquals(Errno.EUSERS, answer(t.admitCreate("mdpy", "xga", v, false)));
        assertNull(t.owner(v), "the reservation is undone");
        assertEquals(Errno.EEXIST, answer(t.admitCreate("mdpy", "xga", u, false)), "the duplicate comes first");
        assertTrue(t.release(u));
        assertEquals(1, t.corePools().get("mdpy").available());
        t.beginUnregister("mdpy");
        assertEquals(Errno.ENODEV, answer(t.admitCreate("mdpy", "xga", v, false)));
        assertEquals(1, t.corePools().get("mdpy").available(), "a refused trylock gives the instance back");
    }

    @Test
    void beforeLinux61_aPoolIsTheVendors_C10() {
        CoreTables t = tables(Model.LINUX_5_2);
        assertTrue(t.corePools().isEmpty());
        assertEquals("mdpy", t.admitCreate("mdpy", "vga", u, false).parent().name());
        assertEquals("mdpy", t.admitCreate("mdpy", "xga", v, false).parent().name(), "the vendor answers ENOSPC");
    }

    @Test
    void routeRemove_R2_R8() {
        CoreTables seed = tables(Model.SEED);
        assertEquals(Errno.ENODEV, answer(seed.routeRemove(u)));
        seed.admitCreate("P1", "t", u, false);
        assertEquals("P1", seed.routeRemove(u).parent().name());
        seed.beginUnregister("P1");
        assertEquals(Errno.ENODEV, answer(seed.routeRemove(u)), "R8 at entry");
        CoreTables later = tables(Model.LINUX_5_2);
        later.admitCreate("P1", "t", u, false);
        later.beginUnregister("P1");
        assertEquals("P1", later.routeRemove(u).parent().name(), "R8: the parent tries unreg_sem after clearing active");
    }

    @Test
    void registration_P2_P3_P4() {
        CoreTables t = tables(Model.SEED);
        assertEquals(Errno.EEXIST, t.checkRegistration(ParentSpec.of("P1", new TypeSpec("t", 1))));
        assertEquals(Errno.EINVAL, t.checkRegistration(ParentSpec.of("P9")));
        assertEquals(Errno.EINVAL, t.checkRegistration(new ParentSpec("P9", java.util.List.of(new TypeSpec("t", 2)), 3)),
                "a pool and per-type capacities");
        assertNull(t.beginUnregister("P9"));
        assertEquals(Registry.ParentPhase.UNREGISTERING, t.beginUnregister("P1").phase);
        assertNull(t.beginUnregister("P1"), "already being unregistered");
        t.admitCreate("P2", "t", u, false);
        assertEquals(1, t.gone(t.parent("P2")));
        assertNull(t.owner(u));
        assertFalse(t.phases().containsKey("P2"));
    }
}
