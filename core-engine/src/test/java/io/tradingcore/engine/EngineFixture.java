package io.tradingcore.engine;

import io.tradingcore.strategy.examples.ExampleStrategies;
import io.tradingcore.codec.ExecType;
import io.tradingcore.codec.InputRejectedDecoder;
import io.tradingcore.codec.LimitScope;
import io.tradingcore.codec.MessageHeaderDecoder;
import io.tradingcore.codec.OrderRejectedDecoder;
import io.tradingcore.codec.OrderRoutedDecoder;
import io.tradingcore.codec.OrderType;
import io.tradingcore.codec.RejectReason;
import io.tradingcore.codec.Side;
import io.tradingcore.codec.TimeInForce;
import io.tradingcore.domain.InstrumentSpec;
import io.tradingcore.messages.InputMessages;
import io.tradingcore.messages.RiskLimitValues;
import io.tradingcore.strategy.StrategyCatalog;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.List;

/**
 * Drives an engine with encoded inputs and keeps every output message, for tests. Starts with
 * tenant 1, account 100 (USD 100,000, leverage 100) and EURUSD (id 1, 5 digits) defined.
 */
final class EngineFixture
{
    static final int TENANT = 1;
    static final long ACCOUNT = 100;
    static final int EURUSD = 1;
    static final int XAUUSD = 2;
    static final int USDJPY = 3;
    static final long MS = 1_000_000L;
    static final long START_NS = 1_399_525_217_007L * MS;

    final InputMessages inputs = new InputMessages();
    final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(1024);
    final List<byte[]> outputs = new ArrayList<>();
    final List<byte[]> lastBatch = new ArrayList<>();
    final Engine engine;
    /** Off for allocation measurements: keeping outputs allocates by itself. */
    boolean capturing = true;
    long sequence;
    long timeNs = START_NS;
    long tickTimeMsc = START_NS / MS;

    EngineFixture()
    {
        this(ExampleStrategies.catalog());
    }

    EngineFixture(final StrategyCatalog catalog)
    {
        this(catalog, null, 0);
        send(inputs.defineTenant(buffer, 0, TENANT, "demo"));
        send(inputs.accountUpdate(buffer, 0, TENANT, ACCOUNT, "USD", 100_000_000_000L, 100));
        define(new InstrumentSpec(EURUSD, "EURUSD", 5, 100_000, 1, 100, 1_000_000, 100, "USD"));
    }

    /** An engine restored from {@code snapshot}, which the engine of {@code original} wrote; it goes on from there. */
    static EngineFixture restoredFrom(final EngineFixture original, final DirectBuffer snapshot, final int length)
    {
        final EngineFixture restored = new EngineFixture(ExampleStrategies.catalog(), snapshot, length);
        restored.sequence = original.sequence;
        restored.timeNs = original.timeNs;
        restored.tickTimeMsc = original.tickTimeMsc;
        return restored;
    }

    private EngineFixture(final StrategyCatalog catalog, final DirectBuffer snapshot, final int length)
    {
        engine = new Engine(catalog, (seq, buf, offset, bytes) ->
        {
            if (capturing)
            {
                OutputBatch.forEach(buf, offset, bytes, this::capture);
            }
        });
        if (snapshot != null)
        {
            EngineSnapshot.restore(engine, snapshot, 0, length);
        }
    }

    private void capture(final DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] copy = new byte[length];
        buffer.getBytes(offset, copy);
        outputs.add(copy);
        lastBatch.add(copy);
    }

    void define(final InstrumentSpec spec)
    {
        send(inputs.defineInstrument(buffer, 0, spec));
    }

    void send(final int length)
    {
        lastBatch.clear();
        engine.onInput(++sequence, timeNs, buffer, 0, length);
    }

    void advanceMs(final long ms)
    {
        timeNs += ms * MS;
        tickTimeMsc += ms;
    }

    void tick(final int instrumentId, final long bid, final long ask)
    {
        send(inputs.marketTick(buffer, 0, instrumentId, tickTimeMsc, bid, ask, 0, 0, 6));
    }

    void limits(final RiskLimitValues values)
    {
        send(inputs.setRiskLimits(buffer, 0, LimitScope.ACCOUNT, TENANT, ACCOUNT, values));
    }

    void order(final long clientOrderId, final Side side, final OrderType type, final long quantity, final long price)
    {
        order(clientOrderId, side, type, quantity, price, 0);
    }

    void order(
        final long clientOrderId, final Side side, final OrderType type, final long quantity, final long price,
        final long stopPrice)
    {
        send(inputs.newOrder(buffer, 0, clientOrderId, TENANT, ACCOUNT, EURUSD, side, type, TimeInForce.GTC,
            quantity, price, stopPrice, 0));
    }

    void report(final long orderId, final ExecType type, final long quantity, final long price)
    {
        send(inputs.executionReport(buffer, 0, orderId, type, 9000 + orderId, 7000 + sequence, quantity, price, 0, 0,
            ""));
    }

    /** Template ids of the last input's outputs. */
    List<Integer> lastTemplates()
    {
        final List<Integer> ids = new ArrayList<>();
        for (final byte[] message : lastBatch)
        {
            ids.add(new MessageHeaderDecoder().wrap(new UnsafeBuffer(message), 0).templateId());
        }
        return ids;
    }

    <T> T lastOf(final int templateId, final java.util.function.BiFunction<UnsafeBuffer, MessageHeaderDecoder, T> wrap)
    {
        for (int i = lastBatch.size() - 1; i >= 0; i--)
        {
            final UnsafeBuffer message = new UnsafeBuffer(lastBatch.get(i));
            final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(message, 0);
            if (header.templateId() == templateId)
            {
                return wrap.apply(message, header);
            }
        }
        return null;
    }

    OrderRejectedDecoder lastOrderReject()
    {
        return lastOf(OrderRejectedDecoder.TEMPLATE_ID, (b, h) -> new OrderRejectedDecoder().wrapAndApplyHeader(b, 0,
            h));
    }

    RejectReason lastOrderRejectReason()
    {
        final OrderRejectedDecoder reject = lastOrderReject();
        return reject == null ? RejectReason.NONE : reject.reason();
    }

    InputRejectedDecoder lastInputReject()
    {
        return lastOf(InputRejectedDecoder.TEMPLATE_ID, (b, h) -> new InputRejectedDecoder().wrapAndApplyHeader(b, 0,
            h));
    }

    /** Engine order id of the last routed order, or 0 when none was routed. */
    long lastRoutedOrderId()
    {
        final OrderRoutedDecoder routed =
            lastOf(OrderRoutedDecoder.TEMPLATE_ID, (b, h) -> new OrderRoutedDecoder().wrapAndApplyHeader(b, 0, h));
        return routed == null ? 0 : routed.orderId();
    }
}
