package io.tradingcore.projections;

import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;
import org.agrona.concurrent.status.CountersReader;

import java.io.File;
import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A projection's state, progress and lag, published for other processes in a memory-mapped counters file of its own,
 * {@code DATA/projections/NAME/counters.dat}: the layout of the counters in Aeron's CnC file (Agrona's
 * {@link CountersManager}), read with a {@link CountersReader} as AeronStat reads the driver's. A file of its own, not
 * the core's driver, because a projection runs and reports while the core is down (it catches up from the journal),
 * and the core's driver goes away with the core. Writes are single-writer ordered stores; readers never lock.
 */
public final class ProjectionStatus implements AutoCloseable
{
    /** The counters, in file order; each label is the projection's name and this. */
    public enum Counter
    {
        STATE("state"),
        LAST_INPUT("last input applied"),
        LAST_OUTPUT_INPUT("last output applied (input sequence)"),
        LAG_INPUTS("lag (inputs)"),
        EVENTS_APPLIED("events applied since start"),
        PARKED("events parked"),
        HEARTBEAT_MS("heartbeat (epoch ms)"),
        PID("pid");

        private final String label;

        Counter(final String label)
        {
            this.label = label;
        }

        public String label()
        {
            return label;
        }
    }

    /** Aeron's counter type ids below 1000 are Aeron's own; these follow them. */
    public static final int TYPE_ID_BASE = 7100;
    static final String FILE_NAME = "counters.dat";
    private static final int CAPACITY = 16;
    private static final int VALUES_LENGTH = CAPACITY * CountersReader.COUNTER_LENGTH;
    private static final int METADATA_LENGTH = CAPACITY * CountersReader.METADATA_LENGTH;

    private final MappedByteBuffer mapped;
    private final AtomicCounter[] counters = new AtomicCounter[Counter.values().length];

    private ProjectionStatus(final MappedByteBuffer mapped, final String name)
    {
        this.mapped = mapped;
        final CountersManager manager = new CountersManager(
            new UnsafeBuffer(mapped, VALUES_LENGTH, METADATA_LENGTH), new UnsafeBuffer(mapped, 0, VALUES_LENGTH));
        for (final Counter counter : Counter.values())
        {
            counters[counter.ordinal()] =
                manager.newCounter(name + " " + counter.label(), TYPE_ID_BASE + counter.ordinal());
        }
        set(Counter.PID, ProcessHandle.current().pid());
    }

    /** Creates (or recreates) the projection's counters file in {@code directory}. */
    public static ProjectionStatus create(final Path directory, final String name)
    {
        try
        {
            Files.createDirectories(directory);
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot create " + directory + ": " + ex.getMessage(), ex);
        }
        final File file = directory.resolve(FILE_NAME).toFile();
        IoUtil.delete(file, true);
        return new ProjectionStatus(IoUtil.mapNewFile(file, VALUES_LENGTH + METADATA_LENGTH), name);
    }

    public void set(final Counter counter, final long value)
    {
        counters[counter.ordinal()].setRelease(value);
    }

    public void state(final ProjectionState state)
    {
        set(Counter.STATE, state.ordinal());
    }

    /**
     * Reads a projection's counters file.
     *
     * @return the counters' values in file order, or an empty map when there is no file.
     */
    public static Map<Counter, Long> read(final Path directory)
    {
        final File file = directory.resolve(FILE_NAME).toFile();
        final Map<Counter, Long> values = new LinkedHashMap<>();
        if (!file.isFile() || file.length() < VALUES_LENGTH + METADATA_LENGTH)
        {
            return values;
        }
        final MappedByteBuffer mapped = IoUtil.mapExistingFile(file, "projection counters");
        try
        {
            final CountersReader reader = new CountersReader(
                new UnsafeBuffer(mapped, VALUES_LENGTH, METADATA_LENGTH), new UnsafeBuffer(mapped, 0, VALUES_LENGTH));
            reader.forEach((counterId, typeId, keyBuffer, label) ->
            {
                final int ordinal = typeId - TYPE_ID_BASE;
                if (ordinal >= 0 && ordinal < Counter.values().length)
                {
                    values.put(Counter.values()[ordinal], reader.getCounterValue(counterId));
                }
            });
        }
        finally
        {
            IoUtil.unmap(mapped);
        }
        return values;
    }

    /** The projection is ending, whatever way: readers see it stopped at once, not when its heartbeat goes stale. */
    @Override
    public void close()
    {
        state(ProjectionState.STOPPED);
        set(Counter.HEARTBEAT_MS, System.currentTimeMillis());
        IoUtil.unmap(mapped);
    }
}
