package io.tradingcore.journal;

import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Payloads whose every byte follows from the sequence and length, so a reader can prove an entry is intact.
 */
final class TestPayloads
{
    private TestPayloads()
    {
    }

    static byte[] payload(final long sequence, final int length)
    {
        final byte[] bytes = new byte[length];
        long x = sequence * 0x9E3779B97F4A7C15L + length;
        for (int i = 0; i < length; i++)
        {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            bytes[i] = (byte)x;
        }
        return bytes;
    }

    static byte[] payloadFor(final long sequence, final int length)
    {
        return payload(sequence, length);
    }

    static UnsafeBuffer buffer(final long sequence, final int length)
    {
        return new UnsafeBuffer(payload(sequence, length));
    }

    static List<Path> cycleFiles(final Path dir)
    {
        try (Stream<Path> files = Files.list(dir))
        {
            return files.filter((p) -> p.getFileName().toString().endsWith(".cq4")).sorted()
                .collect(Collectors.toList());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
