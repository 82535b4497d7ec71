package io.tradingcore.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Fresh folders for journals and data, under the system temp folder, deleted after each trial. */
final class TempDirectory
{
    private TempDirectory()
    {
    }

    static Path create(final String purpose)
    {
        try
        {
            return Files.createTempDirectory("tradingcore-bench-" + purpose + "-");
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create a temp folder", ex);
        }
    }

    static void delete(final Path directory)
    {
        if (!Files.exists(directory))
        {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory))
        {
            for (final Path path : paths.sorted(Comparator.reverseOrder()).toList())
            {
                Files.deleteIfExists(path);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot delete " + directory, ex);
        }
    }
}
