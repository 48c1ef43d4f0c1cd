package dev.mdevsim.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mdevsim.testing.Prerequisites;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML report in a real browser, made by the packaged jar exactly as a user runs it: headless
 * Chromium opens the file from disk with the network cut off, and the test checks that every chart is
 * drawn, that no script error is logged, and that every number shown matches the JSON report of the
 * same run. The runs keep their scenarios' assertions, so that the page shows them, but only those not
 * about speed ({@link SpeedFree}) must hold: the exit status must agree with the verdict either way.
 * Skipped, with the reason printed, where Chromium is not installed (a failure on CI). Also makes the
 * README's screenshot: {@code target/site/quickstart-report.png} (copy it to {@code src/site/} to update).
 */
class HtmlReportIT {

    static final Path JAR = Path.of("target/mdevsim.jar");
    static final Path SCREENSHOT = Path.of("target/site/quickstart-report.png");
    static Chromium chromium;

    @TempDir
    Path dir;

    @BeforeAll
    static void browser() {
        chromium = Chromium.find().orElse(null);
        Prerequisites.require("the browser tests of the HTML report", chromium == null ? Chromium.missing() : null);
    }

    @Test
    void quickstart_rendersEveryChart_noScriptErrors_numbersMatchTheJson() throws Exception {
        Path html = dir.resolve("r.html");
        Path json = dir.resolve("r.json");
        Ran ran = mdevsim("run", "conf/quickstart.conf", "--html", html.toString(), "--json", json.toString());
        JsonNode report = JsonReport.mapper().readTree(json.toFile());
        assertBehaviourHeld(report);
        assertEquals(passed(report) ? 0 : 1, ran.exit(), "the exit status follows the verdict");
        String page = Files.readString(html, StandardCharsets.UTF_8);
        assertEquals(List.of(), HtmlReportTest.networkReferences(page));

        Chromium.Output shown = chromium.dumpDom(html);
        Document dom = Jsoup.parse(shown.stdout());
        JsonNode check = renderCheck(dom, shown);
        assertNoErrors(check, shown);
        Set<String> expected = new TreeSet<>(List.of("throughput-0", "distribution-0", "devices-0", "in-flight-0",
                "outcomes-0", "warnings-0"));
        report.get("operations").fieldNames().forEachRemaining(op -> expected.add("latency-" + op + "-0"));
        assertEquals(expected, drawn(check).keySet(), "one chart of each kind, one latency chart per operation");
        drawn(check).forEach((id, c) -> {
            assertTrue(c.get("elements").asInt() > 0, id + " laid out no data: " + c);
            assertTrue(c.get("pixels").asInt() > 100, id + " drew (almost) nothing: " + c);
        });
        int compared = assertNumbersMatch(dom, report);
        assertTrue(compared >= 13 + 6 * report.get("operations").size(), "the tables were shown: " + compared + " numbers");
        assertEquals(passed(report) ? "PASSED" : "FAILED", dom.getElementById("verdict-0").text());
        assertEquals("mdevsim · quickstart", dom.getElementById("title").text());
        assertVerdictSaysWhatTheTextSays(dom, report, ran.out());

        chromium.screenshot(html, SCREENSHOT, 1280, 1750);
        assertTrue(Files.size(SCREENSHOT) > 20_000, "a screenshot with something in it");
    }

    @Test
    void compare_modelsSideBySideOnTheSameAxes_faultsMarkedOnEveryTimeChart() throws Exception {
        Path html = dir.resolve("c.html");
        Path json = dir.resolve("c.json");
        int exit = mdevsim("compare", "conf/hot-unplug.conf", "--html", html.toString(), "--json", json.toString(),
                "--set", "load.duration=2s", "--set", "load.clients=8",
                "--set", "faults=[{at=500ms,unregister-parent=\"0000:86:00.0\"},{at=1s,register-parent=\"0000:86:00.0\"}]").exit();
        JsonNode report = JsonReport.mapper().readTree(json.toFile());
        boolean all = true;
        for (JsonNode run : report.get("runs")) {
            assertBehaviourHeld(run);
            all &= passed(run);
        }
        assertEquals(all ? 0 : 1, exit, "compare exits 1 when any model's run failed");
        assertEquals(List.of(), HtmlReportTest.networkReferences(Files.readString(html, StandardCharsets.UTF_8)));

        Chromium.Output shown = chromium.dumpDom(html);
        Document dom = Jsoup.parse(shown.stdout());
        JsonNode check = renderCheck(dom, shown);
        assertNoErrors(check, shown);
        Map<String, JsonNode> charts = drawn(check);
        int runs = report.get("runs").size();
        assertEquals(5, runs, "compare runs all five models by default");
        for (String kind : List.of("throughput", "latency-create", "latency-remove", "devices", "in-flight", "warnings",
                "distribution", "outcomes")) {
            List<JsonNode> row = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                JsonNode c = charts.get(kind + "-" + i);
                assertTrue(c != null && c.get("elements").asInt() > 0 && c.get("pixels").asInt() > 100, kind + "-" + i + ": " + c);
                row.add(c.get("scales"));
                boolean timeChart = !kind.equals("distribution") && !kind.equals("outcomes");
                int faults = report.get("runs").get(i).get("faults").size();
                assertEquals(timeChart ? faults : 0, c.get("faultMarks").asInt(), kind + "-" + i + " marks every fault");
            }
            assertTrue(row.stream().allMatch(s -> s.equals(row.get(0))), kind + ": the same axes for every model: " + row);
        }
        assertTrue(assertNumbersMatch(dom, report) >= runs * 13);
        for (int i = 0; i < runs; i++) {
            JsonNode r = report.get("runs").get(i);
            assertEquals(r.get("model").asText() + ": " + (passed(r) ? "PASSED" : "FAILED"), dom.getElementById("verdict-" + i).text());
        }
    }

    /** A run stopped early (Ctrl-C) says so in its verdict and heading, and shows the JSON's "interrupted". */
    @Test
    void interruptedRun_verdictSaysItIsPartial() throws Exception {
        com.typesafe.config.Config config = dev.mdevsim.scenario.ScenarioLoader.config(Path.of("conf/quickstart.conf"),
                List.of("report.progress-interval=0", "load.duration=60s", "assertions=[invariants]",
                        "report.timeseries-interval=10ms"));
        dev.mdevsim.load.Interruption interruption = new dev.mdevsim.load.Interruption();
        java.util.concurrent.atomic.AtomicLong answered = new java.util.concurrent.atomic.AtomicLong();
        dev.mdevsim.load.RequestListener interruptAt2000 = new dev.mdevsim.load.RequestListener() {
            @Override
            public void call(long id, int client, dev.mdevsim.load.Step.Request request, long nanos) {
            }

            @Override
            public void returned(long id, int client, dev.mdevsim.core.Errno outcome, long nanos) {
                if (answered.incrementAndGet() == 2000) {
                    interruption.interrupt("SIGINT");
                }
            }
        };
        RunResult run = dev.mdevsim.load.LoadRunner.run(dev.mdevsim.scenario.ScenarioLoader.read("quickstart", config), config,
                new java.io.PrintStream(java.io.OutputStream.nullOutputStream()), interruptAt2000, null, interruption);
        Path html = dir.resolve("i.html");
        HtmlReport.write(run, "mdevsim test", html);
        JsonNode report = JsonReport.toJson(run);

        Chromium.Output shown = chromium.dumpDom(html);
        Document dom = Jsoup.parse(shown.stdout());
        assertNoErrors(renderCheck(dom, shown), shown);
        assertEquals("INTERRUPTED, PASSED", dom.getElementById("verdict-0").text());
        assertTrue(dom.getElementById("subtitle").text().endsWith("interrupted: a partial run"), dom.getElementById("subtitle").text());
        assertTrue(dom.select("[data-json=/interrupted]").hasText(), "the verdict lists it");
        assertNumbersMatch(dom, report);
    }

    /** Runs the packaged jar; it must finish a run (exit 0, or 1 for a failed assertion). Returns its exit status and output. */
    static Ran mdevsim(String... args) throws IOException, InterruptedException {
        assertTrue(Files.isRegularFile(JAR), JAR + " is built by `mvn package` before the integration tests");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("--set", "report.progress-interval=0"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES));
        assertTrue(p.exitValue() == 0 || p.exitValue() == 1, "exit " + p.exitValue() + ": " + out);
        return new Ran(p.exitValue(), out);
    }

    /** The run's invariants and its assertions not about speed held: a failed run failed only on speed. */
    static void assertBehaviourHeld(JsonNode run) {
        for (JsonNode i : run.get("invariants")) {
            assertTrue(i.get("held").asBoolean(), i.toString());
        }
        int behavioural = 0;
        for (JsonNode a : run.get("assertions")) {
            if (!SpeedFree.aboutSpeed(a.get("expr").asText())) {
                assertTrue(a.get("held").asBoolean(), a.toString());
                behavioural++;
            }
        }
        assertTrue(behavioural > 0, "the scenario asserts something about behaviour: " + run.get("assertions"));
    }

    /**
     * Each assertion of the verdict reads as in the text report: "✓ p99(create) < 50ms actual 5.54ms",
     * "✓ invariants actual all held" (not the JSON's bare 5535 and 0).
     */
    static void assertVerdictSaysWhatTheTextSays(Document dom, JsonNode report, String text) {
        java.util.regex.Pattern line = java.util.regex.Pattern.compile("^\\s+(ok|FAILED)\\s+(.+?)\\s+actual (.+)$");
        Map<String, String> printed = new HashMap<>();
        text.lines().map(line::matcher).filter(java.util.regex.Matcher::matches).forEach(m -> printed.put(m.group(2), m.group(3)));
        JsonNode assertions = report.get("assertions");
        assertTrue(assertions.size() > 0, "the quickstart has assertions");
        for (int k = 0; k < assertions.size(); k++) {
            String expr = assertions.get(k).get("expr").asText();
            assertTrue(printed.containsKey(expr), "the text report prints " + expr + ":\n" + text);
            Element li = dom.selectFirst("li[data-json=/assertions/" + k + "/held]");
            assertTrue(li != null, "the verdict lists assertion " + k);
            assertEquals((assertions.get(k).get("held").asBoolean() ? "✓" : "✗") + " " + expr + " actual " + printed.get(expr),
                    li.text());
        }
    }

    /** A finished jar run: its exit status and everything it printed. */
    record Ran(int exit, String out) {
    }

    static JsonNode renderCheck(Document dom, Chromium.Output shown) throws IOException {
        Element pre = dom.getElementById("render-check");
        assertTrue(pre != null && !pre.text().isBlank(), "the report script did not finish; browser log:\n" + shown.stderr());
        return JsonReport.mapper().readTree(pre.text());
    }

    static void assertNoErrors(JsonNode check, Chromium.Output shown) {
        assertEquals("[]", check.get("errors").toString(), "script errors in the page");
        List<String> logged = shown.stderr().lines()
                .filter(l -> l.contains("CONSOLE") || l.contains("Uncaught") || l.contains("ERR_")).toList();
        assertEquals(List.of(), logged, "the browser logged page errors");
    }

    static Map<String, JsonNode> drawn(JsonNode check) {
        Map<String, JsonNode> out = new HashMap<>();
        check.get("charts").forEach(c -> out.put(c.get("id").asText(), c));
        return out;
    }

    static boolean passed(JsonNode run) {
        for (String list : List.of("invariants", "assertions")) {
            for (JsonNode x : run.get(list)) {
                if (!x.get("held").asBoolean()) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Every element that shows a number names its JSON pointer: what it shows must be that value. */
    static int assertNumbersMatch(Document dom, JsonNode report) {
        int n = 0;
        for (Element e : dom.select("[data-json]")) {
            String pointer = e.attr("data-json");
            JsonNode value = report.at(pointer);
            assertTrue(!value.isMissingNode(), "no " + pointer + " in the JSON report");
            String text = e.text().trim();
            String where = pointer + " shows '" + text + "', the JSON says " + value;
            switch (e.attr("data-format")) {
                case "int" -> assertEquals(value.asLong(), Long.parseLong(text.replace(",", "")), where);
                case "us" -> assertEquals(value.asLong(), micros(text), where);
                case "rate" -> assertEquals(value.asDouble(), Double.parseDouble(text.replace(",", "").replace("/s", "")), 0.05 + 1e-9, where);
                case "s" -> assertEquals(value.asDouble(), Double.parseDouble(text.replace(" s", "")), 0.005 + 1e-9, where);
                case "bool" -> assertEquals(value.isNull() ? "not checked" : value.asBoolean() ? "yes" : "no", text, where);
                case "held" -> assertEquals(value.asBoolean() ? "✓" : "✗", text.substring(0, 1), where);
                case "text" -> assertEquals(value.asText(), text, where);
                default -> throw new AssertionError("unknown data-format on " + pointer + ": " + e.attr("data-format"));
            }
            n++;
        }
        return n;
    }

    /** "812 µs", "1.244 ms" or "1.500000 s" in microseconds. */
    static long micros(String text) {
        String[] parts = text.split(" ");
        double v = Double.parseDouble(parts[0].replace(",", ""));
        return switch (parts[1]) {
            case "µs" -> Math.round(v);
            case "ms" -> Math.round(v * 1e3);
            case "s" -> Math.round(v * 1e6);
            default -> throw new AssertionError("not a latency: " + text);
        };
    }
}
