package dev.mdevsim.litmus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mdevsim.sim.SimLoop;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The deterministic and threaded modes agree (issue 15): every shipped litmus script, each of which
 * covers SEMANTICS.md rows and checks G1 (every request answered once) as it settles, prints the
 * same lines and passes in deterministic mode under three schedules (seeds) as on threads. A script
 * whose result depended on the order in which actors take their messages would differ here.
 */
class DeterministicScriptsTest {

    static String run(Script s, SimLoop loop) throws InterruptedException {
        StringWriter out = new StringWriter();
        ScriptRunner.Result r = loop == null ? ScriptRunner.run(s, new PrintWriter(out)) : ScriptRunner.run(s, new PrintWriter(out), loop);
        return out + "" + r.passed() + " passed, " + r.failed() + " failed\n";
    }

    @TestFactory
    Stream<DynamicTest> everyShippedScript_sameLinesOnThreadsAndUnderThreeSchedules_G1() throws IOException {
        return Files.list(ShippedScriptsTest.DIR).filter(p -> p.toString().endsWith(".litmus")).sorted()
                .map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
                    Script s = ScriptParser.parse(p);
                    String threads = run(s, null);
                    assertEquals(true, threads.endsWith(" 0 failed\n"), threads);
                    for (long seed = 1; seed <= 3; seed++) {
                        assertEquals(threads, run(s, new SimLoop(SimLoop.Chooser.seeded(seed), 0, 10_000_000)), p + " seed " + seed);
                    }
                }));
    }
}
