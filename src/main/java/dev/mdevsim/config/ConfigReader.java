package dev.mdevsim.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import dev.mdevsim.core.Errno;
import dev.mdevsim.vendor.Latency;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads typed values out of one section of a {@link Config} and turns every problem into a
 * {@link SettingsException} that names the full key and the file and line the value came from. Only
 * entry points read {@code Config}; everything else gets validated settings records built with this.
 *
 * <p>A reader made by {@link #collecting} does not stop at the first unknown key: it notes every one
 * it meets and {@link #checked} reports the first of them in file order (by line, then key), ahead
 * of any other problem, which is often only its consequence.
 */
public final class ConfigReader {

    private final Config config;
    private final String path;
    private final ConfigOrigin origin;
    /** The unknown keys met so far, or null to stop at the first one. */
    private final List<Unknown> unknown;

    /** An unknown key and where it is. */
    private record Unknown(int line, String key, SettingsException error) {
    }

    private static final Comparator<Unknown> FILE_ORDER = Comparator
            .comparingInt((Unknown u) -> u.line() > 0 ? u.line() : Integer.MAX_VALUE).thenComparing(Unknown::key);

    /** A reader of {@code config} whose keys are reported under {@code path} (e.g. {@code mdevsim}). */
    public ConfigReader(Config config, String path) {
        this(config, path, config.origin(), null);
    }

    private ConfigReader(Config config, String path, ConfigOrigin origin, List<Unknown> unknown) {
        this.config = config;
        this.path = path;
        this.origin = origin;
        this.unknown = unknown;
    }

    /** A reader of the whole of {@code config} that notes unknown keys for {@link #checked}. */
    public static ConfigReader collecting(Config config) {
        return new ConfigReader(config, "", config.origin(), new ArrayList<>());
    }

    /**
     * Runs {@code read} (which reads through this reader or its sections) and then reports the first
     * unknown key in file order, if any was met, in place of whatever {@code read} returned or threw.
     */
    public <T> T checked(Supplier<T> read) {
        T result;
        try {
            result = read.get();
        } catch (SettingsException e) {
            throw firstUnknown().orElse(e);
        } catch (StackOverflowError e) {
            throw firstUnknown().map(RuntimeException.class::cast).orElseThrow(() -> e);
        }
        Optional<SettingsException> first = firstUnknown();
        if (first.isPresent()) {
            throw first.get();
        }
        return result;
    }

    private Optional<SettingsException> firstUnknown() {
        return unknown == null ? Optional.empty() : unknown.stream().min(FILE_ORDER).map(Unknown::error);
    }

    /** The full name of a key in this section. */
    public String key(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    public boolean has(String key) {
        return config.hasPath(key);
    }

    /** A sub-section, required. */
    public ConfigReader section(String key) {
        return read(key, k -> new ConfigReader(config.getConfig(k), key(k), config.getValue(k).origin(), unknown));
    }

    /** A sub-section whose keys must all be among {@code allowed}. */
    public ConfigReader section(String key, Collection<String> allowed) {
        ConfigReader r = section(key);
        r.requireKnownKeys(allowed);
        return r;
    }

    public String string(String key) {
        return read(key, config::getString);
    }

    /** A non-empty string. */
    public String name(String key) {
        String s = string(key);
        if (s.isBlank()) {
            throw error(key, "must not be empty");
        }
        return s;
    }

    /**
     * A whole number in [min, max]. Every integer setting is read here: {@code 8.5} is an error, not 8,
     * and an error quotes the number as it was written, not as it was rounded to fit a {@code long}.
     */
    public long integer(String key, long min, long max) {
        Number n = read(key, config::getNumber);
        String text = shown(text(key));
        long v;
        if (n instanceof Integer || n instanceof Long) {
            v = n.longValue();
        } else {
            double d = n.doubleValue();
            if (Double.isNaN(d) || (!Double.isInfinite(d) && d != Math.rint(d))) {
                throw error(key, "must be a whole number, got " + text);
            }
            if (d >= 0x1p63 || d < -0x1p63) {
                throw error(key, "is too " + (d > 0 ? "large" : "small") + ": must be between " + min + " and " + max
                        + ", got " + text);
            }
            v = (long) d;
        }
        if (v < min || v > max) {
            throw error(key, "must be between " + min + " and " + max + ", got " + text);
        }
        return v;
    }

    /** A value's text as the user wrote it: a number as typed ({@code 1e3}, {@code 8.5}), a string unquoted. */
    private String text(String key) {
        ConfigValue v = config.getValue(key);
        return v.valueType() == ConfigValueType.STRING ? (String) v.unwrapped() : v.render(ConfigRenderOptions.concise());
    }

    /** {@code on}/{@code off}, {@code true}/{@code false} or {@code yes}/{@code no}. */
    public boolean bool(String key) {
        return read(key, config::getBoolean);
    }

    /** A probability in [0, 1]. */
    public double rate(String key) {
        double v = read(key, config::getDouble);
        if (!(v >= 0.0 && v <= 1.0)) {
            throw error(key, "must be between 0 and 1, got " + v);
        }
        return v;
    }

    /** A non-negative duration such as {@code 2ms}, {@code 500us}; a bare number means milliseconds. */
    public Duration duration(String key) {
        Duration d = read(key, config::getDuration);
        if (d.isNegative()) {
            throw error(key, "must not be negative, got " + config.getValue(key).unwrapped());
        }
        return d;
    }

    /** A positive duration. */
    public Duration positiveDuration(String key) {
        Duration d = duration(key);
        if (d.isZero()) {
            throw error(key, "must be positive");
        }
        return d;
    }

    /** An errno name such as {@code EIO}; {@code OK} only when {@code allowOk}. */
    public Errno errno(String key, boolean allowOk) {
        String s = string(key);
        Errno e = Errno.parse(s).orElseThrow(() -> error(key,
                "unknown errno '" + shown(s) + "' (use a Linux errno name such as EIO, ENOSPC, EBUSY)"));
        if (e.isOk() && !allowOk) {
            throw error(key, "must be an errno, not OK");
        }
        return e;
    }

    /** One of the allowed words, case-insensitive; returns it in lower case. */
    public String oneOf(String key, Collection<String> allowed) {
        String s = string(key).toLowerCase(Locale.ROOT);
        if (!allowed.contains(s)) {
            throw error(key, "unknown value '" + shown(config.getString(key)) + "' (allowed: " + String.join(", ", allowed) + ")");
        }
        return s;
    }

    /** A list of objects, each read through its own reader named {@code key[i]}. */
    public List<ConfigReader> objects(String key) {
        List<? extends Config> list = read(key, config::getConfigList);
        List<ConfigReader> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            Config c = list.get(i);
            out.add(new ConfigReader(c, key(key) + "[" + i + "]", c.origin(), unknown));
        }
        return out;
    }

    /** A list of objects, each of whose keys must be among {@code allowed}. */
    public List<ConfigReader> objects(String key, Collection<String> allowed) {
        List<ConfigReader> out = objects(key);
        out.forEach(o -> o.requireKnownKeys(allowed));
        return out;
    }

    /**
     * A latency: a duration (fixed), or an object {@code { distribution = fixed|uniform|exponential|lognormal, ... }}
     * with {@code value}, {@code min}/{@code max}, {@code mean} or {@code median}/{@code p99}.
     */
    public Latency latency(String key) {
        ConfigValue v = read(key, config::getValue);
        if (v.valueType() != ConfigValueType.OBJECT) {
            return wrap(key, () -> Latency.fixed(duration(key)));
        }
        ConfigReader d = new ConfigReader(((ConfigObject) v).toConfig(), key(key), v.origin(), unknown);
        String kind = d.oneOf("distribution", List.of("fixed", "uniform", "exponential", "lognormal"));
        d.requireKnownKeys(switch (kind) {
            case "fixed" -> List.of("distribution", "value");
            case "uniform" -> List.of("distribution", "min", "max");
            case "exponential" -> List.of("distribution", "mean");
            default -> List.of("distribution", "median", "p99");
        });
        return wrap(key, () -> switch (kind) {
            case "fixed" -> new Latency.Fixed(d.duration("value").toNanos());
            case "uniform" -> new Latency.Uniform(d.duration("min").toNanos(), d.duration("max").toNanos());
            case "exponential" -> new Latency.Exponential(d.duration("mean").toNanos());
            default -> new Latency.LogNormal(d.positiveDuration("median").toNanos(), d.positiveDuration("p99").toNanos());
        });
    }

    /**
     * Refuses keys this section does not define, so a misspelt key is an error rather than silently
     * ignored: {@code mdevsim.load.clinets: unknown key (did you mean 'clients'?)}. Of several, the
     * first in the file (by line, then key); a collecting reader notes them all for {@link #checked}.
     */
    public void requireKnownKeys(Collection<String> allowed) {
        List<Unknown> found = new ArrayList<>();
        config.root().forEach((k, v) -> {
            if (!allowed.contains(k)) {
                String near = nearest(k, allowed);
                String full = key(shown(ConfigUtil.joinPath(k)));
                found.add(new Unknown(v.origin().lineNumber(), full, new SettingsException(full, v.origin(), "unknown key ("
                        + (near != null ? "did you mean '" + near + "'? " : "") + "keys here: " + String.join(", ", allowed) + ")")));
            }
        });
        if (unknown != null) {
            unknown.addAll(found);
        } else if (!found.isEmpty()) {
            throw found.stream().min(FILE_ORDER).orElseThrow().error();
        }
    }

    /** The allowed key within edit distance 2 of {@code key}, if any; ties go to the longer common prefix. */
    public static String nearest(String key, Collection<String> allowed) {
        String best = null;
        int bestDistance = 3;
        int bestPrefix = -1;
        for (String a : allowed) {
            if (Math.abs(a.length() - key.length()) > bestDistance) {
                continue; // the distance is at least the difference in length
            }
            int d = distance(key, a);
            int prefix = commonPrefix(key, a);
            if (d < bestDistance || (d == bestDistance && prefix > bestPrefix)) {
                best = a;
                bestDistance = d;
                bestPrefix = prefix;
            }
        }
        return best;
    }

    private static int commonPrefix(String a, String b) {
        int n = 0;
        while (n < a.length() && n < b.length() && a.charAt(n) == b.charAt(n)) {
            n++;
        }
        return n;
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /** Whether the key is set to something other than null. */
    public boolean isSet(String key) {
        return config.hasPath(key);
    }

    /** A list of strings. */
    public List<String> strings(String key) {
        return read(key, config::getStringList);
    }

    /** A positive number (a rate). */
    public double positive(String key) {
        double v = read(key, config::getDouble);
        if (!(v > 0) || Double.isInfinite(v)) {
            throw error(key, "must be a positive number, got " + v);
        }
        return v;
    }

    /** An error about {@code key} of this section, located at the value when it exists. */
    public SettingsException error(String key, String problem) {
        ConfigOrigin o = config.hasPathOrNull(key) ? config.getValue(key).origin() : origin;
        return new SettingsException(key(key), o, problem);
    }

    private <T> T wrap(String key, Supplier<T> make) {
        try {
            return make.get();
        } catch (IllegalArgumentException e) {
            throw error(key, e.getMessage());
        }
    }

    private <T> T read(String key, Function<String, T> getter) {
        try {
            return getter.apply(key);
        } catch (ConfigException.Missing e) {
            throw error(key, "is missing");
        } catch (ConfigException.WrongType e) {
            String m = stripOrigin(e.getMessage());
            int i = m.indexOf(" has type ");
            throw error(key, i >= 0 ? m.substring(i + 1) : "has the wrong type: " + shortened(m));
        } catch (ConfigException.BadValue e) {
            throw error(key, shortened(stripOrigin(e.getMessage()).replaceFirst("^Invalid value at '[^']*': ", "")));
        }
    }

    /** A user's text as an error quotes it (see {@link SettingsException#shown}). */
    private static String shown(String text) {
        return SettingsException.shown(text);
    }

    private static final Pattern LONG_QUOTE = Pattern.compile("'([^']{" + (SettingsException.SHOWN + 1) + ",})'");

    /** A message of Typesafe Config with the user's long values in it cut short. */
    static String shortened(String message) {
        Matcher m = LONG_QUOTE.matcher(message);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(b, Matcher.quoteReplacement("'" + shown(m.group(1)) + "'"));
        }
        m.appendTail(b);
        String s = b.toString();
        return s.length() > 4 * SettingsException.SHOWN ? s.substring(0, 4 * SettingsException.SHOWN) + "…" : s;
    }

    private static String stripOrigin(String message) {
        // Typesafe Config prefixes messages with "origin: line: "; we print our own location
        return message.replaceFirst("^.*?: \\d+: ", "");
    }
}
