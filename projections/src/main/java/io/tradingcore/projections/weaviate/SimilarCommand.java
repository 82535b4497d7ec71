package io.tradingcore.projections.weaviate;

import io.tradingcore.projections.SinkException;
import io.tradingcore.projections.SinkSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code scripts/similar --instrument EURUSD --at 2014-05-08T10:00 --n 10 --data DIR [--config F]}: the most similar
 * stored market states to that minute (UTC) and their forward returns, as a table. Exit 0 when found, 1 when the minute
 * or the instrument is not stored or Weaviate cannot answer, 2 on a bad command line.
 */
@Command(name = "scripts/similar", mixinStandardHelpOptions = true, sortOptions = false,
    description = "The N market states most similar to an instrument's minute, and what happened next.")
public final class SimilarCommand implements Callable<Integer>
{
    @Option(names = "--instrument", required = true, paramLabel = "SYMBOL", description = "e.g. EURUSD")
    private String instrument;

    @Option(names = "--at", required = true, paramLabel = "TIME", description = "UTC, e.g. 2014-05-08T10:00")
    private String at;

    @Option(names = "--n", defaultValue = "10", paramLabel = "N", description = "how many (default: ${DEFAULT-VALUE})")
    private int n;

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "data", description = "the core's data folder")
    private Path data;

    @Option(names = "--config", paramLabel = "FILE", description = "connection settings (weaviate.url, ...)")
    private Path config;

    private final PrintStream out;
    private final PrintStream err;

    SimilarCommand(final PrintStream out, final PrintStream err)
    {
        this.out = out;
        this.err = err;
    }

    public static void main(final String[] args)
    {
        System.exit(execute(System.out, System.err, args));
    }

    static int execute(final PrintStream out, final PrintStream err, final String... args)
    {
        return new CommandLine(new SimilarCommand(out, err)).execute(args);
    }

    /** {@code 2014-05-08T10:00}, with seconds or a zone as {@code Z} or not. */
    static Instant parseTime(final String text)
    {
        return text.endsWith("Z") ? Instant.parse(text) : LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
    }

    @Override
    public Integer call()
    {
        try
        {
            final SinkSettings settings = SinkSettings.load(config, data, System.getenv());
            final SimilarStates similar = new SimilarStates(WeaviateSink.client(settings));
            out.printf(Locale.ROOT, "%-4s %-10s %-20s %10s %10s %10s%n", "#", "symbol", "minute (UTC)", "distance",
                "fwd 5m bp", "fwd 15m bp");
            int rank = 1;
            for (final SimilarStates.Similar state : similar.similar(instrument, parseTime(at), n))
            {
                out.printf(Locale.ROOT, "%-4d %-10s %-20s %10.6f %10s %10s%n", rank++, state.symbol(),
                    state.minute().toString(), state.distance(), bps(state.forward5mBps()),
                    bps(state.forward15mBps()));
            }
            return 0;
        }
        catch (final SinkException | IllegalArgumentException | java.time.DateTimeException ex)
        {
            err.println("scripts/similar: " + ex.getMessage());
            return 1;
        }
    }

    private static String bps(final Double value)
    {
        return value == null ? "-" : String.format(Locale.ROOT, "%.2f", value);
    }
}
