package dev.mdevsim.sysfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.mdevsim.core.DeviceState;
import dev.mdevsim.core.Errno;
import dev.mdevsim.host.MdevHost;
import dev.mdevsim.load.LiveTracker;
import dev.mdevsim.model.Model;
import dev.mdevsim.parent.ParentDevice;
import dev.mdevsim.parent.ParentView;
import dev.mdevsim.testing.Prerequisites;
import dev.mdevsim.vendor.VendorGate;
import dev.mdevsim.vendor.VendorOp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The simulated sysfs driven as real clients drive it: the shell's {@code echo} and Debian's
 * mdevctl, in a private mount namespace in which the FUSE tree is {@code /sys}. Skipped, with the
 * reason printed, where FUSE, mount namespaces or mdevctl are missing ({@code .ci/run} installs
 * fuse3, libfuse2 and mdevctl); on CI ({@code CI=true}) that is a failure instead.
 */
class SysfsIT {

    static final String P1 = "0000:3b:00.0";
    static final String P2 = "0000:af:00.0";
    static final String T = "nvidia-63";
    static final String SMALL = "nvidia-64";
    static final String HOST = "mdevsim.host.parents = ["
            + "{ name = \"" + P1 + "\", types = [ { name = " + T + ", max-instances = 4 }, { name = " + SMALL + ", max-instances = 2 } ] },"
            + "{ name = \"" + P2 + "\", types = [ { name = " + T + ", max-instances = 4 } ] } ]\n";

    @TempDir
    Path dir;
    private MdevHost host;
    private SysfsMount sysfs;
    private final LiveTracker live = new LiveTracker();

    @BeforeAll
    static void environment() {
        String missing = SysfsMount.unavailable().or(SysfsExec::unavailable)
                .or(() -> onPath("mdevctl") ? Optional.empty() : Optional.of("mdevctl is not installed (Debian package mdevctl)"))
                .orElse(null);
        Prerequisites.require("the sysfs and mdevctl tests", missing);
    }

    /** Unmounts and stops the host whatever happens; the check that no mount is left comes after both. */
    @AfterEach
    void unmount() {
        boolean stale = false;
        try {
            if (sysfs != null) {
                sysfs.close();
                stale = SysfsMount.isMountPoint(dir);
            }
        } finally {
            if (host != null) {
                host.close();
            }
        }
        assertFalse(stale, "no stale mount is left at " + dir);
    }

    /** A host behind a fresh mount; its vendor is {@code gate}, or the simulated one of {@code vendor}. */
    private void serve(VendorGate gate, String vendor) {
        serve(Model.SEED, gate, vendor);
    }

    /** ... under {@code model}. */
    private void serve(Model model, VendorGate gate, String vendor) {
        Config config = ConfigFactory.parseString(HOST + vendor + "\nmdevsim.model = " + model).withFallback(ConfigFactory.load());
        MdevHost.Builder builder = MdevHost.builder(config).observer(live);
        host = (gate == null ? builder : builder.vendor(gate)).start();
        sysfs = SysfsMount.mount(host, dir);
    }

    @ParameterizedTest
    @EnumSource(Model.class)
    void p1MdevctlTypesListsEveryTypeOfEveryParentWithItsAvailableInstances_everyModel(Model model) throws Exception {
        serve(model, new VendorGate(), "");
        assertEquals(Errno.OK, join(host.create(P1, T, UUID.randomUUID())));
        Result types = inSys("mdevctl", "types");
        assertEquals(0, types.exit, types.toString());
        assertEquals(Map.of(P1 + "/" + T, 3, P1 + "/" + SMALL, 2, P2 + "/" + T, 4), availableInstances(types.out));
        assertTrue(types.out.contains("Device API: vfio-pci"), types.out);
    }

    @ParameterizedTest
    @EnumSource(Model.class)
    void c14AndR3MdevctlStartListsTheMdevAndStopRemovesIt_everyModel(Model model) throws Exception {
        serve(model, new VendorGate(), "");
        String u = "5a1c0de0-0000-4000-8000-000000000001";
        Result start = inSys("mdevctl", "start", "-u", u, "-p", P2, "-t", T);
        assertEquals(0, start.exit, start.toString());
        assertEquals(DeviceState.ACTIVE, join(host.state(u)));
        Result list = inSys("mdevctl", "list");
        assertEquals(u + " " + P2 + " " + T + " manual", list.out.strip(), list.toString());
        assertEquals("3", read("class/mdev_bus/" + P2 + "/mdev_supported_types/" + T + "/available_instances"));
        assertTrue(Files.isSymbolicLink(dir.resolve("bus/mdev/devices/" + u)));

        Result stop = inSys("mdevctl", "stop", "-u", u);
        assertEquals(0, stop.exit, stop.toString());
        assertEquals(DeviceState.ABSENT, join(host.state(u)));
        assertEquals("", inSys("mdevctl", "list").out.strip());
        assertEquals("4", read("class/mdev_bus/" + P2 + "/mdev_supported_types/" + T + "/available_instances"));
        assertFalse(Files.exists(dir.resolve("bus/mdev/devices/" + u), java.nio.file.LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void c4MdevctlStartOfAUuidLiveUnderAnotherParentIsRefusedAndARawWriteGetsFileExists() throws Exception {
        serve(new VendorGate(), "");
        String u = "5a1c0de0-0000-4000-8000-000000000002";
        assertEquals(Errno.OK, join(host.create(P1, T, u)));

        Result start = inSys("mdevctl", "start", "-u", u, "-p", P2, "-t", T);
        assertNotEquals(0, start.exit, start.toString());
        assertTrue(start.err.contains("exists"), start.toString());

        Result raw = inSys("bash", "-c", "echo " + u + " > /sys/class/mdev_bus/" + P2 + "/mdev_supported_types/" + T + "/create");
        assertNotEquals(0, raw.exit, raw.toString());
        assertTrue(raw.err.contains("File exists"), raw.toString());

        Map<String, ParentView> parents = join(host.sysfsParents());
        assertEquals(Set.of(UUID.fromString(u)), parents.get(P1).devices().keySet());
        assertEquals(Set.of(), parents.get(P2).devices().keySet());
        assertEquals("4", read("class/mdev_bus/" + P2 + "/mdev_supported_types/" + T + "/available_instances"));
    }

    /**
     * S6, S9: a shell's early remove while the create is held at its vendor op. seed (4.18): the remove
     * file does not exist yet, ENOENT, and after the create the mdev is removed as usual. linux-6.1: the
     * file exists from before the probe, EAGAIN, and the failed write consumed it: the mdev turns active
     * but {@code mdevctl stop} cannot remove it.
     */
    @ParameterizedTest
    @EnumSource(value = Model.class, names = {"SEED", "LINUX_6_1"})
    void s6AShellsEarlyRemoveWhileTheCreateIsAtTheVendor_ENOENTInSeed_EAGAINAndTheFileGoneIn61(Model model) throws Exception {
        VendorGate gate = new VendorGate();
        serve(model, gate, "");
        String u = "5a1c0de0-0000-4000-8000-000000000003";
        VendorGate.Held held = gate.holdNext(VendorOp.CREATE, UUID.fromString(u));
        Process create = SysfsExec.command(dir, List.of("bash", "-c",
                "echo " + u + " > /sys/class/mdev_bus/" + P1 + "/mdev_supported_types/" + T + "/create")).start();
        try {
            held.awaitStarted(Duration.ofSeconds(20));
            assertEquals(DeviceState.CREATING, join(host.state(u)));
            String remove = "echo 1 > /sys/bus/mdev/devices/" + u + "/remove";
            Result early = inSys("bash", "-c", remove);
            assertNotEquals(0, early.exit, early.toString());
            // seed: no remove file yet. A writer that does not create it gets ENOENT (S5, S6); bash's '>'
            // adds O_CREAT, which kernfs refuses in the existing mdev directory with EACCES
            String expected = model == Model.SEED ? "Permission denied" : "Resource temporarily unavailable";
            assertTrue(early.err.contains(expected), early.toString());
            if (model == Model.SEED) {
                Result noCreate = inSys("bash", "-c", "echo 1 | dd of=/sys/bus/mdev/devices/" + u + "/remove conv=nocreat,notrunc status=none");
                assertTrue(noCreate.exit != 0 && noCreate.err.contains("No such file or directory"), noCreate.toString());
            }
            assertTrue(create.isAlive(), "the create's writer waits for the vendor, as in the kernel");
            held.release();
            assertTrue(create.waitFor(20, TimeUnit.SECONDS));
            assertEquals(0, create.exitValue(), new String(create.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
            assertEquals(DeviceState.ACTIVE, join(host.state(u)));
            Result stop = inSys("mdevctl", "stop", "-u", u);
            if (model == Model.SEED) {
                assertEquals(0, stop.exit, stop.toString());
                assertEquals(DeviceState.ABSENT, join(host.state(u)));
            } else {
                assertFalse(Files.exists(dir.resolve("bus/mdev/devices/" + u + "/remove")), "S9: the remove file is gone for good");
                assertNotEquals(0, stop.exit, "mdevctl cannot stop it: " + stop);
                assertEquals(DeviceState.ACTIVE, join(host.state(u)), "it stays, until its parent goes");
            }
        } finally {
            // cleanup only, nothing that can throw: a failure above stays the one reported
            create.destroyForcibly();
            if (!held.cancel() && !held.isReleased()) {
                held.release(); // the test failed while the create was held: let it go
            }
        }
    }

    @Test
    void c1AndR1MalformedWritesGetEinvalAndRemoveOfZeroDoesNothing() throws Exception {
        serve(new VendorGate(), "");
        String create = "/sys/class/mdev_bus/" + P1 + "/mdev_supported_types/" + T + "/create";
        for (String bad : List.of("bogus", "5a1c0de0-0000-4000-8000-00000000000", "5a1c0de0-0000-4000-8000-0000000000044",
                "5a1c0de0+0000-4000-8000-000000000004", "zzzzzzzz-0000-4000-8000-000000000004")) {
            Result r = inSys("bash", "-c", "echo " + bad + " > " + create);
            assertTrue(r.exit != 0 && r.err.contains("Invalid argument"), bad + ": " + r);
        }
        String u = "5a1c0de0-0000-4000-8000-000000000004";
        Result noNewline = inSys("bash", "-c", "printf %s " + u + " > " + create);
        assertEquals(0, noNewline.exit, noNewline.toString());
        String remove = "/sys/bus/mdev/devices/" + u + "/remove";
        for (String bad : List.of("abc", "1x", "''", "0x", "-1", "08")) {
            Result r = inSys("bash", "-c", "echo " + bad + " > " + remove);
            assertTrue(r.exit != 0 && r.err.contains("Invalid argument"), bad + ": " + r);
        }
        for (String zero : List.of("0", "00", "0x0")) {
            assertEquals(0, inSys("bash", "-c", "echo " + zero + " > " + remove).exit, zero);
        }
        assertEquals(DeviceState.ACTIVE, join(host.state(u)), "remove of 0 does nothing");
        assertEquals(0, inSys("bash", "-c", "echo 0x10 > " + remove).exit);
        assertEquals(DeviceState.ABSENT, join(host.state(u)));
    }

    @Test
    void g1G2G4FortyConcurrentShellWritersAreAllAnsweredAndTheTreeAgreesWithTheHost() throws Exception {
        serve(null, "mdevsim.vendor { create-latency = { distribution = lognormal, median = 3ms, p99 = 20ms }, "
                + "remove-latency = 2ms, remove-refusal-rate = 0.1 }");
        List<String> uuids = List.of("5a1c0de0-0000-4000-8000-0000000000a1", "5a1c0de0-0000-4000-8000-0000000000a2",
                "5a1c0de0-0000-4000-8000-0000000000a3", "5a1c0de0-0000-4000-8000-0000000000a4");
        // a remove while its mdev is at the vendor finds no remove file: bash's '>' creates, so EACCES (S6)
        Set<String> answers = Set.of("File exists", "Resource temporarily unavailable", "No such device",
                "No such file or directory", "Directory nonexistent", "No space left on device", "Device or resource busy",
                "Permission denied");
        for (int round = 0; round < 3; round++) {
            List<Process> writers = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String u = uuids.get((i + round) % uuids.size());
                String[] targets = {P1 + "/mdev_supported_types/" + SMALL, P1 + "/mdev_supported_types/" + T, P2 + "/mdev_supported_types/" + T};
                String script = i % 3 == 0
                        ? "echo 1 > " + dir + "/bus/mdev/devices/" + u + "/remove"
                        : "echo " + u + " > " + dir + "/class/mdev_bus/" + targets[i % targets.length] + "/create";
                writers.add(new ProcessBuilder("bash", "-c", script).start());
            }
            for (Process w : writers) {
                assertTrue(w.waitFor(60, TimeUnit.SECONDS), "every write is answered");
                String err = new String(w.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(w.exitValue() == 0 || answers.stream().anyMatch(err::contains), "an errno of SEMANTICS.md: " + err);
            }
            assertEquals(treeFromTheFiles(), treeFromTheHost(), "round " + round);
        }
        assertEquals(0, live.violations(), () -> "a UUID was live twice: " + live.examples());
        String answered = sysfs.writesAnswered();
        System.out.println("SysfsIT: 3 rounds of 40 concurrent writers: " + answered);
        assertTrue(answered.contains(" OK") && answered.contains("EEXIST"), "the writers contended: " + answered);
    }

    /** {@code uuid parent type} of every mdev, as a client reads them from the files. */
    private Set<String> treeFromTheFiles() throws IOException {
        Set<String> out = new TreeSet<>();
        try (Stream<Path> links = Files.list(dir.resolve("bus/mdev/devices"))) {
            for (Path link : links.toList()) {
                Path device = link.toRealPath();
                out.add(link.getFileName() + " " + device.getParent().getFileName() + " "
                        + Files.readSymbolicLink(device.resolve("mdev_type")).getFileName());
            }
        }
        for (String parentType : List.of(P1 + "/" + T, P1 + "/" + SMALL, P2 + "/" + T)) {
            String[] pt = parentType.split("/");
            out.add(parentType + " available " + read("class/mdev_bus/" + pt[0] + "/mdev_supported_types/" + pt[1] + "/available_instances"));
        }
        return out;
    }

    private Set<String> treeFromTheHost() {
        Set<String> out = new TreeSet<>();
        join(host.sysfsParents()).forEach((name, view) -> {
            view.devices().forEach((u, type) -> out.add(u + " " + name + " " + type));
            view.slots().forEach(slot -> slot.types().forEach(type ->
                    out.add(name + "/" + type + " available " + join(host.availableInstances(name, type)).getAsInt())));
        });
        return out;
    }

    /** mdevctl types, as {@code parent/type → available instances}. */
    private static Map<String, Integer> availableInstances(String types) {
        Map<String, Integer> out = new java.util.TreeMap<>();
        String parent = null;
        String type = null;
        for (String line : types.split("\n")) {
            if (!line.startsWith(" ") && !line.isBlank()) {
                parent = line.strip();
            } else if (line.startsWith("  ") && !line.startsWith("   ")) {
                type = line.strip();
            } else if (line.strip().startsWith("Available instances:")) {
                out.put(parent + "/" + type, Integer.parseInt(line.strip().substring("Available instances:".length()).strip()));
            }
        }
        return out;
    }

    private String read(String file) throws IOException {
        return Files.readString(dir.resolve(file)).strip();
    }

    private record Result(int exit, String out, String err) {
    }

    /** Runs a command with the simulated sysfs as {@code /sys}. */
    private Result inSys(String... command) throws Exception {
        Process p = SysfsExec.command(dir, List.of(command)).start();
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "answered: " + String.join(" ", command));
        return new Result(p.exitValue(), out, new String(err.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8));
    }

    private static byte[] readAll(java.io.InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }

    private static <T> T join(java.util.concurrent.CompletionStage<T> stage) {
        return stage.toCompletableFuture().join();
    }

    static boolean onPath(String command) {
        return Optional.ofNullable(System.getenv("PATH")).stream()
                .flatMap(p -> Stream.of(p.split(":")))
                .anyMatch(d -> Files.isExecutable(Path.of(d, command)));
    }
}
