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

/** Three cluster members in this JVM, on a port block of their own, and clients for them. */
final class ClusterTestMembers implements AutoCloseable
{
    static final long FIRST_TICK_MSC = 1_399_525_217_000L;
    private static final Pattern STARTED = Pattern.compile("clustered engine started at input (\\d+)");

    final Path dir;
    final int basePort = 21_000 + ThreadLocalRandom.current().nextInt(300) * 30;
    final ClusterNode[] members = new ClusterNode[3];
    final List<ClusterClient> clients = new ArrayList<>();
    private final long snapshotEveryInputs;

    ClusterTestMembers(final Path dir, final long snapshotEveryInputs)
    {
        this.dir = dir;
        this.snapshotEveryInputs = snapshotEveryInputs;
    }

    Path memberDir(final int id)
    {
        return dir.resolve("node-" + id);
    }

    /** The input each member's engine last started at, from its log line. */
    private final AtomicLongArray startedAt = new AtomicLongArray(3);

    long startedAt(final int id)
    {
        return startedAt.get(id);
    }

    /** A running member other than the leader. */
    int follower()
    {
        for (int id = 0; id < members.length; id++)
        {
            final NodeStatus.Line status = NodeStatus.read(memberDir(id).resolve("status"));
            if (null != members[id] && null != status && "follower".equals(status.role()))
            {
                return id;
            }
        }
        throw new AssertionError("no follower is running");
    }

    ClusterNode launch(final int id)
    {
        startedAt.set(id, -1);
        members[id] = ClusterNode.launch(new ClusterNode.Context()
            .memberId(id)
            .basePort(basePort)
            .directory(memberDir(id))
            .clientsFile(dir.resolve("ingress-clients"))
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

    void stop(final int id)
    {
        CloseHelper.close(members[id]);
        members[id] = null;
    }

    ClusterClient client(final String name, final long clientSessionId)
    {
        final byte[] key = ClientKeys.loadOrIssue(dir.resolve("ingress-clients"), name, dir.resolve(name + ".key"));
        final ClusterClient client = ClusterClient.launch(new ClusterClient.Context()
            .ingressEndpoints(ClusterLayout.parse(ClusterNode.Context.HOSTS_DEFAULT, basePort).ingressEndpoints())
            .clientName(name)
            .key(key)
            .clientSessionId(clientSessionId));
        clients.add(client);
        return client;
    }

    /** Sends the reference data on session 1 and waits until it is applied. */
    void sendReferenceData(final ReferenceData referenceData)
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
    static void sendTicks(final ClusterClient client, final int from, final int count)
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

    static void awaitAcknowledged(final ClusterClient client, final Duration timeout)
    {
        await("client " + client.clientSessionId() + " acknowledged up to " + client.lastSequence(), timeout, () ->
        {
            client.poll();
            return client.acknowledgedSequence() == client.lastSequence();
        });
    }

    /** Waits until every running member's status shows the same last input, at least {@code sequence}. */
    List<NodeStatus.Line> awaitSameState(final long sequence, final Duration timeout)
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
                    lines.add(NodeStatus.read(memberDir(id).resolve("status")));
                }
            }
            return lines.stream().allMatch(line -> null != line && line.sequence() >= sequence &&
                line.sequence() == lines.get(0).sequence() && line.stateHash().equals(lines.get(0).stateHash()));
        });
        return lines;
    }

    static void await(final String what, final Duration timeout, final BooleanSupplier condition)
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
