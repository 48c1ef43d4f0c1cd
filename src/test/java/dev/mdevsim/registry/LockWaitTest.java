package dev.mdevsim.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import dev.mdevsim.core.DeviceState;
import dev.mdevsim.core.Errno;
import dev.mdevsim.core.Reply;
import dev.mdevsim.model.Model;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A request waiting for a lock waits in a queue, not on a thread: with 10,000 requests queued behind
 * a held lock, everything that does not need that lock still completes.
 */
class LockWaitTest {

    static final ActorTestKit testKit = ActorTestKit.create();
    static final int WAITING = 10_000;
    static final Duration LONG = Duration.ofSeconds(30);

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    @Test
    void legacy_tenThousandWaitOnOneParentLock_otherParentsComplete_C11_C12() {
        HostFixture host = new HostFixture(testKit, Model.LEGACY);
        host.parent("P1", "t", WAITING + 1);
        host.parent("P2", "t", 10);
        HostFixture.Held holder = host.createHeld("P1", "t", UUID.randomUUID());
        TestProbe<Reply> waiting = queueCreates(host);
        // far more waiting requests than dispatcher threads, yet P2 goes on
        for (int i = 0; i < 200; i++) {
            UUID u = new UUID(2, i);
            host.create("P2", "t", u).expect(Errno.OK);
            host.remove(u).expect(Errno.OK);
        }
        assertEquals(WAITING, host.instances("P1", "t"), "only the held create has claimed an instance on P1");
        waiting.expectNoMessage(Duration.ZERO);
        holder.release();
        holder.expect(Errno.OK);
        expectAllOkInArrivalOrder(waiting);
    }

    @Test
    void globalLock_tenThousandWaitOnTheLock_queriesAndRegistrationsStillAnswered() {
        HostFixture host = new HostFixture(testKit, Model.GLOBAL_LOCK);
        host.parent("P1", "t", WAITING + 1);
        HostFixture.Held holder = host.createHeld("P1", "t", UUID.randomUUID());
        TestProbe<Reply> waiting = queueCreates(host);
        for (int i = 0; i < 200; i++) {
            assertEquals(DeviceState.ABSENT, host.state(new UUID(3, i)));
            host.parent("Q" + i, "t", 1);
            host.unregister("Q" + i).expect(Errno.OK);
        }
        assertEquals(WAITING, host.instances("P1", "t"));
        waiting.expectNoMessage(Duration.ZERO);
        holder.release();
        holder.expect(Errno.OK);
        expectAllOkInArrivalOrder(waiting);
    }

    /** Sends {@link #WAITING} creates to P1, request ids 0, 1, 2, ... */
    private static TestProbe<Reply> queueCreates(HostFixture host) {
        TestProbe<Reply> waiting = testKit.createTestProbe(Reply.class);
        for (int i = 0; i < WAITING; i++) {
            host.registry.tell(new Registry.Create(i, "P1", "t", new UUID(1, i), waiting.getRef()));
        }
        return waiting;
    }

    private static void expectAllOkInArrivalOrder(TestProbe<Reply> waiting) {
        List<Reply> replies = waiting.receiveSeveralMessages(WAITING, LONG);
        for (int i = 0; i < WAITING; i++) {
            assertEquals(new Reply(i, Errno.OK), replies.get(i), "answered in arrival order");
        }
    }
}
