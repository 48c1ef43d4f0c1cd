package dev.mdevsim.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ErrnoTest {

    @Test
    void numbersAndMessages_areLinux() {
        assertEquals(0, Errno.OK.number());
        assertEquals(2, Errno.ENOENT.number());
        assertEquals(11, Errno.EAGAIN.number());
        assertEquals(16, Errno.EBUSY.number());
        assertEquals(17, Errno.EEXIST.number());
        assertEquals(19, Errno.ENODEV.number());
        assertEquals(22, Errno.EINVAL.number());
        assertEquals(28, Errno.ENOSPC.number());
        assertEquals(110, Errno.ETIMEDOUT.number());
        assertEquals("Resource temporarily unavailable", Errno.EAGAIN.message());
        assertEquals("File exists", Errno.EEXIST.message());
    }

    @Test
    void parse_namesCaseInsensitiveAndAliases() {
        assertEquals(Optional.of(Errno.EIO), Errno.parse("eio"));
        assertEquals(Optional.of(Errno.OK), Errno.parse("OK"));
        assertEquals(Optional.of(Errno.EAGAIN), Errno.parse("EWOULDBLOCK"));
        assertEquals(Optional.of(Errno.EOPNOTSUPP), Errno.parse("ENOTSUP"));
        assertTrue(Errno.parse("EFOO").isEmpty());
        assertTrue(Errno.parse("").isEmpty());
    }

    @Test
    void ofNumber_roundTrips() {
        for (Errno e : Errno.values()) {
            assertEquals(Optional.of(e), Errno.ofNumber(e.number()));
            assertEquals(Optional.of(e), Errno.parse(e.name()));
        }
    }
}
