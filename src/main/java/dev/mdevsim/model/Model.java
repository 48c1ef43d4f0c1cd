package dev.mdevsim.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The five kernels of SEMANTICS.md ("The models"), each one {@link Description} that the same actors
 * consult. A model is named by its own name or an alias wherever a model is named (config, scripts,
 * {@code --models}, {@code --model}); reports always print its own name.
 */
public enum Model {
    /** The design of the seed change (4.18 – 5.1): a global registry, vendor ops in parallel. */
    SEED("seed", List.of("linux-4.18"), "4.18 – 5.1", Description.SEED),
    /** What the seed replaced (4.11 – 4.17): a lock per parent held across the vendor op. */
    LEGACY("legacy", List.of("linux-4.17"), "4.11 – 4.17", Description.LEGACY),
    /** What the seed avoided: one global lock held across every create and remove. */
    GLOBAL_LOCK("global-lock", List.of(), "a draft of the seed", Description.GLOBAL_LOCK),
    /** The seed after its 2019 rework (5.2 – 5.13): {@code unreg_sem}, removals that cannot be refused. */
    LINUX_5_2("linux-5.2", List.of(), "5.2 – 5.13", Description.LINUX_5_2),
    /** The core of current kernels (6.1 – today): driver-core probe, core-counted pools (EUSERS). */
    LINUX_6_1("linux-6.1", List.of("modern"), "6.1 – today", Description.LINUX_6_1);

    private final String configName;
    private final List<String> aliases;
    private final String kernels;
    private final Description description;

    Model(String configName, List<String> aliases, String kernels, Description description) {
        this.configName = configName;
        this.aliases = aliases;
        this.kernels = kernels;
        this.description = description;
    }

    /** The name used in config files, scripts and reports. */
    public String configName() {
        return configName;
    }

    /** Other names accepted for it ({@code linux-4.18} for seed, {@code modern} for linux-6.1). */
    public List<String> aliases() {
        return aliases;
    }

    /** The kernel versions it stands for. */
    public String kernels() {
        return kernels;
    }

    /** What the actors consult. */
    public Description description() {
        return description;
    }

    /** A model by its name or an alias, case-insensitive. */
    public static Optional<Model> parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(m -> m.configName.equals(n) || m.aliases.contains(n)).findFirst();
    }

    /** The config names in declaration order: seed, legacy, global-lock, linux-5.2, linux-6.1. */
    public static List<String> configNames() {
        return Arrays.stream(values()).map(Model::configName).toList();
    }

    /** Every accepted name: the config names, then the aliases. */
    public static List<String> acceptedNames() {
        List<String> out = new ArrayList<>(configNames());
        for (Model m : values()) {
            out.addAll(m.aliases);
        }
        return out;
    }

    /** "seed, legacy, global-lock, linux-5.2, linux-6.1; aliases linux-4.18, linux-4.17, modern". */
    public static String names() {
        List<String> aliases = new ArrayList<>();
        for (Model m : values()) {
            aliases.addAll(m.aliases);
        }
        return String.join(", ", configNames()) + "; aliases " + String.join(", ", aliases);
    }

    @Override
    public String toString() {
        return configName;
    }
}
