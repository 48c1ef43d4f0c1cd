package dev.mdevsim.model;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The three locking designs of SEMANTICS.md. The model is a setting of the same actors, not three
 * programs: it decides where requests wait and which checks run where.
 */
public enum Model {
    /** The design of the seed change (4.18 – 5.1): a global registry, vendor ops in parallel. */
    SEED("seed"),
    /** What the seed replaced (4.11 – 4.17): a lock per parent held across the vendor op. */
    LEGACY("legacy"),
    /** What the seed avoided: one global lock held across every create and remove. */
    GLOBAL_LOCK("global-lock");

    private final String configName;

    Model(String configName) {
        this.configName = configName;
    }

    /** The name used in config files, scripts and reports. */
    public String configName() {
        return configName;
    }

    public static Optional<Model> parse(String name) {
        return Arrays.stream(values()).filter(m -> m.configName.equalsIgnoreCase(name.trim())).findFirst();
    }

    /** The config names in declaration order: seed, legacy, global-lock. */
    public static List<String> configNames() {
        return Arrays.stream(values()).map(Model::configName).toList();
    }

    /** "seed, legacy, global-lock". */
    public static String names() {
        return String.join(", ", configNames());
    }

    @Override
    public String toString() {
        return configName;
    }
}
