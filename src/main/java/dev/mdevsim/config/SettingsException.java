package dev.mdevsim.config;

import com.typesafe.config.ConfigOrigin;

/**
 * A setting that cannot be used: thrown while settings are read, before anything starts. Its message
 * is one line naming where the value came from (file and line when known), the full key, and what
 * is allowed, e.g. {@code conf/x.conf:12: mdevsim.vendor.hang-rate: must be between 0 and 1, got 1.5}.
 */
public final class SettingsException extends RuntimeException {

    private final String key;

    public SettingsException(String key, ConfigOrigin origin, String problem) {
        super(where(origin) + key + ": " + problem);
        this.key = key;
    }

    public SettingsException(String key, String problem) {
        this(key, null, problem);
    }

    /** The full key, {@code mdevsim.vendor.hang-rate}. */
    public String key() {
        return key;
    }

    private SettingsException(String message) {
        super(message);
        this.key = "";
    }

    /** A problem with a whole file, or a location given as text: {@code conf/x.conf: no such file}. */
    public static SettingsException file(String file, String problem) {
        return new SettingsException(file + ": " + problem);
    }

    private static String where(ConfigOrigin origin) {
        if (origin == null) {
            return "";
        }
        String description = origin.description();
        if (description != null && description.startsWith("--set")) {
            return description.replaceFirst(":\\s*\\d+$", "") + ": "; // one line; its number says nothing
        }
        String file = origin.filename();
        if (file == null && origin.url() != null) {
            file = origin.url().toString();
        }
        if (file == null) {
            // parsed text (a test, --set) or system properties: the description names the source
            String d = origin.description() == null ? "" : origin.description().replaceFirst(":\\s*\\d+$", "");
            if (d.isEmpty()) {
                return "";
            }
            file = d;
        }
        return origin.lineNumber() > 0 ? file + ":" + origin.lineNumber() + ": " : file + ": ";
    }
}
