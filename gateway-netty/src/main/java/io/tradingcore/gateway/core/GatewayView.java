package io.tradingcore.gateway.core;

import io.tradingcore.codec.AccountUpdateDecoder;
import io.tradingcore.codec.ClientCommandDoneDecoder;
import io.tradingcore.codec.DefineInstrumentDecoder;
import io.tradingcore.codec.DefineTenantDecoder;
import io.tradingcore.codec.InputRejectedDecoder;
import io.tradingcore.codec.MarketTickDecoder;
import io.tradingcore.codec.MessageHeaderDecoder;
import io.tradingcore.codec.OrderAcceptedDecoder;
import io.tradingcore.codec.OrderRejectedDecoder;
import io.tradingcore.codec.SetRiskLimitsDecoder;
import io.tradingcore.codec.BooleanType;
import io.tradingcore.codec.LimitScope;
import io.tradingcore.domain.FixedPoint;
import io.tradingcore.projections.Checkpoint;
import io.tradingcore.projections.EventBatch;
import io.tradingcore.projections.ParkedEvent;
import io.tradingcore.projections.Sink;
import org.agrona.DirectBuffer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The gateway's own view of the core, kept from the journals and the live stream by the projections' runtime (this
 * is its sink, in memory): instruments, tenants, accounts with their limits, positions, open orders and the last
 * quotes, each row with the input sequence it reflects. It also hands every event a caller may see to the stream
 * ({@link Listener}) and each {@code ClientCommandDone} with the engine's answer to the command's sender.
 *
 * <p>Applied on the projection's thread, read by the HTTP workers: every access holds this object's lock, and reads
 * answer copies.
 */
public final class GatewayView implements Sink
{
    /** Sees the view's changes, on the projection's thread, in stream order. Must not block. */
    public interface Listener
    {
        /** An event a caller of {@code tenantId} may see. */
        void onEvent(int tenantId, long sequence, int index, Map<String, Object> json);

        /** A new quote. */
        void onQuote(Instrument instrument, long bid, long ask, long timeMs);

        /** The engine has done a client's command. */
        void onCommandDone(long clientSessionId, long clientSequence, CommandResult result);
    }

    private final Listener listener;
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final DefineInstrumentDecoder defineInstrument = new DefineInstrumentDecoder();
    private final DefineTenantDecoder defineTenant = new DefineTenantDecoder();
    private final AccountUpdateDecoder accountUpdate = new AccountUpdateDecoder();
    private final MarketTickDecoder tick = new MarketTickDecoder();
    private final SetRiskLimitsDecoder setRiskLimits = new SetRiskLimitsDecoder();
    private final OrderAcceptedDecoder orderAccepted = new OrderAcceptedDecoder();
    private final OrderRejectedDecoder orderRejected = new OrderRejectedDecoder();
    private final InputRejectedDecoder inputRejected = new InputRejectedDecoder();
    private final ClientCommandDoneDecoder commandDone = new ClientCommandDoneDecoder();
    private final EventJson eventJson;

    private final Map<Integer, Instrument> instruments = new HashMap<>();
    private final Map<String, Instrument> instrumentsBySymbol = new HashMap<>();
    private final Map<Integer, String> tenants = new TreeMap<>();
    private final Map<Long, Map<String, Object>> accounts = new TreeMap<>();
    private final Map<Long, Map<String, Object>> limits = new HashMap<>();
    private final Map<Long, Map<String, Object>> limitsBefore = new HashMap<>();
    private final Map<String, Map<String, Object>> positions = new TreeMap<>();
    private final Map<Long, Map<String, Object>> openOrders = new TreeMap<>();
    private final Map<Integer, Map<String, Object>> quotes = new TreeMap<>();
    private Checkpoint checkpoint = Checkpoint.ZERO;
    private long lastSequence;

    /** What the engine said about the input being applied, for its {@code ClientCommandDone}. */
    private long answerSequence;
    private long answerOrderId;
    private String answerReason;
    private String answerText;

    public GatewayView(final Listener listener)
    {
        this.listener = listener;
        this.eventJson = new EventJson(instruments::get);
    }

    @Override
    public String name()
    {
        return "gateway";
    }

    @Override
    public int preferredBatchEvents()
    {
        // Small batches: the view answers people and orders waiting for the engine, not a database.
        return 1_000;
    }

    @Override
    public void open()
    {
    }

    @Override
    public boolean wantsInput(final int templateId)
    {
        return templateId == MarketTickDecoder.TEMPLATE_ID || templateId == DefineInstrumentDecoder.TEMPLATE_ID ||
            templateId == DefineTenantDecoder.TEMPLATE_ID || templateId == AccountUpdateDecoder.TEMPLATE_ID ||
            templateId == SetRiskLimitsDecoder.TEMPLATE_ID;
    }

    @Override
    public synchronized Checkpoint checkpoint()
    {
        return checkpoint;
    }

    @Override
    public void apply(final EventBatch batch)
    {
        synchronized (this)
        {
            for (int i = 0; i < batch.size(); i++)
            {
                final DirectBuffer buffer = batch.buffer();
                if (batch.isInput(i))
                {
                    onInput(batch.inputSequence(i), batch.timeNs(i), buffer, batch.offset(i));
                }
                else
                {
                    onOutput(batch.inputSequence(i), batch.outputIndex(i), buffer, batch.offset(i));
                }
            }
            checkpoint = batch.checkpoint();
            lastSequence = Math.max(lastSequence, checkpoint.lastInput());
        }
    }

    @Override
    public List<ParkedEvent> parked()
    {
        return List.of();
    }

    @Override
    public void applyParked(final EventBatch batch)
    {
    }

    @Override
    public synchronized void drop()
    {
        instruments.clear();
        instrumentsBySymbol.clear();
        tenants.clear();
        accounts.clear();
        limits.clear();
        positions.clear();
        openOrders.clear();
        quotes.clear();
        checkpoint = Checkpoint.ZERO;
        lastSequence = 0;
    }

    @Override
    public synchronized Map<String, Long> rowCounts()
    {
        final Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("accounts", (long)accounts.size());
        counts.put("positions", (long)positions.size());
        counts.put("open orders", (long)openOrders.size());
        return counts;
    }

    @Override
    public void close()
    {
    }

    private void onInput(final long sequence, final long timeNs, final DirectBuffer buffer, final int offset)
    {
        header.wrap(buffer, offset);
        final int body = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        final int block = header.blockLength();
        final int version = header.version();
        switch (header.templateId())
        {
            case MarketTickDecoder.TEMPLATE_ID ->
            {
                final MarketTickDecoder m = tick.wrap(buffer, body, block, version);
                final Instrument instrument = instruments.get(m.instrumentId());
                if (instrument != null)
                {
                    final Map<String, Object> quote = new LinkedHashMap<>();
                    quote.put("symbol", instrument.symbol());
                    quote.put("bid", instrument.formatPrice(m.bid()));
                    quote.put("ask", instrument.formatPrice(m.ask()));
                    quote.put("timeMs", m.timeMsc());
                    quotes.put(instrument.id(), quote);
                    listener.onQuote(instrument, m.bid(), m.ask(), m.timeMsc());
                }
            }
            case DefineInstrumentDecoder.TEMPLATE_ID ->
            {
                final DefineInstrumentDecoder m = defineInstrument.wrap(buffer, body, block, version);
                final Instrument instrument = new Instrument(m.instrumentId(), m.symbol().trim(), m.digits(),
                    m.tickSize(), m.volumeMin(), m.volumeMax(), m.volumeStep());
                instruments.put(instrument.id(), instrument);
                instrumentsBySymbol.put(instrument.symbol(), instrument);
            }
            case DefineTenantDecoder.TEMPLATE_ID ->
            {
                final DefineTenantDecoder m = defineTenant.wrap(buffer, body, block, version);
                tenants.put(m.tenantId(), m.name());
            }
            case AccountUpdateDecoder.TEMPLATE_ID ->
            {
                final AccountUpdateDecoder m = accountUpdate.wrap(buffer, body, block, version);
                final Map<String, Object> row = accounts.computeIfAbsent(m.accountId(), id -> new LinkedHashMap<>());
                if (row.isEmpty() || Integer.valueOf(m.tenantId()).equals(row.get("tenantId")))
                {
                    row.put("tenantId", m.tenantId());
                    row.put("accountId", m.accountId());
                    row.put("currency", m.currency());
                    row.put("balance", EventJson.money(m.balance()));
                    row.put("leverage", m.leverage());
                    row.put("sequence", sequence);
                }
            }
            case SetRiskLimitsDecoder.TEMPLATE_ID ->
            {
                final SetRiskLimitsDecoder m = setRiskLimits.wrap(buffer, body, block, version);
                if (m.scope() == LimitScope.ACCOUNT)
                {
                    final Map<String, Object> row = new LinkedHashMap<>();
                    row.put("tenantId", m.tenantId());
                    row.put("accountId", m.accountId());
                    row.put("maxOrderQuantity", FixedPoint.formatQuantity(m.maxOrderQuantity()));
                    row.put("maxPosition", FixedPoint.formatQuantity(m.maxPosition()));
                    row.put("maxGrossExposure", EventJson.money(m.maxGrossExposure()));
                    row.put("maxOpenOrders", m.maxOpenOrders());
                    row.put("maxOrdersPerSecond", m.maxOrdersPerSecond());
                    row.put("priceBandBps", m.priceBandBps());
                    row.put("staleMarketMs", m.staleMarketMs());
                    row.put("dailyLossLimit", EventJson.money(m.dailyLossLimit()));
                    row.put("sequence", sequence);
                    // Kept until the engine's outputs for this input are seen: an InputRejected puts the old back.
                    limitsBefore.clear();
                    limitsBefore.put(m.accountId(), limits.get(m.accountId()));
                    limits.put(m.accountId(), row);
                }
            }
            default ->
            {
            }
        }
    }

    private void onOutput(final long sequence, final int index, final DirectBuffer buffer, final int offset)
    {
        header.wrap(buffer, offset);
        final int templateId = header.templateId();
        final int body = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        if (sequence != answerSequence)
        {
            answerSequence = sequence;
            answerOrderId = 0;
            answerReason = null;
            answerText = null;
        }
        switch (templateId)
        {
            case OrderAcceptedDecoder.TEMPLATE_ID ->
                answerOrderId = orderAccepted.wrap(buffer, body, header.blockLength(), header.version()).orderId();
            case OrderRejectedDecoder.TEMPLATE_ID ->
            {
                final OrderRejectedDecoder m = orderRejected.wrap(buffer, body, header.blockLength(), header.version());
                answerOrderId = m.orderId();
                answerReason = m.reason().name().toLowerCase(java.util.Locale.ROOT);
                answerText = m.text();
            }
            case InputRejectedDecoder.TEMPLATE_ID ->
            {
                final InputRejectedDecoder m = inputRejected.wrap(buffer, body, header.blockLength(), header.version());
                answerReason = m.reason().name().toLowerCase(java.util.Locale.ROOT);
                answerText = m.text();
                if (m.templateId() == SetRiskLimitsDecoder.TEMPLATE_ID)
                {
                    limitsBefore.forEach((account, row) ->
                    {
                        if (row == null)
                        {
                            limits.remove(account);
                        }
                        else
                        {
                            limits.put(account, row);
                        }
                    });
                }
            }
            case ClientCommandDoneDecoder.TEMPLATE_ID ->
            {
                final ClientCommandDoneDecoder m = commandDone.wrap(buffer, body, header.blockLength(),
                    header.version());
                listener.onCommandDone(m.clientSessionId(), m.clientSequence(), new CommandResult(sequence,
                    answerReason == null, answerOrderId, answerReason, answerText,
                    m.duplicate() == BooleanType.TRUE));
                return;
            }
            default ->
            {
            }
        }
        final Map<String, Object> json = eventJson.render(buffer, offset);
        if (json != null)
        {
            json.put("sequence", sequence);
            remember(json);
            json.remove("priceUnits");
            listener.onEvent((Integer)json.get("tenantId"), sequence, index, json);
        }
    }

    /** Keeps the current state: open orders, positions and accounts. */
    private void remember(final Map<String, Object> json)
    {
        switch ((String)json.get("kind"))
        {
            case "order" ->
            {
                final long orderId = (Long)json.get("orderId");
                final String status = (String)json.get("status");
                if ("pending_new".equals(status))
                {
                    openOrders.put(orderId, new LinkedHashMap<>(json));
                    return;
                }
                final Map<String, Object> row = openOrders.get(orderId);
                if (row == null)
                {
                    return;
                }
                if (status.equals("filled") || status.equals("cancelled") || status.equals("expired") ||
                    status.equals("rejected"))
                {
                    openOrders.remove(orderId);
                    return;
                }
                row.put("status", status);
                row.put("leaves", json.get("leaves"));
                final Instrument instrument = instrumentsBySymbol.get((String)row.get("symbol"));
                if (instrument != null && json.get("priceUnits") instanceof Long price && price > 0)
                {
                    row.put("price", instrument.formatPrice(price));
                    json.put("price", row.get("price"));
                }
                json.put("symbol", row.get("symbol"));
                row.put("sequence", json.get("sequence"));
            }
            case "fill" ->
            {
                final long orderId = (Long)json.get("orderId");
                final Map<String, Object> row = openOrders.get(orderId);
                if (row != null)
                {
                    // A fill that leaves nothing ends the order: the engine says so with the fill alone.
                    if (new java.math.BigDecimal((String)json.get("leaves")).signum() == 0)
                    {
                        openOrders.remove(orderId);
                        return;
                    }
                    row.put("leaves", json.get("leaves"));
                    row.put("status", "partially_filled");
                    row.put("sequence", json.get("sequence"));
                }
            }
            case "position" -> positions.put(json.get("accountId") + ":" + json.get("symbol"), json);
            case "account" ->
            {
                final Map<String, Object> row = accounts.computeIfAbsent((Long)json.get("accountId"),
                    id -> new LinkedHashMap<>());
                if (row.isEmpty() || json.get("tenantId").equals(row.get("tenantId")))
                {
                    final Object currency = row.get("currency");
                    final Object leverage = row.get("leverage");
                    row.putAll(json);
                    row.remove("kind");
                    if (currency != null)
                    {
                        row.put("currency", currency);
                        row.put("leverage", leverage);
                    }
                }
            }
            default ->
            {
            }
        }
    }

    /** The input sequence the view has applied up to. */
    public synchronized long sequence()
    {
        return lastSequence;
    }

    /** The tenant's open orders. */
    public synchronized List<Map<String, Object>> openOrders(final int tenantId)
    {
        return ofTenant(openOrders.values(), tenantId);
    }

    /** The tenant's open order with this client order id on the account, or null. */
    public synchronized Map<String, Object> openOrder(final int tenantId, final long accountId,
        final long clientOrderId)
    {
        for (final Map<String, Object> row : openOrders.values())
        {
            if (row.get("tenantId").equals(tenantId) && row.get("accountId").equals(accountId) &&
                row.get("clientOrderId").equals(clientOrderId))
            {
                return new LinkedHashMap<>(row);
            }
        }
        return null;
    }

    public synchronized List<Map<String, Object>> positions(final int tenantId)
    {
        return ofTenant(positions.values(), tenantId);
    }

    public synchronized List<Map<String, Object>> accounts(final int tenantId)
    {
        return ofTenant(accounts.values(), tenantId);
    }

    /** The account when it is the tenant's, else null (another tenant's account is as unknown as none). */
    public synchronized Map<String, Object> account(final int tenantId, final long accountId)
    {
        final Map<String, Object> row = accounts.get(accountId);
        return row != null && row.get("tenantId").equals(tenantId) ? new LinkedHashMap<>(row) : null;
    }

    /** The account's limits as last set, or null. */
    public synchronized Map<String, Object> limits(final int tenantId, final long accountId)
    {
        final Map<String, Object> row = limits.get(accountId);
        return row != null && row.get("tenantId").equals(tenantId) ? new LinkedHashMap<>(row) : null;
    }

    public synchronized Instrument instrument(final String symbol)
    {
        return instrumentsBySymbol.get(symbol);
    }

    public synchronized Instrument instrument(final int instrumentId)
    {
        return instruments.get(instrumentId);
    }

    /** Every instrument, by symbol. */
    public synchronized List<Instrument> instruments()
    {
        return new ArrayList<>(new TreeMap<>(instrumentsBySymbol).values());
    }

    /** The tenants the core knows, by id. */
    public synchronized Map<Integer, String> tenants()
    {
        return new TreeMap<>(tenants);
    }

    public synchronized List<Map<String, Object>> quotes()
    {
        final List<Map<String, Object>> copy = new ArrayList<>();
        quotes.values().forEach(quote -> copy.add(new LinkedHashMap<>(quote)));
        return copy;
    }

    private static List<Map<String, Object>> ofTenant(
        final java.util.Collection<Map<String, Object>> rows, final int tenantId)
    {
        final List<Map<String, Object>> copy = new ArrayList<>();
        for (final Map<String, Object> row : rows)
        {
            if (row.get("tenantId").equals(tenantId))
            {
                copy.add(new LinkedHashMap<>(row));
            }
        }
        return copy;
    }
}
