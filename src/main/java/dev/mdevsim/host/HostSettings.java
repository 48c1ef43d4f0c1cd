package dev.mdevsim.host;

import com.typesafe.config.Config;
import dev.mdevsim.config.ConfigReader;
import dev.mdevsim.core.ParentSpec;
import dev.mdevsim.core.TypeSpec;
import dev.mdevsim.model.Model;
import dev.mdevsim.sim.SimSettings;
import dev.mdevsim.vendor.VendorSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a simulated host is made of, read from the {@code mdevsim} section of a config and validated
 * before anything starts (keys documented in {@code reference.conf}).
 *
 * @param model      {@code mdevsim.model}
 * @param seed       {@code mdevsim.seed}: same seed, same vendor latencies and faults
 * @param parents    {@code mdevsim.host.parents}, registered in order when the host starts
 * @param vendor     {@code mdevsim.vendor}
 * @param apiTimeout {@code mdevsim.api.timeout}: how long a Java API call waits before ETIMEDOUT
 * @param maxActiveDeviceActors {@code mdevsim.host.max-active-device-actors}: per parent, the active
 *                   mdevs that keep their own device actor; beyond that they rest without one
 * @param stopAtTransitional {@code mdevsim.host.unregister-walk = stop-at-transitional}: the 4.18 bug
 *                   of SEMANTICS P5's note, re-introduced on purpose (an unregistration's walk stops at
 *                   the first child still being created or removed and leaves it and the rest behind)
 * @param sim        {@code mdevsim.sim}: threads, or one thread on virtual time
 */
public record HostSettings(Model model, long seed, List<ParentSpec> parents, VendorSettings vendor, Duration apiTimeout,
                           int maxActiveDeviceActors, boolean stopAtTransitional, SimSettings sim) {

    /** The default of {@code mdevsim.host.max-active-device-actors}. */
    public static final int MAX_ACTIVE_DEVICE_ACTORS = 10_000;

    public HostSettings(Model model, long seed, List<ParentSpec> parents, VendorSettings vendor, Duration apiTimeout) {
        this(model, seed, parents, vendor, apiTimeout, MAX_ACTIVE_DEVICE_ACTORS);
    }

    public HostSettings(Model model, long seed, List<ParentSpec> parents, VendorSettings vendor, Duration apiTimeout,
                        int maxActiveDeviceActors) {
        this(model, seed, parents, vendor, apiTimeout, maxActiveDeviceActors, false, SimSettings.THREADS);
    }

    /** The same settings under another model. */
    public HostSettings withModel(Model other) {
        // the buggy walk is 4.18's, the seed model's: another model (compare) walks as its kernel does
        return new HostSettings(other, seed, parents, vendor, apiTimeout, maxActiveDeviceActors,
                stopAtTransitional && other == Model.SEED, sim);
    }

    /** The same settings with another passivation limit. */
    public HostSettings withMaxActiveDeviceActors(int limit) {
        return new HostSettings(model, seed, parents, vendor, apiTimeout, limit, stopAtTransitional, sim);
    }

    /** The same settings, scheduled as {@code other} says. */
    public HostSettings withSim(SimSettings other) {
        return new HostSettings(model, seed, parents, vendor, apiTimeout, maxActiveDeviceActors, stopAtTransitional, other);
    }

    public HostSettings {
        parents = List.copyOf(parents);
    }

    /** The keys of the {@code mdevsim} section. */
    public static final List<String> ROOT_KEYS = List.of(
            "model", "seed", "host", "vendor", "api", "load", "faults", "assertions", "report", "serve", "sim");

    /** Reads and validates {@code mdevsim.*}; a {@link dev.mdevsim.config.SettingsException} names the bad key. */
    public static HostSettings read(Config config) {
        return read(root(config));
    }

    /** The {@code mdevsim} section, every key of it known. */
    public static ConfigReader root(Config config) {
        return root(new ConfigReader(config, ""));
    }

    /** The {@code mdevsim} section of a reader of the whole config, every key of it known. */
    public static ConfigReader root(ConfigReader all) {
        return all.section("mdevsim", ROOT_KEYS);
    }

    /** Reads the host part of a checked {@code mdevsim} section. */
    public static HostSettings read(ConfigReader root) {
        ConfigReader host = root.section("host", List.of("parents", "max-active-device-actors", "unregister-walk"));
        Model model = model(root);
        boolean buggyWalk = host.oneOf("unregister-walk", List.of("complete", "stop-at-transitional")).equals("stop-at-transitional");
        if (buggyWalk && model != Model.SEED) {
            throw host.error("unregister-walk", "stop-at-transitional is the 4.18 kernel's walk, so it needs model = seed"
                    + " (this scenario's model is " + model + ")");
        }
        return new HostSettings(
                model,
                root.integer("seed", Long.MIN_VALUE, Long.MAX_VALUE),
                parents(host),
                VendorSettings.read(root.section("vendor", VendorSettings.KEYS)),
                root.section("api", List.of("timeout")).positiveDuration("timeout"),
                (int) host.integer("max-active-device-actors", 0, Integer.MAX_VALUE),
                buggyWalk,
                SimSettings.read(root.section("sim", SimSettings.KEYS)));
    }

    private static Model model(ConfigReader root) {
        return Model.parse(root.oneOf("model", Model.acceptedNames())).orElseThrow();
    }

    /** The keys of a parent in {@code host.parents} (and of a fault's {@code register-parent}). */
    public static final List<String> PARENT_KEYS = List.of("name", "types", "max-instances");

    /**
     * Reads one parent: a name and at least one type, with a positive capacity on each type, or one
     * positive pool ({@code max-instances} on the parent) and none on its types.
     */
    public static ParentSpec parent(ConfigReader p) {
        String name = p.name("name");
        boolean pooled = p.isSet("max-instances");
        int pool = pooled ? (int) p.integer("max-instances", 1, Integer.MAX_VALUE) : ParentSpec.NO_POOL;
        List<TypeSpec> types = new ArrayList<>();
        Set<String> typeNames = new HashSet<>();
        for (ConfigReader t : p.objects("types", List.of("name", "max-instances"))) {
            String typeName = t.name("name");
            if (!typeNames.add(typeName)) {
                throw t.error("name", "type '" + typeName + "' is listed twice for parent '" + name + "'");
            }
            if (pooled && t.isSet("max-instances")) {
                throw t.error("max-instances", "parent '" + name + "' has a pool (max-instances on the parent), so its"
                        + " types have none: set max-instances on the parent or on each type, not both");
            }
            types.add(pooled ? TypeSpec.inPool(typeName) : new TypeSpec(typeName, (int) t.integer("max-instances", 1, Integer.MAX_VALUE)));
        }
        if (types.isEmpty()) {
            throw p.error("types", "parent '" + name + "' needs at least one type");
        }
        return new ParentSpec(name, types, pool);
    }

    private static List<ParentSpec> parents(ConfigReader host) {
        List<ParentSpec> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (ConfigReader p : host.objects("parents", PARENT_KEYS)) {
            ParentSpec spec = parent(p);
            if (!names.add(spec.name())) {
                throw p.error("name", "parent '" + spec.name() + "' is listed twice");
            }
            out.add(spec);
        }
        return out;
    }
}
