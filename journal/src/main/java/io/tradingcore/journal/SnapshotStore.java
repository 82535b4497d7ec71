package io.tradingcore.journal;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * Snapshots: opaque byte blobs, each tagged with the journal sequence it covers, one file each.
 * <pre>
 *  snapshot-&lt;sequence, 20 digits&gt;.snapshot
 *    0  int   magic "TCSS"        16 long  payload length
 *    4  short version (1)         24 int   payload CRC32C
 *    6  short header length (40)  28 int   reserved (0)
 *    8  long  sequence            32 int   header CRC32C of bytes 0..31
 *                                 36 int   reserved (0)
 *   40  payload
 * </pre>
 * A write goes to a temp file that is forced to disk and then renamed into place atomically, and the directory is
 * forced: a crash leaves the previous snapshots and at most a temp file, which the next open removes. Loading
 * verifies both checksums, the length and the sequence in the name; a snapshot that fails is reported to the
 * {@link DamageListener} and the next older one is tried. After each write only the newest
 * {@link Context#retain(int)} files are kept.
 * <p>
 * Not thread-safe: one writer (the engine's snapshotting thread); loads happen at start-up.
 */
public final class SnapshotStore
{
    static final String PREFIX = "snapshot-";
    static final String SUFFIX = ".snapshot";
    static final String TEMP_SUFFIX = ".tmp";

    private static final Pattern NAME = Pattern.compile("snapshot-(\\d{20})\\.snapshot");
    private static final int MAGIC = 0x53534354; // "TCSS" little-endian
    private static final short VERSION = 1;
    private static final int HEADER_LENGTH = 40;
    private static final int HEADER_CRC_OFFSET = 32;
    private static final int CHUNK = 64 * 1024;

    private final Path directory;
    private final int retain;
    private final DamageListener damageListener;
    private final byte[] chunk = new byte[CHUNK];
    private final CRC32C crc = new CRC32C();

    private SnapshotStore(final Context ctx)
    {
        this.directory = ctx.directory();
        this.retain = ctx.retain();
        this.damageListener = ctx.damageListener();
    }

    /**
     * Open with defaults: retention from {@code tradingcore.snapshot.retain} (3), damage reported to stderr.
     */
    public static SnapshotStore open(final Path directory)
    {
        return open(new Context().directory(directory));
    }

    /**
     * Open (creating the directory if needed); a temp file left by an interrupted write is removed and reported.
     */
    public static SnapshotStore open(final Context ctx)
    {
        ctx.conclude();
        final SnapshotStore store = new SnapshotStore(ctx);
        store.removeInterruptedWrites();
        return store;
    }

    /**
     * Write a snapshot atomically and durably, then apply retention.
     *
     * @param sequence of the last journal entry whose effect the snapshot includes.
     */
    public void write(final long sequence, final DirectBuffer buffer, final int offset, final int length)
    {
        if (sequence < 0)
        {
            throw new IllegalArgumentException("sequence must not be negative: " + sequence);
        }
        final Path file = directory.resolve(fileName(sequence));
        final Path temp = directory.resolve(fileName(sequence) + TEMP_SUFFIX);
        try
        {
            try (FileChannel channel = FileChannel.open(temp,
                StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE))
            {
                crc.reset();
                long position = HEADER_LENGTH;
                for (int done = 0; done < length; )
                {
                    final int n = Math.min(CHUNK, length - done);
                    buffer.getBytes(offset + done, chunk, 0, n);
                    crc.update(chunk, 0, n);
                    position += writeFully(channel, ByteBuffer.wrap(chunk, 0, n), position);
                    done += n;
                }
                writeFully(channel, header(sequence, length, (int)crc.getValue()), 0);
                channel.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            ReadPositions.forceDirectory(directory);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write snapshot " + file, ex);
        }
        applyRetention(sequence);
    }

    /**
     * @return the snapshot files present, sorted by sequence ascending (not verified).
     */
    public List<SnapshotInfo> list()
    {
        final List<SnapshotInfo> snapshots = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory))
        {
            for (final Path path : (Iterable<Path>)files::iterator)
            {
                final Matcher matcher = NAME.matcher(path.getFileName().toString());
                if (matcher.matches())
                {
                    snapshots.add(new SnapshotInfo(Long.parseLong(matcher.group(1)), path, Files.size(path)));
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot list snapshots in " + directory, ex);
        }
        snapshots.sort(Comparator.comparingLong(SnapshotInfo::sequence));
        return snapshots;
    }

    /**
     * @return the newest snapshot that verifies; damaged newer ones are reported and skipped.
     */
    public Optional<Snapshot> loadLatest()
    {
        return loadAtOrBefore(Long.MAX_VALUE);
    }

    /**
     * @return the newest snapshot with a sequence not after {@code sequence} that verifies; damaged ones are
     * reported and skipped.
     */
    public Optional<Snapshot> loadAtOrBefore(final long sequence)
    {
        final List<SnapshotInfo> snapshots = list();
        for (int i = snapshots.size() - 1; i >= 0; i--)
        {
            final SnapshotInfo info = snapshots.get(i);
            if (info.sequence() <= sequence)
            {
                final Snapshot snapshot = load(info);
                if (null != snapshot)
                {
                    return Optional.of(snapshot);
                }
            }
        }
        return Optional.empty();
    }

    public Path directory()
    {
        return directory;
    }

    private Snapshot load(final SnapshotInfo info)
    {
        try (FileChannel channel = FileChannel.open(info.path(), StandardOpenOption.READ))
        {
            final long size = channel.size();
            if (size < HEADER_LENGTH)
            {
                return damaged(info, "shorter than its header (" + size + " bytes)");
            }
            final ByteBuffer header = ByteBuffer.allocate(HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
            readFully(channel, header, 0);
            crc.reset();
            crc.update(header.array(), 0, HEADER_CRC_OFFSET);
            if (header.getInt(0) != MAGIC || header.getShort(4) != VERSION || header.getShort(6) != HEADER_LENGTH)
            {
                return damaged(info, "not a snapshot header (bad magic, version or header length)");
            }
            if (header.getInt(HEADER_CRC_OFFSET) != (int)crc.getValue())
            {
                return damaged(info, "header CRC32C mismatch");
            }
            if (header.getLong(8) != info.sequence())
            {
                return damaged(info,
                    "header says sequence " + header.getLong(8) + ", file name says " + info.sequence());
            }
            final long length = header.getLong(16);
            if (length != size - HEADER_LENGTH || length > Integer.MAX_VALUE)
            {
                return damaged(info, "payload length " + length + " disagrees with the file size " + size);
            }
            final ByteBuffer payload = ByteBuffer.allocateDirect((int)length);
            readFully(channel, payload, HEADER_LENGTH);
            payload.flip();
            crc.reset();
            crc.update(payload);
            if (header.getInt(24) != (int)crc.getValue())
            {
                return damaged(info, "payload CRC32C mismatch");
            }
            payload.clear();
            return new Snapshot(info.sequence(), new UnsafeBuffer(payload));
        }
        catch (final IOException ex)
        {
            return damaged(info, "unreadable: " + ex);
        }
    }

    private Snapshot damaged(final SnapshotInfo info, final String reason)
    {
        damageListener.onDamage("snapshot " + info.path() + " (sequence " + info.sequence() + ") is damaged: " +
            reason + "; falling back to an older snapshot");
        return null;
    }

    private void applyRetention(final long justWritten)
    {
        final List<SnapshotInfo> snapshots = list();
        for (int i = 0; i < snapshots.size() - retain; i++)
        {
            final SnapshotInfo info = snapshots.get(i);
            if (info.sequence() != justWritten)
            {
                try
                {
                    Files.deleteIfExists(info.path());
                }
                catch (final IOException ex)
                {
                    throw new UncheckedIOException("cannot delete old snapshot " + info.path(), ex);
                }
            }
        }
    }

    private void removeInterruptedWrites()
    {
        try (Stream<Path> files = Files.list(directory))
        {
            for (final Path path : (Iterable<Path>)files::iterator)
            {
                final String name = path.getFileName().toString();
                if (name.startsWith(PREFIX) && name.endsWith(SUFFIX + TEMP_SUFFIX))
                {
                    Files.deleteIfExists(path);
                    damageListener.onDamage("snapshot store " + directory + ": removed " + name +
                        ", left by a snapshot write that did not finish");
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot open snapshot store " + directory, ex);
        }
    }

    private static ByteBuffer header(final long sequence, final int length, final int payloadCrc)
    {
        final ByteBuffer header = ByteBuffer.allocate(HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(0, MAGIC).putShort(4, VERSION).putShort(6, (short)HEADER_LENGTH).putLong(8, sequence)
            .putLong(16, length).putInt(24, payloadCrc).putInt(28, 0).putInt(36, 0);
        final CRC32C headerCrc = new CRC32C();
        headerCrc.update(header.array(), 0, HEADER_CRC_OFFSET);
        header.putInt(HEADER_CRC_OFFSET, (int)headerCrc.getValue());
        return header;
    }

    private static int writeFully(final FileChannel channel, final ByteBuffer buffer, final long position)
        throws IOException
    {
        final int length = buffer.remaining();
        long at = position;
        while (buffer.hasRemaining())
        {
            at += channel.write(buffer, at);
        }
        return length;
    }

    private static void readFully(final FileChannel channel, final ByteBuffer buffer, final long position)
        throws IOException
    {
        long at = position;
        while (buffer.hasRemaining())
        {
            final int n = channel.read(buffer, at);
            if (n < 0)
            {
                throw new IOException("unexpected end of file");
            }
            at += n;
        }
    }

    static String fileName(final long sequence)
    {
        return String.format("%s%020d%s", PREFIX, sequence, SUFFIX);
    }

    /**
     * Settings of a {@link SnapshotStore}, each also from a system property.
     */
    public static final class Context
    {
        /**
         * Directory of the snapshot files. No default: required.
         */
        public static final String DIRECTORY_PROP_NAME = "tradingcore.snapshot.dir";

        /**
         * How many of the newest snapshot files to keep after each write.
         */
        public static final String RETAIN_PROP_NAME = "tradingcore.snapshot.retain";
        public static final int RETAIN_DEFAULT = 3;

        private Path directory;
        private int retain = Integer.getInteger(RETAIN_PROP_NAME, RETAIN_DEFAULT);
        private DamageListener damageListener;
        private boolean concluded;

        public Context()
        {
            final String dir = System.getProperty(DIRECTORY_PROP_NAME);
            if (null != dir)
            {
                directory = Paths.get(dir);
            }
        }

        /**
         * Check the settings, fill in defaults and create the directory; safe to call more than once.
         */
        public Context conclude()
        {
            if (concluded)
            {
                return this;
            }
            if (null == directory)
            {
                throw new IllegalStateException("snapshot directory is required (or -D" + DIRECTORY_PROP_NAME + ")");
            }
            if (retain < 1)
            {
                throw new IllegalStateException("retain must be at least 1: " + retain);
            }
            if (null == damageListener)
            {
                damageListener = DamageListener.STDERR;
            }
            directory = directory.toAbsolutePath().normalize();
            try
            {
                Files.createDirectories(directory);
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot create snapshot directory " + directory, ex);
            }
            concluded = true;
            return this;
        }

        public Context directory(final Path directory)
        {
            this.directory = directory;
            return this;
        }

        public Path directory()
        {
            return directory;
        }

        public Context retain(final int retain)
        {
            this.retain = retain;
            return this;
        }

        public int retain()
        {
            return retain;
        }

        public Context damageListener(final DamageListener damageListener)
        {
            this.damageListener = damageListener;
            return this;
        }

        public DamageListener damageListener()
        {
            return damageListener;
        }
    }
}
