package io.tradingcore.cluster;

import io.aeron.cluster.service.Cluster;
import io.tradingcore.engine.Engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A cluster member's state as its service last saw it, in a small file beside its data: role, log position, last
 * input and state hash. The service writes it on every role change and, while the log is quiet, at most every
 * {@link #INTERVAL_NS}; hashing the state costs too much to do on every input. {@code scripts/cluster status} reads it
 * with the consensus module's live counters.
 */
public final class NodeStatus
{
    static final long INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(200);

    /** The file's contents; {@code role} is null once the service terminated. */
    public record Line(String role, long logPosition, long sequence, String stateHash)
    {
    }

    private final Path file;
    private long writtenSequence = -1;
    private long writtenLogPosition = -1;
    private long nextNs;

    public NodeStatus(final Path file)
    {
        this.file = file;
    }

    /** Writes the status now. */
    void update(final Cluster.Role role, final long logPosition, final Engine engine)
    {
        write(new Line(null == role ? "down" : role.name().toLowerCase(), logPosition,
            null == engine ? 0 : engine.lastSequence(), null == engine ? "" : engine.stateHash()));
        writtenSequence = null == engine ? 0 : engine.lastSequence();
        writtenLogPosition = logPosition;
    }

    /** Writes the status if it changed and the last write is old enough; returns 1 when it wrote. */
    int updateIfDue(final long nowNs, final Cluster.Role role, final long logPosition, final Engine engine)
    {
        if (nowNs - nextNs < 0 || null == engine ||
            (engine.lastSequence() == writtenSequence && logPosition == writtenLogPosition))
        {
            return 0;
        }
        nextNs = nowNs + INTERVAL_NS;
        update(role, logPosition, engine);
        return 1;
    }

    private void write(final Line line)
    {
        final String text = "role=" + line.role() + "\nlogPosition=" + line.logPosition() + "\nsequence=" +
            line.sequence() + "\nhash=" + line.stateHash() + "\n";
        try
        {
            final Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(temporary, text, StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write the member's status to " + file, ex);
        }
    }

    /** The status in {@code file}, or null when there is none yet. */
    public static Line read(final Path file)
    {
        final Map<String, String> fields = new HashMap<>();
        try
        {
            for (final String line : Files.readAllLines(file, StandardCharsets.UTF_8))
            {
                final int equals = line.indexOf('=');
                if (equals > 0)
                {
                    fields.put(line.substring(0, equals), line.substring(equals + 1));
                }
            }
        }
        catch (final NoSuchFileException ex)
        {
            return null;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read " + file, ex);
        }
        return new Line(fields.getOrDefault("role", "down"), Long.parseLong(fields.getOrDefault("logPosition", "0")),
            Long.parseLong(fields.getOrDefault("sequence", "0")), fields.getOrDefault("hash", ""));
    }
}
