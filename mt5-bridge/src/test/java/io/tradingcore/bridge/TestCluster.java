package io.tradingcore.bridge;

import io.tradingcore.cluster.ClusterLayout;
import io.tradingcore.cluster.ClusterNode;
import io.tradingcore.cluster.NodeStatus;
import org.agrona.CloseHelper;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Three cluster members in this JVM, on loopback ports from a random base (so that runs do not clash), their folders
 * {@code node-N} under one folder with the clients file {@code ingress-clients} beside them.
 */
public final class TestCluster implements AutoCloseable
{
    public static final int MEMBERS = 3;

    private final Path directory;
    private final int basePort;
    private final ClusterNode[] nodes = new ClusterNode[MEMBERS];

    public TestCluster(final Path directory)
    {
        this.directory = directory;
        this.basePort = 21_000 + ThreadLocalRandom.current().nextInt(1_300) * 30;
        try
        {
            for (int i = 0; i < MEMBERS; i++)
            {
                nodes[i] = ClusterNode.launch(new ClusterNode.Context()
                    .memberId(i)
                    .hosts(ClusterNode.Context.HOSTS_DEFAULT)
                    .basePort(basePort)
                    .directory(directory.resolve("node-" + i))
                    .clientsFile(clientsFile())
                    .errorHandler(Throwable::printStackTrace));
            }
        }
        catch (final RuntimeException ex)
        {
            close();
            throw ex;
        }
    }

    public int basePort()
    {
        return basePort;
    }

    public ClusterLayout layout()
    {
        return ClusterLayout.parse(ClusterNode.Context.HOSTS_DEFAULT, basePort);
    }

    public Path clientsFile()
    {
        return directory.resolve("ingress-clients");
    }

    public Path statusFile(final int member)
    {
        return directory.resolve("node-" + member).resolve("status");
    }

    /** The member whose status says it leads, or -1. */
    public int leader()
    {
        for (int i = 0; i < MEMBERS; i++)
        {
            final NodeStatus.Line line = NodeStatus.read(statusFile(i));
            if (null != nodes[i] && null != line && "leader".equals(line.role()))
            {
                return i;
            }
        }
        return -1;
    }

    /** Stops a member, as a crash of its process would, as far as the others can tell. */
    public void stop(final int member)
    {
        CloseHelper.close(nodes[member]);
        nodes[member] = null;
    }

    /** The status of each running member, once all show the same input (and not 0); null until then. */
    public List<NodeStatus.Line> settledStatuses()
    {
        final List<NodeStatus.Line> lines = new ArrayList<>();
        for (int i = 0; i < MEMBERS; i++)
        {
            if (null == nodes[i])
            {
                continue;
            }
            final NodeStatus.Line line = NodeStatus.read(statusFile(i));
            if (null == line || line.sequence() == 0 ||
                (!lines.isEmpty() && lines.get(0).sequence() != line.sequence()))
            {
                return null;
            }
            lines.add(line);
        }
        return lines;
    }

    @Override
    public void close()
    {
        CloseHelper.closeAll(nodes);
    }
}
