package io.tradingcore.cli;

import io.tradingcore.replay.AuditFormat;
import io.tradingcore.replay.AuditQuery;
import io.tradingcore.replay.AuditRecord;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.Function;

/** {@code scripts/replay export --to FILE.csv|FILE.jsonl}: the audit records in a file for outside tools. */
@Command(name = "export", sortOptions = false,
    description = {"Writes the audit records (all, or the filtered ones) to a file for outside tools.",
        "CSV with a header row (RFC 4180) when the file ends in .csv, JSON lines when it ends in .jsonl. " +
        "Filters combine: all given must hold."})
final class ExportCommand implements Callable<Integer>
{
    @Spec
    private CommandSpec spec;

    @ParentCommand
    private ReplayCommand replay;

    @Mixin
    private HelpOption help;

    @Option(names = "--to", paramLabel = "FILE.csv|FILE.jsonl", required = true,
        description = "the file to write; --until ends the range")
    private String target;

    @Mixin
    private AuditFilters filters;

    @Override
    public Integer call()
    {
        final Path data = replay.journals();
        final boolean csv = target.endsWith(".csv");
        if (!csv && !target.endsWith(".jsonl"))
        {
            throw new CommandLine.ParameterException(spec.commandLine(),
                "--to " + target + ": name a .csv or a .jsonl file");
        }
        final AuditQuery query = filters.query();
        final PrintStream err = replay.err();
        final Path file = Path.of(target);
        final Function<AuditRecord, String> line = csv ? AuditFormat::csv : AuditFormat::json;
        final Progress progress = new Progress(err, "export");
        final long count;
        try (BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8))
        {
            if (csv)
            {
                writer.write(AuditFormat.csvHeader());
                writer.write("\r\n");
            }
            count = query.run(data, record -> write(writer, line.apply(record), csv),
                (reached, total) -> progress.update((double)reached / total, reached));
        }
        catch (final IOException ex)
        {
            err.println("replay: cannot write " + file.toAbsolutePath() + ": " + ex.getMessage());
            return 2;
        }
        catch (final UncheckedIOException ex)
        {
            err.println("replay: cannot write " + file.toAbsolutePath() + ": " + ex.getCause().getMessage());
            return 2;
        }
        catch (final RuntimeException ex)
        {
            // A query that fails (an unknown order, say) leaves no half-written file behind.
            progress.abandon();
            deleteQuietly(file);
            throw ex;
        }
        progress.finish();
        replay.out().printf("exported %,d records to %s (%s)%n", count, file, csv ? "CSV" : "JSON lines");
        return 0;
    }

    private static void deleteQuietly(final Path file)
    {
        try
        {
            Files.deleteIfExists(file);
        }
        catch (final IOException ignored)
        {
            // The failure being reported matters more than a leftover file.
        }
    }

    private static void write(final BufferedWriter writer, final String line, final boolean csv)
    {
        try
        {
            writer.write(line);
            // RFC 4180 ends CSV records with CRLF; JSON lines end with LF.
            writer.write(csv ? "\r\n" : "\n");
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
