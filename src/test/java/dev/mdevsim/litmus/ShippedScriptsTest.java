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
    static final Pattern ROWS = Pattern.compile("^#\\s*Rows:\\s*(.*)$", Pattern.MULTILINE);
    static final Pattern ROW = Pattern.compile("\\b([CRPGS]\\d+)\\b");

    /** The rows SEMANTICS.md defines for each model: create, remove, parent and sysfs rows. */
    static final List<String> ROWS_PER_MODEL = rows("C", 14, "R", 8, "P", 5, "S", 11);

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
    void shippedScripts_coverEveryRowOfEveryModel() throws Exception {
        Map<Model, Set<String>> covered = new TreeMap<>();
        for (Path p : scripts()) {
            String text = Files.readString(p);
            Matcher m = ROWS.matcher(text);
            assertTrue(m.find(), p + " has no '# Rows:' line");
            Matcher row = ROW.matcher(m.group(1));
            Model model = ScriptParser.parse(p).model();
            while (row.find()) {
                covered.computeIfAbsent(model, k -> new TreeSet<>()).add(row.group(1));
            }
        }
        for (Model model : Model.values()) {
            List<String> missing = new ArrayList<>(ROWS_PER_MODEL);
            missing.removeAll(covered.getOrDefault(model, Set.of()));
            assertEquals(List.of(), missing, model + " rows without a script");
        }
    }
}
