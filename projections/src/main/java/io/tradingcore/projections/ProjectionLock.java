package io.tradingcore.projections;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One process per projection and data folder: two writers of the same sink would each be exactly-once and together
 * twice. An OS file lock, so that a killed process leaves no stale lock behind.
 */
final class ProjectionLock implements AutoCloseable
{
    private final FileChannel channel;
    private final FileLock lock;

    private ProjectionLock(final FileChannel channel, final FileLock lock)
    {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock of the projection whose folder is {@code directory}, or explains who holds it. */
    static ProjectionLock acquire(final Path directory, final String name)
    {
        try
        {
            Files.createDirectories(directory);
            final FileChannel channel = FileChannel.open(directory.resolve("lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            final FileLock lock = channel.tryLock();
            if (lock == null)
            {
                channel.close();
                throw new IllegalStateException("projection " + name + " of this data folder is running already " +
                    "(pid " + ProjectionStatus.read(directory).getOrDefault(ProjectionStatus.Counter.PID, -1L) +
                    "); stop it first");
            }
            return new ProjectionLock(channel, lock);
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot lock " + directory + ": " + ex.getMessage(), ex);
        }
    }

    @Override
    public void close()
    {
        try
        {
            lock.release();
            channel.close();
        }
        catch (final IOException ignored)
        {
            // The process is ending its use of the folder; the OS drops the lock with the channel in any case.
        }
    }
}
