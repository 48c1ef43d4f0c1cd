package dev.mdevsim.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mdevsim.core.Errno;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HistoryReaderTest {

    @TempDir
    Path dir;

    static final String CALL = "{\"op\":1,\"client\":3,\"ev\":\"call\",\"f\":\"create\",\"uuid\":\"11111111-1111-4111-8111-111111111111\",\"parent\":\"p0\",\"type\":\"t1\",\"t_ns\":123}";
    static final String RETURN = "{\"op\":1,\"client\":3,\"ev\":\"return\",\"result\":\"OK\",\"t_ns\":456}";

    Path file(String text) throws Exception {
        return Files.writeString(dir.resolve("h.jsonl"), text);
    }

    @Test
    void read_designFormat() throws Exception {
        History h = HistoryReader.read(file(CALL + "\n" + RETURN + "\n"));
        assertEquals(2, h.events());
        History.Op op = h.ops().get(0);
        assertEquals(History.Kind.CREATE, op.kind());
        assertEquals(3, op.client());
        assertEquals("p0", op.parent());
        assertEquals(123, op.call());
        assertEquals(456, op.ret());
        assertEquals(Errno.OK, op.result());
        assertTrue(op.known());
    }

    @Test
    void missingReturnOrTimeout_unknownOutcome() throws Exception {
        History h = HistoryReader.read(file(CALL + "\n"));
        assertNull(h.ops().get(0).result());
        assertTrue(!h.ops().get(0).known());
        History t = HistoryReader.read(file(CALL + "\n" + RETURN.replace("OK", "ETIMEDOUT") + "\n"));
        assertTrue(!t.ops().get(0).known());
    }

    @Test
    void tornLastLine_ignored() throws Exception {
        String torn = RETURN.substring(0, 20);
        History h = HistoryReader.read(file(CALL + "\n" + torn));
        assertTrue(h.tornLine());
        assertEquals(1, h.events());
        assertNull(h.ops().get(0).result());
    }

    @Test
    void malformedUuid_keptWithoutAPartition() throws Exception {
        History h = HistoryReader.read(file(CALL.replace("11111111-1111-4111-8111-111111111111", "not-a-uuid") + "\n"));
        assertNull(h.ops().get(0).uuid());
        assertEquals("not-a-uuid", h.ops().get(0).uuidText());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "not json                                                        | h.jsonl:2: not a JSON object",
        "{\"op\":2,\"ev\":\"return\",\"result\":\"OK\",\"t_ns\":9}         | h.jsonl:2: return of op 2, which was not called",
        "{\"op\":5,\"ev\":\"call\",\"f\":\"destroy\",\"t_ns\":9}          | h.jsonl:2: unknown \"f\": destroy",
        "{\"op\":5,\"ev\":\"call\",\"f\":\"create\",\"t_ns\":9}           | h.jsonl:2: a create call needs \"uuid\"",
        "{\"op\":5,\"ev\":\"ping\",\"t_ns\":9}                            | h.jsonl:2: \"ev\" must be call or return, got ping",
        "{\"ev\":\"call\",\"f\":\"remove\",\"uuid\":\"x\",\"t_ns\":9}      | h.jsonl:2: missing \"op\"",
        "{\"op\":5,\"ev\":\"call\",\"f\":\"remove\",\"uuid\":\"x\"}        | h.jsonl:2: missing \"t_ns\"",
        "{\"op\":1,\"ev\":\"return\",\"result\":\"EWHAT\",\"t_ns\":900}    | h.jsonl:2: \"result\" must be OK or an errno name, got EWHAT",
        "{\"op\":1,\"ev\":\"return\",\"result\":\"OK\",\"t_ns\":5}         | h.jsonl:2: op 1 returns before its call",
        "{\"op\":1,\"ev\":\"call\",\"f\":\"remove\",\"uuid\":\"x\",\"t_ns\":200} | h.jsonl:2: op 1 is called again before it returned",
    })
    void badLine_exitTwoNamingFileAndLine(String line, String expected) throws Exception {
        Path f = file(CALL + "\n" + line + "\n" + RETURN + "\n");
        String m = assertThrows(HistoryException.class, () -> HistoryReader.read(f)).getMessage();
        assertTrue(m.startsWith(f.toString().replace("h.jsonl", "") + expected.trim()), m);
    }

    @Test
    void missingFile_named() {
        assertEquals("no/such.jsonl: no such file",
                assertThrows(HistoryException.class, () -> HistoryReader.read(Path.of("no/such.jsonl"))).getMessage());
    }

    /** Issue 14: a binary file was "Input length = 1", with no line; now it names the line and says what is wrong. */
    @Test
    void binaryFile_notUtf8NamingTheLine() throws Exception {
        byte[] call = (CALL + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] bytes = java.util.Arrays.copyOf(call, call.length + 4);
        bytes[call.length] = (byte) 0xff;
        bytes[call.length + 1] = (byte) 0xfe;
        bytes[call.length + 2] = 0;
        bytes[call.length + 3] = '\n';
        Path f = Files.write(dir.resolve("h.jsonl"), bytes);
        Files.writeString(f, RETURN + "\n", java.nio.file.StandardOpenOption.APPEND);
        String m = assertThrows(HistoryException.class, () -> HistoryReader.read(f)).getMessage();
        assertEquals(f + ":2: not UTF-8 text (a binary file?)", m);
    }
}
