package dev.mdevsim.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigIncludeContext;
import com.typesafe.config.ConfigIncluder;
import com.typesafe.config.ConfigIncluderFile;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValue;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a HOCON file as a user expects, every problem a one-line {@link SettingsException} in plain
 * words, naming the file and line:
 * <ul>
 *   <li>{@code include "common.conf"} and {@code include file("common.conf")} are relative to the file
 *       that includes them, however that file was named ({@code x.conf}, {@code ./x.conf}, {@code dir/x.conf});
 *       a missing {@code include required(...)} names the including file; an include cycle is an error;</li>
 *   <li>Typesafe Config's parse errors in plain words ({@code x.conf:3: unclosed '{'}), no Java names;</li>
 *   <li>a file nested too deeply for the parser is an error, not a {@link StackOverflowError}.</li>
 * </ul>
 */
public final class HoconFiles {

    private HoconFiles() {
    }

    /** How deep objects and lists may nest in a file; a scenario needs about six levels. */
    public static final int MAX_DEPTH = 100;

    /** Parses a HOCON file that exists (includes resolved, substitutions not yet), nested at most {@link #MAX_DEPTH} deep. */
    public static Config parse(Path file) {
        Config config;
        try {
            config = parse(file, List.of());
        } catch (StackOverflowError e) {
            throw nestedTooDeeply(file.toString(), null);
        }
        requireDepth(config.root(), file);
        return config;
    }

    /** The error for settings nested deeper than {@link #MAX_DEPTH}, at {@code origin} when known. */
    public static SettingsException nestedTooDeeply(String file, ConfigOrigin origin) {
        String where = origin != null && origin.filename() != null ? origin.filename() : file;
        return SettingsException.file(origin != null && origin.lineNumber() > 0 ? where + ":" + origin.lineNumber() : where,
                "nested too deeply (objects and lists nest at most " + MAX_DEPTH + " levels deep)");
    }

    /** Walks the tree without recursion, so that a deep one is an error rather than a stack overflow later. */
    private static void requireDepth(ConfigValue root, Path file) {
        Deque<ConfigValue> values = new ArrayDeque<>();
        Deque<Integer> depths = new ArrayDeque<>();
        values.push(root);
        depths.push(1);
        while (!values.isEmpty()) {
            ConfigValue v = values.pop();
            int depth = depths.pop();
            if (depth > MAX_DEPTH) {
                throw nestedTooDeeply(file.toString(), v.origin());
            }
            Collection<? extends ConfigValue> children = v instanceof ConfigObject o ? o.values()
                    : v instanceof ConfigList l ? l : List.of();
            for (ConfigValue c : children) {
                values.push(c);
                depths.push(depth + 1);
            }
        }
    }

    private static Config parse(Path file, List<Path> chain) {
        if (!Files.isReadable(file)) {
            throw cannotRead(file.toString(), "permission denied");
        }
        ConfigParseOptions options = ConfigParseOptions.defaults().setAllowMissing(false)
                .setIncluder(new Includer(file, chain, null));
        if (chain.isEmpty() || !file.toString().endsWith(".json")) {
            options = options.setSyntax(ConfigSyntax.CONF);
        }
        try {
            return ConfigFactory.parseFile(file.toFile(), options);
        } catch (ConfigException e) {
            throw translate(e, file);
        }
    }

    private static SettingsException cannotRead(String file, String why) {
        return SettingsException.message("cannot read " + file + ": " + why);
    }

    /**
     * Resolves {@code include "x"} and {@code include file("x")} relative to the including file;
     * {@code classpath(...)} and {@code url(...)} are left to Typesafe Config.
     */
    private record Includer(Path file, List<Path> chain, ConfigIncluder fallback) implements ConfigIncluder, ConfigIncluderFile {

        @Override
        public ConfigIncluder withFallback(ConfigIncluder other) {
            return new Includer(file, chain, other);
        }

        @Override
        public ConfigObject include(ConfigIncludeContext context, String what) {
            return includeFile(context, new File(what));
        }

        @Override
        public ConfigObject includeFile(ConfigIncludeContext context, File what) {
            Path target = what.isAbsolute() ? what.toPath() : file.resolveSibling(what.toPath());
            if (!Files.exists(target) && !what.getName().contains(".") && Files.exists(Path.of(target + ".conf"))) {
                target = Path.of(target + ".conf");
            }
            String where = file + line(what.getPath());
            if (!Files.exists(target)) {
                if (context.parseOptions().getAllowMissing()) {
                    return ConfigFactory.empty("missing " + target).root(); // HOCON: an optional include may be missing
                }
                throw SettingsException.file(where, "include \"" + SettingsException.shown(what.getPath())
                        + "\": no such file (looked for " + target + ")");
            }
            if (!Files.isRegularFile(target)) {
                throw SettingsException.file(where, "include \"" + SettingsException.shown(what.getPath()) + "\": " + target
                        + " is not a file");
            }
            Path real = target.toAbsolutePath().normalize();
            List<Path> inside = new ArrayList<>(chain);
            inside.add(file.toAbsolutePath().normalize());
            if (inside.contains(real)) {
                throw SettingsException.file(where, "include \"" + SettingsException.shown(what.getPath())
                        + "\": an include cycle (" + target + " includes this file again)");
            }
            return parse(target, inside).root();
        }

        /** {@code :N}, the line of the include statement naming {@code name}, or nothing if not found. */
        private String line(String name) {
            try {
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                for (int i = 0; i < lines.size(); i++) {
                    if (lines.get(i).contains("include") && lines.get(i).contains("\"" + name + "\"")) {
                        return ":" + (i + 1);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // the message names the file without a line
            }
            return "";
        }
    }

    /** Typesafe Config's problem with a file, as "file:line: what is wrong" in plain words. */
    public static SettingsException translate(ConfigException e, Path file) {
        ConfigOrigin o = e.origin();
        String where = o != null && o.filename() != null ? o.filename() : file.toString();
        int line = o != null ? o.lineNumber() : -1;
        String m = e.getMessage() == null ? "" : e.getMessage();
        if (o != null && m.startsWith(o.description() + ": ")) {
            m = m.substring(o.description().length() + 2);
        }
        if (e instanceof ConfigException.IO) {
            String lower = m.toLowerCase(Locale.ROOT);
            String why = lower.contains("permission denied") ? "permission denied"
                    : lower.contains("no such file") ? "no such file" : ConfigReader.shortened(withoutJavaNames(m));
            if (o == null || o.filename() == null || !Path.of(o.filename()).equals(file)) {
                // an include of classpath(...) or url(...), which Typesafe Config reads
                return SettingsException.file(file.toString(), "cannot read an include: " + why);
            }
            return cannotRead(where, why);
        }
        if (o != null && o.filename() == null && o.description() != null && o.description().startsWith("--set ")) {
            where = o.description().replaceFirst(":\\s*\\d+$", ""); // a --set option: its one line says nothing
            line = -1;
        }
        Plain p = plain(m, where);
        if (p.line() > 0) {
            line = p.line();
        }
        return SettingsException.file(line > 0 ? where + ":" + line : where, p.problem());
    }

    /** A problem in plain words, on {@code line} when it is better known than Typesafe Config's. */
    record Plain(int line, String problem) {
    }

    private static final Pattern JAVA_NAME = Pattern.compile("\\b(?:java|javax|com\\.typesafe)\\.[\\w.$]*(?:Exception|Error): ?");
    private static final Pattern CLOSE = Pattern.compile("expecting a close parentheses '\\)' here, not: (.*)");
    private static final Pattern AFTER_COMMA = Pattern.compile("List should have had new element after a comma, instead had token: (.*)");
    private static final Pattern KEY_FOLLOWED = Pattern.compile("Key '(.*)' may not be followed by token: (.*)");
    private static final Pattern CLOSE_BRACE = Pattern.compile("Expecting close brace \\} or a comma, got (.*)");
    private static final Pattern END_OR_COMMA = Pattern.compile("Expecting end of input or a comma, got (.*)");
    private static final Pattern WRONG_TOKEN = Pattern.compile("Expecting a value but got wrong token: (.*)");
    private static final Pattern ESCAPE = Pattern.compile("backslash followed by '(.)'");
    private static final Pattern UNRESOLVED = Pattern.compile("Could not resolve substitution to a value: (.*)");

    /** Typesafe Config's parse message {@code m} about {@code file}, in plain words. */
    static Plain plain(String m, String file) {
        String s = m;
        for (String hint : List.of(" (if you intended ", " (if you want ")) {
            int i = s.indexOf(hint);
            if (i > 0) {
                s = s.substring(0, i);
            }
        }
        Matcher x;
        if (s.contains("End of input but triple-quoted string was still open")) {
            return unclosed(file, "\"\"\"");
        }
        if (s.contains("Substitution ${ was not closed")) {
            return unclosed(file, "${");
        }
        if (s.contains("JSON does not allow unescaped newline in quoted strings")) {
            return new Plain(0, "unclosed '\"': a quoted string ends on its own line (use \"\"\" for text over several lines)");
        }
        if ((x = ESCAPE.matcher(s)).find()) {
            return new Plain(0, "'\\" + x.group(1) + "' is not an escape in a quoted string (write \\\\ for a backslash)");
        }
        if ((x = CLOSE.matcher(s)).matches() || (x = AFTER_COMMA.matcher(s)).matches()) {
            if (x.group(1).equals("end of file")) {
                return unclosed(file, null);
            }
            return new Plain(0, (x.pattern() == AFTER_COMMA ? "expected a list element after ',', not " : "unexpected ")
                    + token(x.group(1)));
        }
        if ((x = KEY_FOLLOWED.matcher(s)).matches()) {
            return new Plain(0, "key '" + SettingsException.shown(x.group(1)) + "' must be followed by '=', ':' or '{', not "
                    + token(x.group(2)));
        }
        if ((x = CLOSE_BRACE.matcher(s)).matches()) {
            return new Plain(0, "expected '}' or ',', not " + token(x.group(1)));
        }
        if ((x = END_OR_COMMA.matcher(s)).matches()) {
            return new Plain(0, "unexpected " + token(x.group(1)) + " (nothing is open for it to close)");
        }
        if (s.startsWith("unbalanced close brace")) {
            return new Plain(0, "'}' closes nothing (no '{' is open)");
        }
        if ((x = WRONG_TOKEN.matcher(s)).matches()) {
            return new Plain(0, "expected a value, not " + token(x.group(1)));
        }
        if ((x = UNRESOLVED.matcher(s)).matches()) {
            return new Plain(0, SettingsException.shown(x.group(1)) + ": no such setting to substitute");
        }
        return new Plain(0, ConfigReader.shortened(withoutJavaNames(s)));
    }

    private static String withoutJavaNames(String s) {
        return JAVA_NAME.matcher(s).replaceAll("");
    }

    /** A token of Typesafe Config's messages ({@code 'x'}, {@code end of file}) as we quote it. */
    private static String token(String t) {
        if (t.equals("end of file")) {
            return "the end of the file";
        }
        if (t.length() >= 2 && t.startsWith("'") && t.endsWith("'")) {
            String inner = t.substring(1, t.length() - 1);
            return inner.equals("newline") ? "a line break" : "'" + SettingsException.shown(inner) + "'";
        }
        return SettingsException.shown(t);
    }

    /** The file ended with something open: say what and on which line, if the file shows it. */
    private static Plain unclosed(String file, String hint) {
        String text;
        try {
            text = Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return new Plain(0, hint == null ? "unexpected end of the file: something is not closed" : "unclosed '" + hint + "'");
        }
        Open open = Brackets.unclosed(text);
        if (open == null) {
            return new Plain(0, hint == null ? "unexpected end of the file: something is not closed" : "unclosed '" + hint + "'");
        }
        return new Plain(open.line(), "unclosed '" + open.what() + "' (the file ends before its " + open.closer() + ")");
    }

    /** Something opened and not closed: {@code {}, {@code [}, {@code ${} or {@code """}, and its line. */
    record Open(String what, int line) {
        String closer() {
            return switch (what) {
                case "{", "${" -> "'}'";
                case "[" -> "']'";
                default -> "closing '\"\"\"'";
            };
        }
    }

    /** A scan of HOCON text that knows strings and comments well enough to find what is left open. */
    static final class Brackets {

        private Brackets() {
        }

        /** The innermost thing left open at the end of {@code text}, or null. */
        static Open unclosed(String text) {
            Deque<Open> open = new ArrayDeque<>();
            int line = 1;
            int i = 0;
            int n = text.length();
            while (i < n) {
                char c = text.charAt(i);
                if (c == '\n') {
                    line++;
                    i++;
                } else if (c == '#' || (c == '/' && i + 1 < n && text.charAt(i + 1) == '/')) {
                    while (i < n && text.charAt(i) != '\n') {
                        i++;
                    }
                } else if (text.startsWith("\"\"\"", i)) {
                    int start = line;
                    int end = text.indexOf("\"\"\"", i + 3);
                    if (end < 0) {
                        return new Open("\"\"\"", start);
                    }
                    for (int j = i; j < end; j++) {
                        line += text.charAt(j) == '\n' ? 1 : 0;
                    }
                    i = end + 3;
                    while (i < n && text.charAt(i) == '"') {
                        i++; // """a"""" ends at the last quote
                    }
                } else if (c == '"') {
                    i++;
                    while (i < n && text.charAt(i) != '"' && text.charAt(i) != '\n') {
                        i += text.charAt(i) == '\\' ? 2 : 1;
                    }
                    if (i < n && text.charAt(i) == '"') {
                        i++;
                    }
                } else if (c == '$' && i + 1 < n && text.charAt(i + 1) == '{') {
                    open.push(new Open("${", line));
                    i += 2;
                } else if (c == '{' || c == '[') {
                    open.push(new Open(String.valueOf(c), line));
                    i++;
                } else if (c == '}' || c == ']') {
                    if (!open.isEmpty() && (c == ']') == open.peek().what().equals("[")) {
                        open.pop();
                    }
                    i++;
                } else {
                    i++;
                }
            }
            return open.peek();
        }
    }
}
