package dev.mdevsim.jmh;

import akka.actor.testkit.typed.javadsl.BehaviorTestKit;
import akka.actor.testkit.typed.javadsl.TestInbox;
import dev.mdevsim.core.Reply;
import dev.mdevsim.device.MdevDevice;
import dev.mdevsim.parent.ParentDevice;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A device's state transitions, driven synchronously by Akka's {@link BehaviorTestKit} (so the
 * figures include the test kit's own bookkeeping, but no mailbox or thread hand-off): a removal that
 * is refused (active → removing → active), and a whole life from the pool (idle → creating → active
 * → removing → idle).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DeviceBench {

    BehaviorTestKit<MdevDevice.Command> device;
    TestInbox<ParentDevice.Command> parent;
    TestInbox<Reply> client;
    final UUID uuid = UUID.randomUUID();

    @Setup
    public void setUp() {
        parent = TestInbox.create();
        client = TestInbox.create();
        device = BehaviorTestKit.create(MdevDevice.idle());
        device.run(new MdevDevice.Assign(uuid, parent.getRef(), true));
    }

    /** active → removing (asks the parent for the vendor op) → active (EBUSY): R4. */
    @Benchmark
    public Object refusedRemoval() {
        device.run(new MdevDevice.Remove(1, client.getRef()));
        device.run(new MdevDevice.RemoveRefused(1, client.getRef()));
        parent.receiveMessage();
        return client.receiveMessage();
    }

    /** A pooled device's whole life: assign, activate, remove, recycle. */
    @Benchmark
    public Object lifeFromThePool() {
        device.run(new MdevDevice.Remove(2, client.getRef()));
        device.run(MdevDevice.Recycle.INSTANCE);
        device.run(new MdevDevice.Assign(uuid, parent.getRef(), false));
        device.run(new MdevDevice.Activate(3, client.getRef()));
        parent.receiveMessage();
        return client.receiveMessage();
    }
}
