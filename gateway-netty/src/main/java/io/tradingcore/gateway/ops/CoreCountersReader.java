package io.tradingcore.gateway.ops;

import io.aeron.CncFileDescriptor;
import io.tradingcore.pipeline.CoreCounters;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersReader;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Reads the core's counters ({@link CoreCounters}) from the CnC file of the core's Aeron media driver, read-only, as
 * AeronStat reads a driver's: another process on the same host, no Aeron client, nothing the core has to answer. The
 * core may be down: no CnC file, a file whose driver has gone (its counters stop moving, so the heartbeat goes stale)
 * or a new file after a restart (it remaps when the file is another one). Thread safe; each {@link #read()} walks the
 * counters' metadata once.
 */
public final class CoreCountersReader implements AutoCloseable
{
    /** What the core's counters said at one moment. */
    public record Snapshot(
        boolean cncPresent, String detail, Map<Integer, Long> values, NavigableMap<Integer, Long> tickToOrderBuckets)
    {
        /** The value of the first counter of the type, or empty when the core has none. */
        public OptionalLong value(final int typeId)
        {
            final Long value = values.get(typeId);
            return value == null ? OptionalLong.empty() : OptionalLong.of(value);
        }
    }

    private final Path cncFile;
    private MappedByteBuffer mapped;
    private CountersReader counters;
    private Object mappedFileKey;

    /** @param aeronDirectory the core's Aeron directory, {@code DATA/aeron} by default. */
    public CoreCountersReader(final Path aeronDirectory)
    {
        this.cncFile = aeronDirectory.resolve(CncFileDescriptor.CNC_FILE);
    }

    /** The CnC file read. */
    public Path cncFile()
    {
        return cncFile;
    }

    /** The counters now; a snapshot without values (and saying why in {@code detail}) when the core is not there. */
    public synchronized Snapshot read()
    {
        final String problem = map();
        if (problem != null)
        {
            return new Snapshot(false, problem, Map.of(), Collections.emptyNavigableMap());
        }
        final Map<Integer, Long> values = new HashMap<>();
        final NavigableMap<Integer, Long> buckets = new TreeMap<>();
        final CountersReader reader = counters;
        reader.forEach((counterId, typeId, keyBuffer, label) ->
        {
            if (typeId == CoreCounters.TICK_TO_ORDER_BUCKET_TYPE_ID)
            {
                buckets.put(keyBuffer.getInt(0, ByteOrder.LITTLE_ENDIAN), reader.getCounterValue(counterId));
            }
            else
            {
                values.putIfAbsent(typeId, reader.getCounterValue(counterId));
            }
        });
        return new Snapshot(true, null, Map.copyOf(values), Collections.unmodifiableNavigableMap(buckets));
    }

    /** Maps the CnC file when it is there and not mapped yet or replaced; answers why not when it cannot. */
    private String map()
    {
        final Object fileKey;
        try
        {
            fileKey = Files.readAttributes(cncFile, BasicFileAttributes.class).fileKey();
        }
        catch (final NoSuchFileException ex)
        {
            unmap();
            return "no Aeron CnC file at " + cncFile + " (the core is not running)";
        }
        catch (final IOException ex)
        {
            unmap();
            return "cannot read " + cncFile + ": " + ex.getMessage();
        }
        // The file key (device and inode) tells a driver's new file from the old one the mapping still holds; a
        // file system without keys gets a fresh mapping every read.
        if (mapped != null && fileKey != null && fileKey.equals(mappedFileKey))
        {
            return null;
        }
        unmap();
        final MappedByteBuffer buffer;
        try
        {
            buffer = IoUtil.mapExistingFile(cncFile.toFile(), FileChannel.MapMode.READ_ONLY, "cnc");
        }
        catch (final RuntimeException ex)
        {
            return "cannot map " + cncFile + ": " + ex.getMessage();
        }
        try
        {
            final UnsafeBuffer metaData = CncFileDescriptor.createMetaDataBuffer(buffer);
            final int version = metaData.getIntVolatile(CncFileDescriptor.cncVersionOffset(0));
            if (version == 0)
            {
                IoUtil.unmap(buffer);
                return "the core's Aeron driver is starting";
            }
            CncFileDescriptor.checkVersion(version);
            counters = new CountersReader(
                CncFileDescriptor.createCountersMetaDataBuffer(buffer, metaData),
                CncFileDescriptor.createCountersValuesBuffer(buffer, metaData), StandardCharsets.US_ASCII);
            mapped = buffer;
            mappedFileKey = fileKey;
            return null;
        }
        catch (final RuntimeException ex)
        {
            // A file being created (shorter than its header) or of another Aeron version: not readable now.
            IoUtil.unmap(buffer);
            return "cannot read " + cncFile + ": " + ex.getMessage();
        }
    }

    private void unmap()
    {
        if (mapped != null)
        {
            IoUtil.unmap(mapped);
            mapped = null;
            counters = null;
            mappedFileKey = null;
        }
    }

    @Override
    public synchronized void close()
    {
        unmap();
    }
}
