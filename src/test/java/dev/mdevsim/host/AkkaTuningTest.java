package dev.mdevsim.host;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

/** mdevsim's Akka settings replace Akka's defaults, never the user's own akka.* settings. */
class AkkaTuningTest {

    @Test
    void theTuningReplacesAkkasDefaults() {
        Config tuned = AkkaTuning.apply(ConfigFactory.defaultReference());
        assertEquals(64, tuned.getInt("akka.actor.default-dispatcher.throughput"));
        assertEquals("akka.dispatch.SingleConsumerOnlyUnboundedMailbox", tuned.getString("akka.actor.default-mailbox.mailbox-type"));
        assertEquals(false, tuned.getBoolean("akka.jvm-shutdown-hooks"));
        assertEquals(java.util.List.of("akka.event.slf4j.Slf4jLogger"), tuned.getStringList("akka.loggers"));
    }

    @Test
    void aValueTheUserSetIsKept() {
        Config user = ConfigFactory.parseString("akka.actor.default-dispatcher.throughput = 5",
                com.typesafe.config.ConfigParseOptions.defaults().setOriginDescription("my.conf"));
        Config tuned = AkkaTuning.apply(user.withFallback(ConfigFactory.defaultReference()).resolve());
        assertEquals(5, tuned.getInt("akka.actor.default-dispatcher.throughput"));
        assertEquals(1.5, tuned.getDouble("akka.actor.default-dispatcher.fork-join-executor.parallelism-factor"));
    }
}
