package dev.mdevsim.sysfs;

import dev.mdevsim.core.Errno;
import dev.mdevsim.host.MdevHost;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToIntFunction;
import jnr.ffi.Pointer;
import jnr.ffi.types.mode_t;
import jnr.ffi.types.off_t;
import jnr.ffi.types.size_t;
import ru.serce.jnrfuse.FuseFillDir;
import ru.serce.jnrfuse.FuseStubFS;
import ru.serce.jnrfuse.struct.FileStat;
import ru.serce.jnrfuse.struct.FuseFileInfo;

/**
 * The FUSE callbacks: a thin adapter between libfuse (through jnr-fuse) and a {@link MdevHost}'s
 * {@link Sysfs} layer. Each callback resolves its path in a fresh {@link SysfsTree} of the host, laid
 * out as the model's kernel does, so what is listed is what the host holds at that moment; writes to
 * {@code create} and {@code remove} go through the layer (the kernel's store handlers, S1–S11) and
 * block their writer until the host answers. Called on libfuse's worker threads, many at once.
 */
final class MdevFs extends FuseStubFS {

    private static final int SYSFS_FILE_SIZE = 4096;
    private static final int O_ACCMODE = 3;
    private static final int O_RDONLY = 0;

    private final MdevHost host;
    private final Duration timeout;
    private final long uid;
    private final long gid;
    private final long mountedAt = System.currentTimeMillis() / 1000;
    /** Writes answered, by file and outcome ({@code "create EEXIST"}). */
    private final Map<String, LongAdder> writes = new ConcurrentSkipListMap<>();

    MdevFs(MdevHost host, long uid, long gid) {
        this.host = host;
        // a request is answered within the API timeout; the tree a little later at worst
        this.timeout = host.settings().apiTimeout().plusSeconds(5);
        this.uid = uid;
        this.gid = gid;
    }

    @Override
    public int getattr(String path, FileStat stat) {
        return at(path, node -> stat(node, stat));
    }

    private int stat(SysfsTree.Node node, FileStat stat) {
        stat.st_uid.set(uid);
        stat.st_gid.set(gid);
        stat.st_mtim.tv_sec.set(mountedAt);
        stat.st_ctim.tv_sec.set(mountedAt);
        stat.st_atim.tv_sec.set(mountedAt);
        if (node instanceof SysfsTree.Dir) {
            stat.st_mode.set(FileStat.S_IFDIR | 0755);
            stat.st_nlink.set(2);
        } else if (node instanceof SysfsTree.Link link) {
            stat.st_mode.set(FileStat.S_IFLNK | 0777);
            stat.st_nlink.set(1);
            stat.st_size.set(link.target().length());
        } else {
            stat.st_mode.set(FileStat.S_IFREG | (((SysfsTree.Attr) node).writable() ? 0200 : 0444));
            stat.st_nlink.set(1);
            stat.st_size.set(SYSFS_FILE_SIZE); // as sysfs does: the size of a page, whatever the content
        }
        return 0;
    }

    @Override
    public int readlink(String path, Pointer buf, @size_t long size) {
        return at(path, node -> node instanceof SysfsTree.Link link ? copyLink(link, buf, size) : -Errno.EINVAL.number());
    }

    private static int copyLink(SysfsTree.Link link, Pointer buf, long size) {
        byte[] target = link.target().getBytes(StandardCharsets.UTF_8);
        int n = (int) Math.min(target.length, size - 1);
        buf.put(0, target, 0, n);
        buf.putByte(n, (byte) 0);
        return 0;
    }

    @Override
    public int readdir(String path, Pointer buf, FuseFillDir filler, @off_t long offset, FuseFileInfo fi) {
        return at(path, node -> node instanceof SysfsTree.Dir dir ? list(dir, buf, filler) : -Errno.ENOTDIR.number());
    }

    private static int list(SysfsTree.Dir dir, Pointer buf, FuseFillDir filler) {
        filler.apply(buf, ".", null, 0);
        filler.apply(buf, "..", null, 0);
        for (String entry : dir.entries()) {
            filler.apply(buf, entry, null, 0);
        }
        return 0;
    }

    /** As kernfs: a file opens for reading only if it can be read, for writing only if it can be written. */
    @Override
    public int open(String path, FuseFileInfo fi) {
        return at(path, node -> node instanceof SysfsTree.Attr attr ? open(attr, fi.flags.get()) : -Errno.EISDIR.number());
    }

    private static int open(SysfsTree.Attr attr, int flags) {
        int mode = flags & O_ACCMODE;
        boolean reads = mode != 1;
        boolean writes = mode != O_RDONLY;
        if ((writes && !attr.writable()) || (reads && attr.writable())) {
            return -Errno.EACCES.number();
        }
        return 0;
    }

    /**
     * A writer that opens a missing file with {@code O_CREAT} (a shell's {@code >}, Python's
     * {@code open(p, "w")}, mdevctl) is refused as kernfs refuses it: its directories have no
     * {@code create} op, so the VFS answers EACCES ({@code fs/namei.c}, {@code lookup_open}) where the
     * directory exists; a writer that does not create gets ENOENT (S5) from the lookup.
     */
    @Override
    public int create(String path, @mode_t long mode, FuseFileInfo fi) {
        return -Errno.EACCES.number();
    }

    /** {@code echo > file} truncates first: accepted and ignored, as sysfs does. */
    @Override
    public int truncate(String path, @off_t long size) {
        return 0;
    }

    @Override
    public int read(String path, Pointer buf, @size_t long size, @off_t long offset, FuseFileInfo fi) {
        return at(path, node -> node instanceof SysfsTree.Attr attr ? read(attr, buf, size, offset) : -Errno.EISDIR.number());
    }

    private static int read(SysfsTree.Attr attr, Pointer buf, long size, long offset) {
        byte[] text = attr.text().getBytes(StandardCharsets.UTF_8);
        if (offset >= text.length) {
            return 0;
        }
        int n = (int) Math.min(size, text.length - offset);
        buf.put(0, text, (int) offset, n);
        return n;
    }

    @Override
    public int write(String path, Pointer buf, @size_t long size, @off_t long offset, FuseFileInfo fi) {
        // a remove file that went away while it was open: no such device, as sysfs says then
        int gone = -Errno.ENODEV.number();
        return at(path, gone, node -> node instanceof SysfsTree.Attr attr && attr.writable() ? store(attr, buf, size) : -Errno.EACCES.number());
    }

    private int store(SysfsTree.Attr attr, Pointer buf, long size) {
        byte[] bytes = new byte[(int) Math.min(size, SYSFS_FILE_SIZE)];
        buf.get(0, bytes, 0, bytes.length);
        Errno outcome = answer(host.sysfs().writeOpened(attr, bytes));
        writes.computeIfAbsent(attr.kind().name().toLowerCase(Locale.ROOT) + " " + outcome.name(), k -> new LongAdder()).increment();
        return outcome.isOk() ? (int) size : -outcome.number();
    }

    /** The writes answered so far, e.g. {@code create: 3 OK, 1 EEXIST; remove: 2 OK}; {@code no writes} if none. */
    String writesAnswered() {
        Map<String, StringBuilder> byFile = new TreeMap<>();
        writes.forEach((key, n) -> {
            String[] fileAndErrno = key.split(" ");
            StringBuilder b = byFile.computeIfAbsent(fileAndErrno[0], f -> new StringBuilder());
            b.append(b.length() == 0 ? "" : ", ").append(n.sum()).append(' ').append(fileAndErrno[1]);
        });
        StringBuilder out = new StringBuilder();
        byFile.forEach((file, counts) -> out.append(out.length() == 0 ? "" : "; ").append(file).append(": ").append(counts));
        return out.length() == 0 ? "no writes" : out.toString();
    }

    /** The host's answer; it always comes (ETIMEDOUT at worst), so the writer is never left hanging. */
    private Errno answer(CompletionStage<Errno> reply) {
        try {
            return reply.toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Errno.EINTR;
        } catch (ExecutionException | TimeoutException e) {
            return Errno.EIO;
        }
    }

    /** Runs {@code action} on the node at {@code path}; ENOENT if there is none, EIO if the host is gone. */
    private int at(String path, ToIntFunction<SysfsTree.Node> action) {
        return at(path, -Errno.ENOENT.number(), action);
    }

    private int at(String path, int missing, ToIntFunction<SysfsTree.Node> action) {
        SysfsTree.Node node;
        try {
            node = tree().resolve(path);
        } catch (HostUnavailable e) {
            return -Errno.EIO.number();
        }
        return node == null ? missing : action.applyAsInt(node);
    }

    private SysfsTree tree() throws HostUnavailable {
        try {
            return host.sysfs().tree().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HostUnavailable();
        } catch (ExecutionException | TimeoutException e) {
            throw new HostUnavailable();
        }
    }

    /** The host did not show its tables (it is shutting down): the callback answers EIO. */
    private static final class HostUnavailable extends Exception {
        HostUnavailable() {
            super(null, null, false, false);
        }
    }
}
