package dev.mdevsim.scenario;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import dev.mdevsim.config.ConfigReader;
import dev.mdevsim.config.HoconFiles;
import dev.mdevsim.config.SettingsException;
import dev.mdevsim.core.ParentSpec;
import dev.mdevsim.host.HostSettings;
import dev.mdevsim.load.LoadSettings;
import dev.mdevsim.report.Assertion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;

/**
 * Reads a scenario: the file, overridden by {@code -Dmdevsim.key=value} system properties, overridden
 * by {@code --set key=value} options, over the embedded defaults of {@code reference.conf}; then
 * validates every key before anything starts. Every problem is a one-line {@link SettingsException}
 * naming the file and line (or the option), the key and what is allowed.
 */
public final class ScenarioLoader {

    private ScenarioLoader() {
    }

    /** Reads and validates a scenario file with its overrides. */
    public static Scenario load(Path file, List<String> sets) {
        return read(name(file), config(file, sets));
    }

    /**
     * The merged config of a scenario file (for the actor system, too). The file itself holds only the
     * root key {@code mdevsim} (system properties and Akka's own settings come from elsewhere); its
     * includes are relative to it (see {@link HoconFiles}).
     */
    public static Config config(Path file, List<String> sets) {
        // not only regular files: /dev/stdin and <(...) are read as script and check-history read them
        if (!Files.exists(file)) {
            throw SettingsException.file(file.toString(), "no such file");
        }
        if (Files.isDirectory(file)) {
            throw SettingsException.file(file.toString(), "a directory, not a file");
        }
        if (!Files.isReadable(file)) {
            throw SettingsException.file(file.toString(), "cannot read it (permission denied)");
        }
        try {
            Config scenario = HoconFiles.parse(file);
            requireOnlyRoot(scenario);
            Config overrides = ConfigFactory.empty();
            for (String set : sets) {
                try {
                    overrides = set(set).withFallback(overrides);
                } catch (StackOverflowError e) {
                    throw HoconFiles.nestedTooDeeply("--set " + SettingsException.shown(set), null);
                }
            }
            Config system = ConfigFactory.systemProperties();
            Config systemOverrides = system.hasPath("mdevsim") ? system.withOnlyPath("mdevsim") : ConfigFactory.empty();
            try {
                return overrides
                        .withFallback(systemOverrides)
                        .withFallback(scenario)
                        .withFallback(ConfigFactory.defaultReference())
                        .resolve();
            } catch (ConfigException e) {
                throw HoconFiles.translate(e, file);
            }
        } catch (StackOverflowError e) {
            throw HoconFiles.nestedTooDeeply(file.toString(), null);
        }
    }

    /** A scenario file's keys are all under {@code mdevsim}: another root key is unknown, the first in the file reported. */
    private static void requireOnlyRoot(Config scenario) {
        scenario.root().entrySet().stream()
                .filter(e -> !e.getKey().equals("mdevsim"))
                .min(Comparator.comparingInt((Map.Entry<String, ConfigValue> e) -> line(e.getValue().origin()))
                        .thenComparing(Map.Entry::getKey))
                .ifPresent(e -> {
                    String near = ConfigReader.nearest(e.getKey(), List.of("mdevsim"));
                    throw new SettingsException(SettingsException.shown(ConfigUtil.joinPath(e.getKey())), e.getValue().origin(),
                            "unknown key (" + (near != null ? "did you mean 'mdevsim'? " : "")
                                    + "a scenario has every setting under the root key 'mdevsim')");
                });
    }

    private static int line(ConfigOrigin origin) {
        return origin.lineNumber() > 0 ? origin.lineNumber() : Integer.MAX_VALUE;
    }

    /** One {@code --set key=value}: the key may leave out {@code mdevsim.}; the value is HOCON, or else a string. */
    static Config set(String option) {
        int eq = option.indexOf('=');
        if (eq <= 0) {
            throw SettingsException.file("--set " + option, "expected key=value, e.g. --set load.clients=8");
        }
        String key = option.substring(0, eq).trim();
        if (!key.startsWith("mdevsim.")) {
            key = "mdevsim." + key;
        }
        String value = option.substring(eq + 1).trim();
        ConfigParseOptions origin = ConfigParseOptions.defaults().setOriginDescription("--set " + option);
        try {
            return ConfigFactory.parseString(key + " = " + value, origin);
        } catch (ConfigException e) {
            try {
                return ConfigFactory.parseString(key + " = " + quote(value), origin);
            } catch (ConfigException again) {
                throw SettingsException.file("--set " + option, "not a key=value: " + e.getMessage().replaceFirst("^.*?: \\d+: ", ""));
            }
        }
    }

    /**
     * Validates a merged config and builds the scenario. Of several unknown keys, the first in the
     * file is reported, ahead of any other problem (often only its consequence).
     */
    public static Scenario read(String name, Config config) {
        ConfigReader all = ConfigReader.collecting(config);
        try {
            return all.checked(() -> build(name, config, HostSettings.root(all)));
        } catch (StackOverflowError e) {
            throw HoconFiles.nestedTooDeeply(name, null);
        }
    }

    private static Scenario build(String name, Config config, ConfigReader root) {
        HostSettings host = HostSettings.read(root);
        if (host.parents().isEmpty()) {
            throw root.section("host").error("parents", "a run needs at least one parent");
        }
        LoadSettings load = LoadSettings.read(root.section("load"));
        List<Fault> faults = faults(root, host.parents());
        List<Assertion> assertions = new ArrayList<>();
        List<String> texts = root.strings("assertions");
        for (int i = 0; i < texts.size(); i++) {
            try {
                assertions.add(Assertion.parse(texts.get(i)));
            } catch (IllegalArgumentException e) {
                throw root.error("assertions", "[" + i + "] '" + SettingsException.shown(texts.get(i)) + "': " + e.getMessage());
            }
        }
        ReportSettings report = ReportSettings.read(root.section("report", ReportSettings.KEYS));
        ServeSettings serve = ServeSettings.read(root.section("serve", ServeSettings.KEYS));
        return new Scenario(name, host, load, faults, assertions, report, serve, sorted(config.getConfig("mdevsim").root().unwrapped()));
    }

    /** Nested maps (in lists too) sorted by key, for a stable display of the settings. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> sorted(Map<String, Object> map) {
        Map<String, Object> out = new TreeMap<>();
        map.forEach((k, v) -> out.put(k, sortedValue(v)));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Object sortedValue(Object v) {
        if (v instanceof Map<?, ?> m) {
            return sorted((Map<String, Object>) m);
        }
        if (v instanceof List<?> l) {
            return l.stream().map(ScenarioLoader::sortedValue).toList();
        }
        return v;
    }

    private static List<Fault> faults(ConfigReader root, List<ParentSpec> parents) {
        List<Fault> out = new ArrayList<>();
        for (ConfigReader f : root.objects("faults", List.of("at", "unregister-parent", "register-parent"))) {
            Duration at = f.duration("at");
            boolean unplug = f.isSet("unregister-parent");
            boolean plug = f.isSet("register-parent");
            if (unplug == plug) {
                throw f.error("at", "a fault needs exactly one of unregister-parent or register-parent");
            }
            String key = unplug ? "unregister-parent" : "register-parent";
            String name = f.name(key);
            Optional<ParentSpec> spec = parents.stream().filter(p -> p.name().equals(name)).findFirst();
            if (spec.isEmpty()) {
                throw f.error(key, "no parent '" + name + "' in mdevsim.host.parents");
            }
            out.add(unplug ? new Fault.UnregisterParent(at, name) : new Fault.RegisterParent(at, spec.get()));
        }
        out.sort((a, b) -> a.at().compareTo(b.at()));
        return out;
    }

    /** A scenario's name: its file's, less {@code .conf}. */
    public static String name(Path file) {
        String n = file.getFileName().toString();
        return n.endsWith(".conf") ? n.substring(0, n.length() - 5) : n;
    }

    private static String quote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
