package dev.mdevsim.bench;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.Props;
import akka.actor.typed.javadsl.Behaviors;
import com.typesafe.config.Config;
import dev.mdevsim.core.HostObserver;
import dev.mdevsim.core.ParentSpec;
import dev.mdevsim.core.Reply;
import dev.mdevsim.host.MdevHost;
import dev.mdevsim.model.Model;
import dev.mdevsim.registry.Registry;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Holds {@code devices} active mdevs at once (seed, 16 parents, an instant vendor) and measures the
 * heap they take: used heap after a full GC with them, minus the same before them, divided by the
 * devices. Also how long creating them took, with 64 closed-loop clients.
 */
final class MemoryBench {

    static final int PARENTS = 16;
    static final int CLIENTS = 64;

    /** What one measurement found. */
    record Result(long devices, double bytesPerDevice, double createSeconds, long failed) {
    }

    private MemoryBench() {
    }

    static Result run(Config config, long devices) throws InterruptedException {
        List<ParentSpec> parents = Harness.parents(PARENTS, (int) (devices / PARENTS + 1));
        try (MdevHost host = MdevHost.builder(config).settings(Harness.settings(Model.SEED, parents, 0))
                .observer(HostObserver.NONE).start()) {
            long before = usedAfterGc();
            CountDownLatch done = new CountDownLatch(CLIENTS);
            LongAdder failed = new LongAdder();
            long start = System.nanoTime();
            for (int c = 0; c < CLIENTS; c++) {
                long share = devices / CLIENTS + (c < devices % CLIENTS ? 1 : 0);
                host.system().systemActorOf(creator(host.registry(), "P" + (c % PARENTS), c, share, failed, done),
                        "memory-client-" + c, Props.empty());
            }
            if (!done.await(10, TimeUnit.MINUTES)) {
                throw new IllegalStateException("creating " + devices + " devices did not finish");
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long after = usedAfterGc();
            return new Result(devices, (double) (after - before) / devices, seconds, failed.sum());
        }
    }

    /** Creates {@code count} devices with UUIDs (client, i), one after another. */
    private static Behavior<Reply> creator(ActorRef<Registry.Command> registry, String parent, int client, long count,
                                           LongAdder failed, CountDownLatch done) {
        return Behaviors.setup(ctx -> {
            if (count == 0) {
                done.countDown();
                return Behaviors.stopped();
            }
            long[] sent = {0};
            registry.tell(new Registry.Create(0, parent, "t", new UUID(client, 0), ctx.getSelf()));
            return Behaviors.receiveMessage(reply -> {
                if (!reply.errno().isOk()) {
                    failed.increment();
                }
                if (++sent[0] == count) {
                    done.countDown();
                    return Behaviors.stopped();
                }
                registry.tell(new Registry.Create(sent[0], parent, "t", new UUID(client, sent[0]), ctx.getSelf()));
                return Behaviors.same();
            });
        });
    }

    static long usedAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(50);
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
