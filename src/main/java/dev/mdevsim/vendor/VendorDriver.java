package dev.mdevsim.vendor;

import dev.mdevsim.core.Errno;
import java.util.UUID;
import java.util.concurrent.CompletionStage;

/**
 * A parent's vendor driver: the {@code create} and {@code remove} ops of {@code mdev_parent_ops}.
 *
 * <p>Contract:
 * <ul>
 *   <li>Ops return at once; the stage completes when the op does. Expected failures complete the
 *       stage normally with an {@link Errno} (never exceptionally). A stage that never completes is
 *       a hung op.</li>
 *   <li>One instance serves one parent and is called only from that parent's actor, so an
 *       implementation may keep unsynchronised state (its random generator, say). Stages may be
 *       completed from any thread.</li>
 *   <li>In the seed model many ops of one instance are in flight at once; in legacy only one.</li>
 *   <li>{@code requestId} identifies the user request the op serves (a real driver would not see it);
 *       the {@link VendorGate} holds ops by it.</li>
 * </ul>
 */
public interface VendorDriver {

    /** The vendor's create op for a reserved UUID. OK, or the errno the create fails with (C9). */
    CompletionStage<Errno> create(long requestId, String parent, String type, UUID uuid);

    /** The vendor's remove op. OK, or a refusal (any errno; the core reports EBUSY, R4). */
    CompletionStage<Errno> remove(long requestId, String parent, String type, UUID uuid);

    /**
     * The setup after a successful create op: the core adds the device's sysfs files, then the device
     * turns active. Not a vendor op in the kernel (a few instructions there), but where a scenario's
     * {@code vendor.setup-latency} and a script's {@code hold setup} make it last. Always OK.
     */
    default CompletionStage<Errno> setup(long requestId, String parent, String type, UUID uuid) {
        return InstantVendor.DONE;
    }

    /** What a create answers when the type has no instance left (C10): ENOSPC unless a profile says otherwise. */
    default Errno capacityErrno() {
        return Errno.ENOSPC;
    }
}
