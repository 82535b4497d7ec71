package io.tradingcore.cli;

import io.aeron.CommonContext;
import io.tradingcore.cluster.ClusterLayout;
import io.tradingcore.cluster.ClusterNode;
import io.tradingcore.cluster.MemberStatus;
import org.agrona.concurrent.ShutdownSignalBarrier;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code scripts/cluster}'s Java half: {@code member} runs one member of the clustered core in the foreground until
 * SIGTERM or SIGINT; {@code status} prints one line per member. Starting, stopping and killing the member processes
 * is the script's.
 */
@Command(name = "scripts/cluster", sortOptions = false,
    description = "The clustered core: three members, each its own process on this machine by default.",
    subcommands = {ClusterCommand.Member.class, ClusterCommand.Status.class, AutoComplete.GenerateCompletion.class})
public final class ClusterCommand implements Callable<Integer>
{
    @Mixin
    private HelpOption help;

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "data", scope = ScopeType.INHERIT,
        description = "the data folder; the members' folders are DIR/cluster/node-N (default ./data)")
    private Path data;

    @Option(names = "--hosts", paramLabel = "H0,H1,H2", scope = ScopeType.INHERIT,
        defaultValue = ClusterNode.Context.HOSTS_DEFAULT,
        description = "the members' hosts in member order (default ${DEFAULT-VALUE})")
    private String hosts;

    @Option(names = "--base-port", paramLabel = "PORT", scope = ScopeType.INHERIT,
        defaultValue = "" + ClusterNode.Context.BASE_PORT_DEFAULT,
        description = "member N listens on PORT + 10 N to PORT + 10 N + 4 (default ${DEFAULT-VALUE})")
    private int basePort;

    private final PrintStream out;
    private final PrintStream err;

    private ClusterCommand(final PrintStream out, final PrintStream err)
    {
        this.out = out;
        this.err = err;
    }

    /**
     * A member's own Aeron clients (consensus module, archive, service) give up on its driver after this long without
     * a sign of it, and the member with them; Aeron's 10 s is short for a machine shared with other work, where a
     * member that stalls should rather be voted out and catch up.
     */
    static final String DRIVER_TIMEOUT_MS = "30000";

    public static void main(final String[] args)
    {
        if (null == System.getProperty(CommonContext.DRIVER_TIMEOUT_PROP_NAME))
        {
            System.setProperty(CommonContext.DRIVER_TIMEOUT_PROP_NAME, DRIVER_TIMEOUT_MS);
        }
        System.exit(CommandLines.execute(new ClusterCommand(System.out, System.err), "cluster", System.out,
            System.err, args));
    }

    @Override
    public Integer call()
    {
        err.println("scripts/cluster: name a command: start, status, stop or kill (--help for more)");
        return 2;
    }

    Path clusterDir()
    {
        return data.resolve("cluster");
    }

    ClusterLayout layout()
    {
        return ClusterLayout.parse(hosts, basePort);
    }

    @Command(name = "member", sortOptions = false,
        description = "Runs member ID in the foreground until SIGTERM or SIGINT (scripts/cluster start runs this).")
    static final class Member implements Callable<Integer>
    {
        @ParentCommand
        private ClusterCommand cluster;

        @Mixin
        private HelpOption help;

        @Option(names = "--id", paramLabel = "ID", required = true, description = "the member's id, 0 to 2")
        private int id;

        @Override
        public Integer call() throws IOException
        {
            final Path dir = cluster.clusterDir().resolve("node-" + id);
            Files.createDirectories(dir);
            final Path pidFile = dir.resolve(MemberStatus.PID_FILE);
            if (MemberStatus.isRunning(dir))
            {
                cluster.err.println("scripts/cluster: member " + id + " is already running (pid " +
                    MemberStatus.pid(dir).orElse(0L) + ")");
                return 2;
            }
            // A member killed last time left mark files that look active for seconds after, and Aeron would refuse
            // to start beside them; no process holds them now.
            if (ClusterNode.removeMarkFiles(dir) && Files.exists(pidFile))
            {
                cluster.out.println("member " + id + " did not stop cleanly last time; its mark files are removed");
            }
            Files.writeString(pidFile, Long.toString(ProcessHandle.current().pid()), StandardCharsets.US_ASCII);
            try (ShutdownSignalBarrier barrier = new ShutdownSignalBarrier();
                ClusterNode node = ClusterNode.launch(new ClusterNode.Context()
                .memberId(id)
                .hosts(cluster.hosts)
                .basePort(cluster.basePort)
                .directory(dir)
                .clientsFile(cluster.clusterDir().resolve("ingress-clients"))))
            {
                cluster.out.println("member " + id + " running in " + dir + " (" + node.context().layout() + ")");
                barrier.await();
                cluster.out.println("member " + id + " stopping");
            }
            finally
            {
                Files.deleteIfExists(pidFile);
            }
            return 0;
        }
    }

    @Command(name = "status", sortOptions = false,
        description = {"One line per member: node N, its role (leader, follower, candidate or down), the log " +
            "position its engine has applied, the commit position, and the state hash at that position."})
    static final class Status implements Callable<Integer>
    {
        @ParentCommand
        private ClusterCommand cluster;

        @Mixin
        private HelpOption help;

        @Override
        public Integer call()
        {
            final int members = cluster.layout().memberCount();
            int up = 0;
            for (int id = 0; id < members; id++)
            {
                final MemberStatus status = MemberStatus.read(id, cluster.clusterDir().resolve("node-" + id));
                cluster.out.println(status);
                up += "down".equals(status.role()) ? 0 : 1;
            }
            if (up <= members / 2)
            {
                cluster.err.println("scripts/cluster: " + up + " of " + members + " members running: no majority, " +
                    "no leader can be elected");
                return 1;
            }
            return 0;
        }
    }
}
