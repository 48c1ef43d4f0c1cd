package dev.mdevsim.cli;

import com.typesafe.config.Config;
import dev.mdevsim.host.MdevHost;
import dev.mdevsim.load.LiveTracker;
import dev.mdevsim.load.LoadRunner;
import dev.mdevsim.report.RunResult;
import dev.mdevsim.report.TextReport;
import dev.mdevsim.scenario.Scenario;
import dev.mdevsim.sysfs.SysfsException;
import dev.mdevsim.sysfs.SysfsMount;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code serve SCENARIO.conf --sysfs DIR}: the scenario's host as a FUSE sysfs tree at DIR until
 * Ctrl-C or SIGTERM, which unmount it cleanly (a JVM shutdown hook: unmount, stop the background
 * load and print its report, stop the host).
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Mount the scenario's host as a simulated sysfs at DIR (FUSE) for mdev clients such as mdevctl, "
                + "and serve it until Ctrl-C or SIGTERM, which unmount it.",
            "Clients that read /sys itself: mdevsim exec --sysfs DIR -- mdevctl list."})
final class ServeCommand implements Callable<Integer> {

    @Mixin
    ScenarioOptions options;

    @Option(names = "--sysfs", required = true, paramLabel = "DIR", description = "an empty directory to mount the tree on")
    Path dir;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        Config config = options.config();
        Scenario scenario = options.scenario(config);
        LiveTracker live = new LiveTracker();
        MdevHost host = MdevHost.builder(config).settings(scenario.host()).observer(live).start();
        SysfsMount mount;
        try {
            mount = SysfsMount.mount(host, dir);
        } catch (SysfsException e) {
            host.close();
            throw new BadInputException("serve --sysfs " + dir + ": " + e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintStream err = System.err;
        LoadRunner.Background load = scenario.serve().backgroundLoad()
                ? LoadRunner.background(host, live, scenario, config, err) : null;
        Session session = new Session(host, mount, load, out);
        Thread hook = new Thread(session::stop, "mdevsim-serve-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        int parents = scenario.host().parents().size();
        err.println("mdevsim: serving " + parents + (parents == 1 ? " parent" : " parents") + " (model "
                + scenario.host().model().configName() + ") as a sysfs at " + mount.dir()
                + (load == null ? "" : ", with the scenario's load in the background"));
        err.println("mdevsim: try 'mdevsim exec --sysfs " + mount.dir() + " -- mdevctl types'; stop with Ctrl-C");
        if (load != null) {
            load.result().whenComplete((result, failure) -> session.report(result, failure));
        }
        mount.ended().handle((x, y) -> null).join(); // until unmounted, from here or outside
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            session.awaitStopped(); // the hook is stopping everything; the JVM exits when it is done
        }
        session.stop();
        return Main.OK;
    }

    /** What has to be stopped, in order, once: the mount, the background load, the host. */
    private static final class Session {
        private final MdevHost host;
        private final SysfsMount mount;
        private final LoadRunner.Background load;
        private final PrintWriter out;
        private final CountDownLatch stopped = new CountDownLatch(1);
        private final CountDownLatch reported = new CountDownLatch(1);
        private boolean stopping;

        Session(MdevHost host, SysfsMount mount, LoadRunner.Background load, PrintWriter out) {
            this.host = host;
            this.mount = mount;
            this.load = load;
            this.out = out;
        }

        void stop() {
            synchronized (this) {
                if (stopping) {
                    return;
                }
                stopping = true;
            }
            try {
                mount.close();
                System.err.println("mdevsim: unmounted " + mount.dir() + "; sysfs writes answered: " + mount.writesAnswered());
                if (load != null && !load.result().isDone()) {
                    load.stop();
                    try {
                        load.result().get(host.settings().apiTimeout().toSeconds() + 10, TimeUnit.SECONDS);
                        reported.await(10, TimeUnit.SECONDS); // the report is printed before the JVM exits
                    } catch (ExecutionException | TimeoutException e) {
                        // reported by report()
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                host.close();
            } finally {
                stopped.countDown();
            }
        }

        void awaitStopped() throws InterruptedException {
            stopped.await();
        }

        /** The background load's report, when it ends (on its own, or stopped). */
        synchronized void report(RunResult result, Throwable failure) {
            if (result != null) {
                TextReport.print(result, out);
                out.flush();
            } else {
                System.err.println("mdevsim: the background load failed: " + failure);
            }
            reported.countDown();
        }
    }
}
