package io.tradingcore.bridge;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The terminals file's watch, one look at a time: a change is read once it holds still, each problem said once. */
class TerminalsFileTest
{
    private static final String TOKEN = "token-0123456789abcdefghijkl";

    @TempDir
    Path folder;
    private long version;

    @Test
    void aChangeIsReadOnceTheFileHoldsStill() throws Exception
    {
        final Path path = folder.resolve("terminals.conf");
        write(path, "terminal " + TOKEN + " tenant=1 accounts=1001\n");
        final TerminalsFile file = TerminalsFile.open(path);
        assertTrue(file.initial().allows(TOKEN, 1, 1001));
        assertNull(file.reloadIfChanged(), "unchanged");

        write(path, "terminal " + TOKEN);
        assertNull(file.reloadIfChanged(), "caught half written: not read yet");
        write(path, "terminal " + TOKEN + " tenant=1 accounts=2002\n");
        assertNull(file.reloadIfChanged(), "changed again since the last look: still not read");
        final TerminalCredentials reloaded = file.reloadIfChanged();
        assertNotNull(reloaded, "the same on two looks in a row: read");
        assertTrue(reloaded.allows(TOKEN, 1, 2002));
        assertFalse(reloaded.allows(TOKEN, 1, 1001));
        assertNull(file.reloadIfChanged(), "read once");
    }

    @Test
    void aMalformedOrMissingFileIsSaidOnce() throws Exception
    {
        final Path path = folder.resolve("terminals.conf");
        write(path, "terminal " + TOKEN + " tenant=1 accounts=1001\n");
        final TerminalsFile file = TerminalsFile.open(path);

        write(path, "terminal " + TOKEN + " tenant=one accounts=1001\n");
        assertNull(file.reloadIfChanged());
        assertThrows(IllegalArgumentException.class, file::reloadIfChanged);
        assertNull(file.reloadIfChanged(), "the malformed version is not read again");

        Files.delete(path);
        assertNull(file.reloadIfChanged(), "missing for a moment, as when an editor replaces the file");
        assertThrows(UncheckedIOException.class, file::reloadIfChanged, "missing on two looks: said");
        assertNull(file.reloadIfChanged(), "and said once");

        write(path, "terminal " + TOKEN + " tenant=1 accounts=3003\n");
        assertNull(file.reloadIfChanged());
        assertTrue(file.reloadIfChanged().allows(TOKEN, 1, 3003));

        write(path, "# caught between the truncate and the write, or emptied by mistake\n");
        assertNull(file.reloadIfChanged());
        final IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, file::reloadIfChanged);
        assertTrue(empty.getMessage().contains("no 'terminal' line"), empty.getMessage());
    }

    private void write(final Path path, final String text) throws Exception
    {
        Files.writeString(path, text);
        Files.setLastModifiedTime(path, FileTime.fromMillis(1_700_000_000_000L + ++version * 1_000));
    }
}
