package io.tradingcore.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * Named, persisted read positions: the last journal sequence each consumer (a projection, an exporter) has
 * finished with, so it resumes there after a restart with {@link JournalReader#resumeAfter(long)}.
 * <p>
 * One small file per consumer, {@code <name>.position}: magic, version, sequence and a CRC32C. A store writes a temp
 * file, forces it to disk, renames it over the old one atomically and forces the directory, so a crash at any point
 * leaves either the old or the new value, never a torn one. That costs a disk round trip or two: store once per
 * batch, not per entry. Consumers that write into a database should rather keep their position in the same
 * transaction as their data.
 * <p>
 * Thread-safe for different consumer names; one writer per name.
 */
public final class ReadPositions implements AutoCloseable
{
    static final String SUFFIX = ".position";
    static final String TEMP_SUFFIX = ".tmp";

    private static final int MAGIC = 0x50524354; // "TCRP" little-endian
    private static final int VERSION = 1;
    private static final int RECORD_LENGTH = 24;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    private final Path directory;
    private volatile boolean closed;

    private ReadPositions(final Path directory)
    {
        this.directory = directory;
    }

    /**
     * Open (creating if needed) the positions kept in a directory; temp files left by a process that died mid-store
     * are removed.
     */
    public static ReadPositions open(final Path directory)
    {
        try
        {
            Files.createDirectories(directory);
            try (Stream<Path> files = Files.list(directory))
            {
                for (final Path file : (Iterable<Path>)files::iterator)
                {
                    if (isAbandonedTemp(file.getFileName().toString()))
                    {
                        Files.deleteIfExists(file);
                    }
                }
            }
            return new ReadPositions(directory.toAbsolutePath().normalize());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot open read positions in " + directory, ex);
        }
    }

    /**
     * A temp file is abandoned when the process named in it is gone; a live one may be mid-store.
     */
    private static boolean isAbandonedTemp(final String name)
    {
        final int marker = name.indexOf(SUFFIX + TEMP_SUFFIX + "-");
        if (marker < 0)
        {
            return false;
        }
        final String[] parts = name.substring(marker + SUFFIX.length() + TEMP_SUFFIX.length() + 1).split("-");
        try
        {
            return ProcessHandle.of(Long.parseLong(parts[0])).map((process) -> !process.isAlive()).orElse(true);
        }
        catch (final NumberFormatException ex)
        {
            return true;
        }
    }

    /**
     * @return the last sequence stored for the consumer, 0 if it never stored one.
     * @throws IllegalStateException if the stored file is damaged (disk corruption; a crash cannot cause it).
     */
    public long get(final String consumerName)
    {
        checkOpen();
        final Path file = fileOf(consumerName);
        final byte[] bytes;
        try
        {
            bytes = Files.readAllBytes(file);
        }
        catch (final NoSuchFileException ex)
        {
            return 0;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read position of " + consumerName, ex);
        }

        final ByteBuffer record = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length != RECORD_LENGTH || record.getInt(0) != MAGIC || record.getInt(4) != VERSION ||
            record.getInt(16) != checksum(bytes))
        {
            throw new IllegalStateException("read position file " + file + " is damaged");
        }
        return record.getLong(8);
    }

    /**
     * Store durably and atomically: when this returns the value survives a crash or power loss; if the process dies
     * during the call, {@link #get} later returns either the old value or this one.
     */
    public void store(final String consumerName, final long sequence)
    {
        checkOpen();
        if (sequence < 0)
        {
            throw new IllegalArgumentException("sequence must not be negative: " + sequence);
        }
        final Path file = fileOf(consumerName);
        final Path temp = directory.resolve(file.getFileName() + TEMP_SUFFIX + "-" + ProcessHandle.current().pid() +
            "-" + Thread.currentThread().getId());

        final byte[] bytes = new byte[RECORD_LENGTH];
        final ByteBuffer record = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        record.putInt(0, MAGIC).putInt(4, VERSION).putLong(8, sequence);
        record.putInt(16, checksum(bytes));

        try
        {
            try (FileChannel channel = FileChannel.open(temp,
                StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE))
            {
                while (record.hasRemaining())
                {
                    channel.write(record);
                }
                channel.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            forceDirectory(directory);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot store position of " + consumerName, ex);
        }
    }

    public Path directory()
    {
        return directory;
    }

    public void close()
    {
        closed = true;
    }

    private Path fileOf(final String consumerName)
    {
        if (null == consumerName || !NAME.matcher(consumerName).matches())
        {
            throw new IllegalArgumentException("consumer name must be 1-128 of [A-Za-z0-9._-]: " + consumerName);
        }
        return directory.resolve(consumerName + SUFFIX);
    }

    private void checkOpen()
    {
        if (closed)
        {
            throw new IllegalStateException("read positions in " + directory + " are closed");
        }
    }

    private static int checksum(final byte[] record)
    {
        final CRC32C crc = new CRC32C();
        crc.update(record, 0, 16);
        return (int)crc.getValue();
    }

    /**
     * A rename is only durable once the directory entry is on disk too.
     */
    static void forceDirectory(final Path directory) throws IOException
    {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ))
        {
            channel.force(true);
        }
    }
}
