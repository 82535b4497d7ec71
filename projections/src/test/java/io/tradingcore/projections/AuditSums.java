package io.tradingcore.projections;

import io.tradingcore.replay.AuditRecord;
import io.tradingcore.replay.AuditTrail;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** What {@code scripts/replay audit} reports for a journal, counted and summed as the sinks' tests compare it. */
final class AuditSums
{
    /** The built-in config's account: the last position and equity are its. */
    static final long ACCOUNT = 1001;

    long ticks;
    long outputs;
    long fills;
    long accepted;
    long rejected;
    long accountStates;
    BigDecimal fillQuantity = BigDecimal.ZERO;
    BigDecimal realizedPnl = BigDecimal.ZERO;
    BigDecimal commission = BigDecimal.ZERO;
    BigDecimal lastNetQuantity = BigDecimal.ZERO;
    BigDecimal lastEquity = BigDecimal.ZERO;
    BigDecimal lastBid = BigDecimal.ZERO;
    private final Map<Long, Long> fillsByAccount = new HashMap<>();

    private AuditSums()
    {
    }

    static AuditSums of(final Path data)
    {
        final AuditSums sums = new AuditSums();
        AuditTrail.read(data, Long.MAX_VALUE, step ->
        {
            if ("MarketTick".equals(step.input().message()))
            {
                sums.ticks++;
                sums.lastBid = field(step.input(), "bid");
            }
            for (final AuditRecord output : step.outputs())
            {
                sums.outputs++;
                switch (output.message())
                {
                    case "Fill" ->
                    {
                        sums.fills++;
                        sums.fillsByAccount.merge(output.accountId(), 1L, Long::sum);
                        sums.fillQuantity = sums.fillQuantity.add(field(output, "quantity"));
                        sums.realizedPnl = sums.realizedPnl.add(field(output, "realizedPnl"));
                        sums.commission = sums.commission.add(field(output, "commission"));
                    }
                    case "OrderAccepted" -> sums.accepted++;
                    case "OrderRejected" -> sums.rejected++;
                    case "AccountState" ->
                    {
                        sums.accountStates++;
                        if (output.accountId() == ACCOUNT)
                        {
                            sums.lastEquity = field(output, "equity");
                        }
                    }
                    case "PositionUpdate" ->
                    {
                        if (output.accountId() == ACCOUNT)
                        {
                            sums.lastNetQuantity = field(output, "netQuantity");
                        }
                    }
                    default ->
                    {
                    }
                }
            }
        }, (reached, last) ->
        {
        });
        return sums;
    }

    long fillsOf(final long accountId)
    {
        return fillsByAccount.getOrDefault(accountId, 0L);
    }

    private static BigDecimal field(final AuditRecord record, final String name)
    {
        return record.fields().stream().filter(f -> f.name().equals(name)).findFirst()
            .map(f -> new BigDecimal(f.value())).orElseThrow(() -> new AssertionError(name + " in " + record));
    }
}
