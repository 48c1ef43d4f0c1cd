package dev.mdevsim.vendor;

import dev.mdevsim.core.Errno;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** A vendor whose ops succeed at once: the default behind a {@link VendorGate}. */
public final class InstantVendor implements VendorDriver {

    /** Shared: it has no state. */
    public static final InstantVendor INSTANCE = new InstantVendor();

    /** A factory handing every parent {@link #INSTANCE}. */
    public static final VendorFactory FACTORY = parent -> INSTANCE;

    /** A stage that is already complete with OK. */
    static final CompletionStage<Errno> DONE = CompletableFuture.completedFuture(Errno.OK);

    private InstantVendor() {
    }

    @Override
    public CompletionStage<Errno> create(long requestId, String parent, String type, UUID uuid) {
        return DONE;
    }

    @Override
    public CompletionStage<Errno> remove(long requestId, String parent, String type, UUID uuid) {
        return DONE;
    }
}
