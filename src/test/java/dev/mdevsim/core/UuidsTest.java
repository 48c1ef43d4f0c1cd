package dev.mdevsim.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** C1 and R1: what the create and remove paths accept as a UUID. */
class UuidsTest {

    static final String LOWER = "83b8f4f2-509f-382f-3c1e-e6bfe0fa1001";

    @Test
    void parse_canonicalLowerCase_accepted_C1() {
        assertEquals(UUID.fromString(LOWER), Uuids.parseOrNull(LOWER));
    }

    @Test
    void parse_upperAndMixedCase_sameUuidCanonicalLower_C1() {
        UUID upper = Uuids.parseOrNull(LOWER.toUpperCase());
        UUID mixed = Uuids.parseOrNull("83B8f4F2-509f-382F-3c1E-e6bfe0fa1001");
        assertEquals(Uuids.parseOrNull(LOWER), upper);
        assertEquals(upper, mixed);
        assertEquals(LOWER, upper.toString());
    }

    @Test
    void parse_oneTrailingNewline_tolerated_C1() {
        assertEquals(UUID.fromString(LOWER), Uuids.parseOrNull(LOWER + "\n"));
    }

    @Test
    void parse_extremes_exact() {
        assertEquals(new UUID(0, 0), Uuids.parseOrNull("00000000-0000-0000-0000-000000000000"));
        assertEquals(new UUID(-1, -1), Uuids.parseOrNull("ffffffff-ffff-ffff-ffff-ffffffffffff"));
        assertEquals(UUID.fromString("01234567-89ab-cdef-0123-456789abcdef"),
                Uuids.parseOrNull("01234567-89AB-CDEF-0123-456789ABCDEF"));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(strings = {
        "",
        "\n",
        "83b8f4f2-509f-382f-3c1e-e6bfe0fa1001\n\n",      // two newlines
        "83b8f4f2-509f-382f-3c1e-e6bfe0fa1001\r\n",      // CRLF
        "83b8f4f2-509f-382f-3c1e-e6bfe0fa1001 ",         // trailing blank
        " 83b8f4f2-509f-382f-3c1e-e6bfe0fa1001",         // leading blank
        "\n83b8f4f2-509f-382f-3c1e-e6bfe0fa1001",        // leading newline
        "83b8f4f2-509f-382f-3c1e-e6bfe0fa100",           // 35 characters
        "83b8f4f2-509f-382f-3c1e-e6bfe0fa10011",         // 37 characters, no newline
        "83b8f4f2509f382f3c1ee6bfe0fa1001",              // no hyphens
        "83b8f4f2-509f-382f-3c1ee6bfe0fa1001-",          // hyphen moved to the end
        "83b8f4f-2509f-382f-3c1e-e6bfe0fa1001",          // hyphen at offset 7
        "83b8f4f2-509f3-82f-3c1e-e6bfe0fa1001",          // hyphen at offset 14
        "83b8f4f2_509f_382f_3c1e_e6bfe0fa1001",          // underscores
        "83b8f4f2-509f-382f-3c1e-e6bfe0fa100g",          // not hex
        "g3b8f4f2-509f-382f-3c1e-e6bfe0fa1001",
        "83b8f4f2-509f-382f-3c1e-e6bfe0fa10\u0661\u0661", // Arabic-Indic digits
        "83b8f4f2-509f-382f-3c1e-e6bfe0fa10\uff11\uff11", // full-width digits
        "{83b8f4f2-509f-382f-3c1e-e6bfe0fa1001}",        // braces
        "1-2-3-4-5",                                     // what UUID.fromString accepts
        "83b8f4f2-509f-382f-3c1e-e6bfe0fa1001\u0000",
    })
    void parse_malformed_rejected_C1_R1(String text) {
        assertNull(Uuids.parseOrNull(text));
    }

    @Test
    void parse_null_rejected() {
        assertNull(Uuids.parseOrNull(null));
    }
}
