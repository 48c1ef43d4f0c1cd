package dev.mdevsim.host;

import com.typesafe.config.Config;
import dev.mdevsim.config.ConfigReader;
import dev.mdevsim.core.ParentSpec;
import dev.mdevsim.core.TypeSpec;
import dev.mdevsim.model.Model;
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
 */
public record HostSettings(Model model, long seed, List<ParentSpec> parents, VendorSettings vendor, Duration apiTimeout) {

    public HostSettings {
        parents = List.copyOf(parents);
    }

    /** Reads and validates {@code mdevsim.*}; a {@link dev.mdevsim.config.SettingsException} names the bad key. */
    public static HostSettings read(Config config) {
        ConfigReader root = new ConfigReader(config, "").section("mdevsim");
        return new HostSettings(
                model(root),
                root.integer("seed", Long.MIN_VALUE, Long.MAX_VALUE),
                parents(root.section("host")),
                VendorSettings.read(root.section("vendor")),
                root.section("api").positiveDuration("timeout"));
    }

    private static Model model(ConfigReader root) {
        return Model.parse(root.oneOf("model", Model.configNames())).orElseThrow();
    }

    private static List<ParentSpec> parents(ConfigReader host) {
        List<ParentSpec> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (ConfigReader p : host.objects("parents")) {
            String name = p.name("name");
            if (!names.add(name)) {
                throw p.error("name", "parent '" + name + "' is listed twice");
            }
            List<TypeSpec> types = new ArrayList<>();
            Set<String> typeNames = new HashSet<>();
            for (ConfigReader t : p.objects("types")) {
                String typeName = t.name("name");
                if (!typeNames.add(typeName)) {
                    throw t.error("name", "type '" + typeName + "' is listed twice for parent '" + name + "'");
                }
                types.add(new TypeSpec(typeName, (int) t.integer("max-instances", 1, Integer.MAX_VALUE)));
            }
            if (types.isEmpty()) {
                throw p.error("types", "parent '" + name + "' needs at least one type");
            }
            out.add(new ParentSpec(name, types));
        }
        return out;
    }
}
