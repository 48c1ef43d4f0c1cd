package dev.mdevsim.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's Java example cannot drift from code that compiles and passes: its ```java block must
 * be, line for line, the text between the markers of {@link HeldCreateTest}, which the suite compiles
 * and runs (SEMANTICS R5). Editing one without the other fails here.
 */
class ReadmeJavaBlockTest {

    static final Path README = Path.of("README.md");
    static final Path EXAMPLE = Path.of("src/test/java/dev/mdevsim/readme/HeldCreateTest.java");

    @Test
    void readmeJavaBlock_isTheCompiledExample_R5() throws Exception {
        List<String> blocks = javaBlocks(Files.readAllLines(README));
        assertEquals(1, blocks.size(), "README.md should have exactly one ```java block, the compiled example");
        assertEquals(between(Files.readAllLines(EXAMPLE), "// README-BEGIN", "// README-END"), blocks.get(0),
                "README.md's ```java block differs from " + EXAMPLE + " between its markers: change both");
    }

    @Test
    void extraction_seesAnEditedBlock() {
        List<String> readme = List.of("text", "```java", "int a = 1;", "```", "more", "```", "not java", "```");
        assertEquals(List.of("int a = 1;\n"), javaBlocks(readme));
        List<String> file = List.of("package p;", "// README-BEGIN", "int a = 1;", "// README-END");
        assertEquals("int a = 1;\n", between(file, "// README-BEGIN", "// README-END"));
        assertTrue(!between(file, "// README-BEGIN", "// README-END").equals("int a = 2;\n"));
    }

    /** The contents of every ```java fenced block, each as text with a newline after every line. */
    static List<String> javaBlocks(List<String> lines) {
        List<String> blocks = new java.util.ArrayList<>();
        StringBuilder b = null;
        for (String l : lines) {
            if (b == null && l.strip().equals("```java")) {
                b = new StringBuilder();
            } else if (b != null && l.strip().equals("```")) {
                blocks.add(b.toString());
                b = null;
            } else if (b != null) {
                b.append(l).append('\n');
            }
        }
        return blocks;
    }

    /** The lines strictly between the first {@code begin} and the next {@code end} line. */
    static String between(List<String> lines, String begin, String end) {
        int from = lines.indexOf(begin);
        int to = lines.indexOf(end);
        assertTrue(from >= 0 && to > from, "markers " + begin + " and " + end + " not found in order");
        StringBuilder b = new StringBuilder();
        for (String l : lines.subList(from + 1, to)) {
            b.append(l).append('\n');
        }
        return b.toString();
    }
}
