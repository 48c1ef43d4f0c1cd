package dev.mdevsim.scenario;

import dev.mdevsim.core.ParentSpec;
import java.time.Duration;

/** A host fault on the schedule of a run ({@code mdevsim.faults}). */
public sealed interface Fault {

    /** When, from the start of the run. */
    Duration at();

    /** What the report calls it: "unregister-parent 0000:3b:00.0". */
    String describe();

    /** Hot-unplug: unregister a parent (P5) while the load goes on. */
    record UnregisterParent(Duration at, String parent) implements Fault {
        @Override
        public String describe() {
            return "unregister-parent " + parent;
        }
    }

    /** Plug a parent of {@code mdevsim.host.parents} back in. */
    record RegisterParent(Duration at, ParentSpec spec) implements Fault {
        @Override
        public String describe() {
            return "register-parent " + spec.name();
        }
    }
}
