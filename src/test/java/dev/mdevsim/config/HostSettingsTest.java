package dev.mdevsim.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import dev.mdevsim.core.Errno;
import dev.mdevsim.core.ParentSpec;
import dev.mdevsim.core.TypeSpec;
import dev.mdevsim.host.HostSettings;
import dev.mdevsim.model.Model;
import dev.mdevsim.vendor.Latency;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reading and validating {@code mdevsim.*}: every key, every error path, the message checked. */
class HostSettingsTest {

    static Config scenario(String hocon) {
        return ConfigFactory.parseString(hocon, ConfigParseOptions.defaults().setOriginDescription("test.conf"))
                .withFallback(ConfigFactory.defaultReference()).resolve();
    }

    static String error(String hocon) {
        return assertThrows(SettingsException.class, () -> HostSettings.read(scenario(hocon))).getMessage();
    }

    @Test
    void defaults_readFromReferenceConf() {
        HostSettings s = HostSettings.read(ConfigFactory.defaultReference());
        assertEquals(Model.SEED, s.model());
        assertEquals(42, s.seed());
        assertEquals(List.of(ParentSpec.of("0000:3b:00.0", new TypeSpec("nvidia-63", 8))), s.parents());
        assertEquals(new Latency.Fixed(2_000_000), s.vendor().createLatency());
        assertEquals(new Latency.Fixed(1_000_000), s.vendor().removeLatency());
        assertEquals(0.0, s.vendor().createFailureRate());
        assertEquals(Errno.EIO, s.vendor().createFailureErrno());
        assertEquals(0.0, s.vendor().removeRefusalRate());
        assertEquals(0.0, s.vendor().hangRate());
        assertEquals(Errno.ENOSPC, s.vendor().capacityErrno());
        assertEquals(Duration.ofSeconds(30), s.apiTimeout());
    }

    @ParameterizedTest
    @CsvSource({"seed, SEED", "legacy, LEGACY", "global-lock, GLOBAL_LOCK", "Global-Lock, GLOBAL_LOCK", "linux-5.2, LINUX_5_2",
        "linux-6.1, LINUX_6_1", "linux-4.18, SEED", "linux-4.17, LEGACY", "modern, LINUX_6_1"})
    void model_everyModel(String name, Model expected) {
        assertEquals(expected, HostSettings.read(scenario("mdevsim.model = " + name)).model());
    }

    @Test
    void pool_onTheParent_sharedByItsTypes() {
        HostSettings s = HostSettings.read(scenario(
                "mdevsim.host.parents = [ { name = mdpy, max-instances = 4, types = [ { name = vga }, { name = xga } ] } ]"));
        assertEquals(ParentSpec.pooled("mdpy", 4, "vga", "xga"), s.parents().get(0));
        assertEquals(4, s.parents().get(0).instances());
    }

    @Test
    void everyKey_overridden() {
        HostSettings s = HostSettings.read(scenario("""
                mdevsim {
                  model = legacy
                  seed = 7
                  host.parents = [
                    { name = P1, types = [ { name = a, max-instances = 2 }, { name = b, max-instances = 1 } ] }
                    { name = P2, types = [ { name = a, max-instances = 3 } ] }
                  ]
                  vendor {
                    create-latency = { distribution = lognormal, median = 1ms, p99 = 9ms }
                    remove-latency = 500us
                    create-failure { rate = 0.1, errno = enomem }
                    remove-refusal-rate = 0.2
                    hang-rate = 0.01
                    capacity-errno = EUSERS
                  }
                  api.timeout = 2s
                }"""));
        assertEquals(Model.LEGACY, s.model());
        assertEquals(7, s.seed());
        assertEquals(List.of(ParentSpec.of("P1", new TypeSpec("a", 2), new TypeSpec("b", 1)),
                ParentSpec.of("P2", new TypeSpec("a", 3))), s.parents());
        assertEquals(new Latency.LogNormal(1_000_000, 9_000_000), s.vendor().createLatency());
        assertEquals(new Latency.Fixed(500_000), s.vendor().removeLatency());
        assertEquals(0.1, s.vendor().createFailureRate());
        assertEquals(Errno.ENOMEM, s.vendor().createFailureErrno());
        assertEquals(0.2, s.vendor().removeRefusalRate());
        assertEquals(0.01, s.vendor().hangRate());
        assertEquals(Errno.EUSERS, s.vendor().capacityErrno());
        assertEquals(Duration.ofSeconds(2), s.apiTimeout());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{ distribution = fixed, value = 3ms }            | 3000000 | 3000000",
        "{ distribution = uniform, min = 1ms, max = 3ms } | 2000000 | 3000000",
        "{ distribution = exponential, mean = 2ms }       | 1386294 | 0",
        "0                                                | 0       | 0",
        "250us                                            | 250000  | 250000",
    })
    void latency_everyDistribution(String value, long median, long bound) {
        Latency l = HostSettings.read(scenario("mdevsim.vendor.create-latency = " + value)).vendor().createLatency();
        assertEquals(median, l.medianNanos());
        if (l instanceof Latency.Uniform u) {
            assertEquals(bound, u.maxNanos());
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "mdevsim.model = paxos                    | test.conf:1: mdevsim.model: unknown value 'paxos' (allowed: seed, legacy, global-lock, linux-5.2, linux-6.1, linux-4.18, linux-4.17, modern)",
        "mdevsim.seed = many                      | test.conf:1: mdevsim.seed: has type STRING rather than NUMBER",
        "mdevsim.host.parents = [{name = m, max-instances = 2, types = [{name = a, max-instances = 1}]}] | test.conf:1: mdevsim.host.parents[0].types[0].max-instances: parent 'm' has a pool (max-instances on the parent), so its types have none",
        "mdevsim.host.parents = [{name = m, max-instances = 0, types = [{name = a}]}] | test.conf:1: mdevsim.host.parents[0].max-instances: must be between 1 and 2147483647, got 0",
        "mdevsim.host.parents = [{name = m, types = [{name = a}]}] | test.conf:1: mdevsim.host.parents[0].types[0].max-instances: is missing",
        "mdevsim.vendor.hang-rate = 1.5           | test.conf:1: mdevsim.vendor.hang-rate: must be between 0 and 1, got 1.5",
        "mdevsim.vendor.remove-refusal-rate = -1  | test.conf:1: mdevsim.vendor.remove-refusal-rate: must be between 0 and 1, got -1.0",
        "mdevsim.vendor.create-failure.errno = EFOO | test.conf:1: mdevsim.vendor.create-failure.errno: unknown errno 'EFOO'",
        "mdevsim.vendor.create-failure.errno = OK | test.conf:1: mdevsim.vendor.create-failure.errno: must be an errno, not OK",
        "mdevsim.vendor.capacity-errno = 12       | test.conf:1: mdevsim.vendor.capacity-errno: unknown errno '12'",
        "mdevsim.vendor.create-latency = -2ms     | test.conf:1: mdevsim.vendor.create-latency: must not be negative",
        "mdevsim.vendor.create-latency = fast     | test.conf:1: mdevsim.vendor.create-latency: No number in duration value 'fast'",
        "mdevsim.vendor.create-latency = { distribution = gamma } | test.conf:1: mdevsim.vendor.create-latency.distribution: unknown value 'gamma' (allowed: fixed, uniform, exponential, lognormal)",
        "mdevsim.vendor.create-latency = { distribution = uniform, min = 3ms, max = 1ms } | test.conf:1: mdevsim.vendor.create-latency: max must be at least min",
        "mdevsim.vendor.create-latency = { distribution = uniform, min = 3ms } | test.conf:1: mdevsim.vendor.create-latency.max: is missing",
        "mdevsim.vendor.create-latency = { distribution = lognormal, median = 2ms, p99 = 1ms } | test.conf:1: mdevsim.vendor.create-latency: p99 must be at least the median",
        "mdevsim.vendor.create-latency = { distribution = lognormal, median = 0, p99 = 1ms } | test.conf:1: mdevsim.vendor.create-latency.median: must be positive",
        "mdevsim.api.timeout = 0s                 | test.conf:1: mdevsim.api.timeout: must be positive",
        "mdevsim.host.parents = [ { types = [ { name = a, max-instances = 1 } ] } ] | test.conf:1: mdevsim.host.parents[0].name: is missing",
        "mdevsim.host.parents = [ { name = \"\", types = [ { name = a, max-instances = 1 } ] } ] | test.conf:1: mdevsim.host.parents[0].name: must not be empty",
        "mdevsim.host.parents = [ { name = P, types = [] } ] | test.conf:1: mdevsim.host.parents[0].types: parent 'P' needs at least one type",
        "mdevsim.host.parents = [ { name = P, types = [ { name = a, max-instances = 0 } ] } ] | test.conf:1: mdevsim.host.parents[0].types[0].max-instances: must be between 1 and 2147483647, got 0",
        "mdevsim.host.parents = [ { name = P, types = [ { name = a } ] } ] | test.conf:1: mdevsim.host.parents[0].types[0].max-instances: is missing",
        "mdevsim.host.parents = [ { name = P, types = [ { name = a, max-instances = 1 }, { name = a, max-instances = 1 } ] } ] | test.conf:1: mdevsim.host.parents[0].types[1].name: type 'a' is listed twice for parent 'P'",
        "mdevsim.host.parents = [ { name = P, types = [ { name = a, max-instances = 1 } ] }, { name = P, types = [ { name = a, max-instances = 1 } ] } ] | test.conf:1: mdevsim.host.parents[1].name: parent 'P' is listed twice",
        "mdevsim.host.parents = 3                 | test.conf:1: mdevsim.host.parents: has type NUMBER rather than LIST",
    })
    void invalid_oneLineNamingFileLineAndKey(String hocon, String expectedStart) {
        String message = error(hocon);
        assertEquals(1, message.lines().count(), message);
        if (!message.startsWith(expectedStart)) {
            throw new AssertionError("expected a message starting with\n  " + expectedStart + "\nbut got\n  " + message);
        }
    }

    @Test
    void invalid_lineNumberOfTheValue() {
        String message = error("mdevsim {\n  seed = 1\n  vendor {\n    hang-rate = 2\n  }\n}");
        assertEquals("test.conf:4: mdevsim.vendor.hang-rate: must be between 0 and 1, got 2.0", message);
    }
}
