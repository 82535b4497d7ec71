package io.tradingcore.projections.clickhouse;

import com.fasterxml.jackson.databind.JsonNode;
import io.tradingcore.codec.DefineInstrumentDecoder;
import io.tradingcore.codec.MarketTickDecoder;
import io.tradingcore.projections.Checkpoint;
import io.tradingcore.projections.EventBatch;
import io.tradingcore.projections.ParkedEvent;
import io.tradingcore.projections.Sink;
import io.tradingcore.projections.SinkException;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The ClickHouse projection: ticks, fills, every output as an order event, instruments and dead letters, over
 * ClickHouse's HTTP interface (projections/README-clickhouse.md).
 * <p>
 * ClickHouse has no transaction, and 18.16 no insert deduplication token, so a batch is made exactly-once another
 * way: each table's rows of the batch go in one INSERT, every table is a ReplacingMergeTree keyed by the event's
 * position, and the checkpoint row is inserted last. A crash between two inserts leaves rows past the stored
 * checkpoint; the runtime hands the same events over again, their rows are inserted again with the same keys, and
 * readers see each key once ({@code FINAL}) until a merge keeps one. A refused insert takes back what the batch left
 * ({@link Rollback}).
 */
public final class ClickHouseSink implements Sink
{
    public static final String DEFAULT_DATABASE = "tradingcore";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private static final String NAME = "clickhouse";
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** How far back from the last tick stored the touches are loaded on open: a market order needs a fresh one. */
    private static final long TOUCH_WINDOW_SECONDS = 86_400;
    private static final String PARTITION_LIMIT = "max_partitions_per_insert_block";

    private final ClickHouseHttp http;
    private final String database;
    private final Instruments instruments = new Instruments();
    private final OrderInstruments orderInstruments;
    private final BatchRows rows;
    private final TabSeparated checkpointRow = new TabSeparated();
    private final TabSeparated replayedRows = new TabSeparated();
    private final VersionClock versions = new VersionClock();
    private final Rollback rollback;
    private Checkpoint stored = Checkpoint.ZERO;
    private boolean partitionLimitSet;

    /** In database {@value #DEFAULT_DATABASE}, each request given {@link #DEFAULT_TIMEOUT}. */
    public ClickHouseSink(final URI uri, final String user, final String password)
    {
        this(uri, user, password, DEFAULT_DATABASE, DEFAULT_TIMEOUT);
    }

    public ClickHouseSink(final URI uri, final String user, final String password, final String database)
    {
        this(uri, user, password, database, DEFAULT_TIMEOUT);
    }

    /**
     * @param uri      the HTTP interface, e.g. {@code http://127.0.0.1:8123}
     * @param user     null for the server's default user
     * @param password null for none
     * @param database created by {@link #open()}; a plain identifier
     * @param timeout  for connecting and for each request
     */
    public ClickHouseSink(
        final URI uri, final String user, final String password, final String database, final Duration timeout)
    {
        if (!IDENTIFIER.matcher(database).matches())
        {
            throw new IllegalArgumentException("database name must be a plain identifier: " + database);
        }
        this.http = new ClickHouseHttp(uri, user, password, timeout);
        this.database = database;
        this.orderInstruments = new OrderInstruments(this::storedInstrumentOf);
        this.rows = new BatchRows(instruments, orderInstruments);
        this.rollback = new Rollback(http, database);
    }

    @Override
    public String name()
    {
        return NAME;
    }

    @Override
    public void open() throws SinkException
    {
        for (final String statement : ClickHouseSchema.createStatements(database))
        {
            http.execute(statement);
        }
        allowBatchesOfManyDays();
        stored = checkpoint();
        versions.atLeast(maxVersion(ClickHouseSchema.CHECKPOINTS));
        versions.atLeast(maxVersion(ClickHouseSchema.DEAD_LETTERS));
        loadInstruments();
    }

    @Override
    public boolean wantsInput(final int templateId)
    {
        return templateId == MarketTickDecoder.TEMPLATE_ID || templateId == DefineInstrumentDecoder.TEMPLATE_ID;
    }

    @Override
    public Checkpoint checkpoint() throws SinkException
    {
        final List<JsonNode> latest = http.select("SELECT last_input, output_input, output_index FROM "
            + table(ClickHouseSchema.CHECKPOINTS) + " WHERE name = '" + NAME + "' ORDER BY version DESC LIMIT 1");
        if (latest.isEmpty())
        {
            return Checkpoint.ZERO;
        }
        final JsonNode row = latest.get(0);
        return new Checkpoint(row.get("last_input").asLong(), row.get("output_input").asLong(),
            row.get("output_index").asInt());
    }

    /**
     * Every insert makes a part per partition it touches, some 20-60 ms on ClickHouse 18.16 whatever its size, and
     * ClickHouse's own advice is few large inserts: 200,000 events a write when catching up.
     */
    @Override
    public int preferredBatchEvents()
    {
        return 200_000;
    }

    @Override
    public void apply(final EventBatch batch) throws SinkException
    {
        try
        {
            rows.write(batch, versions.next());
            insertData();
            insert(ClickHouseSchema.DEAD_LETTERS, rows.deadLetters());
            final Checkpoint checkpoint = batch.checkpoint();
            checkpointRow.clear();
            checkpointRow.text(NAME).add(versions.next()).add(checkpoint.lastInput()).add(checkpoint.outputInput())
                .add(checkpoint.outputIndex()).dateTime(System.currentTimeMillis() * 1_000_000L);
            checkpointRow.endRow();
            insert(ClickHouseSchema.CHECKPOINTS, checkpointRow);
            stored = checkpoint;
            instruments.commit();
        }
        catch (final SinkException ex)
        {
            instruments.discard();
            if (ex.kind() == SinkException.Kind.REJECTED)
            {
                undo(ex, () -> rollback.pastCheckpoint(stored));
            }
            throw ex;
        }
    }

    @Override
    public List<ParkedEvent> parked() throws SinkException
    {
        // Each key's latest version decides (argMax), rather than FINAL and a filter on replayed: 18.16 may move
        // such a filter to PREWHERE, which reads before FINAL replaces and would show a replayed event again.
        final List<JsonNode> found = http.select("SELECT input_sequence, output_index, argMax(input, version) AS "
            + "is_input, argMax(time_ns, version) AS event_ns, argMax(tenant_id, version) AS tenant, "
            + "argMax(account_id, version) AS account, argMax(message, version) AS bytes, "
            + "argMax(reason, version) AS why, argMax(replayed, version) AS done FROM "
            + table(ClickHouseSchema.DEAD_LETTERS) + " GROUP BY input_sequence, output_index HAVING done = 0 "
            + "ORDER BY input_sequence, output_index");
        final List<ParkedEvent> events = new ArrayList<>(found.size());
        for (final JsonNode row : found)
        {
            events.add(new ParkedEvent(row.get("is_input").asInt() == 1, row.get("input_sequence").asLong(),
                row.get("output_index").asInt(), row.get("event_ns").asLong(), row.get("tenant").asInt(),
                row.get("account").asLong(), DeadLetterRows.message(row.get("bytes").asText()),
                row.get("why").asText()));
        }
        return events;
    }

    @Override
    public void applyParked(final EventBatch batch) throws SinkException
    {
        try
        {
            final long version = versions.next();
            rows.write(batch, version);
            replayedRows.clear();
            for (int i = 0; i < batch.size(); i++)
            {
                if (batch.parkReason(i) == null)
                {
                    rows.deadLetterRows().add(replayedRows, batch.toParked(i), true, version);
                }
            }
            insertData();
            // Parked again (the runtime marked them): a newer version that is still not replayed.
            insert(ClickHouseSchema.DEAD_LETTERS, rows.deadLetters());
            insert(ClickHouseSchema.DEAD_LETTERS, replayedRows);
            instruments.commit();
        }
        catch (final SinkException ex)
        {
            instruments.discard();
            if (ex.kind() == SinkException.Kind.REJECTED)
            {
                undo(ex, () -> rollback.positionsOf(batch));
            }
            throw ex;
        }
    }

    @Override
    public void drop() throws SinkException
    {
        http.execute("DROP DATABASE IF EXISTS " + database);
        instruments.clear();
        orderInstruments.clear();
        stored = Checkpoint.ZERO;
        open();
    }

    @Override
    public Map<String, Long> rowCounts() throws SinkException
    {
        final Map<String, Long> counts = new LinkedHashMap<>();
        for (final String name : List.of(ClickHouseSchema.TICKS, ClickHouseSchema.FILLS,
            ClickHouseSchema.ORDER_EVENTS, ClickHouseSchema.INSTRUMENTS))
        {
            counts.put(name, http.selectValue("SELECT count() FROM " + table(name) + " FINAL").asLong());
        }
        counts.put(ClickHouseSchema.DEAD_LETTERS, http.selectValue("SELECT count() FROM (SELECT argMax(replayed, "
            + "version) AS done FROM " + table(ClickHouseSchema.DEAD_LETTERS)
            + " GROUP BY input_sequence, output_index) WHERE done = 0").asLong());
        return counts;
    }

    @Override
    public void close()
    {
        http.close();
    }

    /** The database this sink writes. */
    public String database()
    {
        return database;
    }

    private void insertData() throws SinkException
    {
        for (final Map.Entry<String, TabSeparated> table : rows.tables().entrySet())
        {
            insert(table.getKey(), table.getValue());
        }
    }

    private void insert(final String name, final TabSeparated tableRows) throws SinkException
    {
        if (!tableRows.isEmpty())
        {
            http.insert(table(name), ClickHouseSchema.columns(name), tableRows.text());
        }
    }

    /** A rollback that cannot be done turns the refusal into UNAVAILABLE: the batch is tried again as it was. */
    private interface Undo
    {
        void run() throws SinkException;
    }

    private static void undo(final SinkException refusal, final Undo undo) throws SinkException
    {
        try
        {
            undo.run();
        }
        catch (final SinkException ex)
        {
            ex.addSuppressed(refusal);
            throw SinkException.unavailable("the rows of a refused batch could not be taken back: "
                + ex.getMessage(), ex);
        }
    }

    /**
     * Current versions refuse an INSERT whose rows fall in more than 100 partitions (max_partitions_per_insert_block,
     * TOO_MANY_PARTS): a batch of a journal's catch-up over sparse data can span more than 100 days. 18.16 has no
     * such limit and would refuse the unknown setting, so it is set only where the server knows it.
     */
    private void allowBatchesOfManyDays() throws SinkException
    {
        if (!partitionLimitSet && http.selectValue("SELECT count() FROM system.settings WHERE name = '"
            + PARTITION_LIMIT + "'").asLong() > 0)
        {
            http.insertSetting(PARTITION_LIMIT + "=0");
            partitionLimitSet = true;
        }
    }

    private long maxVersion(final String name) throws SinkException
    {
        return http.selectValue("SELECT max(version) FROM " + table(name)).asLong();
    }

    /** The digits of the instruments defined before the checkpoint, and their touches of the last day of ticks. */
    private void loadInstruments() throws SinkException
    {
        instruments.clear();
        orderInstruments.clear();
        for (final JsonNode row : http.select("SELECT instrument_id, argMin(digits, input_sequence) AS first_digits "
            + "FROM " + table(ClickHouseSchema.INSTRUMENTS) + " WHERE valid = 1 AND input_sequence <= "
            + stored.lastInput() + " GROUP BY instrument_id"))
        {
            instruments.define(row.get("instrument_id").asInt(), row.get("first_digits").asInt());
        }
        instruments.commit();
        final String ticks = table(ClickHouseSchema.TICKS);
        for (final JsonNode row : http.select("SELECT instrument_id, max(input_sequence) AS sequence, "
            + "argMax(bid, input_sequence) AS last_bid, argMax(ask, input_sequence) AS last_ask FROM " + ticks
            + " WHERE input_sequence <= " + stored.lastInput() + " AND time >= (SELECT max(time) FROM " + ticks
            + " WHERE input_sequence <= " + stored.lastInput() + ") - " + TOUCH_WINDOW_SECONDS
            + " GROUP BY instrument_id"))
        {
            final int instrumentId = row.get("instrument_id").asInt();
            final int digits = instruments.digits(instrumentId);
            if (digits != Instruments.UNKNOWN)
            {
                instruments.tick(instrumentId, row.get("sequence").asLong(), scaled(row.get("last_bid"), digits),
                    scaled(row.get("last_ask"), digits));
            }
        }
        instruments.commit();
    }

    /** A price read back as the long at its instrument's digits; text or number, as the server's JSON has it. */
    private static long scaled(final JsonNode price, final int digits)
    {
        return new BigDecimal(price.asText()).movePointRight(digits).longValueExact();
    }

    private int storedInstrumentOf(final long orderId) throws SinkException
    {
        final JsonNode found = http.selectValue("SELECT instrument_id FROM " + table(ClickHouseSchema.ORDER_EVENTS)
            + " WHERE order_id = " + orderId + " AND instrument_id != 0 LIMIT 1");
        return found == null ? 0 : found.asInt();
    }

    private String table(final String name)
    {
        return database + "." + name;
    }
}
