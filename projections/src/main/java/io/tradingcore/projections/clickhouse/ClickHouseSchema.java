package io.tradingcore.projections.clickhouse;

import java.util.List;
import java.util.Map;

/**
 * The tables of the ClickHouse projection (projections/README-clickhouse.md). Every table is a ReplacingMergeTree
 * whose sorting key is the event's position in the core's streams, so that a row inserted again after a crash or a
 * retry has the key of the first and a merge keeps one; queries read {@code FINAL} to see each key once before the
 * merge has run. The event tables are partitioned by UTC day of the engine time; a row inserted again lands in the
 * partition of the first (same time), which is where ReplacingMergeTree looks for duplicates.
 * <p>
 * Written in the syntax both ClickHouse 18.16 and current versions accept: {@code ENGINE = ReplacingMergeTree
 * PARTITION BY ... ORDER BY ...} (the old {@code ReplacingMergeTree(date, (key), 8192)} form needs
 * {@code allow_deprecated_syntax_for_merge_tree} on current versions), Decimal, Enum8 and DateTime('UTC') columns,
 * no LowCardinality, DateTime64 or Nullable (18.16 lacks the first two).
 * <p>
 * Prices are Decimal64(8): every instrument has 0..8 digits, so a price at its digits is exact at scale 8, and all
 * instruments share one type that SQL can sum and compare. Quantities (lots) are Decimal64(4), money Decimal128(6),
 * as the engine's fixed point has them.
 */
final class ClickHouseSchema
{
    static final String TICKS = "ticks";
    static final String FILLS = "fills";
    static final String ORDER_EVENTS = "order_events";
    static final String INSTRUMENTS = "instruments";
    static final String DEAD_LETTERS = "dead_letters";
    static final String CHECKPOINTS = "checkpoints";

    /** The tables an event's rows go to, in the order a batch inserts them; dead letters and checkpoint last. */
    static final List<String> DATA_TABLES = List.of(INSTRUMENTS, TICKS, FILLS, ORDER_EVENTS);

    static final String TICK_COLUMNS =
        "input_sequence, time, time_ns, tick_time_ms, instrument_id, bid, ask, last, volume, flags";
    static final String FILL_COLUMNS =
        "input_sequence, output_index, time, time_ns, tenant_id, account_id, order_id, client_order_id, "
            + "instrument_id, side, quantity, price, leaves_quantity, deal_id, commission, realized_pnl, strategy_id";
    static final String ORDER_EVENT_COLUMNS =
        "input_sequence, output_index, time, time_ns, tenant_id, account_id, event, order_id, client_order_id, "
            + "instrument_id, side, order_type, status, quantity, price, stop_price, touch_bid, touch_ask, "
            + "strategy_id, text";
    static final String INSTRUMENT_COLUMNS =
        "input_sequence, time, instrument_id, symbol, digits, contract_size, tick_size, profit_currency, valid";
    static final String DEAD_LETTER_COLUMNS =
        "input_sequence, output_index, input, time, time_ns, tenant_id, account_id, template_id, message, reason, "
            + "replayed, version";
    static final String CHECKPOINT_COLUMNS = "name, version, last_input, output_input, output_index, written";

    private static final Map<String, String> COLUMNS = Map.of(TICKS, TICK_COLUMNS, FILLS, FILL_COLUMNS,
        ORDER_EVENTS, ORDER_EVENT_COLUMNS, INSTRUMENTS, INSTRUMENT_COLUMNS, DEAD_LETTERS, DEAD_LETTER_COLUMNS,
        CHECKPOINTS, CHECKPOINT_COLUMNS);

    private static final String DAY_PARTITIONS = " PARTITION BY toYYYYMMDD(time)";

    private ClickHouseSchema()
    {
    }

    /** The columns an INSERT into the table names, in the order its rows are written. */
    static String columns(final String table)
    {
        return COLUMNS.get(table);
    }

    /** The CREATE statements, each with IF NOT EXISTS: opening a sink on an existing database changes nothing. */
    static List<String> createStatements(final String db)
    {
        return List.of(
            "CREATE DATABASE IF NOT EXISTS " + db,
            // Every MarketTick input; time is the journal's stamp, tick_time_ms the terminal's own time.
            "CREATE TABLE IF NOT EXISTS " + db + "." + TICKS + " (input_sequence Int64, time DateTime('UTC'), "
                + "time_ns Int64, tick_time_ms Int64, instrument_id Int32, bid Decimal64(8), ask Decimal64(8), "
                + "last Decimal64(8), volume Int64, flags Int32) "
                + "ENGINE = ReplacingMergeTree" + DAY_PARTITIONS + " ORDER BY input_sequence",
            "CREATE TABLE IF NOT EXISTS " + db + "." + FILLS + " (input_sequence Int64, output_index Int32, "
                + "time DateTime('UTC'), time_ns Int64, tenant_id Int32, account_id Int64, order_id Int64, "
                + "client_order_id Int64, instrument_id Int32, side Enum8('BUY' = 0, 'SELL' = 1), "
                + "quantity Decimal64(4), price Decimal64(8), leaves_quantity Decimal64(4), deal_id Int64, "
                + "commission Decimal128(6), realized_pnl Decimal128(6), strategy_id Int32) "
                + "ENGINE = ReplacingMergeTree" + DAY_PARTITIONS + " ORDER BY (input_sequence, output_index)",
            // Every output, with the fields it has (0 or '' for the others). An OrderAccepted row also keeps the
            // touch (bid, ask) of the order's instrument when the engine accepted it, for slippage.
            "CREATE TABLE IF NOT EXISTS " + db + "." + ORDER_EVENTS + " (input_sequence Int64, output_index Int32, "
                + "time DateTime('UTC'), time_ns Int64, tenant_id Int32, account_id Int64, event String, "
                + "order_id Int64, client_order_id Int64, instrument_id Int32, side String, order_type String, "
                + "status String, quantity Decimal64(4), price Decimal64(8), stop_price Decimal64(8), "
                + "touch_bid Decimal64(8), touch_ask Decimal64(8), strategy_id Int32, text String) "
                + "ENGINE = ReplacingMergeTree" + DAY_PARTITIONS + " ORDER BY (input_sequence, output_index)",
            // Every DefineInstrument input; valid = 0 for one the engine refuses as invalid. A handful of rows, so no
            // partitions. tick_size is the raw long at the instrument's digits, so that no definition can be refused.
            "CREATE TABLE IF NOT EXISTS " + db + "." + INSTRUMENTS + " (input_sequence Int64, time DateTime('UTC'), "
                + "instrument_id Int32, symbol String, digits Int8, contract_size Int64, tick_size Int64, "
                + "profit_currency String, valid UInt8) "
                + "ENGINE = ReplacingMergeTree ORDER BY (instrument_id, input_sequence)",
            // Parked events, their SBE message in hex. Replaying one inserts the same key with replayed = 1 and a
            // higher version: ReplacingMergeTree(version) keeps that row, and readers take each key's latest version.
            // Not partitioned: the replayed row must meet the parked one whatever its time.
            "CREATE TABLE IF NOT EXISTS " + db + "." + DEAD_LETTERS + " (input_sequence Int64, output_index Int32, "
                + "input UInt8, time DateTime('UTC'), time_ns Int64, tenant_id Int32, account_id Int64, "
                + "template_id UInt16, message String, reason String, replayed UInt8, version UInt64) "
                + "ENGINE = ReplacingMergeTree(version) ORDER BY (input_sequence, output_index)",
            // One row per batch, inserted after all its other rows: the latest version is the checkpoint.
            "CREATE TABLE IF NOT EXISTS " + db + "." + CHECKPOINTS + " (name String, version UInt64, "
                + "last_input Int64, output_input Int64, output_index Int32, written DateTime('UTC')) "
                + "ENGINE = ReplacingMergeTree(version) ORDER BY name");
    }
}
