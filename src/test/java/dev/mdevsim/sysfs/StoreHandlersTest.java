package dev.mdevsim.sysfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mdevsim.core.Errno;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The store handlers' own checks, before the core is called: C1 (create) and remove_store's kstrtoul. */
class StoreHandlersTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void c1CreateTakes36Or37BytesAndLeavesTheUuidToTheCore() {
        String uuid = "11111111-2222-3333-4444-555555555555";
        assertEquals(uuid, StoreHandlers.createArgument(bytes(uuid)));
        assertEquals(uuid, StoreHandlers.createArgument(bytes(uuid + "\n")));
        assertEquals(uuid, StoreHandlers.createArgument(bytes(uuid + "X")), "S1: any 37th byte, not only a newline");
        assertNull(StoreHandlers.createArgument(bytes(uuid.substring(1))));
        assertNull(StoreHandlers.createArgument(bytes(uuid + "\n\n")));
        assertNull(StoreHandlers.createArgument(bytes("")));
    }

    @ParameterizedTest
    @CsvSource({
        "'1', 1", "'1\n', 1", "'+7\n', 7", "'0x1f\n', 31", "'0X1F', 31", "'010', 8", "'0\n', 0", "'00', 0",
        "'18446744073709551615', -1", "'0xffffffffffffffff', -1", "'1\u0000junk', 1",
    })
    void kstrtoulParsesAsTheKernelDoes(String text, long expected) throws StoreHandlers.ParseError {
        assertEquals(expected, StoreHandlers.kstrtoul(bytes(text)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\n", "abc", "1x", "1\n\n", " 1", "-1", "0x", "0x\n", "08", "1 ", "+", "0xg"})
    void kstrtoulRejectsMalformedNumbersWithEinval(String text) {
        StoreHandlers.ParseError e = assertThrows(StoreHandlers.ParseError.class, () -> StoreHandlers.kstrtoul(bytes(text)));
        assertEquals(Errno.EINVAL, e.errno);
    }

    @ParameterizedTest
    @ValueSource(strings = {"18446744073709551616", "0x10000000000000000", "99999999999999999999999\n", "2000000000000000000000"})
    void kstrtoulRejectsWhatOverflows64BitsWithErange(String text) {
        StoreHandlers.ParseError e = assertThrows(StoreHandlers.ParseError.class, () -> StoreHandlers.kstrtoul(bytes(text)));
        assertEquals(Errno.ERANGE, e.errno);
    }

    @Test
    void removeOfZeroDoesNothingAndAnyOtherNumberRemoves() {
        assertInstanceOf(StoreHandlers.Nothing.class, StoreHandlers.removeArgument(bytes("0\n")));
        assertInstanceOf(StoreHandlers.Remove.class, StoreHandlers.removeArgument(bytes("1\n")));
        assertInstanceOf(StoreHandlers.Remove.class, StoreHandlers.removeArgument(bytes("0x2a")));
        assertEquals(new StoreHandlers.Refused(Errno.EINVAL), StoreHandlers.removeArgument(bytes("yes\n")));
        assertEquals(new StoreHandlers.Refused(Errno.EINVAL), StoreHandlers.removeArgument(bytes("99999999999999999999")),
                "S4: remove_store answers EINVAL for kstrtoul's ERANGE too");
    }
}
