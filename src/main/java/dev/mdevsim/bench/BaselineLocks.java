package dev.mdevsim.bench;

import dev.mdevsim.core.Errno;
import dev.mdevsim.core.ParentSpec;
import dev.mdevsim.core.TypeSpec;
import dev.mdevsim.core.Uuids;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The seed semantics the way the kernel implements them, in plain Java: one mutex
 * ({@code mdev_list_lock}), one map ({@code mdev_list}) and an {@code active} flag per device;
 * callers are threads that block in the vendor op. The benchmark runs it on the same workload as
 * the actors, so the actors' overhead reads as a ratio measured in the same run. Thread-safe.
 *
 * <p>It answers the seed rows that need no gate as the actors do (C1–C4, C9, C10, C14, R1–R5,
 * G5; tested side by side); it has no per-parent unregistration and no legacy or global-lock model.
 */
public final class BaselineLocks {

    private static final class Mdev {
        final String parent;
        final AtomicInteger instances;
        boolean active;

        Mdev(String parent, AtomicInteger instances) {
            this.parent = parent;
            this.instances = instances;
        }
    }

    /** A vendor op of a blocking driver: how long it takes and what it answers. */
    public interface Vendor {
        Errno create(UUID uuid);

        Errno remove(UUID uuid);
    }

    /** A vendor that takes {@code nanos} per op (parking the calling thread) and always agrees. */
    public static Vendor sleeping(long nanos) {
        return new Vendor() {
            @Override
            public Errno create(UUID uuid) {
                park(nanos);
                return Errno.OK;
            }

            @Override
            public Errno remove(UUID uuid) {
                park(nanos);
                return Errno.OK;
            }
        };
    }

    private static void park(long nanos) {
        long deadline = System.nanoTime() + nanos;
        for (long left = nanos; left > 0; left = deadline - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }

    private final ReentrantLock mdevListLock = new ReentrantLock();
    private final Map<UUID, Mdev> mdevList = new HashMap<>();
    /** parent → type → instances left. */
    private final Map<String, Map<String, AtomicInteger>> capacity = new HashMap<>();
    private final Vendor vendor;

    public BaselineLocks(Iterable<ParentSpec> parents, Vendor vendor) {
        this.vendor = vendor;
        for (ParentSpec p : parents) {
            Map<String, AtomicInteger> types = new HashMap<>();
            for (TypeSpec t : p.types()) {
                types.put(t.name(), new AtomicInteger(t.maxInstances()));
            }
            capacity.put(p.name(), types);
        }
    }

    /** {@code mdev_device_create}. */
    public Errno create(String parent, String type, String uuidText) {
        UUID uuid = Uuids.parseOrNull(uuidText);
        return uuid == null ? Errno.EINVAL : create(parent, type, uuid); // C1
    }

    public Errno create(String parent, String type, UUID uuid) {
        Map<String, AtomicInteger> types = capacity.get(parent);
        AtomicInteger instances = types == null ? null : types.get(type);
        if (instances == null) {
            return Errno.ENOENT; // C2
        }
        Mdev mdev = new Mdev(parent, instances);
        mdevListLock.lock();
        try {
            if (mdevList.putIfAbsent(uuid, mdev) != null) {
                return Errno.EEXIST; // C3–C8: reserved while the lock was held
            }
        } finally {
            mdevListLock.unlock();
        }
        if (instances.getAndUpdate(n -> n > 0 ? n - 1 : n) == 0) {
            unlist(uuid);
            return Errno.ENOSPC; // C10
        }
        Errno e = vendor.create(uuid);
        if (!e.isOk()) {
            instances.incrementAndGet();
            unlist(uuid);
            return e; // C9
        }
        mdevListLock.lock();
        try {
            mdev.active = true; // C14
        } finally {
            mdevListLock.unlock();
        }
        return Errno.OK;
    }

    /** {@code mdev_device_remove}. */
    public Errno remove(String uuidText) {
        UUID uuid = Uuids.parseOrNull(uuidText);
        return uuid == null ? Errno.EINVAL : remove(uuid); // R1
    }

    public Errno remove(UUID uuid) {
        Mdev mdev;
        mdevListLock.lock();
        try {
            mdev = mdevList.get(uuid);
            if (mdev == null) {
                return Errno.ENODEV; // R2
            }
            if (!mdev.active) {
                return Errno.EAGAIN; // R5, R6
            }
            mdev.active = false;
        } finally {
            mdevListLock.unlock();
        }
        if (!vendor.remove(uuid).isOk()) {
            mdevListLock.lock();
            try {
                mdev.active = true;
            } finally {
                mdevListLock.unlock();
            }
            return Errno.EBUSY; // R4
        }
        unlist(uuid);
        mdev.instances.incrementAndGet();
        return Errno.OK; // R3
    }

    private void unlist(UUID uuid) {
        mdevListLock.lock();
        try {
            mdevList.remove(uuid);
        } finally {
            mdevListLock.unlock();
        }
    }
}
