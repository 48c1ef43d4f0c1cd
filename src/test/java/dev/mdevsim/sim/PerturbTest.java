package dev.mdevsim.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import dev.mdevsim.scenario.ScenarioLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** swarm --perturb: drawn from the seed, within its documented bounds, replayable as --set overrides. */
class PerturbTest {

    static final Path UNPLUG = Path.of("conf/hot-unplug.conf");

    @Test
    void sameSeed_sameSets_otherSeed_otherSets() {
        Config c = ScenarioLoader.config(UNPLUG, List.of());
        assertEquals(Perturb.sets(c, 7), Perturb.sets(c, 7));
        assertNotEquals(Perturb.sets(c, 7), Perturb.sets(c, 8));
    }

    @Test
    void withinBounds_andTheSetsLoad() {
        Config base = ScenarioLoader.config(UNPLUG, List.of());
        for (long seed = 1; seed <= 50; seed++) {
            List<String> sets = Perturb.sets(base, seed);
            Config c = ScenarioLoader.config(UNPLUG, sets); // each override is valid HOCON for its key
            ScenarioLoader.read("hot-unplug", c);
            ratio(base, c, "mdevsim.vendor.create-latency.min", 0.5, 2.0);
            ratio(base, c, "mdevsim.vendor.create-latency.max", 0.5, 2.0);
            ratio(base, c, "mdevsim.vendor.remove-latency.max", 0.5, 2.0);
            List<? extends Config> before = base.getConfigList("mdevsim.faults");
            List<? extends Config> after = c.getConfigList("mdevsim.faults");
            assertEquals(before.size(), after.size());
            for (int i = 0; i < before.size(); i++) {
                double r = (double) after.get(i).getDuration("at").toNanos() / before.get(i).getDuration("at").toNanos();
                assertTrue(r >= 0.8 - 1e-6 && r <= 1.2 + 1e-6, "fault time x" + r);
                assertEquals(before.get(i).root().keySet(), after.get(i).root().keySet());
            }
            // a scale of one setup latency of zero stays zero (no override at all)
            assertTrue(sets.stream().noneMatch(s -> s.startsWith("vendor.setup-latency")), sets.toString());
        }
    }

    @Test
    void openArrival_rateScaled_closedArrival_rateLeftAlone() {
        Config open = ScenarioLoader.config(UNPLUG, List.of("load.arrival=open", "load.rate=1000"));
        List<String> sets = new ArrayList<>(Perturb.sets(open, 3));
        String rate = sets.stream().filter(s -> s.startsWith("load.rate=")).findFirst().orElseThrow();
        long r = Long.parseLong(rate.substring("load.rate=".length()));
        assertTrue(r >= 500 && r <= 1500, rate);
        Config closed = ScenarioLoader.config(UNPLUG, List.of());
        assertTrue(Perturb.sets(closed, 3).stream().noneMatch(s -> s.startsWith("load.rate")));
    }

    private static void ratio(Config base, Config c, String path, double min, double max) {
        Duration a = base.getDuration(path);
        Duration b = c.getDuration(path);
        double r = (double) b.toNanos() / a.toNanos();
        assertTrue(r >= min - 0.01 && r <= max + 0.01, path + " x" + r);
    }
}
