package io.tradingcore.cli;

import io.tradingcore.replay.AuditFormat;
import io.tradingcore.replay.AuditQuery;
import io.tradingcore.replay.AuditRecord;
import io.tradingcore.replay.AuditTrail;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.function.Function;

/** {@code scripts/replay audit}: the decoded history of a data folder, filtered, as a table or JSON lines. */
final class AuditCommand
{
    private AuditCommand()
    {
    }

    static int run(final Arguments arguments, final Path data, final PrintStream out, final PrintStream err)
    {
        final String format = arguments.get("format", "table");
        if (!format.equals("table") && !format.equals("json"))
        {
            throw new Arguments.UsageException("--format " + format + " is not table or json");
        }
        final AuditQuery query = query(arguments, "to");
        final long last = AuditTrail.lastInputSequence(data);
        final AuditFormat table = new AuditFormat(last);
        final Function<AuditRecord, String> line = format.equals("table") ? table::tableRow : AuditFormat::json;
        // The header waits for the first row, so that a failed search prints nothing to stdout.
        final boolean[] headerDue = {format.equals("table")};
        // On a terminal the rows scrolling by are the progress; a bar would tear them apart.
        final Progress progress = System.console() == null ? new Progress(err, "audit") : null;
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

    /** The filters, shared with export; {@code toOption} names the option that ends the range. */
    static AuditQuery query(final Arguments arguments, final String toOption)
    {
        final AuditQuery query = new AuditQuery();
        final String account = arguments.get("account", null);
        if (account != null)
        {
            query.account(number("account", account));
        }
        final String tenant = arguments.get("tenant", null);
        if (tenant != null)
        {
            final long id = number("tenant", tenant);
            if (id > Integer.MAX_VALUE)
            {
                throw new Arguments.UsageException("--tenant " + tenant + " is not a tenant id");
            }
            query.tenant((int)id);
        }
        final String instrument = arguments.get("instrument", null);
        if (instrument != null)
        {
            if (instrument.isBlank())
            {
                throw new Arguments.UsageException("--instrument needs an id or a symbol");
            }
            query.instrument(instrument);
        }
        final String order = arguments.get("order", null);
        if (order != null)
        {
            query.order(number("order", order));
        }
        final AuditQuery.Bound from = bound(arguments, "from");
        final AuditQuery.Bound to = arguments.given().contains(toOption) ? bound(arguments, toOption) :
            bound(arguments, "until");
        if (from != null)
        {
            query.from(from);
        }
        if (to != null)
        {
            query.to(to);
        }
        if (from != null && to != null && from.isSequence() == to.isSequence() &&
            (from.isSequence() ? from.sequence() > to.sequence() : from.timeNs() > to.timeNs()))
        {
            throw new Arguments.UsageException("--from " + arguments.get("from", "") + " is after the end of the range");
        }
        return query;
    }

    private static AuditQuery.Bound bound(final Arguments arguments, final String option)
    {
        final String text = arguments.get(option, null);
        if (text == null)
        {
            return null;
        }
        try
        {
            return AuditQuery.Bound.parse("--" + option, text);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new Arguments.UsageException(ex.getMessage());
        }
    }

    static long number(final String option, final String text)
    {
        try
        {
            final long value = Long.parseLong(text);
            if (value <= 0)
            {
                throw new Arguments.UsageException("--" + option + " " + text + " must be positive");
            }
            return value;
        }
        catch (final NumberFormatException ex)
        {
            throw new Arguments.UsageException("--" + option + " '" + text + "' is not a number");
        }
    }
}
