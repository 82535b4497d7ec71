package io.tradingcore.cli;

import io.tradingcore.replay.AuditQuery;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The filters of {@code audit} and {@code export}, as a picocli mixin; all given must hold. */
final class AuditFilters
{
    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    @Option(names = "--account", paramLabel = "ID", converter = PositiveNumber.class,
        description = "messages of this account")
    private Long account;

    @Option(names = "--tenant", paramLabel = "ID", converter = PositiveNumber.class,
        description = "messages of this tenant")
    private Long tenant;

    @Option(names = "--instrument", paramLabel = "X",
        description = "messages of this instrument: its id or its symbol (EURUSD)")
    private String instrument;

    @Option(names = "--order", paramLabel = "ID", converter = PositiveNumber.class,
        description = "the causal chain of one order, found by client, venue or engine order id: the causing input " +
            "(NewOrder, or the tick on which a strategy decided), acceptance or rejection, routing, execution " +
            "reports, fills, the position and account updates of its fills, cancels, modifies and status changes")
    private Long order;

    @Option(names = "--from", paramLabel = "X",
        description = {"from input sequence X, or from engine time X in UTC, inclusive:",
            "  2014-05-08T10:00:00Z or 2014-05-08T10:00:00.250Z"})
    private String from;

    @Option(names = "--until", paramLabel = "X",
        description = "up to input sequence or time X, inclusive (in audit the same as --to)")
    private String until;

    /** The query of these filters, the range ending at --until. */
    AuditQuery query()
    {
        return query("--until", until);
    }

    /** The query of these filters, the range ending at {@code end} (given as {@code endOption}; null: open). */
    AuditQuery query(final String endOption, final String end)
    {
        final AuditQuery query = new AuditQuery();
        if (account != null)
        {
            query.account(account);
        }
        if (tenant != null)
        {
            if (tenant > Integer.MAX_VALUE)
            {
                throw mistake("--tenant " + tenant + " is not a tenant id");
            }
            query.tenant(tenant.intValue());
        }
        if (instrument != null)
        {
            if (instrument.isBlank())
            {
                throw mistake("--instrument needs an id or a symbol");
            }
            query.instrument(instrument);
        }
        if (order != null)
        {
            query.order(order);
        }
        final AuditQuery.Bound start = bound("--from", from);
        final AuditQuery.Bound stop = bound(endOption, end);
        if (start != null)
        {
            query.from(start);
        }
        if (stop != null)
        {
            query.to(stop);
        }
        if (start != null && stop != null && start.isSequence() == stop.isSequence() &&
            (start.isSequence() ? start.sequence() > stop.sequence() : start.timeNs() > stop.timeNs()))
        {
            throw mistake("--from " + from + " is after the end of the range");
        }
        return query;
    }

    private AuditQuery.Bound bound(final String option, final String text)
    {
        if (text == null)
        {
            return null;
        }
        try
        {
            return AuditQuery.Bound.parse(option, text);
        }
        catch (final IllegalArgumentException ex)
        {
            throw mistake(ex.getMessage());
        }
    }

    private CommandLine.ParameterException mistake(final String message)
    {
        return new CommandLine.ParameterException(command.commandLine(), message);
    }
}
