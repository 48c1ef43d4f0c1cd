package dev.mdevsim.vendor;

import dev.mdevsim.core.Errno;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A vendor whose ops complete only when a test says so: the tool that makes every interleaving of
 * SEMANTICS.md reproducible without sleeps.
 *
 * <p>Arm a hold before the request is sent, then wait for the op to reach the vendor, then release
 * it (or fail it):
 * <pre>{@code
 * VendorGate gate = new VendorGate();
 * try (MdevHost host = MdevHost.start(config, gate)) {
 *     VendorGate.Held held = gate.holdNext(VendorOp.CREATE, uuid);
 *     CompletionStage<Errno> create = host.create("P1", "mtty-1", uuid);
 *     held.awaitStarted(Duration.ofSeconds(5));          // the create is at the vendor
 *     assertEquals(Errno.EAGAIN, host.remove(uuid).toCompletableFuture().join());  // R5
 *     held.release();
 *     assertEquals(Errno.OK, create.toCompletableFuture().join());
 * }
 * }</pre>
 *
 * <p>An op that matches no hold goes to the pass-through vendor ({@link InstantVendor} unless given):
 * it completes at once. A hold matches either one request id ({@link #hold(long)}, exact; what the
 * litmus runner uses) or the next op of a kind on a UUID ({@link #holdNext}, first armed first
 * served). Thread-safe.
 */
public final class VendorGate implements VendorFactory {

    private record Key(VendorOp op, UUID uuid) {
    }

    private final VendorFactory passThrough;
    private final Map<Long, Held> byRequest = new HashMap<>();
    private final Map<Long, Held> bySetup = new HashMap<>();
    private final Map<Key, ArrayDeque<Held>> byKey = new HashMap<>();

    /** A gate whose unheld ops succeed at once. */
    public VendorGate() {
        this(InstantVendor.FACTORY);
    }

    /** A gate whose unheld ops go to {@code passThrough} (a simulated vendor under load, say). */
    public VendorGate(VendorFactory passThrough) {
        this.passThrough = Objects.requireNonNull(passThrough);
    }

    /** Holds the vendor op (create or remove) of the request with this id when it starts. */
    public Held hold(long requestId) {
        return hold(requestId, false);
    }

    /**
     * Holds the request's vendor op or, with {@code setup}, lets its create op complete at once and
     * holds its setup instead (the request stops in "setup": its setup files exist, it is not active).
     */
    public synchronized Held hold(long requestId, boolean setup) {
        Held h = new Held();
        Map<Long, Held> table = setup ? bySetup : byRequest;
        if (table.putIfAbsent(requestId, h) != null) {
            throw new IllegalStateException("request " + requestId + " is already held");
        }
        h.requestId = requestId;
        h.setup = setup;
        return h;
    }

    /** Holds the next vendor op of that kind on that UUID, whichever request it serves. */
    public synchronized Held holdNext(VendorOp op, UUID uuid) {
        Held h = new Held();
        h.key = new Key(op, uuid);
        byKey.computeIfAbsent(h.key, k -> new ArrayDeque<>()).add(h);
        return h;
    }

    @Override
    public VendorDriver forParent(String parentName) {
        VendorDriver next = passThrough.forParent(parentName);
        return new VendorDriver() {
            @Override
            public CompletionStage<Errno> create(long requestId, String parent, String type, UUID uuid) {
                Held h = claim(requestId, VendorOp.CREATE, parent, type, uuid);
                return h == null ? next.create(requestId, parent, type, uuid) : h.start();
            }

            @Override
            public CompletionStage<Errno> remove(long requestId, String parent, String type, UUID uuid) {
                Held h = claim(requestId, VendorOp.REMOVE, parent, type, uuid);
                return h == null ? next.remove(requestId, parent, type, uuid) : h.start();
            }

            @Override
            public CompletionStage<Errno> setup(long requestId, String parent, String type, UUID uuid) {
                Held h = claim(requestId, VendorOp.SETUP, parent, type, uuid);
                return h == null ? next.setup(requestId, parent, type, uuid) : h.start();
            }

            @Override
            public Errno capacityErrno() {
                return next.capacityErrno();
            }
        };
    }

    private synchronized Held claim(long requestId, VendorOp op, String parent, String type, UUID uuid) {
        Held h = (op == VendorOp.SETUP ? bySetup : byRequest).remove(requestId);
        if (h == null) {
            Key key = new Key(op, uuid);
            ArrayDeque<Held> q = byKey.get(key);
            if (q == null) {
                return null;
            }
            h = q.poll();
            if (q.isEmpty()) {
                byKey.remove(key);
            }
        }
        h.op = op;
        h.parent = parent;
        h.type = type;
        h.uuid = uuid;
        return h;
    }

    private synchronized boolean disarm(Held h) {
        if (h.key != null) {
            ArrayDeque<Held> q = byKey.get(h.key);
            boolean removed = q != null && q.remove(h);
            if (q != null && q.isEmpty()) {
                byKey.remove(h.key);
            }
            return removed;
        }
        return (h.setup ? bySetup : byRequest).remove(h.requestId, h);
    }

    /** One armed hold: becomes started when its op reaches the vendor, then waits for release. */
    public final class Held {
        private final CompletableFuture<Held> started = new CompletableFuture<>();
        private final CompletableFuture<Errno> result = new CompletableFuture<>();
        private long requestId = -1;
        private boolean setup;
        private Key key;
        private volatile VendorOp op;
        private volatile String parent;
        private volatile String type;
        private volatile UUID uuid;

        private Held() {
        }

        private CompletionStage<Errno> start() {
            started.complete(this);
            return result;
        }

        /** Completes when the op has reached the vendor and is being held. */
        public CompletionStage<Held> started() {
            return started;
        }

        public boolean isStarted() {
            return started.isDone();
        }

        /** Waits until the op is at the vendor; a {@link TimeoutException} if it does not get there in time. */
        public Held awaitStarted(Duration timeout) throws TimeoutException, InterruptedException {
            try {
                return started.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
        }

        /** Lets the held op complete successfully. */
        public void release() {
            complete(Errno.OK);
        }

        /** Lets the held op fail with {@code errno}: a failed create (C9) or a refused remove (R4). */
        public void fail(Errno errno) {
            if (errno.isOk()) {
                throw new IllegalArgumentException("fail needs an errno, not OK");
            }
            complete(errno);
        }

        /** Disarms a hold whose op has not started; false if it already has. */
        public boolean cancel() {
            return disarm(this);
        }

        /** Whether the op was released or failed already. */
        public boolean isReleased() {
            return result.isDone();
        }

        public VendorOp op() {
            return op;
        }

        public String parent() {
            return parent;
        }

        public String type() {
            return type;
        }

        public UUID uuid() {
            return uuid;
        }

        private void complete(Errno outcome) {
            if (!started.isDone()) {
                throw new IllegalStateException("the op has not reached the vendor yet; wait for started()");
            }
            if (!result.complete(outcome)) {
                throw new IllegalStateException("already released");
            }
        }
    }
}
