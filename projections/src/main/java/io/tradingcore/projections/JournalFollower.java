package io.tradingcore.projections;

import io.tradingcore.journal.Journal;
import io.tradingcore.journal.JournalReader;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A journal opened read-only beside the core that writes it, opened once it exists: a projection may start before the
 * core has written anything, and waits rather than fails.
 */
final class JournalFollower implements AutoCloseable
{
    private final Path directory;
    private Journal journal;
    private JournalReader reader;

    JournalFollower(final Path directory)
    {
        this.directory = directory;
    }

    /** The reader, opening the journal first if it exists by now; null while it does not. */
    JournalReader reader()
    {
        if (reader == null && Files.isDirectory(directory))
        {
            journal = Journal.open(new Journal.Context().directory(directory).readOnly(true).prefetch(false));
            reader = journal.reader();
        }
        return reader;
    }

    /** The sequence of the journal's last entry, 0 when it is empty or absent. */
    long lastSequence()
    {
        return reader() == null ? 0 : journal.lastSequence();
    }

    Path directory()
    {
        return directory;
    }

    @Override
    public void close()
    {
        if (reader != null)
        {
            reader.close();
            journal.close();
            reader = null;
            journal = null;
        }
    }
}
