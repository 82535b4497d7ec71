package io.tradingcore.bridge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;

/**
 * The terminals file the bridge's tokens come from, watched for changes: its modification time and size are
 * compared on each poll, so a poll of an unchanged file costs one {@code stat} and no read. A change is read once
 * the file has looked the same on two polls in a row: an editor writing the file in place would otherwise be caught
 * halfway, and half a file (or an empty one) would end the sessions of every token not yet written. Bridge thread
 * only once the bridge runs.
 */
final class TerminalsFile
{
    /** What tells one version of the file from another without reading it. */
    private record Version(FileTime modified, long size)
    {
    }

    private final Path path;
    private TerminalCredentials initial;
    private Version applied;
    private Version changing;
    private String seenProblem;
    private String saidProblem;

    private TerminalsFile(final Path path)
    {
        this.path = path;
    }

    /** Reads the file now: its credentials, and the version a later {@link #reloadIfChanged()} compares with. */
    static TerminalsFile open(final Path path)
    {
        final TerminalsFile file = new TerminalsFile(path);
        // The attributes first: a change made while the file is read is then seen by the next poll.
        file.applied = file.version();
        file.initial = TerminalCredentials.load(path);
        return file;
    }

    Path path()
    {
        return path;
    }

    /** The credentials the file held when it was opened. */
    TerminalCredentials initial()
    {
        return initial;
    }

    /**
     * The file's credentials if it changed and then stayed the same since the last look, else null.
     *
     * @throws IllegalArgumentException a malformed file, or {@link UncheckedIOException} an unreadable one: each
     *                                  is reported once, as the version that failed is remembered.
     */
    TerminalCredentials reloadIfChanged()
    {
        final Version version;
        try
        {
            version = version();
        }
        catch (final UncheckedIOException ex)
        {
            // An editor that replaces the file leaves it missing for a moment: a problem is said once it is seen on
            // two looks in a row, and only once.
            final String problem = ex.getMessage();
            final boolean again = problem.equals(seenProblem);
            seenProblem = problem;
            if (again && !problem.equals(saidProblem))
            {
                saidProblem = problem;
                throw ex;
            }
            return null;
        }
        seenProblem = null;
        saidProblem = null;
        if (version.equals(applied))
        {
            changing = null;
            return null;
        }
        if (!version.equals(changing))
        {
            changing = version;
            return null;
        }
        applied = version;
        changing = null;
        return TerminalCredentials.load(path);
    }

    private Version version()
    {
        try
        {
            final BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            return new Version(attributes.lastModifiedTime(), attributes.size());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read terminal credentials " + path + ": " + ex, ex);
        }
    }
}
