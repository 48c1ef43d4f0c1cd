package dev.mdevsim.litmus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mdevsim.core.DeviceState;
import dev.mdevsim.core.Errno;
import dev.mdevsim.core.TypeSpec;
import dev.mdevsim.model.Model;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScriptParserTest {

    static final String U = "11111111-1111-4111-8111-111111111111";

    @Test
    void parse_everyStatement() throws ScriptException {
        Script s = ScriptParser.parse("t.litmus", String.join("\n",
                "# a comment",
                "model seed",
                "parent P1 mtty-1=4 mtty-2=2   # trailing comment",
                "",
                "create P1 mtty-1 " + U + " => OK",
                "create P1 mtty-1 " + U + " as c1 hold",
                "remove " + U + " => eagain",
                "remove " + U + " as r1",
                "unregister P1 as u1",
                "unregister P2 => ENODEV",
                "release c1 fail EIO",
                "await c1 => EIO",
                "await r1",
                "pending u1",
                "expect state " + U + " Active",
                "expect instances P1 mtty-1 3",
                "expect instances P1 mtty-3 ENOENT",
                "expect warnings 0"));
        assertEquals(Model.SEED, s.model());
        List<Statement> st = s.statements();
        assertEquals(16, st.size());
        assertEquals(new Statement.ParentStmt(3, "parent P1 mtty-1=4 mtty-2=2", "P1",
                List.of(new TypeSpec("mtty-1", 4), new TypeSpec("mtty-2", 2)), 0, Statement.Start.complete(Errno.OK)), st.get(1));
        assertEquals(new Statement.CreateStmt(6, "create P1 mtty-1 " + U + " as c1 hold", "P1", "mtty-1", U,
                new Statement.Start(null, "c1", true)), st.get(3));
        assertEquals(Errno.EAGAIN, ((Statement.RemoveStmt) st.get(4)).start().outcome());
        assertEquals(new Statement.ReleaseStmt(11, "release c1 fail EIO", "c1", Optional.of(Errno.EIO)), st.get(8));
        assertEquals(Errno.OK, ((Statement.AwaitStmt) st.get(10)).outcome());
        assertEquals(DeviceState.ACTIVE, ((Statement.ExpectStateStmt) st.get(12)).state());
        assertEquals(-1, ((Statement.ExpectInstancesStmt) st.get(14)).instances());
    }

    @Test
    void parse_pendingWithAndWithoutAPhase() throws ScriptException {
        List<Statement> st = ScriptParser.parse("t.litmus", String.join("\n",
                "create P1 a " + U + " as c1 hold",
                "pending c1",
                "pending c1 queued",
                "pending c1 at-vendor   # comment",
                "pending c1 setup")).statements();
        assertEquals(new Statement.PendingStmt(2, "pending c1", "c1", null), st.get(1));
        assertEquals(Statement.Where.QUEUED, ((Statement.PendingStmt) st.get(2)).where());
        assertEquals(Statement.Where.AT_VENDOR, ((Statement.PendingStmt) st.get(3)).where());
        assertEquals(Statement.Where.SETUP, ((Statement.PendingStmt) st.get(4)).where());
    }

    @Test
    void parse_noModelLine_seed() throws ScriptException {
        assertEquals(Model.SEED, ScriptParser.parse("t", "parent P1 a=1").model());
    }

    @Test
    void parse_malformedUuidInARequest_isAllowed_C1() throws ScriptException {
        ScriptParser.parse("t", "create P1 t not-a-uuid => EINVAL\nremove x => EINVAL");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "frobnicate P1                       | t.litmus:2: unknown statement 'frobnicate'",
        "model paxos                         | t.litmus:2: 'model' must be the first statement",
        "create P1 a                         | t.litmus:2: usage: create PARENT TYPE UUID",
        "create P1 a " + U + " => EFOO       | t.litmus:2: unknown outcome 'EFOO'",
        "create P1 a " + U + " =>            | t.litmus:2: usage: create PARENT TYPE UUID",
        "create P1 a " + U + " => OK as c9   | t.litmus:2: use either '=> OUTCOME' or 'as LABEL', not both",
        "create P1 a " + U + " hold          | t.litmus:2: 'hold' needs 'as LABEL' before it",
        "create P1 a " + U + " as c1         | t.litmus:2: label 'c1' is already used on line 1",
        "create P1 a " + U + " as 9x         | t.litmus:2: '9x' is not a label",
        "parent P2 a=1 as p2 hold            | t.litmus:2: 'hold' applies to create and remove only",
        "unregister P1 as u1 hold            | t.litmus:2: 'hold' applies to create and remove only",
        "parent P2 a                         | t.litmus:2: 'a' is not TYPE=CAPACITY",
        "parent P2 a=many                    | t.litmus:2: capacity 'many' of type a is not a number",
        "parent                              | t.litmus:2: usage: parent NAME",
        "release c9                          | t.litmus:2: unknown label 'c9'",
        "release c1 fail EFOO                | t.litmus:2: unknown outcome 'EFOO'",
        "release c1 fail OK                  | t.litmus:2: 'fail' needs an errno, not OK",
        "release c1 now                      | t.litmus:2: usage: release LABEL [fail ERRNO]",
        "await c1 OK                         | t.litmus:2: usage: await LABEL [=> OUTCOME]",
        "pending                             | t.litmus:2: usage: pending LABEL",
        "expect state nope active            | t.litmus:2: 'nope' is not a UUID",
        "expect state " + U + " gone         | t.litmus:2: unknown state 'gone'",
        "expect instances P1 a -1            | t.litmus:2: '-1' is not a count",
        "expect warnings some                | t.litmus:2: 'some' is not a count",
        "expect warnings loud 1              | t.litmus:2: unknown warning 'loud' (duplicate_link, remove_failed)",
        "expect warnings remove_failed x     | t.litmus:2: 'x' is not a count",
        "parent P2 pool=4 a=1                | t.litmus:2: 'a=1': a parent has either pool=N and bare type names",
        "parent P2 pool=0 a                  | t.litmus:2: pool=0: a pool needs a positive size",
        "parent P2 pool=-3 a                 | t.litmus:2: pool=-3: a pool needs a positive size",
        "parent P2 pool=x a                  | t.litmus:2: pool 'x' is not a number",
        "parent P2 pool=2 pool=3 a           | t.litmus:2: a parent has one pool",
        "sysfs frob x                        | t.litmus:2: unknown sysfs statement 'frob' (sysfs create, sysfs remove, sysfs write)",
        "sysfs                               | t.litmus:2: unknown sysfs statement ''",
        "sysfs create P1 a                   | t.litmus:2: usage: sysfs create PARENT TYPE UUID",
        "sysfs remove                        | t.litmus:2: usage: sysfs remove UUID",
        "sysfs write bus/x                   | t.litmus:2: usage: sysfs write PATH TEXT",
        "sysfs write bus/x 1 as w1 hold      | t.litmus:2: 'hold' applies to create and remove only",
        "sysfs write bus/x a\\q              | t.litmus:2: unknown escape '\\q' in 'a\\q'",
        "sysfs write bus/x a\\x4            | t.litmus:2: '\\x' in 'a\\x4' needs two hex digits",
        "sysfs write bus/x a\\              | t.litmus:2: 'a\\' ends with a lone \\",
        "sysfs remove " + U + " as r9 hold setup | t.litmus:2: 'hold setup' applies to create only",
        "expect sysfs bus/mdev                | t.litmus:2: usage: expect sysfs PATH present|absent",
        "expect sysfs bus/mdev gone           | t.litmus:2: expected 'present' or 'absent', not 'gone'",
        "pending c1 waiting                   | t.litmus:2: unknown phase 'waiting' (queued, at-vendor, setup)",
        "pending c1 queued now                | t.litmus:2: usage: pending LABEL [queued|at-vendor|setup]",
        "expect nothing                      | t.litmus:2: unknown expectation 'nothing'",
    })
    void parse_error_namesFileAndLine(String secondLine, String expectedStart) {
        String text = "create P1 a " + U + " as c1 hold\n" + secondLine;
        ScriptException e = assertThrows(ScriptException.class, () -> ScriptParser.parse("t.litmus", text));
        if (!e.getMessage().startsWith(expectedStart.trim())) {
            throw new AssertionError("expected a message starting with\n  " + expectedStart.trim() + "\nbut got\n  " + e.getMessage());
        }
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void parse_model_unknownIsAnError() {
        assertEquals("t.litmus:1: unknown model 'paxos' (models: seed, legacy, global-lock, linux-5.2, linux-6.1; aliases linux-4.18, linux-4.17, modern)",
                assertThrows(ScriptException.class, () -> ScriptParser.parse("t.litmus", "model paxos")).getMessage());
    }

    @ParameterizedTest
    @CsvSource({"seed, SEED", "legacy, LEGACY", "global-lock, GLOBAL_LOCK", "linux-5.2, LINUX_5_2", "linux-6.1, LINUX_6_1",
        "linux-4.18, SEED", "linux-4.17, LEGACY", "modern, LINUX_6_1"})
    void parse_model_everyModel(String name, Model expected) throws ScriptException {
        assertEquals(expected, ScriptParser.parse("t.litmus", "model " + name + "\nparent P1 a=1").model());
    }

    @Test
    void parse_sysfsStatements_escapesDecoded() throws ScriptException {
        Script s = ScriptParser.parse("t", String.join("\n",
                "sysfs create P1 t " + U + " as c1 hold setup",
                "sysfs remove " + U + " => ENOENT",
                "sysfs write class/mdev_bus/P1/mdev_supported_types/t/create " + U + "X\\n\\t\\x41\\\\ => EINVAL",
                "expect sysfs bus/mdev/devices/" + U + "/remove absent",
                "await c1"));
        assertEquals(new Statement.SysfsCreateStmt(1, "sysfs create P1 t " + U + " as c1 hold setup", "P1", "t", U,
                new Statement.Start(null, "c1", true, true)), s.statements().get(0));
        assertEquals(new Statement.SysfsRemoveStmt(2, "sysfs remove " + U + " => ENOENT", U, Statement.Start.complete(Errno.ENOENT)),
                s.statements().get(1));
        assertEquals(U + "X\n\tA\\", ((Statement.SysfsWriteStmt) s.statements().get(2)).bytes());
        assertEquals(new Statement.ExpectSysfsStmt(4, "expect sysfs bus/mdev/devices/" + U + "/remove absent",
                "bus/mdev/devices/" + U + "/remove", false), s.statements().get(3));
    }

    @Test
    void parse_poolAndWarningKinds() throws ScriptException {
        Script s = ScriptParser.parse("t", "parent P2 pool=4 mdpy-vga mdpy-xga\nexpect warnings remove_failed 1\nexpect warnings 2");
        assertEquals(new Statement.ParentStmt(1, "parent P2 pool=4 mdpy-vga mdpy-xga", "P2",
                List.of(TypeSpec.inPool("mdpy-vga"), TypeSpec.inPool("mdpy-xga")), 4, Statement.Start.complete(Errno.OK)),
                s.statements().get(0));
        assertEquals(new Statement.ExpectWarningsStmt(2, "expect warnings remove_failed 1", dev.mdevsim.core.Warning.REMOVE_FAILED, 1),
                s.statements().get(1));
        assertEquals(new Statement.ExpectWarningsStmt(3, "expect warnings 2", null, 2), s.statements().get(2));
    }

    @Test
    void parse_labelRules() {
        assertEquals("t:3: 'c1' is released twice", assertThrows(ScriptException.class, () -> ScriptParser.parse("t",
                "create P1 a " + U + " as c1 hold\nrelease c1\nrelease c1")).getMessage());
        assertEquals("t:2: 'c1' was not started with hold; only held requests are released",
                assertThrows(ScriptException.class, () -> ScriptParser.parse("t", "create P1 a " + U + " as c1\nrelease c1")).getMessage());
        assertEquals("t:3: 'c1' is awaited twice", assertThrows(ScriptException.class, () -> ScriptParser.parse("t",
                "create P1 a " + U + " as c1\nawait c1\nawait c1")).getMessage());
        assertEquals("t:3: 'c1' was already awaited", assertThrows(ScriptException.class, () -> ScriptParser.parse("t",
                "create P1 a " + U + " as c1\nawait c1\npending c1")).getMessage());
        assertEquals("t:1: unknown label 'c1' (a label is defined by 'as' on an earlier line)",
                assertThrows(ScriptException.class, () -> ScriptParser.parse("t", "await c1\ncreate P1 a " + U + " as c1")).getMessage());
    }

    @Test
    void parse_missingFile_namesIt() {
        assertEquals("no/such.litmus: no such file",
                assertThrows(ScriptException.class, () -> ScriptParser.parse(Path.of("no/such.litmus"))).getMessage());
    }

    /** Issue 14: a byte order mark at the start of a script is not a statement (scenarios accept it too). */
    @Test
    void byteOrderMark_atTheStart_skipped() throws ScriptException {
        Script s = ScriptParser.parse("t.litmus", "\uFEFFmodel legacy\nparent P1 a=1\n");
        assertEquals(Model.LEGACY, s.model());
        assertEquals(2, s.statements().size());
    }

    /** Issue 14: lines end at \n, \r\n or a lone \r (old Mac), and errors count lines the same way. */
    @ParameterizedTest
    @CsvSource({"'\n'", "'\r\n'", "'\r'"})
    void lineEnds_everyConvention_sameLinesAndNumbers(String end) throws ScriptException {
        String eol = end.replace("\\r", "\r").replace("\\n", "\n");
        Script s = ScriptParser.parse("t", String.join(eol, "model seed", "# comment", "parent P1 a=1", ""));
        assertEquals(2, s.statements().size());
        assertEquals(3, s.statements().get(1).line());
        String m = assertThrows(ScriptException.class,
                () -> ScriptParser.parse("t", String.join(eol, "model seed", "", "parent P1 a=1", "bogus"))).getMessage();
        assertEquals("t:4: unknown statement 'bogus'", m.substring(0, m.indexOf(" (")));
    }

    /** Issue 14: a binary file is "not UTF-8 text" on its line, not Java's "Input length = 1". */
    @Test
    void binaryFile_notUtf8OnItsLine(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path f = java.nio.file.Files.write(dir.resolve("b.litmus"), new byte[] {'m', 'o', 'd', 'e', 'l', '\n', (byte) 0xff, (byte) 0xfe, '\n'});
        assertEquals(f + ":2: not UTF-8 text (a binary file?)",
                assertThrows(ScriptException.class, () -> ScriptParser.parse(f)).getMessage());
    }
}
