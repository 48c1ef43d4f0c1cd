package dev.mdevsim.sim;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import dev.mdevsim.core.Seeds;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * {@code swarm --perturb}: from each seed, a variation of the scenario within fixed bounds, given as
 * {@code --set} overrides so that the printed command replays it exactly:
 * <ul>
 *   <li>each vendor latency ({@code create-}, {@code remove-}, {@code setup-latency}; every duration
 *       of a distribution) times a factor in [0.5, 2], drawn log-uniformly;</li>
 *   <li>{@code load.rate} (open arrival) times a factor in [0.5, 1.5];</li>
 *   <li>each fault's {@code at} times a factor in [0.8, 1.2].</li>
 * </ul>
 * A setting at zero stays zero. The draws use their own stream of the seed, apart from the workload's,
 * the vendor's and the schedule's.
 */
public final class Perturb {

    static final long STREAM = 0x9E27_0B;
    private static final List<String> LATENCIES = List.of("create-latency", "remove-latency", "setup-latency");
    private static final List<String> DISTRIBUTION_DURATIONS = List.of("min", "max", "mean", "median", "p99");

    private Perturb() {
    }

    /** The overrides ({@code key=value}, keys without the {@code mdevsim.} prefix) for {@code seed}. */
    public static List<String> sets(Config config, long seed) {
        SplittableRandom random = new SplittableRandom(Seeds.stream(seed, STREAM));
        List<String> out = new ArrayList<>();
        for (String key : LATENCIES) {
            String path = "mdevsim.vendor." + key;
            double factor = Math.pow(2, random.nextDouble(-1, 1)); // [0.5, 2], log-uniform
            if (!config.hasPath(path)) {
                continue;
            }
            ConfigValue v = config.getValue(path);
            if (v.valueType() == ConfigValueType.OBJECT) {
                Config d = config.getConfig(path);
                Map<String, Object> scaled = new LinkedHashMap<>();
                for (String k : d.root().keySet()) {
                    scaled.put(k, DISTRIBUTION_DURATIONS.contains(k) ? scale(d.getDuration(k), factor) : d.getAnyRef(k));
                }
                String rendered = ConfigValueFactory.fromMap(scaled).render(ConfigRenderOptions.concise());
                if (!scaled.equals(d.root().unwrapped())) {
                    out.add("vendor." + key + "=" + rendered);
                }
            } else if (!config.getDuration(path).isZero()) {
                out.add("vendor." + key + "=" + scale(config.getDuration(path), factor));
            }
        }
        double rateFactor = random.nextDouble(0.5, 1.5);
        if ("open".equals(config.getString("mdevsim.load.arrival"))) {
            out.add("load.rate=" + Math.max(1, Math.round(config.getDouble("mdevsim.load.rate") * rateFactor)));
        }
        List<? extends Config> faults = config.getConfigList("mdevsim.faults");
        if (!faults.isEmpty()) {
            List<Object> moved = new ArrayList<>();
            for (Config f : faults) {
                Map<String, Object> fault = new LinkedHashMap<>(f.root().unwrapped());
                fault.put("at", scale(f.getDuration("at"), random.nextDouble(0.8, 1.2)));
                moved.add(fault);
            }
            out.add("faults=" + ConfigValueFactory.fromIterable(moved).render(ConfigRenderOptions.concise()));
        }
        return out;
    }

    /** {@code d} times {@code factor}, in whole microseconds (at least 1us when {@code d} is not zero). */
    private static String scale(Duration d, double factor) {
        if (d.isZero()) {
            return "0";
        }
        return Math.max(1, Math.round(d.toNanos() * factor / 1000.0)) + "us";
    }
}
