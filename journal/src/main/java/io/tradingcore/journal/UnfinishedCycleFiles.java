package io.tradingcore.journal;

import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.Wires;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Cycle files whose first header was never written: their writer died between creating the file and writing
 * Chronicle's metadata into it, which comes before any entry, so they hold nothing.
 * <p>
 * Chronicle waits its timeout (10 s) for such a header every time it looks at the cycle, three times on opening a
 * journal, and only then moves the file aside itself; a core restarted within those 30 s never got going (the
 * core's SIGKILL test ran into it). The appending journal, whose {@link WriterLock} proves the writer is dead, sets
 * such files aside before Chronicle opens the queue; a read-only journal only reports them.
 */
final class UnfinishedCycleFiles
{
    private static final String SET_ASIDE_SUFFIX = ".unfinished";

    private UnfinishedCycleFiles()
    {
    }

    /** Renames each unfinished cycle file to NAME.unfinished; answers what was done, in words. */
    static List<String> setAside(final Path directory)
    {
        final List<String> done = new ArrayList<>();
        for (final Path file : find(directory))
        {
            Path target = file.resolveSibling(file.getFileName() + SET_ASIDE_SUFFIX);
            for (int copy = 2; Files.exists(target); copy++)
            {
                target = file.resolveSibling(file.getFileName() + SET_ASIDE_SUFFIX + "-" + copy);
            }
            try
            {
                Files.move(file, target);
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot set aside the unfinished cycle file " + file, ex);
            }
            done.add("journal " + directory + ": the previous writer died while creating cycle file " +
                file.getFileName() + ", before any entry went into it; it was set aside as " + target.getFileName());
        }
        return done;
    }

    /** What a read-only journal finds, in words: it must not change the directory. */
    static List<String> describe(final Path directory)
    {
        final List<String> found = new ArrayList<>();
        for (final Path file : find(directory))
        {
            found.add("journal " + directory + ": cycle file " + file.getFileName() + " is unfinished (its writer " +
                "died creating it, or is creating it now) and holds no entries; the next open for appending sets " +
                "it aside");
        }
        return found;
    }

    private static List<Path> find(final Path directory)
    {
        if (!Files.isDirectory(directory))
        {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory))
        {
            final List<Path> unfinished = new ArrayList<>();
            for (final Path file : (Iterable<Path>)files.sorted()::iterator)
            {
                if (file.getFileName().toString().endsWith(SingleChronicleQueue.SUFFIX) && !hasFirstHeader(file))
                {
                    unfinished.add(file);
                }
            }
            return unfinished;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot list journal " + directory, ex);
        }
    }

    private static boolean hasFirstHeader(final Path file) throws IOException
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
        {
            final ByteBuffer header = ByteBuffer.allocate(Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            while (header.hasRemaining() && channel.read(header) > 0)
            {
                // a short file stops the loop
            }
            if (header.hasRemaining())
            {
                return false;
            }
            final int word = header.getInt(0);
            return word != 0 && !Wires.isNotComplete(word);
        }
    }
}
