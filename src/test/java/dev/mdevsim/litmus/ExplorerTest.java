package dev.mdevsim.litmus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mdevsim.model.Model;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * explore (DESIGN.md "Exploring every interleaving") on every conf/explore script, under every model:
 * exactly the outcome set named here, read from SEMANTICS.md's rows; and the sleep-set reduction
 * reaches every outcome the unreduced search reaches.
 */
class ExplorerTest {

    static final String U1 = "11111111-1111-4111-8111-111111111111";
    static final String U3 = "33333333-3333-4333-8333-333333333333";

    /** The three-request race: the outcomes of seed (and 5.2, 6.1), and of the two models that never say EAGAIN. */
    static final Set<String> THREE_SEED = Set.of("c1=EEXIST r1=EAGAIN c2=OK", "c1=EEXIST r1=ENODEV c2=OK",
            "c1=EEXIST r1=OK c2=OK", "c1=OK r1=EAGAIN c2=EEXIST", "c1=OK r1=ENODEV c2=EEXIST", "c1=OK r1=OK c2=EEXIST",
            "c1=OK r1=OK c2=OK");
    static final Set<String> THREE_NO_EAGAIN = Set.of("c1=EEXIST r1=ENODEV c2=OK", "c1=EEXIST r1=OK c2=OK",
            "c1=OK r1=ENODEV c2=EEXIST", "c1=OK r1=OK c2=EEXIST", "c1=OK r1=OK c2=OK");

    /** Script, then model: the outcome lines every schedule together reaches. */
    static final Map<String, Map<Model, Set<String>>> EXPECTED = Map.of(
            // C4, R5, R3, then C1: the remove may free the UUID for the other create
            "create-remove-create", Map.of(Model.SEED, THREE_SEED, Model.LINUX_5_2, THREE_SEED, Model.LINUX_6_1, THREE_SEED,
                    Model.LEGACY, THREE_NO_EAGAIN, Model.GLOBAL_LOCK, THREE_NO_EAGAIN),
            // R5 (seed and later: EAGAIN while the create is in flight), R2 (before it: ENODEV), R3 after it;
            // legacy lists the mdev only once created (never EAGAIN); global-lock serialises (never EAGAIN)
            "create-vs-early-remove", Map.of(
                    Model.SEED, Set.of("c1=OK r1=EAGAIN " + U1 + "=active", "c1=OK r1=ENODEV " + U1 + "=active",
                            "c1=OK r1=OK " + U1 + "=absent"),
                    Model.LINUX_5_2, Set.of("c1=OK r1=EAGAIN " + U1 + "=active", "c1=OK r1=ENODEV " + U1 + "=active",
                            "c1=OK r1=OK " + U1 + "=absent"),
                    Model.LINUX_6_1, Set.of("c1=OK r1=EAGAIN " + U1 + "=active", "c1=OK r1=ENODEV " + U1 + "=active",
                            "c1=OK r1=OK " + U1 + "=absent"),
                    Model.LEGACY, Set.of("c1=OK r1=ENODEV " + U1 + "=active", "c1=OK r1=OK " + U1 + "=absent"),
                    Model.GLOBAL_LOCK, Set.of("c1=OK r1=ENODEV " + U1 + "=active", "c1=OK r1=OK " + U1 + "=absent")),
            // C4: one create wins; legacy warns of the duplicate link in every schedule
            "two-creates-two-parents", Map.of(
                    Model.SEED, Set.of("c1=OK c2=EEXIST duplicate_link=0", "c1=EEXIST c2=OK duplicate_link=0"),
                    Model.LINUX_5_2, Set.of("c1=OK c2=EEXIST duplicate_link=0", "c1=EEXIST c2=OK duplicate_link=0"),
                    Model.LINUX_6_1, Set.of("c1=OK c2=EEXIST duplicate_link=0", "c1=EEXIST c2=OK duplicate_link=0"),
                    Model.GLOBAL_LOCK, Set.of("c1=OK c2=EEXIST duplicate_link=0", "c1=EEXIST c2=OK duplicate_link=0"),
                    Model.LEGACY, Set.of("c1=OK c2=EEXIST duplicate_link=1", "c1=EEXIST c2=OK duplicate_link=1")),
            // P5 (the unregistration waits for the remove in progress), R8/C13 (after it began: ENODEV);
            // 5.2 and 6.1: a remove that finds the mdev already being swept gets EAGAIN
            "remove-vs-unregister", Map.of(
                    Model.SEED, Set.of("r1=OK u1=OK " + U3 + "=absent", "r1=ENODEV u1=OK " + U3 + "=absent"),
                    Model.LEGACY, Set.of("r1=OK u1=OK " + U3 + "=absent", "r1=ENODEV u1=OK " + U3 + "=absent"),
                    Model.GLOBAL_LOCK, Set.of("r1=OK u1=OK " + U3 + "=absent", "r1=ENODEV u1=OK " + U3 + "=absent"),
                    Model.LINUX_5_2, Set.of("r1=OK u1=OK " + U3 + "=absent", "r1=ENODEV u1=OK " + U3 + "=absent",
                            "r1=EAGAIN u1=OK " + U3 + "=absent"),
                    Model.LINUX_6_1, Set.of("r1=OK u1=OK " + U3 + "=absent", "r1=ENODEV u1=OK " + U3 + "=absent",
                            "r1=EAGAIN u1=OK " + U3 + "=absent")));

    static Script script(String name) throws ScriptException {
        return ScriptParser.parse(Path.of("conf/explore/" + name + ".litmus"));
    }

    @TestFactory
    Stream<DynamicTest> everyExploreScript_everyModel_exactOutcomeSet_C4_R2_R3_R5_R8_P5() {
        return EXPECTED.entrySet().stream().flatMap(script -> script.getValue().entrySet().stream().map(m ->
                DynamicTest.dynamicTest(script.getKey() + " " + m.getKey(), () -> {
                    Set<String> seen = Explorer.outcomes(script(script.getKey()), m.getKey(), new PrintWriter(new StringWriter()));
                    assertEquals(new TreeSet<>(m.getValue()), seen);
                })));
    }

    @Test
    void reduction_losesNoOutcome() throws ScriptException {
        for (Map.Entry<String, Model> c : Map.of("two-creates-two-parents", Model.SEED,
                "create-vs-early-remove", Model.GLOBAL_LOCK).entrySet()) {
            Script s = script(c.getKey());
            StringWriter reduced = new StringWriter();
            StringWriter all = new StringWriter();
            assertEquals(Explorer.outcomesUnreduced(s, c.getValue(), new PrintWriter(all)),
                    Explorer.outcomes(s, c.getValue(), new PrintWriter(reduced)));
            assertTrue(schedules(reduced.toString()) < schedules(all.toString()), reduced + "\n" + all);
        }
    }

    /** The schedule count of an explore header. */
    static long schedules(String output) {
        String header = output.lines().filter(l -> l.startsWith("==")).findFirst().orElseThrow();
        String[] words = header.split(" ");
        for (int i = 1; i < words.length; i++) {
            if (words[i].startsWith("schedule")) {
                return Long.parseLong(words[i - 1]);
            }
        }
        throw new AssertionError(header);
    }
}
