package io.tradingcore.journal;

import java.nio.file.Path;

/**
 * A snapshot file on disk, not yet verified.
 *
 * @param sequence  of the last journal entry whose effect the snapshot includes.
 * @param path      of the file.
 * @param sizeBytes of the file, header included.
 */
public record SnapshotInfo(long sequence, Path path, long sizeBytes)
{
}
