package io.tradingcore.cluster;

import io.aeron.CncFileDescriptor;
import io.aeron.cluster.ClusterControl;
import io.aeron.cluster.ConsensusModule;
import io.aeron.cluster.service.Cluster;
import org.agrona.concurrent.status.CountersReader;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One line of {@code scripts/cluster status}: {@code node N ROLE logpos P commitpos C hash H}. The role and the commit
 * position come live from the consensus module's counters in the member's CnC file while its process runs; the log
 * position (how far the service has applied the log) and the state hash from the service's {@link NodeStatus}. A
 * member whose process is gone is {@code down}, shown with what it last wrote.
 */
public record MemberStatus(int memberId, String role, long logPosition, long commitPosition, long sequence,
    String stateHash)
{
    /** The file in the member's folder that holds its process id while it runs. */
    public static final String PID_FILE = "member.pid";

    public static MemberStatus read(final int memberId, final Path memberDir)
    {
        final NodeStatus.Line service = NodeStatus.read(memberDir.resolve("status"));
        final long logPosition = null == service ? 0 : service.logPosition();
        final long sequence = null == service ? 0 : service.sequence();
        final String hash = null == service || service.stateHash().isEmpty() ? "-" : service.stateHash();
        if (!isRunning(memberDir))
        {
            return new MemberStatus(memberId, "down", logPosition, -1, sequence, hash);
        }
        final File cnc = memberDir.resolve("driver").resolve(CncFileDescriptor.CNC_FILE).toFile();
        if (!cnc.exists())
        {
            return new MemberStatus(memberId, "starting", logPosition, -1, sequence, hash);
        }
        final CountersReader counters;
        try
        {
            counters = ClusterControl.mapCounters(cnc);
        }
        catch (final RuntimeException ex)
        {
            // The driver is still writing its CnC file.
            return new MemberStatus(memberId, "starting", logPosition, -1, sequence, hash);
        }
        final long[] found = {-1, -1};
        counters.forEach((counterId, typeId, keyBuffer, label) ->
        {
            if (typeId == ConsensusModule.Configuration.CLUSTER_NODE_ROLE_TYPE_ID)
            {
                found[0] = counters.getCounterValue(counterId);
            }
            else if (typeId == ConsensusModule.Configuration.COMMIT_POSITION_TYPE_ID)
            {
                found[1] = counters.getCounterValue(counterId);
            }
        });
        final Cluster.Role role = found[0] < 0 ? null : Cluster.Role.get(found[0]);
        return new MemberStatus(memberId, null == role ? "starting" : role.name().toLowerCase(), logPosition,
            found[1], sequence, hash);
    }

    /** True while the process whose id the member wrote is alive. */
    public static boolean isRunning(final Path memberDir)
    {
        return pid(memberDir).flatMap(ProcessHandle::of).map(ProcessHandle::isAlive).orElse(false);
    }

    public static Optional<Long> pid(final Path memberDir)
    {
        try
        {
            return Optional.of(Long.parseLong(Files.readString(memberDir.resolve(PID_FILE),
                StandardCharsets.US_ASCII).trim()));
        }
        catch (final NoSuchFileException | NumberFormatException ex)
        {
            return Optional.empty();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    @Override
    public String toString()
    {
        return "node " + memberId + " " + role + " logpos " + logPosition + " commitpos " +
            (commitPosition < 0 ? "-" : Long.toString(commitPosition)) + " hash " + stateHash;
    }
}
