package dev.mdevsim.report;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Headless Chromium for the browser tests: opens a file from disk with the network cut off (every
 * host name fails to resolve, every proxy connection is refused), so a page that needed a CDN would
 * fail to draw. Each call uses a fresh profile.
 */
final class Chromium {

    private static final List<String> NAMES = List.of("chromium", "chromium-browser", "google-chrome", "google-chrome-stable");
    private static final long TIMEOUT_SECONDS = 120;

    private final Path binary;

    private Chromium(Path binary) {
        this.binary = binary;
    }

    /** The browser on the PATH (or in {@code MDEVSIM_CHROMIUM}), if there is one. */
    static Optional<Chromium> find() {
        String override = System.getenv("MDEVSIM_CHROMIUM");
        if (override != null && Files.isExecutable(Path.of(override))) {
            return Optional.of(new Chromium(Path.of(override)));
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : NAMES) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return Optional.of(new Chromium(p));
                }
            }
        }
        return Optional.empty();
    }

    static String missing() {
        return "no Chromium on the PATH (tried " + String.join(", ", NAMES)
                + "): install it with `apt-get install chromium` (.ci/run does) to run the browser tests";
    }

    /** What the browser printed: the DOM after the page's scripts ran, and its log. */
    record Output(String stdout, String stderr) {
    }

    Output dumpDom(Path html) throws IOException, InterruptedException {
        return run(List.of("--dump-dom", html.toUri().toString()));
    }

    void screenshot(Path html, Path png, int width, int height) throws IOException, InterruptedException {
        Files.createDirectories(png.toAbsolutePath().getParent());
        run(List.of("--hide-scrollbars", "--window-size=" + width + "," + height, "--screenshot=" + png.toAbsolutePath(),
                html.toUri().toString()));
        if (!Files.isRegularFile(png)) {
            throw new IOException("Chromium wrote no screenshot to " + png);
        }
    }

    private Output run(List<String> what) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("mdevsim-chromium");
        List<String> cmd = new ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--no-default-browser-check", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-default-apps", "--disable-extensions",
                "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=127.0.0.1:9", "--enable-logging=stderr",
                "--user-data-dir=" + profile, "--virtual-time-budget=10000"));
        cmd.addAll(what);
        Path out = profile.resolve("stdout.txt");
        Path err = profile.resolve("stderr.txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new IOException("Chromium did not finish within " + TIMEOUT_SECONDS + " s: " + cmd);
            }
            String stderr = Files.readString(err, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IOException("Chromium exited " + p.exitValue() + ": " + stderr);
            }
            return new Output(Files.readString(out, StandardCharsets.UTF_8), stderr);
        } finally {
            deleteTree(profile);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(f -> f.toFile().delete());
        }
    }
}
