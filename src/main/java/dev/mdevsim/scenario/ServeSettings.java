package dev.mdevsim.scenario;

import dev.mdevsim.config.ConfigReader;
import java.util.List;

/**
 * {@code mdevsim.serve}: how {@code serve} runs the scenario's host behind its sysfs tree.
 *
 * @param backgroundLoad run the scenario's load (and faults) on the same host while clients use the tree
 */
public record ServeSettings(boolean backgroundLoad) {

    static final List<String> KEYS = List.of("background-load");

    static ServeSettings read(ConfigReader serve) {
        return new ServeSettings(serve.bool("background-load"));
    }
}
