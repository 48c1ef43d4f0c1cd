package dev.mdevsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line contract: exit status 0/1/2, one-line errors, no stack traces for user mistakes. */
class MainTest {

    @TempDir
    Path dir;

    record Exit(int status, String out, String err) {
    }

    static Exit run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Exit(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    Path write(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void script_allPass_exit0WithTotals() {
        Exit e = run("script", "conf/litmus/seed-r5-early-remove.litmus", "conf/litmus/seed-c5-duplicate-while-creating.litmus");
        assertEquals(0, e.status(), e.err());
        assertTrue(e.out().endsWith("16 passed, 0 failed\n"), e.out());
        assertTrue(e.out().contains("== conf/litmus/seed-c5-duplicate-while-creating.litmus (model seed)"), e.out());
    }

    @Test
    void script_wrongExpectation_exit1() throws Exception {
        Path f = write("wrong.litmus", "parent P1 a=1\ncreate P1 a 11111111-1111-4111-8111-111111111111 => EEXIST\n");
        Exit e = run("script", f.toString());
        assertEquals(1, e.status());
        assertTrue(e.out().endsWith("1 passed, 1 failed\n"), e.out());
    }

    @Test
    void script_syntaxError_exit2OneLineNamingFileAndLine_nothingRun() throws Exception {
        Path good = write("good.litmus", "parent P1 a=1\n");
        Path bad = write("bad.litmus", "parent P1 a=1\n\nrelease nobody\n");
        Exit e = run("script", good.toString(), bad.toString());
        assertEquals(2, e.status());
        assertEquals(bad + ":3: unknown label 'nobody' (a label is defined by 'as' on an earlier line)\n", e.err());
        assertEquals("", e.out()); // every file is checked before any runs
    }

    @Test
    void script_unknownModel_exit2() throws Exception {
        Path f = write("paxos.litmus", "model paxos\nparent P1 a=1\n");
        Exit e = run("script", f.toString());
        assertEquals(2, e.status());
        assertEquals(f + ":1: unknown model 'paxos' (models: seed, legacy, global-lock, linux-5.2, linux-6.1; aliases linux-4.18, linux-4.17, modern)\n", e.err());
    }

    @Test
    void script_missingFile_exit2() {
        Exit e = run("script", "no/such.litmus");
        assertEquals(2, e.status());
        assertEquals("no/such.litmus: no such file\n", e.err());
    }

    @Test
    void badCommandLine_exit2OneLine() {
        for (String[] args : new String[][] {{}, {"frobnicate"}, {"script"}, {"--frob"}}) {
            Exit e = run(args);
            assertEquals(2, e.status(), String.join(" ", args));
            assertEquals(1, e.err().lines().count(), e.err());
            assertTrue(e.err().startsWith("mdevsim: "), e.err());
            assertFalse(e.err().contains("Exception"), e.err());
        }
    }

    @Test
    void versionAndHelp_exit0() {
        Exit v = run("--version");
        assertEquals(0, v.status());
        assertTrue(v.out().startsWith("mdevsim "), v.out());
        Exit h = run("--help");
        assertEquals(0, h.status());
        assertTrue(h.out().contains("script"), h.out());
        assertEquals(0, run("script", "--help").status());
    }

    /** compare --help showed --models=M,M,...[,M,M,......]: the list syntax is written once. */
    @Test
    void compareHelp_showsTheModelsListOnce() {
        Exit h = run("compare", "--help");
        assertEquals(0, h.status());
        assertTrue(h.out().contains("[--models=M[,M...]]"), h.out());
        assertTrue(h.out().contains("      --models=M[,M...]   the models to compare"), h.out());
        assertFalse(h.out().contains("M,M"), h.out());
        assertFalse(h.out().contains("......"), h.out());
        // still a comma-separated list, and repeatable
        Exit e = run("compare", "conf/quickstart.conf", "--models", "seed,paxos", "--models", "legacy");
        assertEquals(2, e.status());
        assertTrue(e.err().startsWith("--models: unknown model 'paxos'"), e.err());
    }
}
