package dev.mdevsim.host;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigValue;
import java.util.Map;

/**
 * mdevsim's settings for Akka ({@code dev/mdevsim/host/akka.conf}: dispatcher, mailbox, logging,
 * shutdown hooks), applied where a config holds Akka's default and nowhere else. A reference.conf
 * cannot carry them: the shaded jar concatenates every reference.conf and Akka's, coming after
 * mdevsim's, would override them.
 */
final class AkkaTuning {

    private static final Config TUNING = ConfigFactory.parseResources(AkkaTuning.class, "akka.conf");

    private AkkaTuning() {
    }

    /** {@code config} with each tuned key set where it held a default (or nothing). */
    static Config apply(Config config) {
        Config out = config;
        for (Map.Entry<String, ConfigValue> e : TUNING.entrySet()) {
            String path = e.getKey();
            if (!config.hasPath(path) || isDefault(config.getValue(path).origin())) {
                out = out.withValue(path, e.getValue());
            }
        }
        return out;
    }

    /** A value that came from some library's reference.conf, not from the user. */
    static boolean isDefault(ConfigOrigin origin) {
        return "reference.conf".equals(origin.resource());
    }
}
