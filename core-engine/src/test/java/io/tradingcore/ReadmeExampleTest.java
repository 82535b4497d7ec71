package io.tradingcore;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The embedding example in the README compiles against the current code and runs. */
class ReadmeExampleTest
{
    @TempDir
    Path work;

    @Test
    void readmeExampleCompilesAndTrades() throws Exception
    {
        final String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        final int start = readme.indexOf("<!-- embedding-example:start -->");
        final int end = readme.indexOf("<!-- embedding-example:end -->");
        assertTrue(start > 0 && end > start, "README has the marked example");
        final String block = readme.substring(start, end);
        final String source = block.substring(block.indexOf("```java") + 7, block.lastIndexOf("```"));

        final Path sourceFile = work.resolve("src").resolve("EmbeddingExample.java");
        Files.createDirectories(sourceFile.getParent());
        Files.writeString(sourceFile, source);
        final Path classes = Files.createDirectories(work.resolve("classes"));
        final JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        final ByteArrayOutputStream errors = new ByteArrayOutputStream();
        final int compiled = compiler.run(null, null, errors, "-d", classes.toString(), "-cp",
            System.getProperty("java.class.path"), sourceFile.toString());
        assertEquals(0, compiled, "README example does not compile:\n" + errors);

        final PrintStream original = System.out;
        final ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
            getClass().getClassLoader()))
        {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            loader.loadClass("EmbeddingExample").getMethod("main", String[].class)
                .invoke(null, (Object)new String[] {work.resolve("data").toString()});
        }
        finally
        {
            System.setOut(original);
        }
        assertTrue(captured.toString(StandardCharsets.UTF_8).contains("fill: BUY 1000 at 139149"),
            "the example's order filled at the ask: " + captured);
    }
}
