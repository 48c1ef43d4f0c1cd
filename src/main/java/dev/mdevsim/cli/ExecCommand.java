package dev.mdevsim.cli;

import dev.mdevsim.sysfs.SysfsExec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code exec --sysfs DIR -- CMD...}: a command that sees a simulated sysfs as {@code /sys}. */
@Command(name = "exec", mixinStandardHelpOptions = true,
        description = {"Run CMD in a private mount namespace in which DIR (a sysfs that 'serve' mounted) is bind-mounted "
                + "over /sys, e.g. exec --sysfs /tmp/sys -- mdevctl list. Needs root (CAP_SYS_ADMIN).",
            "Exit status: CMD's; 2 if DIR is not a simulated sysfs or no mount namespace can be made; "
                + SysfsExec.MOUNT_FAILED + " if the bind mount failed."})
final class ExecCommand implements Callable<Integer> {

    @Option(names = "--sysfs", required = true, paramLabel = "DIR", description = "where 'serve' mounted the simulated sysfs")
    Path dir;

    @Parameters(paramLabel = "CMD", arity = "1..*", description = "the command and its arguments (after --)")
    List<String> command;

    @Override
    public Integer call() {
        if (!SysfsExec.isSimulatedSysfs(dir)) {
            throw new BadInputException("exec --sysfs " + dir + ": not a simulated sysfs (no class/mdev_bus): start "
                    + "'mdevsim serve SCENARIO.conf --sysfs " + dir + "' first");
        }
        SysfsExec.unavailable().ifPresent(reason -> {
            throw new BadInputException("exec: cannot put " + dir + " over /sys: " + reason);
        });
        try {
            Process p = SysfsExec.command(dir, command).inheritIO().start();
            return p.waitFor();
        } catch (IOException e) {
            throw new BadInputException("exec: cannot start " + command.get(0) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Main.FAILED;
        }
    }
}
