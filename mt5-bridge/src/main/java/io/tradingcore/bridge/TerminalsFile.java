package io.tradingcore.bridge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Objects;

/**
 * The terminals file the bridge's tokens come from, watched for changes: its modification time and size are
 * compared on each poll, so a poll of an unchanged file costs one {@code stat} and no read. Bridge thread only once
 * the bridge runs.
 */
final class TerminalsFile
{
    private final Path path;
    private TerminalCredentials initial;
    private FileTime modified;
    private long size = -1;
    private String lastProblem;

    private TerminalsFile(final Path path)
    {
        this.path = path;
    }

    /** Reads the file now: its credentials, and the version a later {@link #reloadIfChanged()} compares with. */
    static TerminalsFile open(final Path path)
    {
        final TerminalsFile file = new TerminalsFile(path);
        // The attributes first: a change made while the file is read is then seen by the next poll.
        file.remember(file.attributes());
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
     * The file's credentials if it changed since the last look, else null.
     *
     * @throws IllegalArgumentException a malformed file, or {@link UncheckedIOException} an unreadable one: each
     *                                  change is reported once, as the version that failed is remembered.
     */
    TerminalCredentials reloadIfChanged()
    {
        final BasicFileAttributes attributes;
        try
        {
            attributes = attributes();
        }
        catch (final UncheckedIOException ex)
        {
            // An editor that replaces the file may leave it missing for a moment: said once, then waited out.
            final String problem = ex.getMessage();
            final boolean first = !problem.equals(lastProblem);
            lastProblem = problem;
            if (first)
            {
                throw ex;
            }
            return null;
        }
        if (Objects.equals(attributes.lastModifiedTime(), modified) && attributes.size() == size)
        {
            return null;
        }
        remember(attributes);
        lastProblem = null;
        return TerminalCredentials.load(path);
    }

    private void remember(final BasicFileAttributes attributes)
    {
        modified = attributes.lastModifiedTime();
        size = attributes.size();
    }

    private BasicFileAttributes attributes()
    {
        try
        {
            return Files.readAttributes(path, BasicFileAttributes.class);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read terminal credentials " + path + ": " + ex, ex);
        }
    }
}
