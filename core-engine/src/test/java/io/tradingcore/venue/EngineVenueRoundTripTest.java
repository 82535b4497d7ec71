package io.tradingcore.venue;

import io.tradingcore.strategy.examples.ExampleStrategies;
import io.tradingcore.codec.OrderType;
import io.tradingcore.codec.Side;
import io.tradingcore.codec.TimeInForce;
import io.tradingcore.domain.InstrumentSpec;
import io.tradingcore.engine.Engine;
import io.tradingcore.engine.EngineStateReport;
import io.tradingcore.engine.OutputBatch;
import io.tradingcore.messages.InputMessages;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The engine and the venue wired as in a backtest: every input goes to the engine and then to the venue,
 * the engine's outputs go to the venue, and the venue's reports are queued as the next inputs.
 */
class EngineVenueRoundTripTest
{
    private static final int TENANT = 1;
    private static final long ACCOUNT = 100;
    private static final int EURUSD = 1;
    private static final long LOT = 10_000;
    private static final long MS = 1_000_000L;

    private final InputMessages inputs = new InputMessages();
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
    private final ArrayDeque<byte[]> pendingInputs = new ArrayDeque<>();
    private final List<byte[]> outputs = new ArrayList<>();
    private final Engine engine = new Engine(ExampleStrategies.catalog(),
        (sequence, batch, offset, length) -> OutputBatch.forEach(batch, offset, length, (b, o, l) ->
        {
            final byte[] copy = new byte[l];
            b.getBytes(o, copy);
            outputs.add(copy);
        }));
    private final SimulatedVenue venue = new SimulatedVenue(new VenueSettings(7_000_000, 0), (b, o, l) ->
    {
        final byte[] copy = new byte[l];
        b.getBytes(o, copy);
        pendingInputs.add(copy);
    });
    private long sequence;
    private long timeMsc = 1_709_640_000_000L; // 2024-03-05T12:00:00Z

    private void send(final int length)
    {
        final byte[] first = new byte[length];
        buffer.getBytes(0, first);
        pendingInputs.add(first);
        while (!pendingInputs.isEmpty())
        {
            final UnsafeBuffer input = new UnsafeBuffer(pendingInputs.poll());
            final long seq = ++sequence;
            outputs.clear();
            engine.onInput(seq, timeMsc * MS, input, 0, input.capacity());
            venue.onInput(seq, timeMsc * MS, input, 0, input.capacity());
            for (final byte[] output : List.copyOf(outputs))
            {
                venue.onOutput(new UnsafeBuffer(output), 0, output.length);
            }
        }
    }

    private void tick(final long bid, final long ask)
    {
        timeMsc += 1000;
        send(inputs.marketTick(buffer, 0, EURUSD, timeMsc, bid, ask, 0, 0, 6));
    }

    private void order(final long clientOrderId, final Side side, final OrderType type, final long quantity,
        final long price)
    {
        send(inputs.newOrder(buffer, 0, clientOrderId, TENANT, ACCOUNT, EURUSD, side, type, TimeInForce.GTC, quantity,
            price, 0, 0));
    }

    @Test
    void ordersRoundTripThroughTheVenueIntoPositions()
    {
        send(inputs.defineTenant(buffer, 0, TENANT, "demo"));
        send(inputs.accountUpdate(buffer, 0, TENANT, ACCOUNT, "USD", 100_000_000_000L, 100));
        send(inputs.defineInstrument(buffer, 0, new InstrumentSpec(EURUSD, "EURUSD", 5, 100_000, 1, 100, 1_000_000,
            100, "USD")));
        tick(110_000, 110_020);

        order(1, Side.BUY, OrderType.MARKET, LOT, 0);
        EngineStateReport report = engine.report();
        assertEquals(List.of(), report.openOrders(), "the market order filled at once");
        assertEquals(LOT, report.positions().get(0).netQuantity());
        assertEquals(110_020, report.positions().get(0).averagePrice());
        assertEquals(7_000_000, report.accounts().get(0).commission());

        order(2, Side.SELL, OrderType.LIMIT, LOT, 110_100);
        report = engine.report();
        assertEquals(1, report.openOrders().size());
        assertEquals("WORKING", String.valueOf(report.openOrders().get(0).status()), "ACCEPTED by the venue");
        tick(110_100, 110_120);
        report = engine.report();
        assertEquals(List.of(), report.openOrders(), "the limit filled on the tick that reached it");
        assertEquals(0, report.positions().isEmpty() ? 0 : report.positions().get(0).netQuantity());
        assertEquals(14_000_000, report.accounts().get(0).commission());
        assertEquals(0, venue.restingOrders());

        order(3, Side.BUY, OrderType.LIMIT, LOT, 100_000);
        send(inputs.cancelOrder(buffer, 0, 3, TENANT, ACCOUNT));
        assertEquals(List.of(), engine.report().openOrders(), "cancelled at the venue and in the engine");
        assertEquals(0, venue.restingOrders());
    }
}
