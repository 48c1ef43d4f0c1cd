package dev.mdevsim.sysfs;

import dev.mdevsim.core.Errno;
import dev.mdevsim.core.RemoveFileOp;
import dev.mdevsim.core.Uuids;
import dev.mdevsim.model.Description;
import dev.mdevsim.parent.ParentDevice;
import dev.mdevsim.parent.ParentView;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What a process writing sysfs files sees (SEMANTICS.md "What userspace sees", rows S1–S11): one
 * layer above the kernel functions ({@code mdev_device_create}, {@code mdev_device_remove}), shared
 * by the FUSE front end, the litmus {@code sysfs} statements, {@code load.interface = sysfs} and
 * users of the Java API ({@code host.sysfs().write(path, bytes)}).
 *
 * <p>A write is the kernel's store handler, step by step:
 * <ul>
 *   <li>{@code create}: the file must exist (S2: the parent and type); {@code create_store} takes 36 or
 *       37 bytes and parses the first 36 (S1: any 37th byte), then calls the core; its answer is the
 *       write's (S3: OK means the whole count was written).</li>
 *   <li>{@code remove}: the file must exist (S5); {@code kstrtoul} (S4: EINVAL; {@code 0}
 *       does nothing); {@code device_remove_file_self} takes the attribute (a writer that had it open
 *       when another took it gets ENODEV, S7); the core's remove; on an error the attribute is
 *       re-created where the model's kernel does (before 5.2: S8), else it is gone for good (S9).</li>
 * </ul>
 * The attribute's existence follows the model's {@link dev.mdevsim.model.SysfsTimeline} and is kept
 * with the mdev in its parent actor, so taking it is atomic; the steps between are not, as in the
 * kernel. Thread-safe: every step is a message to the host.
 */
public final class Sysfs {

    /** The kernel functions the layer calls: a {@link dev.mdevsim.host.MdevHost}, or a load runner's own asks. */
    public interface Kernel {
        Description description();

        long nextRequestId();

        CompletionStage<Errno> create(long requestId, String parent, String type, UUID uuid);

        CompletionStage<Errno> remove(long requestId, UUID uuid);

        /** The {@code remove} attribute of {@code uuid} (of {@code parent}, or any parent when null): OK or ENOENT. */
        CompletionStage<Errno> removeFile(long requestId, UUID uuid, String parent, RemoveFileOp op);

        /** Whether a type's {@code create} file exists: its parent is registered or being unregistered. */
        CompletionStage<Boolean> createFileExists(String parent, String type);

        /** The parents whose directories exist (registered, or being unregistered) and their tables. */
        CompletionStage<Map<String, ParentView>> sysfsParents();
    }

    private final Kernel kernel;
    private final boolean recreatesRemove;

    public Sysfs(Kernel kernel) {
        this.kernel = kernel;
        this.recreatesRemove = kernel.description().sysfs().recreatesRemove();
    }

    /** The tree as it is now, laid out as the model's kernel does. */
    public CompletionStage<SysfsTree> tree() {
        return kernel.sysfsParents().thenApply(views -> SysfsTree.of(views, kernel.description().sysfs()));
    }

    /** Whether {@code path} (relative to {@code /sys}) exists now. */
    public CompletionStage<Boolean> exists(String path) {
        return tree().thenApply(t -> t.resolve(path) != null);
    }

    /** Writes {@code bytes} to {@code path}, relative to {@code /sys}: OK (the whole count written) or the write's errno. */
    public CompletionStage<Errno> write(String path, byte[] bytes) {
        return write(kernel.nextRequestId(), path, bytes);
    }

    /** Like {@link #write(String, byte[])}, the core's request with a caller-chosen id (for a gate or an observer). */
    public CompletionStage<Errno> write(long requestId, String path, byte[] bytes) {
        SysfsPath target = SysfsPath.parse(path);
        if (target instanceof SysfsPath.Create c) {
            return createWrite(requestId, c.parent(), c.type(), bytes, false);
        }
        if (target instanceof SysfsPath.Remove r) {
            return removeWrite(requestId, r.uuid(), r.parent(), bytes, false);
        }
        return tree().thenCompose(t -> {
            SysfsTree.Node node = t.resolve(path);
            if (node == null) {
                return done(Errno.ENOENT);
            }
            if (!(node instanceof SysfsTree.Attr attr)) {
                return done(Errno.EISDIR);
            }
            return attr.writable() ? writeAttr(requestId, attr, bytes, false) : done(Errno.EACCES);
        });
    }

    /** A write of the 36-character UUID to {@code parent}'s {@code type}/create, as mdevctl writes it. */
    public CompletionStage<Errno> create(long requestId, String parent, String type, String uuid) {
        return createWrite(requestId, parent, type, uuid.getBytes(StandardCharsets.ISO_8859_1), false);
    }

    /** A write of {@code 1} to {@code bus/mdev/devices/UUID/remove}. */
    public CompletionStage<Errno> remove(long requestId, String uuid) {
        UUID u = Uuids.parseOrNull(uuid);
        return u == null ? done(Errno.ENOENT) : removeWrite(requestId, u, null, new byte[] {'1'}, false);
    }

    /**
     * A write to an attribute the writer opened earlier (FUSE): its file existed then. A {@code remove}
     * taken meanwhile by another writer answers ENODEV (S7: kernfs refuses writes to a removed node).
     */
    CompletionStage<Errno> writeOpened(SysfsTree.Attr attr, byte[] bytes) {
        return writeAttr(kernel.nextRequestId(), attr, bytes, true);
    }

    private CompletionStage<Errno> writeAttr(long requestId, SysfsTree.Attr attr, byte[] bytes, boolean opened) {
        return attr.kind() == SysfsTree.Kind.CREATE
                ? createWrite(requestId, attr.parent(), attr.type(), bytes, opened)
                : removeWrite(requestId, attr.uuid(), attr.parent(), bytes, opened);
    }

    /** {@code create_store}: the length check and {@code guid_parse} of the first 36 bytes (S1), then the core. */
    private CompletionStage<Errno> createWrite(long requestId, String parent, String type, byte[] bytes, boolean opened) {
        String argument = StoreHandlers.createArgument(bytes);
        UUID uuid = argument == null ? null : Uuids.parseOrNull(argument);
        if (uuid == null) {
            // EINVAL (S1), if the file exists at all (S2)
            return opened ? done(Errno.EINVAL) : kernel.createFileExists(parent, type)
                    .thenApply(there -> there ? Errno.EINVAL : Errno.ENOENT);
        }
        return kernel.create(requestId, parent, type, uuid); // a missing file is the core's ENOENT (C2 = S2)
    }

    /** {@code remove_store}: {@code kstrtoul} (S4), take the attribute, remove, re-create it on failure (S8). */
    private CompletionStage<Errno> removeWrite(long requestId, UUID uuid, String parent, byte[] bytes, boolean opened) {
        StoreHandlers.RemoveArgument argument = StoreHandlers.removeArgument(bytes);
        if (!(argument instanceof StoreHandlers.Remove)) {
            Errno answer = argument instanceof StoreHandlers.Refused refused ? refused.errno() : Errno.OK;
            if (opened) {
                return done(answer);
            }
            return kernel.removeFile(requestId, uuid, parent, RemoveFileOp.PROBE)
                    .thenApply(there -> there.isOk() ? answer : Errno.ENOENT); // S5 before S4
        }
        return kernel.removeFile(requestId, uuid, parent, RemoveFileOp.TAKE).thenCompose(taken -> {
            if (!taken.isOk()) {
                return done(opened ? Errno.ENODEV : Errno.ENOENT); // S5, S7
            }
            return kernel.remove(requestId, uuid).thenCompose(answer -> {
                if (answer.isOk() || !recreatesRemove) {
                    return done(answer); // S3; S9: from 5.2 on the attribute is gone for good
                }
                return kernel.removeFile(requestId, uuid, parent, RemoveFileOp.RESTORE).thenApply(x -> answer); // S8
            });
        });
    }

    private static CompletionStage<Errno> done(Errno e) {
        return CompletableFuture.completedFuture(e);
    }

    /** The paths a write reaches the core through, parsed without the tree; anything else is resolved in it. */
    sealed interface SysfsPath {

        record Create(String parent, String type) implements SysfsPath {
        }

        /** {@code parent} null: through {@code bus/mdev/devices}. */
        record Remove(UUID uuid, String parent) implements SysfsPath {
        }

        record Other() implements SysfsPath {
        }

        static SysfsPath parse(String path) {
            List<String> p = java.util.Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
            boolean underParent = p.size() >= 3 && ((p.get(0).equals("class") && p.get(1).equals("mdev_bus"))
                    || (p.get(0).equals("devices") && p.get(1).equals(SysfsTree.BUS_DIR)));
            if (underParent && p.size() == 6 && p.get(3).equals("mdev_supported_types") && p.get(5).equals("create")) {
                return new Create(p.get(2), p.get(4));
            }
            if (underParent && p.size() == 5 && p.get(4).equals("remove") && canonical(p.get(3)) != null) {
                return new Remove(canonical(p.get(3)), p.get(2));
            }
            if (p.size() == 5 && p.get(0).equals("bus") && p.get(1).equals("mdev") && p.get(2).equals("devices")
                    && p.get(4).equals("remove") && canonical(p.get(3)) != null) {
                return new Remove(canonical(p.get(3)), null);
            }
            return new Other();
        }

        /** A directory is named by the canonical (lower-case) UUID; anything else is no such file. */
        private static UUID canonical(String name) {
            UUID u = Uuids.parseOrNull(name);
            return u != null && u.toString().equals(name) ? u : null;
        }
    }
}
