package io.tradingcore.projections;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code scripts/projection} as a child JVM of the test, on the test's classpath and JVM flags: what a user runs, and
 * what a test can SIGKILL.
 */
final class ProjectionProcess
{
    private ProjectionProcess()
    {
    }

    /** Starts the projection command with {@code arguments} and these connection settings in its environment. */
    static Process start(final Path log, final Map<String, String> environment, final String... arguments)
        throws IOException
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (final String flag : ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            if (flag.startsWith("--add-") || flag.startsWith("-Dchronicle"))
            {
                command.add(flag);
            }
        }
        command.add("-Xmx256m");
        command.add("-XX:+UseSerialGC");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ProjectionCommand.class.getName());
        command.addAll(List.of(arguments));
        final ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        return builder.start();
    }

    /** Runs it to its end. @return its exit code. */
    static int run(final Path log, final Map<String, String> environment, final String... arguments)
        throws IOException, InterruptedException
    {
        return start(log, environment, arguments).waitFor();
    }
}
