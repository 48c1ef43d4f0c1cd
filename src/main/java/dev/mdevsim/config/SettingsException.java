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
        super(oneLine(where(origin) + key + ": " + problem));
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
        super(oneLine(message));
        this.key = "";
    }

    /** A problem with a whole file, or a location given as text: {@code conf/x.conf: no such file}. */
    public static SettingsException file(String file, String problem) {
        return new SettingsException(file + ": " + problem);
    }

    /** A problem worded in full by the caller: {@code cannot read conf/x.conf: permission denied}. */
    public static SettingsException message(String message) {
        return new SettingsException(message);
    }

    /** The most of a user's text an error quotes: a 10 MB value is not echoed whole. */
    public static final int SHOWN = 60;

    /**
     * A user's text as an error quotes it: at most {@link #SHOWN} characters (then {@code …}), with
     * line breaks and other control characters written as escapes so that the message stays one line.
     */
    public static String shown(String text) {
        boolean cut = text.length() > SHOWN;
        String s = cut ? text.substring(0, Character.isHighSurrogate(text.charAt(SHOWN - 1)) ? SHOWN - 1 : SHOWN) : text;
        StringBuilder b = new StringBuilder(s.length() + 4);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (Character.isISOControl(c)) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return cut ? b.append('…').toString() : b.toString();
    }

    /** A message is one line, whatever text it quotes. */
    private static String oneLine(String message) {
        return message.indexOf('\n') < 0 && message.indexOf('\r') < 0 ? message
                : message.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\r");
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
