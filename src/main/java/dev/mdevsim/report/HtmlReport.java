package dev.mdevsim.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The HTML report of {@code run --html} and {@code compare --html}: one self-contained file that
 * opens offline. It embeds the JSON report (exactly what {@code --json} writes) and draws it in the
 * browser with Chart.js and chartjs-plugin-annotation, both inlined from their webjars; nothing is
 * fetched. The page itself is {@code report.html} and {@code report.js} beside this class.
 *
 * <p>Design note: the page renders from the JSON rather than from HTML generated here, so the JSON
 * report stays the one source of every number, and a browser test can check what is shown against it
 * (every number in a table names its JSON pointer in {@code data-json}). Beside it, only
 * {@code assertions_shown}: each assertion's actual value as the text report prints it
 * ({@link RunResult.AssertionResult#shown}, "all held", "5.54ms"), so both say the same words.
 */
public final class HtmlReport {

    private static final String TEMPLATE = "report.html";
    private static final String APP = "report.js";

    private HtmlReport() {
    }

    /** {@code run --html}: one run. */
    public static void write(RunResult run, String generator, Path file) throws IOException {
        Files.writeString(file, render("run", run.scenario(), List.of(run), generator), StandardCharsets.UTF_8);
    }

    /** {@code compare --html}: the same scenario under several models, side by side on the same axes. */
    public static void writeAll(String scenario, List<RunResult> runs, String generator, Path file) throws IOException {
        Files.writeString(file, render("compare", scenario, runs, generator), StandardCharsets.UTF_8);
    }

    static String render(String kind, String scenario, List<RunResult> runs, String generator) {
        ObjectNode data = JsonReport.mapper().createObjectNode();
        data.put("kind", kind);
        data.put("scenario", scenario);
        runs.forEach(r -> data.withArray("runs").add(JsonReport.toJson(r)));
        // each assertion's actual value in the words and units of the text report ("all held", "5.54ms"),
        // beside the JSON report (whose "actual" is a bare number): the verdict shows the same text
        ArrayNode shown = data.putArray("assertions_shown");
        for (RunResult r : runs) {
            ArrayNode list = shown.addArray();
            r.assertions().forEach(a -> list.add(a.shown()));
        }
        String title = "mdevsim " + kind + ": " + scenario;
        return fill(resource(HtmlReport.class, TEMPLATE), Map.of(
                "TITLE", escapeHtml(title),
                "GENERATOR", escapeHtml(generator),
                "DATA", scriptSafeJson(data),
                "CHARTJS", webjar("chart.js", "dist/chart.umd.js"),
                "ANNOTATION", webjar("chartjs-plugin-annotation", "dist/chartjs-plugin-annotation.min.js"),
                "APP", resource(HtmlReport.class, APP)));
    }

    /** Replaces each {@code {{NAME}}} of the template in one pass (so no value is ever scanned for more). */
    static String fill(String template, Map<String, String> values) {
        StringBuilder out = new StringBuilder(template.length() + values.values().stream().mapToInt(String::length).sum());
        int at = 0;
        while (true) {
            int open = template.indexOf("{{", at);
            if (open < 0) {
                break;
            }
            int close = template.indexOf("}}", open);
            String name = close < 0 ? null : template.substring(open + 2, close);
            if (name == null || !values.containsKey(name)) {
                throw new IllegalStateException("report template: unknown placeholder at " + open);
            }
            out.append(template, at, open).append(values.get(name));
            at = close + 2;
        }
        return out.append(template.substring(at)).toString();
    }

    /** Compact JSON that cannot end its script element: every {@code <} is written as a JSON unicode escape. */
    static String scriptSafeJson(ObjectNode data) {
        try {
            return JsonReport.mapper().writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(data)
                    .replace("<", "\\u003c");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the report could not be serialised", e);
        }
    }

    static String escapeHtml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /**
     * A file of a webjar on the class path, at the version Maven resolved (read from the webjar's
     * {@code pom.properties}), without its source-map comment (the map is not shipped).
     */
    static String webjar(String artifact, String file) {
        Properties pom = new Properties();
        String props = "/META-INF/maven/org.webjars.npm/" + artifact + "/pom.properties";
        try (InputStream in = HtmlReport.class.getResourceAsStream(props)) {
            if (in == null) {
                throw new IllegalStateException("webjar " + artifact + " is not on the class path");
            }
            pom.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String path = "/META-INF/resources/webjars/" + artifact + "/" + pom.getProperty("version") + "/" + file;
        String script = resource(HtmlReport.class, path).replaceAll("(?m)^//# sourceMappingURL=.*$", "");
        if (script.toLowerCase(Locale.ROOT).contains("</script")) {
            throw new IllegalStateException(path + " cannot be inlined: it contains </script");
        }
        return script;
    }

    private static String resource(Class<?> near, String name) {
        try (InputStream in = near.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
