package dev.mdevsim.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigOriginFactory;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Typesafe Config's problems in plain words (issue 14: no Java names, the line of what is left open). */
class HoconFilesTest {

    @Test
    void permissionDenied_cannotReadInWords() {
        // what Typesafe Config says of an unreadable file (a test as root cannot make one)
        ConfigException e = new ConfigException.IO(ConfigOriginFactory.newFile("conf/x.conf"),
                "java.io.FileNotFoundException: conf/x.conf (Permission denied)");
        assertEquals("cannot read conf/x.conf: permission denied", HoconFiles.translate(e, Path.of("conf/x.conf")).getMessage());
    }

    @Test
    void ioProblemOfAnInclude_namesTheScenarioWithoutJavaNames() {
        ConfigException e = new ConfigException.IO(ConfigOriginFactory.newSimple("nope.conf"),
                "java.io.IOException: resource not found on classpath: nope.conf");
        assertEquals("conf/x.conf: cannot read an include: resource not found on classpath: nope.conf",
                HoconFiles.translate(e, Path.of("conf/x.conf")).getMessage());
    }

    @Test
    void unclosed_innermostOpenThingAndItsLine_stringsAndCommentsSkipped() {
        assertEquals(new HoconFiles.Open("{", 3), HoconFiles.Brackets.unclosed("a {\n b = 1\n c {\n"));
        assertEquals(new HoconFiles.Open("[", 2), HoconFiles.Brackets.unclosed("a {\n b = [1, 2\n"));
        assertEquals(new HoconFiles.Open("{", 1), HoconFiles.Brackets.unclosed("a {\n # }\n // }\n b = \"}\\\"}\"\n c = [ ]\n"));
        assertEquals(new HoconFiles.Open("\"\"\"", 2), HoconFiles.Brackets.unclosed("a = 1\nb = \"\"\"}\n"));
        assertEquals(new HoconFiles.Open("${", 1), HoconFiles.Brackets.unclosed("a = ${b\n"));
        assertNull(HoconFiles.Brackets.unclosed("a { b = \"\"\"x\n}\"\"\" }\nc = [ { } ]\n"));
    }
}
