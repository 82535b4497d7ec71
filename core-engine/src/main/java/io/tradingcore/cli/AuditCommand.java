package io.tradingcore.cli;

import io.tradingcore.replay.AuditFormat;
import io.tradingcore.replay.AuditQuery;
import io.tradingcore.replay.AuditRecord;
import io.tradingcore.replay.AuditTrail;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.Function;

/** {@code scripts/replay audit}: the decoded history of a data folder, filtered, as a table or JSON lines. */
@Command(name = "audit", sortOptions = false,
    description = {"Prints every journaled input and the outputs it caused, decoded, in order.",
        "As an aligned table (seq, time, in/out, message, account, instrument, details) or as JSON lines " +
        "(--format json). Prices at the instrument's digits, quantities in lots, money in the account currency. " +
        "Filters combine: all given must hold."})
final class AuditCommand implements Callable<Integer>
{
    /** The words --format takes, hence in lower case. */
    enum Format
    {
        table, json
    }

    @ParentCommand
    private ReplayCommand replay;

    @Mixin
    private HelpOption help;

    @Option(names = "--format", paramLabel = "table|json", defaultValue = "table",
        description = "an aligned table (default) or JSON lines")
    private Format format;

    @Option(names = "--to", paramLabel = "X", description = "up to input sequence or time X, inclusive")
    private String to;

    @Mixin
    private AuditFilters filters;

    @Override
    public Integer call()
    {
        final Path data = replay.journals();
        final PrintStream out = replay.out();
        final AuditQuery query = to == null ? filters.query() : filters.query("--to", to);
        final long last = AuditTrail.lastInputSequence(data);
        final AuditFormat table = new AuditFormat(last);
        final Function<AuditRecord, String> line = format == Format.table ? table::tableRow : AuditFormat::json;
        // The header waits for the first row, so that a failed search prints nothing to stdout.
        final boolean[] headerDue = {format == Format.table};
        // On a terminal the rows scrolling by are the progress; a bar would tear them apart.
        final Progress progress = System.console() == null ? new Progress(replay.err(), "audit") : null;
        try
        {
            query.run(data, record ->
            {
                if (headerDue[0])
                {
                    out.println(table.tableHeader());
                    headerDue[0] = false;
                }
                out.println(line.apply(record));
            }, (reached, total) -> showProgress(progress, reached, total));
        }
        catch (final RuntimeException ex)
        {
            if (progress != null)
            {
                progress.abandon();
            }
            throw ex;
        }
        if (progress != null)
        {
            progress.finish();
        }
        if (headerDue[0])
        {
            out.println(table.tableHeader());
        }
        out.flush();
        return 0;
    }

    private static void showProgress(final Progress progress, final long reached, final long total)
    {
        if (progress != null)
        {
            progress.update((double)reached / total, reached);
        }
    }
}
