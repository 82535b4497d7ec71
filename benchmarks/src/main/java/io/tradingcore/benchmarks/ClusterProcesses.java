package io.tradingcore.benchmarks;

import io.tradingcore.cluster.ClusterLayout;
import io.tradingcore.cluster.ClusterNode;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The three members of a cluster as three JVMs ({@link ClusterMember}), started with this JVM's classpath and its
 * {@code --add-*} and {@code -D} flags (scripts/jvm-flags), each with its own heap; their output goes to
 * {@code member-N.log} in the cluster's folder. Closing stops them through their standard input, killing one that does
 * not stop within 10 s.
 */
final class ClusterProcesses implements AutoCloseable
{
    static final int MEMBERS = 3;

    private final Path directory;
    private final int basePort;
    private final String service;
    private final String heap;
    private final Process[] members = new Process[MEMBERS];
    private final ClusterLayout layout;

    /**
     * @param service {@code engine} or {@code echo} ({@link ClusterMember}).
     * @param heap    each member's -Xms and -Xmx, such as {@code 512m}.
     */
    ClusterProcesses(final Path directory, final int basePort, final String service, final String heap)
    {
        this.directory = directory;
        this.basePort = basePort;
        this.service = service;
        this.heap = heap;
        this.layout = ClusterLayout.parse(ClusterNode.Context.HOSTS_DEFAULT, basePort);
    }

    ClusterLayout layout()
    {
        return layout;
    }

    Path clientsFile()
    {
        return directory.resolve("ingress-clients");
    }

    Path memberDirectory(final int member)
    {
        return directory.resolve("node-" + member);
    }

    void startAll() throws IOException
    {
        for (int member = 0; member < MEMBERS; member++)
        {
            start(member);
        }
    }

    /** Starts member {@code member} on its folder (a member started again catches up from the others). */
    void start(final int member) throws IOException
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (final String argument : ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            if (argument.startsWith("--add-") || argument.startsWith("-D"))
            {
                command.add(argument);
            }
        }
        command.add("-Xms" + heap);
        command.add("-Xmx" + heap);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ClusterMember.class.getName());
        command.addAll(List.of("--member", Integer.toString(member), "--directory",
            memberDirectory(member).toString(), "--clients-file", clientsFile().toString(), "--base-port",
            Integer.toString(basePort), "--service", service));
        Files.createDirectories(directory);
        members[member] = new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve("member-" + member + ".log").toFile()))
            .start();
    }

    /** Kills the member's JVM outright (SIGKILL), as a crash would; does not wait for it to be gone. */
    void kill(final int member)
    {
        members[member].destroyForcibly();
    }

    /** Waits for a killed member's JVM to be gone. */
    void awaitGone(final int member) throws InterruptedException
    {
        members[member].waitFor(10, TimeUnit.SECONDS);
    }

    /** The last lines of the member's log, for a failure's message. */
    String logTail(final int member)
    {
        try
        {
            final List<String> lines = Files.readAllLines(directory.resolve("member-" + member + ".log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        }
        catch (final IOException ex)
        {
            return "(no log: " + ex.getMessage() + ")";
        }
    }

    boolean isAlive(final int member)
    {
        return null != members[member] && members[member].isAlive();
    }

    @Override
    public void close() throws IOException
    {
        for (final Process member : members)
        {
            if (null != member && member.isAlive())
            {
                member.getOutputStream().close();
            }
        }
        try
        {
            for (final Process member : members)
            {
                if (null != member && !member.waitFor(10, TimeUnit.SECONDS))
                {
                    member.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
