package dev.mdevsim.parent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.TestInbox;
import akka.actor.typed.ActorRef;
import dev.mdevsim.device.MdevDevice;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The device pool and passivation, as plain bookkeeping: what each device is told, in order. */
class DevicesTest {

    final TestInbox<ParentDevice.Command> parent = TestInbox.create();
    final List<TestInbox<MdevDevice.Command>> spawned = new ArrayList<>();
    final List<String> told = new ArrayList<>();

    Devices devices(int maxActive, int pool) {
        return new Devices(maxActive, pool, parent.getRef(), () -> {
            TestInbox<MdevDevice.Command> d = TestInbox.create();
            spawned.add(d);
            return d.getRef();
        }, (ref, cmd) -> told.add(index(ref) + " " + cmd.getClass().getSimpleName()
                + (cmd instanceof MdevDevice.Assign a ? (a.active() ? " active" : " creating") : "")));
    }

    int index(ActorRef<MdevDevice.Command> ref) {
        for (int i = 0; i < spawned.size(); i++) {
            if (spawned.get(i).getRef().equals(ref)) {
                return i;
            }
        }
        return -1;
    }

    final UUID a = UUID.randomUUID();
    final UUID b = UUID.randomUUID();

    @Test
    void goneMdev_recycledDeviceServesTheNextCreate() {
        Devices d = devices(10, 4);
        ActorRef<MdevDevice.Command> first = d.create(a, "t");
        d.forget(a, false);
        assertSame(first, d.create(b, "t"));
        assertEquals(1, spawned.size(), "no second spawn");
        assertEquals(List.of("0 Assign creating", "0 Recycle", "0 Assign creating"), told);
        assertEquals(1, d.actors());
    }

    @Test
    void poolFull_goneDeviceIsStopped() {
        Devices d = devices(10, 1);
        d.create(a, "t");
        d.create(b, "t");
        d.forget(a, false);
        d.forget(b, false);
        assertEquals(List.of("0 Assign creating", "1 Assign creating", "0 Recycle", "1 Stop"), told);
        assertEquals(1, d.idle());
    }

    @Test
    void overTheLimit_activeMdevRestsAndWakesForAnOp() {
        Devices d = devices(1, 4);
        d.create(a, "t");
        d.becameActive(a); // one actor: within the limit
        d.create(b, "t");
        d.becameActive(b); // two: b rests
        assertTrue(d.get(b).resting());
        assertNull(d.get(b).device);
        assertEquals(1, d.resting());
        ActorRef<MdevDevice.Command> woken = d.deviceFor(b);
        assertNotNull(woken);
        assertEquals(List.of("0 Assign creating", "1 Assign creating", "1 Recycle", "1 Assign active"), told);
        assertEquals(0, d.resting());
        d.forget(b, false);
        d.forget(a, true);
        assertEquals(0, d.size());
        assertEquals(1, d.actors(), "b's device idles, a's was stopped");
    }

    @Test
    void limitZero_everyActiveMdevRests() {
        Devices d = devices(0, 4);
        d.create(a, "t");
        d.becameActive(a);
        assertTrue(d.get(a).resting());
        assertEquals(1, d.idle());
        d.forget(a, false);
        assertEquals(0, d.resting());
        assertEquals(1, d.actors());
    }

    @Test
    void stopIdle_stopsThePool() {
        Devices d = devices(10, 4);
        d.create(a, "t");
        d.forget(a, false);
        d.stopIdle();
        assertEquals(List.of("0 Assign creating", "0 Recycle", "0 Stop"), told);
        assertEquals(0, d.actors());
    }

}
