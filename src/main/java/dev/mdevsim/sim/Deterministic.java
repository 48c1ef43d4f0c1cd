package dev.mdevsim.sim;

import akka.actor.BootstrapSetup;
import akka.actor.setup.ActorSystemSetup;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.UUID;
import scala.concurrent.BlockContext;
import scala.concurrent.ExecutionContext;

/**
 * Starts an actor system whose actors all run on a {@link SimLoop}. The settings below are forced,
 * whatever the config says, since each one would otherwise let a thread or a wall clock in:
 * <ul>
 *   <li>the default dispatcher runs on the loop (Akka's documented way in: a default execution
 *       context in the {@link BootstrapSetup}, used by {@code executor = default-executor}), one
 *       message per step ({@code throughput = 1}), so each step is one actor handling one message;</li>
 *   <li>the internal dispatcher is an alias of the default one (Akka's guardians, the event stream);</li>
 *   <li>the scheduler is the loop's ({@link VirtualScheduler});</li>
 *   <li>the logger runs on a thread of its own: messages only go to it, so logging cannot change a schedule
 *       (Akka's start waits for it, blocking: a {@link BlockContext} runs the loop before each such wait);</li>
 *   <li>no Akka Streams materializer is started (it blocks the starting thread on its guardian, which
 *       runs on the loop); the deterministic load paces itself on the loop's clock instead;</li>
 *   <li>termination is a plain stop of the guardian, not coordinated shutdown's timed phases.</li>
 * </ul>
 */
public final class Deterministic {

    private Deterministic() {
    }

    /** A typed system on {@code loop}, started from this (the driver's) thread. */
    public static <T> ActorSystem<T> start(Behavior<T> guardian, String name, Config config, SimLoop loop) {
        String id = UUID.randomUUID().toString();
        VirtualScheduler.register(id, loop);
        try {
            Config forced = ConfigFactory.parseString("""
                    akka.actor.default-dispatcher {
                      executor = "default-executor"
                      throughput = 1
                      throughput-deadline-time = 0ms
                    }
                    akka.actor.internal-dispatcher = "akka.actor.default-dispatcher"
                    akka.actor.mdevsim-log-dispatcher {
                      type = Dispatcher
                      executor = "thread-pool-executor"
                      thread-pool-executor.fixed-pool-size = 1
                    }
                    akka.loggers-dispatcher = "akka.actor.mdevsim-log-dispatcher"
                    akka.scheduler.implementation = "dev.mdevsim.sim.VirtualScheduler"
                    akka.log-dead-letters = off
                    akka.library-extensions = ["akka.serialization.SerializationExtension$"]
                    akka.coordinated-shutdown.run-by-actor-system-terminate = off
                    """)
                    .withValue(VirtualScheduler.LOOP_KEY, com.typesafe.config.ConfigValueFactory.fromAnyRef(id));
            if (loop.tracing()) { // explore: every send is noted in the step's footprint
                for (String mailbox : java.util.List.of("akka.actor.default-mailbox", "akka.actor.typed.default-mailbox")) {
                    forced = forced.withValue(mailbox + ".mailbox-type",
                            com.typesafe.config.ConfigValueFactory.fromAnyRef(TracingMailbox.class.getName()));
                }
            }
            ActorSystemSetup setup = ActorSystemSetup.create(BootstrapSetup.create(forced.withFallback(config))
                    .withDefaultExecutionContext(ExecutionContext.fromExecutor(loop)));
            // Akka's start-up waits (Await.result) for its logger, which starts only once the system
            // guardian, on the loop, has handled the logger's Supervise: run the loop before each wait
            BlockContext runFirst = new BlockContext() {
                @Override
                public <R> R blockOn(scala.Function0<R> thunk, scala.concurrent.CanAwait permission) {
                    loop.quiesce();
                    return thunk.apply();
                }
            };
            return BlockContext.withBlockContext(runFirst, () -> ActorSystem.create(guardian, name, setup));
        } finally {
            VirtualScheduler.unregister(id);
        }
    }
}
