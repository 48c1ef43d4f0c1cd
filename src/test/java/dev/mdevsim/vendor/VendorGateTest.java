package dev.mdevsim.vendor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mdevsim.core.Errno;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

class VendorGateTest {

    final VendorGate gate = new VendorGate();
    final VendorDriver p1 = gate.forParent("P1");
    final UUID u = UUID.randomUUID();

    static CompletableFuture<Errno> f(CompletionStage<Errno> s) {
        return s.toCompletableFuture();
    }

    @Test
    void unheldOp_completesAtOnce() {
        assertEquals(Errno.OK, f(p1.create(1, "P1", "t", u)).getNow(null));
        assertEquals(Errno.OK, f(p1.remove(2, "P1", "t", u)).getNow(null));
    }

    @Test
    void holdById_onlyThatRequest_thenRelease() {
        VendorGate.Held h = gate.hold(5);
        assertFalse(h.isStarted());
        assertEquals(Errno.OK, f(p1.create(4, "P1", "t", u)).getNow(null)); // another request passes
        CompletableFuture<Errno> held = f(p1.create(5, "P1", "t", u));
        assertTrue(h.isStarted());
        assertFalse(held.isDone());
        assertEquals(VendorOp.CREATE, h.op());
        assertEquals("P1", h.parent());
        assertEquals(u, h.uuid());
        h.release();
        assertEquals(Errno.OK, held.getNow(null));
        assertEquals(Errno.OK, f(p1.create(5, "P1", "t", u)).getNow(null)); // a hold is used once
    }

    @Test
    void fail_completesWithTheErrno() {
        VendorGate.Held h = gate.hold(5);
        CompletableFuture<Errno> held = f(p1.remove(5, "P1", "t", u));
        h.fail(Errno.EBUSY);
        assertEquals(Errno.EBUSY, held.getNow(null));
        assertThrows(IllegalStateException.class, h::release);
    }

    @Test
    void holdNext_matchesKindAndUuid_firstArmedFirstServed() {
        VendorGate.Held first = gate.holdNext(VendorOp.REMOVE, u);
        VendorGate.Held second = gate.holdNext(VendorOp.REMOVE, u);
        assertEquals(Errno.OK, f(p1.create(1, "P1", "t", u)).getNow(null)); // a create does not match
        assertEquals(Errno.OK, f(p1.remove(1, "P1", "t", UUID.randomUUID())).getNow(null)); // nor another UUID
        CompletableFuture<Errno> a = f(p1.remove(2, "P1", "t", u));
        assertTrue(first.isStarted());
        assertFalse(second.isStarted());
        CompletableFuture<Errno> b = f(gate.forParent("P2").remove(3, "P2", "t", u));
        assertTrue(second.isStarted());
        assertEquals("P2", second.parent());
        second.fail(Errno.EIO);
        first.release();
        assertEquals(Errno.OK, a.getNow(null));
        assertEquals(Errno.EIO, b.getNow(null));
    }

    @Test
    void holdById_winsOverHoldNext() {
        VendorGate.Held byKey = gate.holdNext(VendorOp.CREATE, u);
        VendorGate.Held byId = gate.hold(9);
        f(p1.create(9, "P1", "t", u));
        assertTrue(byId.isStarted());
        assertFalse(byKey.isStarted());
    }

    @Test
    void startedStage_completesWhenTheOpArrives() {
        VendorGate.Held h = gate.hold(3);
        CompletableFuture<VendorGate.Held> started = h.started().toCompletableFuture();
        assertFalse(started.isDone());
        p1.create(3, "P1", "t", u);
        assertSame(h, started.getNow(null));
    }

    @Test
    void cancel_beforeStart_disarms() {
        VendorGate.Held h = gate.hold(3);
        VendorGate.Held k = gate.holdNext(VendorOp.CREATE, u);
        assertTrue(h.cancel());
        assertTrue(k.cancel());
        assertEquals(Errno.OK, f(p1.create(3, "P1", "t", u)).getNow(null));
        assertFalse(h.isStarted());
        assertFalse(k.isStarted());
    }

    @Test
    void cancel_afterStart_refused() {
        VendorGate.Held h = gate.hold(3);
        p1.create(3, "P1", "t", u);
        assertFalse(h.cancel());
    }

    @Test
    void misuse_isRefused() {
        VendorGate.Held h = gate.hold(3);
        assertThrows(IllegalStateException.class, () -> gate.hold(3));
        assertThrows(IllegalStateException.class, h::release); // not at the vendor yet
        p1.create(3, "P1", "t", u);
        assertThrows(IllegalArgumentException.class, () -> h.fail(Errno.OK));
    }

    @Test
    void passThrough_getsUnheldOps() {
        VendorSettings failing = new VendorSettings(new Latency.Fixed(0), new Latency.Fixed(0), 1.0, Errno.EIO, 0, 0, Errno.EUSERS, new Latency.Fixed(0));
        try (SimulatedVendor.Factory sim = new SimulatedVendor.Factory(failing, 1)) {
            VendorGate g = new VendorGate(sim);
            VendorDriver d = g.forParent("P1");
            assertEquals(Errno.EIO, f(d.create(1, "P1", "t", u)).getNow(null));
            assertEquals(Errno.EUSERS, d.capacityErrno());
            VendorGate.Held h = g.hold(2);
            CompletableFuture<Errno> held = f(d.create(2, "P1", "t", u));
            h.release();
            assertEquals(Errno.OK, held.getNow(null)); // the held op is the gate's, not the vendor's
        }
    }
}
