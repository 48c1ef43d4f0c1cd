package dev.mdevsim.sysfs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command in a private mount namespace in which a simulated sysfs is bind-mounted over
 * {@code /sys}: for clients that read {@code /sys} directly, such as Debian's mdevctl 1.2.0. The same
 * by hand: {@code unshare -m sh -c 'mount --bind DIR /sys && exec CMD'}. Needs {@code unshare} (util-linux)
 * and the right to make a mount namespace (root, or CAP_SYS_ADMIN). The rest of the machine keeps its
 * real {@code /sys}.
 */
public final class SysfsExec {

    /** The exit status when the bind mount fails inside the namespace. */
    public static final int MOUNT_FAILED = 125;

    private SysfsExec() {
    }

    /** True if {@code dir} looks like a mounted simulated sysfs. */
    public static boolean isSimulatedSysfs(Path dir) {
        return Files.isDirectory(dir.resolve("class/mdev_bus")) && Files.isDirectory(dir.resolve("bus/mdev/devices"));
    }

    /** Why no mount namespace can be made here, or empty if one can. */
    public static Optional<String> unavailable() {
        try {
            Process p = new ProcessBuilder("unshare", "--mount", "--", "true").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return Optional.of("'unshare --mount' failed" + (out.isEmpty() ? "" : ": " + out.lines().findFirst().orElse(""))
                        + " (a mount namespace needs root or CAP_SYS_ADMIN)");
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("'unshare' (util-linux) is not installed");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
    }

    /** The process that runs {@code command} with {@code dir} over {@code /sys}. */
    public static ProcessBuilder command(Path dir, List<String> command) {
        List<String> argv = new ArrayList<>(List.of("unshare", "--mount", "--propagation", "private", "--", "/bin/sh", "-c",
                "mount --bind \"$0\" /sys || exit " + MOUNT_FAILED + "; exec \"$@\"", dir.toAbsolutePath().normalize().toString()));
        argv.addAll(command);
        return new ProcessBuilder(argv);
    }
}
