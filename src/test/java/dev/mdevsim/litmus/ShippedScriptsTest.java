package dev.mdevsim.litmus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mdevsim.model.Model;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every script under conf/litmus passes, and together they cover every SEMANTICS.md row of each model. */
class ShippedScriptsTest {

    static final Path DIR = Path.of("conf/litmus");
    /** The rows a script covers: its {@code # Rows:} line up to the first full stop. */
    static final Pattern ROWS = Pattern.compile("^#\\s*Rows:\\s*([^.\\n]*)", Pattern.MULTILINE);
    static final Pattern ROW = Pattern.compile("\\b([CRPGS]\\d+)\\b");

    /** The rows SEMANTICS.md defines for each model: create, remove, parent and sysfs rows. */
    static final List<String> ROWS_PER_MODEL = rows("C", 14, "R", 8, "P", 5, "S", 11);

    /**
     * Where SEMANTICS.md's answers to a row differ between the models: the classes of models that give
     * the same answer ({@code |} separates classes). A row not listed answers alike in all five: C1, C2,
     * C13 (ENODEV everywhere; only the order of the checks moves in linux-5.2 and linux-6.1), C14,
     * R1–R3, P1–P5 ("result (all models)"; the later kernels' P5 drains the same requests), S1–S5, S7,
     * S10 (a pool's remainder on every type, whoever counts it) and S11.
     *
     * <p>From SEMANTICS.md's tables "Create", "Remove", "Later kernels" (a row it does not list is as in
     * seed) and "What userspace sees": C3–C8, C11, C12, R5–R7 from the create and remove tables (a
     * global-lock C4 waits for the lock before its EEXIST, C11 and C12); C9 from "Later kernels" (what
     * of a failing create is visible in sysfs) and C10 (6.1's core pool); R4 and R8 from "Later
     * kernels" (the failed remove is OK; the R8 mdev is left {@code removing}); S6 from "When each part
     * exists, by model"; S8 and S9 from the sysfs rows.
     */
    static final Map<String, List<Set<Model>>> ANSWERS = Map.ofEntries(
            answers("C3", "seed linux-5.2 linux-6.1 | legacy | global-lock"),
            answers("C4", "seed linux-5.2 linux-6.1 | legacy | global-lock"),
            answers("C5", "seed linux-5.2 linux-6.1 | legacy global-lock"),
            answers("C6", "seed linux-5.2 linux-6.1 | legacy | global-lock"),
            answers("C7", "seed linux-5.2 linux-6.1 | legacy global-lock"),
            answers("C8", "seed linux-5.2 linux-6.1 | legacy | global-lock"),
            answers("C9", "seed legacy global-lock | linux-5.2 | linux-6.1"),
            answers("C10", "seed legacy global-lock linux-5.2 | linux-6.1"),
            answers("C11", "seed linux-5.2 linux-6.1 | legacy global-lock"),
            answers("C12", "seed legacy linux-5.2 linux-6.1 | global-lock"),
            answers("R4", "seed legacy global-lock | linux-5.2 | linux-6.1"),
            answers("R5", "seed linux-5.2 linux-6.1 | legacy | global-lock"),
            answers("R6", "seed linux-5.2 linux-6.1 | legacy | global-lock"),
            answers("R7", "seed linux-5.2 linux-6.1 | legacy | global-lock"),
            answers("R8", "seed legacy global-lock | linux-5.2 linux-6.1"),
            answers("S6", "seed | legacy | global-lock | linux-5.2 | linux-6.1"),
            answers("S8", "seed legacy global-lock | linux-5.2 linux-6.1"),
            answers("S9", "seed legacy global-lock | linux-5.2 linux-6.1"));

    static Map.Entry<String, List<Set<Model>>> answers(String row, String classes) {
        List<Set<Model>> out = new ArrayList<>();
        for (String c : classes.split("\\|")) {
            Set<Model> models = EnumSet.noneOf(Model.class);
            for (String name : c.trim().split("\\s+")) {
                models.add(Model.parse(name).orElseThrow(() -> new IllegalArgumentException(name)));
            }
            out.add(models);
        }
        return Map.entry(row, out);
    }

    /** The models whose answer to {@code row} differs from {@code model}'s. */
    static Set<Model> differ(String row, Model model) {
        Set<Model> out = EnumSet.noneOf(Model.class);
        for (Set<Model> c : ANSWERS.getOrDefault(row, List.of(EnumSet.allOf(Model.class)))) {
            if (!c.contains(model)) {
                out.addAll(c);
            }
        }
        return out;
    }

    static List<String> rows(Object... prefixAndCount) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < prefixAndCount.length; i += 2) {
            for (int n = 1; n <= (Integer) prefixAndCount[i + 1]; n++) {
                out.add(prefixAndCount[i] + String.valueOf(n));
            }
        }
        return out;
    }

    static List<Path> scripts() throws IOException {
        try (Stream<Path> s = Files.list(DIR)) {
            return s.filter(p -> p.toString().endsWith(".litmus")).sorted().toList();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyShippedScript_passes() throws IOException {
        return scripts().stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
            StringWriter text = new StringWriter();
            ScriptRunner.Result r = ScriptRunner.run(ScriptParser.parse(p), new PrintWriter(text));
            assertEquals(0, r.failed(), text.toString());
            assertTrue(r.passed() > 0, "a script without expectations proves nothing");
        }));
    }

    /** The same answers when every active mdev rests without its device actor (passivation). */
    @TestFactory
    Stream<DynamicTest> everyShippedScript_passesWithEveryActiveMdevResting() throws IOException {
        return scripts().stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
            StringWriter text = new StringWriter();
            ScriptRunner.Result r = ScriptRunner.run(ScriptParser.parse(p), new PrintWriter(text), 0);
            assertEquals(0, r.failed(), text.toString());
        }));
    }

    /**
     * A bare {@code pending L} only says "not answered yet", which a request waiting on a lock, held at
     * its vendor and held in setup all are: a shipped script says which (DESIGN.md, litmus scripts).
     */
    @Test
    void everyPendingInAShippedScript_namesWhereTheRequestIs() throws Exception {
        List<String> bare = new ArrayList<>();
        for (Path p : scripts()) {
            for (Statement s : ScriptParser.parse(p).statements()) {
                if (s instanceof Statement.PendingStmt pending && pending.where() == null) {
                    bare.add(p.getFileName() + ":" + s.line() + ": " + s.text());
                }
            }
        }
        assertEquals(List.of(), bare, "'pending L' without queued, at-vendor or setup");
    }

    @Test
    void answers_eachRowSplitsAllFiveModels() {
        ANSWERS.forEach((row, classes) -> {
            assertTrue(ROWS_PER_MODEL.contains(row), row);
            List<Model> all = new ArrayList<>();
            classes.forEach(all::addAll);
            all.sort(null);
            assertEquals(List.of(Model.values()), all, row + " must name every model once");
            assertTrue(classes.size() > 1, row + " answers alike everywhere: leave it out");
        });
    }

    /**
     * A script that names a row for its model must tell that model's answer from every other model's
     * answer where SEMANTICS.md gives a different one ({@link #ANSWERS}): run under each such model
     * (its {@code model} statement overridden), at least one of its expectations fails. With the
     * coverage test below this demands, per row and model, a script that would fail under every other
     * model's answer. A script naming several rows is held to the union of their differences (which
     * of its lines tells them apart is not checked). A model under which the script's parents do not
     * register is skipped (no shipped script has one today: pools register in every model).
     */
    @TestFactory
    Stream<DynamicTest> everyShippedScript_failsUnderEveryModelThatAnswersItsRowsDifferently() throws IOException {
        return scripts().stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
            Script script = ScriptParser.parse(p);
            Map<Model, Set<String>> mustFail = new TreeMap<>();
            for (String row : namedRows(p)) {
                for (Model other : differ(row, script.model())) {
                    mustFail.computeIfAbsent(other, k -> new TreeSet<>()).add(row);
                }
            }
            List<String> passed = new ArrayList<>();
            for (Map.Entry<Model, Set<String>> e : mustFail.entrySet()) {
                StringWriter text = new StringWriter();
                ScriptRunner.Result r = ScriptRunner.run(under(script, e.getKey()), new PrintWriter(text));
                if (SETUP_FAILED.matcher(text.toString()).find()) {
                    // the script's setup is not valid under that model: it cannot be compared there
                    System.out.println(p + ": not compared under " + e.getKey().configName() + ", its parents do not register");
                } else if (r.failed() == 0) {
                    passed.add("passes under " + e.getKey().configName() + ", which answers " + e.getValue()
                            + " differently:\n" + text);
                }
            }
            assertEquals(List.of(), passed, p + " cannot tell its rows from another model's");
        }));
    }

    /** A {@code parent} statement that failed: the setup of the script is not valid under that model. */
    static final Pattern SETUP_FAILED = Pattern.compile("^\\s*\\d+\\s+parent .*FAILED", Pattern.MULTILINE);

    /** The script with its {@code model} statement overridden. */
    static Script under(Script script, Model model) {
        List<Statement> statements = new ArrayList<>();
        for (Statement s : script.statements()) {
            statements.add(s instanceof Statement.ModelStmt m
                    ? new Statement.ModelStmt(m.line(), "model " + model.configName(), model) : s);
        }
        return new Script(script.file() + " under " + model.configName(), model, statements);
    }

    /** The rows a script's {@code # Rows:} comment names. */
    static Set<String> namedRows(Path p) throws IOException {
        Matcher m = ROWS.matcher(Files.readString(p));
        assertTrue(m.find(), p + " has no '# Rows:' line");
        Set<String> out = new TreeSet<>();
        Matcher row = ROW.matcher(m.group(1));
        while (row.find()) {
            out.add(row.group(1));
        }
        return out;
    }

    @Test
    void shippedScripts_coverEveryRowOfEveryModel() throws Exception {
        Map<Model, Set<String>> covered = new TreeMap<>();
        for (Path p : scripts()) {
            Model model = ScriptParser.parse(p).model();
            covered.computeIfAbsent(model, k -> new TreeSet<>()).addAll(namedRows(p));
        }
        for (Model model : Model.values()) {
            List<String> missing = new ArrayList<>(ROWS_PER_MODEL);
            missing.removeAll(covered.getOrDefault(model, Set.of()));
            assertEquals(List.of(), missing, model + " rows without a script");
        }
    }
}
