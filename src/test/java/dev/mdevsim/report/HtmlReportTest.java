package dev.mdevsim.report;

import dev.mdevsim.core.Warnings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mdevsim.model.Model;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

/** The HTML report as a file: self-contained, no network references, data embedded intact. */
class HtmlReportTest {

    private static final RunResult RUN = AssertionTest.run(true);

    /** Every src, href, action, srcset, poster or data attribute, and every CSS url(...), that names a URL with a scheme. */
    static List<String> networkReferences(String html) {
        List<String> found = new ArrayList<>();
        Document doc = Jsoup.parse(html);
        for (Element e : doc.getAllElements()) {
            for (String attr : List.of("src", "href", "action", "srcset", "poster", "data", "formaction")) {
                String v = e.attr(attr).trim().toLowerCase();
                if (!v.isEmpty() && (v.startsWith("http:") || v.startsWith("https:") || v.startsWith("//") || v.startsWith("ftp:"))) {
                    found.add("<" + e.tagName() + " " + attr + "=\"" + v + "\">");
                }
            }
        }
        Matcher m = Pattern.compile("(?i)\\b(src|href)\\s*=\\s*[\"']?\\s*(https?:)?//").matcher(html);
        while (m.find()) {
            found.add(html.substring(m.start(), Math.min(html.length(), m.end() + 40)));
        }
        for (Element style : doc.select("style")) {
            Matcher u = Pattern.compile("(?i)(url\\(|@import)").matcher(style.data());
            while (u.find()) {
                found.add("css " + style.data().substring(u.start(), Math.min(style.data().length(), u.end() + 40)));
            }
        }
        return found;
    }

    @Test
    void run_hasNoNetworkReferences_andInlinesEveryScript() {
        String html = HtmlReport.render("run", "quickstart", List.of(RUN), "mdevsim test");
        assertEquals(List.of(), networkReferences(html));
        Document doc = Jsoup.parse(html);
        assertTrue(doc.select("script[src], link, img, iframe, object, embed").isEmpty(), "nothing is loaded from elsewhere");
        String scripts = doc.select("script").eachAttr("type").toString();
        assertTrue(doc.select("script").size() >= 4, scripts);
        assertTrue(html.contains("Chart.js v4"), "Chart.js is inlined");
        assertTrue(html.contains("chartjs-plugin-annotation v3"), "the annotation plugin is inlined");
        assertFalse(html.contains("sourceMappingURL"), "no source map is referred to (it is not shipped)");
    }

    @Test
    void theDetector_findsNetworkReferences() {
        // the check above must be able to fail
        assertFalse(networkReferences("<script src=\"https://cdn.example/chart.js\"></script>").isEmpty());
        assertFalse(networkReferences("<link href='http://x/y.css' rel=stylesheet>").isEmpty());
        assertFalse(networkReferences("<img src=//x/y.png>").isEmpty());
        assertFalse(networkReferences("<style>body { background: url(x.png) }</style>").isEmpty());
        assertEquals(List.of(), networkReferences("<a href=\"#top\">top</a><p>see https://example.org in text</p>"));
    }

    @Test
    void embeddedData_isTheJsonReport() throws Exception {
        String html = HtmlReport.render("run", "quickstart", List.of(RUN), "mdevsim test");
        String data = Jsoup.parse(html).getElementById("mdevsim-data").data();
        JsonNode parsed = JsonReport.mapper().readTree(data);
        assertEquals("run", parsed.get("kind").asText());
        JsonNode expected = JsonReport.mapper().readTree(JsonReport.mapper().writeValueAsString(JsonReport.toJson(RUN)));
        assertEquals(expected, parsed.get("runs").get(0));
    }

    /**
     * The verdict's actual values are the text report's words and units ("all held", "99.01ms"), not
     * the JSON's bare numbers (0, 99007): the page takes them from {@code assertions_shown}, which is
     * what {@link TextReport} prints.
     */
    @Test
    void verdict_showsTheTextReportsWordsAndUnits() throws Exception {
        List<RunResult.AssertionResult> evaluated = List.of("invariants", "p99(create) < 50ms", "rate(EAGAIN) < 0.1",
                "count(EEXIST) == 10", "throughput > 14.9").stream().map(t -> Assertion.parse(t).evaluate(RUN)).toList();
        RunResult judged = new RunResult(RUN.scenario(), RUN.model(), RUN.seed(), RUN.load(), RUN.durationSeconds(),
                RUN.operations(), RUN.warnings(), RUN.requests(), RUN.faults(), RUN.invariants(), RUN.finalState(),
                evaluated, RUN.linearizable());
        String html = HtmlReport.render("run", "quickstart", List.of(judged), "mdevsim test");
        JsonNode data = JsonReport.mapper().readTree(Jsoup.parse(html).getElementById("mdevsim-data").data());
        List<String> shown = new ArrayList<>();
        data.get("assertions_shown").get(0).forEach(n -> shown.add(n.asText()));
        assertEquals(List.of("all held", "99.01ms", "0.0667", "10", "15.0/s"), shown);

        java.io.StringWriter text = new java.io.StringWriter();
        TextReport.print(judged, new java.io.PrintWriter(text));
        for (String s : shown) {
            assertTrue(text.toString().contains("actual " + s + "\n") || text.toString().contains("actual " + s + System.lineSeparator()),
                    "the text report prints the same: " + s + "\n" + text);
        }
        String app = Jsoup.parse(html).select("script").stream().map(Element::data).filter(d -> d.contains("data.assertions_shown"))
                .findFirst().orElseThrow(() -> new AssertionError("the page script does not read assertions_shown"));
        assertTrue(app.contains("'actual ' + shownActual(i, k, a)"), "the verdict prints the shown text");
    }

    @Test
    void compare_embedsEveryRun() throws Exception {
        RunResult legacy = new RunResult(RUN.scenario(), Model.LEGACY, RUN.seed(), RUN.load(), RUN.durationSeconds(),
                RUN.operations(), RUN.warnings(), RUN.requests(), RUN.faults(), RUN.invariants(), RUN.finalState(),
                RUN.assertions(), RUN.linearizable());
        String html = HtmlReport.render("compare", "quickstart", List.of(RUN, legacy), "mdevsim test");
        JsonNode parsed = JsonReport.mapper().readTree(Jsoup.parse(html).getElementById("mdevsim-data").data());
        assertEquals("compare", parsed.get("kind").asText());
        assertEquals(List.of("seed", "legacy"), List.of(parsed.get("runs").get(0).get("model").asText(),
                parsed.get("runs").get(1).get("model").asText()));
    }

    @Test
    void hostileNames_cannotBreakOutOfTheirElements() throws Exception {
        String name = "x</script><script>alert(1)</script>{{APP}}";
        RunResult odd = new RunResult(name, Model.SEED, 1, "load", 1, Map.of(), Warnings.NONE, RUN.requests(), List.of(), List.of(),
                RUN.finalState(), List.of(), null);
        String html = HtmlReport.render("run", name, List.of(odd), "<b>maker</b>");
        assertFalse(html.contains("</script><script>alert(1)"), "the name is escaped in the data and in the title");
        assertFalse(html.contains("<b>maker</b>"));
        Document doc = Jsoup.parse(html);
        assertEquals("mdevsim run: " + name, doc.title());
        assertEquals(name, JsonReport.mapper().readTree(doc.getElementById("mdevsim-data").data()).get("scenario").asText());
    }

    @Test
    void fill_replacesInOnePass_andRejectsUnknownPlaceholders() {
        assertEquals("a {{B}} c", HtmlReport.fill("a {{A}} c", Map.of("A", "{{B}}", "B", "no")));
        assertThrows(IllegalStateException.class, () -> HtmlReport.fill("{{X}}", Map.of("A", "")));
    }
}
