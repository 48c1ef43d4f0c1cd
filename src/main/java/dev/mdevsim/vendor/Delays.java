package dev.mdevsim.vendor;

import dev.mdevsim.core.Errno;
import java.util.concurrent.CompletionStage;

/**
 * Where a {@link SimulatedVendor} waits out an op's sampled latency: the {@link DelayScheduler}'s
 * timer thread in a run; a clock driven by hand in a test, so that "not done before its latency" is
 * checked without racing a real timer.
 */
@FunctionalInterface
public interface Delays {

    /** A stage completed with {@code outcome} after {@code nanos}; at once when {@code nanos <= 0}. */
    CompletionStage<Errno> after(long nanos, Errno outcome);
}
