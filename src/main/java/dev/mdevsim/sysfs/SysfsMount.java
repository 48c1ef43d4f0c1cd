package dev.mdevsim.sysfs;

import dev.mdevsim.host.MdevHost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A simulated sysfs ({@link SysfsTree}) of a {@link MdevHost}, mounted with FUSE at a directory that
 * stands for {@code /sys}: the front end for real mdev clients such as mdevctl. Uses jnr-fuse and the
 * native libfuse 2 ({@code libfuse.so.2}, Debian package {@code libfuse2}); mounting needs
 * {@code /dev/fuse} and root, or {@code fusermount} (package {@code fuse3}) for a user's own mount.
 *
 * <pre>{@code
 * try (MdevHost host = MdevHost.start(config, gate);
 *      SysfsMount sysfs = SysfsMount.mount(host, Path.of("/tmp/sys"))) {
 *     // clients write /tmp/sys/class/mdev_bus/<parent>/mdev_supported_types/<type>/create ...
 * }
 * }</pre>
 *
 * Options: entries and attributes are never cached by the kernel (every lookup asks the host, so
 * the tree is live) and files use direct I/O (every read and write reaches the host). The kernel's
 * FUSE client serialises writes to one file, so concurrent writers of one {@code create} file take
 * turns (sysfs would run them at once); writers of different files run concurrently.
 */
public final class SysfsMount implements AutoCloseable {

    private static final String[] OPTIONS = {
        "-o", "fsname=mdevsim,subtype=mdevsim,default_permissions,direct_io",
        "-o", "entry_timeout=0,negative_timeout=0,attr_timeout=0",
    };
    private static final long MOUNT_WAIT_MILLIS = 10_000;

    private final Path dir;
    private final MdevFs fs;
    private final Thread loop;
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private volatile boolean closed;

    private SysfsMount(Path dir, MdevFs fs) {
        this.dir = dir;
        this.fs = fs;
        this.loop = new Thread(this::serve, "mdevsim-fuse " + dir);
        this.loop.setDaemon(true);
    }

    /**
     * Why FUSE cannot be used on this machine, or empty if it can: {@code /dev/fuse} and
     * {@code libfuse.so.2} must be there.
     */
    public static Optional<String> unavailable() {
        if (!Files.exists(Path.of("/dev/fuse"))) {
            return Optional.of("/dev/fuse is missing (no FUSE in this kernel or container)");
        }
        try {
            jnr.ffi.LibraryLoader.create(Probe.class).failImmediately().load("fuse");
        } catch (LinkageError | RuntimeException e) {
            return Optional.of("the native library libfuse.so.2 is missing (Debian package libfuse2)");
        }
        return Optional.empty();
    }

    /** The least of libfuse's API, to see whether the library loads. */
    public interface Probe {
        int fuse_version();
    }

    /**
     * Mounts a host's sysfs at {@code dir}, an existing empty directory, and returns once the mount is
     * there.
     *
     * @throws SysfsException with a one-line reason when it cannot be mounted
     */
    public static SysfsMount mount(MdevHost host, Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        if (isMountPoint(abs)) {
            throw new SysfsException(abs + " is already a mount point (a stale mount? try: fusermount -u " + abs + ")");
        }
        if (!Files.isDirectory(abs)) {
            throw new SysfsException(abs + ": no such directory");
        }
        try (Stream<Path> entries = Files.list(abs)) {
            if (entries.findAny().isPresent()) {
                throw new SysfsException(abs + " is not empty: mount the simulated sysfs on an empty directory");
            }
        } catch (IOException e) {
            throw new SysfsException(abs + ": cannot list it: " + e.getMessage());
        }
        unavailable().ifPresent(reason -> {
            throw new SysfsException("cannot mount FUSE: " + reason);
        });
        SysfsMount mount = new SysfsMount(abs, new MdevFs(host, owner("uid"), owner("gid")));
        mount.loop.start();
        mount.awaitMounted();
        return mount;
    }

    /** The mount point. */
    public Path dir() {
        return dir;
    }

    /** The writes to {@code create} and {@code remove} answered so far, by outcome: one line. */
    public String writesAnswered() {
        return fs.writesAnswered();
    }

    /** Completes when the FUSE loop has ended: after {@link #close}, or an outside {@code fusermount -u}. */
    public CompletableFuture<Void> ended() {
        return ended;
    }

    /**
     * Unmounts and waits for the FUSE loop to end. If a process still has a file open or its working
     * directory inside, the mount is detached lazily (it goes when they let go). Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (isMountPoint(dir) && !run("fusermount", "-u", dir.toString()) && !run("fusermount", "-u", "-z", dir.toString())) {
            run("umount", "-l", dir.toString());
        }
        try {
            ended.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // the loop is a daemon thread; the mount itself is gone
        }
    }

    private void serve() {
        try {
            // blocking: libfuse's multi-threaded loop runs on this thread until the unmount
            fs.mount(dir, true, false, OPTIONS);
            ended.complete(null);
        } catch (RuntimeException | LinkageError e) {
            ended.completeExceptionally(e);
        }
    }

    private void awaitMounted() {
        long deadline = System.currentTimeMillis() + MOUNT_WAIT_MILLIS;
        while (!isMountPoint(dir)) {
            if (ended.isDone() || System.currentTimeMillis() > deadline) {
                closed = true;
                String why = ended.isCompletedExceptionally() ? cause() : "libfuse gave up (see its message above)";
                throw new SysfsException("cannot mount FUSE at " + dir + ": " + why);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SysfsException("interrupted while mounting " + dir);
            }
        }
    }

    private String cause() {
        try {
            ended.join();
            return "";
        } catch (RuntimeException e) {
            Throwable t = e.getCause() == null ? e : e.getCause();
            while (t.getCause() != null) {
                t = t.getCause();
            }
            return t.getMessage() == null ? t.toString() : t.getMessage();
        }
    }

    /** True if {@code dir} is a mount point of this process's mount namespace. */
    static boolean isMountPoint(Path dir) {
        String wanted = dir.toAbsolutePath().normalize().toString();
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/self/mountinfo"));
            for (String line : lines) {
                String[] f = line.split(" ");
                if (f.length > 4 && unescape(f[4]).equals(wanted)) {
                    return true;
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    /** mountinfo escapes space, tab, newline and backslash as octal. */
    private static String unescape(String s) {
        return s.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\");
    }

    private static boolean run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static long owner(String attribute) {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:" + attribute)).longValue();
        } catch (IOException | UnsupportedOperationException e) {
            return 0;
        }
    }
}
