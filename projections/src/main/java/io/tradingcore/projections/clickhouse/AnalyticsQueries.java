package io.tradingcore.projections.clickhouse;

/**
 * The analytics the ClickHouse projection is for, as SQL over its tables (projections/README-clickhouse.md).
 * {@code {db}} stands for the database: {@link #forDatabase}. Each reads {@code FINAL}, so that a row inserted twice
 * (a batch applied again after a crash) counts once before ReplacingMergeTree's merge has removed it. Every query
 * runs on ClickHouse 18.16 (tried) and keeps to syntax current versions still accept (not tried): {@code ANY INNER
 * JOIN ... USING} of subqueries, Decimal arithmetic, argMax.
 * <p>
 * Money and prices stay Decimal: price (scale 8) times quantity (scale 4) is computed in Decimal128 at scale 12, which
 * cannot overflow for any price and quantity the columns hold, and a division truncates at scale 12 (VWAP, mean
 * slippage): exact to 10^-12 of a price unit, far below any instrument's tick.
 */
public final class AnalyticsQueries
{
    /**
     * VWAP of the fills per instrument and UTC day: sum(price x quantity) / sum(quantity), in price units. Columns:
     * instrument_id, trade_date, fills, lots (the quantity filled), vwap.
     */
    public static final String VWAP_FROM_FILLS = """
        SELECT instrument_id, toDate(time, 'UTC') AS trade_date, count() AS fills, sum(quantity) AS lots,
               sum(toDecimal128(price, 8) * quantity) / sum(toDecimal128(quantity, 4)) AS vwap
        FROM {db}.fills FINAL
        GROUP BY instrument_id, trade_date
        ORDER BY instrument_id, trade_date""";

    /**
     * A market VWAP per instrument and UTC day from the ticks. Where the day's ticks carry volume (exchange-traded
     * instruments), the volume-weighted last price, ticks without volume weighing nothing: source 'last'. Where none
     * does (forex quotes: MT5 sends no volume), the mean mid-price (bid + ask) / 2 over the day's ticks, each tick
     * weighing the same, not over time: source 'mid'. Columns: instrument_id, trade_date, ticks, volume, source, vwap.
     * (if() computes both of its branches, hence the greatest(traded, 1) that keeps the unused one from dividing by
     * zero.)
     */
    public static final String VWAP_FROM_TICKS = """
        SELECT instrument_id, trade_date, ticks, traded AS volume,
               if(traded > 0, 'last', 'mid') AS source,
               if(traded > 0, notional / toDecimal128(greatest(traded, 1), 0), mid_sum / toDecimal128(ticks, 0)) AS vwap
        FROM
        (
            SELECT instrument_id, toDate(time, 'UTC') AS trade_date, count() AS ticks, sum(volume) AS traded,
                   sum(toDecimal128(last, 12) * toDecimal128(volume, 0)) AS notional,
                   sum(toDecimal128(bid, 12) + toDecimal128(ask, 12)) / toDecimal128(2, 0) AS mid_sum
            FROM {db}.ticks FINAL
            GROUP BY instrument_id, trade_date
        )
        ORDER BY instrument_id, trade_date""";

    /**
     * Slippage per strategy and instrument, in price units, signed in the trader's disfavour: a buy filled above its
     * reference or a sell below it is positive, a price improvement negative. The reference is the order's limit
     * price (LIMIT, STOP_LIMIT), its stop price (STOP), or for a MARKET order the touch when the engine accepted it
     * (the ask for a buy, the bid for a sell: the instrument's latest tick before the order, kept on the
     * OrderAccepted row). Fills whose reference is unknown (a market order before any tick) are left out. slippage is
     * the quantity-weighted mean over the fills. Columns: strategy_id, instrument_id, fills, lots, slippage.
     */
    public static final String SLIPPAGE_BY_STRATEGY = """
        SELECT strategy_id, instrument_id, count() AS fills, sum(quantity) AS lots,
               sum(toDecimal128(slippage, 8) * quantity) / sum(toDecimal128(quantity, 4)) AS slippage
        FROM
        (
            SELECT strategy_id, instrument_id, quantity,
                   if(side = 'BUY', price - reference, reference - price) AS slippage
            FROM
            (
                SELECT order_id, strategy_id, instrument_id, side, quantity, price
                FROM {db}.fills FINAL
            )
            ANY INNER JOIN
            (
                SELECT order_id,
                       multiIf(order_type = 'MARKET', if(side = 'BUY', touch_ask, touch_bid),
                               order_type = 'STOP', stop_price, price) AS reference
                FROM {db}.order_events FINAL
                WHERE event = 'OrderAccepted'
            ) USING order_id
            WHERE reference > 0
        )
        GROUP BY strategy_id, instrument_id
        ORDER BY strategy_id, instrument_id""";

    /**
     * Fill latency per strategy: each fill's engine time minus the engine time its order was accepted (OrderAccepted
     * in order_events), in nanoseconds: how long orders wait at the venue. Columns: strategy_id, fills, min_ns,
     * mean_ns (truncated), max_ns.
     */
    public static final String FILL_LATENCY_BY_STRATEGY = """
        SELECT strategy_id, count() AS fills, min(latency_ns) AS min_ns,
               intDiv(sum(latency_ns), count()) AS mean_ns, max(latency_ns) AS max_ns
        FROM
        (
            SELECT strategy_id, time_ns - accepted_ns AS latency_ns
            FROM
            (
                SELECT order_id, strategy_id, time_ns
                FROM {db}.fills FINAL
            )
            ANY INNER JOIN
            (
                SELECT order_id, time_ns AS accepted_ns
                FROM {db}.order_events FINAL
                WHERE event = 'OrderAccepted'
            ) USING order_id
        )
        GROUP BY strategy_id
        ORDER BY strategy_id""";

    /**
     * P&L per account and UTC hour from the fills: the realized P&L the fills booked, the commission charged on them,
     * and realized minus commission, in the account's currency. Columns: tenant_id, account_id, hour_start, fills,
     * realized, commissions, net.
     */
    public static final String PNL_BY_HOUR = """
        SELECT tenant_id, account_id, toStartOfHour(time, 'UTC') AS hour_start, count() AS fills,
               sum(realized_pnl) AS realized, sum(commission) AS commissions, realized - commissions AS net
        FROM {db}.fills FINAL
        GROUP BY tenant_id, account_id, hour_start
        ORDER BY tenant_id, account_id, hour_start""";

    private AnalyticsQueries()
    {
    }

    /** The query with its tables in the database. */
    public static String forDatabase(final String query, final String database)
    {
        return query.replace("{db}", database);
    }
}
