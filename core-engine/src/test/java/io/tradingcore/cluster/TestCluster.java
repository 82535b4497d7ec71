package io.tradingcore.cluster;

import io.aeron.cluster.service.Cluster;
import io.tradingcore.config.ReferenceData;
import io.tradingcore.messages.InputMessages;
import io.tradingcore.pipeline.ClientKeys;
import org.agrona.CloseHelper;
import org.agrona.ExpandableArrayBuffer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Three cluster members in this JVM, on loopback ports from a random base (so that runs do not clash), their folders
 * {@code node-N} under one folder with the clients file {@code ingress-clients} beside them, and clients for them. The
 * cluster tests of every module use it (core-engine's test jar).
 */
public final class TestCluster implements AutoCloseable
{
    public static final int MEMBERS = 3;
    static final long FIRST_TICK_MSC = 1_399_525_217_000L;
    private static final Pattern STARTED = Pattern.compile("clustered engine started at input (\\d+)");

    private final Path dir;
    private final int basePort = 21_000 + ThreadLocalRandom.current().nextInt(1_300) * 30;
    private final ClusterNode[] members = new ClusterNode[MEMBERS];
    private final List<ClusterClient> clients = new ArrayList<>();
    private final long snapshotEveryInputs;
    /** The input each member's engine last started at, from its log line. */
    private final AtomicLongArray startedAt = new AtomicLongArray(MEMBERS);

    /** No member runs yet: {@link #launch} each. */
    public TestCluster(final Path dir, final long snapshotEveryInputs)
    {
        this.dir = dir;
        this.snapshotEveryInputs = snapshotEveryInputs;
    }

    /** The three members running, snapshots at the members' default. */
    public static TestCluster started(final Path dir)
    {
        final TestCluster cluster = new TestCluster(dir, ClusterNode.Context.SNAPSHOT_INPUTS_DEFAULT);
        try
        {
            for (int id = 0; id < MEMBERS; id++)
            {
                cluster.launch(id);
            }
        }
        catch (final RuntimeException ex)
        {
            cluster.close();
            throw ex;
        }
        return cluster;
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
        return dir.resolve("ingress-clients");
    }

    public Path memberDir(final int id)
    {
        return dir.resolve("node-" + id);
    }

    public Path statusFile(final int id)
    {
        return memberDir(id).resolve("status");
    }

    /** Whether member {@code id} runs (was launched and not stopped since). */
    public boolean running(final int id)
    {
        return null != members[id];
    }

    /** The running member whose status says it has {@code role}, or -1. */
    public int withRole(final String role, final int not)
    {
        for (int id = 0; id < MEMBERS; id++)
        {
            final NodeStatus.Line status = NodeStatus.read(statusFile(id));
            if (id != not && null != members[id] && null != status && role.equals(status.role()))
            {
                return id;
            }
        }
        return -1;
    }

    /** The member whose status says it leads, or -1. */
    public int leader()
    {
        return withRole("leader", -1);
    }

    /** Waits for a leader other than {@code not} (-1: any). */
    public int awaitLeader(final int not, final Duration timeout)
    {
        final int[] leader = {-1};
        await("a leader other than " + not, timeout, () -> (leader[0] = withRole("leader", not)) >= 0);
        return leader[0];
    }

    public long startedAt(final int id)
    {
        return startedAt.get(id);
    }

    /** A running member other than the leader. */
    public int follower()
    {
        final int follower = withRole("follower", -1);
        if (follower < 0)
        {
            throw new AssertionError("no follower is running");
        }
        return follower;
    }

    public ClusterNode launch(final int id)
    {
        startedAt.set(id, -1);
        members[id] = ClusterNode.launch(new ClusterNode.Context()
            .memberId(id)
            .basePort(basePort)
            .directory(memberDir(id))
            .clientsFile(clientsFile())
            .snapshotEveryInputs(snapshotEveryInputs)
            .logTermLength(4 * 1024 * 1024)
            .log(line ->
            {
                final Matcher started = STARTED.matcher(line);
                if (started.find())
                {
                    startedAt.set(id, Long.parseLong(started.group(1)));
                }
                System.out.println("member " + id + ": " + line);
            }));
        await("member " + id + "'s engine started", Duration.ofSeconds(60), () -> startedAt.get(id) >= 0);
        return members[id];
    }

    /** Stops a member, as a crash of its process would, as far as the others can tell. */
    public void stop(final int id)
    {
        CloseHelper.close(members[id]);
        members[id] = null;
    }

    /** A client of the cluster, its key issued on first use; closed with the cluster. */
    public ClusterClient client(final String name, final long clientSessionId)
    {
        final byte[] key = ClientKeys.loadOrIssue(clientsFile(), name, dir.resolve(name + ".key"));
        final ClusterClient client = ClusterClient.launch(new ClusterClient.Context()
            .ingressEndpoints(layout().ingressEndpoints())
            .clientName(name)
            .key(key)
            .clientSessionId(clientSessionId));
        clients.add(client);
        return client;
    }

    /** Sends the reference data on session 1 and waits until it is applied. */
    public void sendReferenceData(final ReferenceData referenceData)
    {
        final ClusterClient client = client("reference", 1);
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
        for (final byte[] input : referenceData.inputs())
        {
            buffer.putBytes(0, input);
            client.offer(buffer, 0, input.length);
        }
        awaitAcknowledged(client, Duration.ofSeconds(60));
    }

    /** Offers {@code count} ticks of a seeded walk from tick {@code from}, polling while the client is full. */
    public static void sendTicks(final ClusterClient client, final int from, final int count)
    {
        final InputMessages messages = new InputMessages();
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(128);
        final SplittableRandom random = new SplittableRandom(from);
        long mid = 139_148;
        for (int i = from; i < from + count; i++)
        {
            mid += random.nextInt(9) - 4;
            final int length = messages.marketTick(buffer, 0, 1, FIRST_TICK_MSC + i, mid - 1, mid + 1, 0, 0, 6);
            while (client.offer(buffer, 0, length) == ClusterClient.FULL)
            {
                client.poll();
            }
            client.poll();
        }
    }

    public static void awaitAcknowledged(final ClusterClient client, final Duration timeout)
    {
        await("client " + client.clientSessionId() + " acknowledged up to " + client.lastSequence(), timeout, () ->
        {
            client.poll();
            return client.acknowledgedSequence() == client.lastSequence();
        });
    }

    /** Waits until every running member's status shows the same last input, at least {@code sequence}. */
    public List<NodeStatus.Line> awaitSameState(final long sequence, final Duration timeout)
    {
        final List<NodeStatus.Line> lines = new ArrayList<>();
        await("members at the same input, at least " + sequence, timeout, () ->
        {
            clients.forEach(ClusterClient::poll);
            lines.clear();
            int leaders = 0;
            for (final ClusterNode member : members)
            {
                if (null != member)
                {
                    final Cluster.Role role = member.role();
                    assertNotNull(role, "a member's consensus module stopped by itself");
                    leaders += role == Cluster.Role.LEADER ? 1 : 0;
                }
            }
            if (leaders != 1)
            {
                return false;
            }
            for (int id = 0; id < members.length; id++)
            {
                if (null != members[id])
                {
                    lines.add(NodeStatus.read(statusFile(id)));
                }
            }
            return lines.stream().allMatch(line -> null != line && line.sequence() >= sequence &&
                line.sequence() == lines.get(0).sequence() && line.stateHash().equals(lines.get(0).stateHash()));
        });
        return lines;
    }

    public static void await(final String what, final Duration timeout, final BooleanSupplier condition)
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                fail("timed out waiting for " + what);
            }
            try
            {
                Thread.sleep(1);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                fail("interrupted waiting for " + what);
            }
        }
    }

    /** The status of each running member, once all show the same input (and not 0); null until then. */
    public List<NodeStatus.Line> settledStatuses()
    {
        final List<NodeStatus.Line> lines = new ArrayList<>();
        for (int id = 0; id < MEMBERS; id++)
        {
            if (null == members[id])
            {
                continue;
            }
            final NodeStatus.Line line = NodeStatus.read(statusFile(id));
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
        clients.forEach(CloseHelper::quietClose);
        for (int id = 0; id < members.length; id++)
        {
            CloseHelper.quietClose(members[id]);
        }
    }
}
