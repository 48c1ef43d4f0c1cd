package dev.mdevsim.sim;

import dev.mdevsim.config.ConfigReader;
import dev.mdevsim.core.Seeds;
import java.time.Duration;
import java.util.List;

/**
 * {@code mdevsim.sim}: how a host's actors are scheduled (keys documented in {@code reference.conf}).
 *
 * @param deterministic {@code mode = deterministic}: one thread, virtual time, the schedule drawn from the seed
 * @param stepCost      {@code step-cost}: virtual time each step takes
 * @param maxSteps      {@code max-steps}: a run that takes more steps fails (a livelock guard)
 */
public record SimSettings(boolean deterministic, Duration stepCost, long maxSteps) {

    public static final SimSettings THREADS = new SimSettings(false, Duration.ofNanos(1000), 2_000_000_000L);

    public static final List<String> KEYS = List.of("mode", "step-cost", "max-steps");

    /** The stream of {@code mdevsim.seed} that draws the schedule (apart from workload and vendor draws). */
    static final long SCHEDULE_STREAM = 0x5C4ED;

    public static SimSettings read(ConfigReader sim) {
        boolean deterministic = sim.oneOf("mode", List.of("threads", "deterministic")).equals("deterministic");
        Duration cost = sim.duration("step-cost");
        return new SimSettings(deterministic, cost, sim.integer("max-steps", 1, Long.MAX_VALUE));
    }

    public SimSettings withDeterministic(boolean on) {
        return new SimSettings(on, stepCost, maxSteps);
    }

    /** A fresh loop for a run of this seed. */
    public SimLoop loop(long seed) {
        return new SimLoop(SimLoop.Chooser.seeded(Seeds.stream(seed, SCHEDULE_STREAM)), stepCost.toNanos(), maxSteps);
    }
}
