package io.tradingcore.replay;

import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.function.Consumer;

/**
 * What an audit selects: filters that all must hold (account, tenant, instrument, a sequence or
 * time range) and, optionally, one order's causal chain. Runs over a data folder and hands the
 * matching records, in journal order, to a sink.
 */
public final class AuditQuery
{
    /** One end of a range: an input sequence or an engine time, whichever was given. */
    public record Bound(long sequence, long timeNs)
    {
        private static final long NONE = -1;

        /** A plain number is a sequence; anything else must be a UTC time like {@code 2014-05-08T10:00:00Z}. */
        public static Bound parse(final String option, final String text)
        {
            if (!text.isEmpty() && text.chars().allMatch(Character::isDigit))
            {
                try
                {
                    return new Bound(Long.parseLong(text), NONE);
                }
                catch (final NumberFormatException ex)
                {
                    throw new IllegalArgumentException(option + " " + text + " is too large for a sequence");
                }
            }
            try
            {
                final Instant time = Instant.parse(text);
                return new Bound(NONE, Math.addExact(Math.multiplyExact(time.getEpochSecond(), 1_000_000_000L),
                    time.getNano()));
            }
            catch (final DateTimeParseException | ArithmeticException ex)
            {
                throw new IllegalArgumentException(option + " '" + text + "' is neither a sequence number nor a UTC " +
                    "time like 2014-05-08T10:00:00Z or 2014-05-08T10:00:00.250Z");
            }
        }

        public boolean isSequence()
        {
            return sequence != NONE;
        }

        boolean atOrAfter(final AuditRecord record)
        {
            return isSequence() ? record.sequence() <= sequence : record.timeNs() <= timeNs;
        }

        boolean atOrBefore(final AuditRecord record)
        {
            return isSequence() ? record.sequence() >= sequence : record.timeNs() >= timeNs;
        }
    }

    private Long accountId;
    private Integer tenantId;
    private String instrument;
    private Long orderId;
    private Bound from;
    private Bound to;

    public AuditQuery account(final long accountId)
    {
        this.accountId = accountId;
        return this;
    }

    public AuditQuery tenant(final int tenantId)
    {
        this.tenantId = tenantId;
        return this;
    }

    /** An instrument id or a symbol (any case). */
    public AuditQuery instrument(final String instrument)
    {
        this.instrument = instrument;
        return this;
    }

    /** Only the causal chain of the order with this client, venue or engine order id. */
    public AuditQuery order(final long id)
    {
        this.orderId = id;
        return this;
    }

    public AuditQuery from(final Bound from)
    {
        this.from = from;
        return this;
    }

    public AuditQuery to(final Bound to)
    {
        this.to = to;
        return this;
    }

    /**
     * Reads the data folder once (twice with an order: first to find it) and gives every matching
     * record to {@code sink}.
     *
     * @return the number of records given to the sink
     * @throws IllegalArgumentException for an order or instrument symbol the journal does not hold
     */
    public long run(final Path dataDirectory, final Consumer<AuditRecord> sink,
        final AuditTrail.ProgressListener progress)
    {
        final long last = to != null && to.isSequence() ? to.sequence() : Long.MAX_VALUE;
        // Finding an order takes a pass of its own: report both passes as one piece of work, twice the inputs.
        final OrderChain chain = orderId == null ? null :
            OrderChain.find(dataDirectory, orderId, last, (reached, end) -> progress.onProgress(reached, 2 * end));
        final AuditTrail.ProgressListener mainPass = chain == null ? progress :
            (reached, end) -> progress.onProgress(end + reached, 2 * end);
        final boolean bySymbol = instrument != null && !instrument.chars().allMatch(Character::isDigit);
        final boolean[] symbolSeen = {false};
        final long[] count = {0};
        AuditTrail.read(dataDirectory, last, step ->
        {
            if (bySymbol && !symbolSeen[0] && step.input().message().equals("DefineInstrument"))
            {
                symbolSeen[0] = step.input().symbol().equalsIgnoreCase(instrument);
            }
            for (final AuditRecord record : chain == null ? step.records() : chain.select(step))
            {
                if (matches(record))
                {
                    sink.accept(record);
                    count[0]++;
                }
            }
        }, mainPass);
        if (bySymbol && !symbolSeen[0])
        {
            throw new IllegalArgumentException("--instrument " + instrument + ": no such symbol in the journal");
        }
        return count[0];
    }

    boolean matches(final AuditRecord record)
    {
        if (accountId != null && record.accountId() != accountId)
        {
            return false;
        }
        if (tenantId != null && record.tenantId() != tenantId)
        {
            return false;
        }
        if (instrument != null && !matchesInstrument(record))
        {
            return false;
        }
        return (from == null || from.atOrBefore(record)) && (to == null || to.atOrAfter(record));
    }

    private boolean matchesInstrument(final AuditRecord record)
    {
        if (instrument.chars().allMatch(Character::isDigit))
        {
            return record.instrumentId() != 0 && Long.toString(record.instrumentId()).equals(instrument);
        }
        return record.symbol().equalsIgnoreCase(instrument);
    }
}
