package io.tradingcore.venue;

import io.tradingcore.codec.ExecType;
import io.tradingcore.codec.ExecutionReportDecoder;
import io.tradingcore.codec.MessageHeaderDecoder;
import io.tradingcore.codec.MessageHeaderEncoder;
import io.tradingcore.codec.OrderAcceptedEncoder;
import io.tradingcore.codec.OrderRoutedEncoder;
import io.tradingcore.codec.OrderStatus;
import io.tradingcore.codec.OrderType;
import io.tradingcore.codec.RouteAction;
import io.tradingcore.codec.Side;
import io.tradingcore.codec.TimeInForce;
import io.tradingcore.domain.InstrumentSpec;
import io.tradingcore.messages.InputMessages;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each venue behaviour, asserted on the exact ExecutionReport fields the sink receives. */
class SimulatedVenueTest
{
    private static final int EURUSD = 1;
    private static final int GBPUSD = 2;
    private static final long LOT = 10_000;
    private static final long MS = 1_000_000L;
    private static final long START_MSC = Instant.parse("2024-03-05T12:00:00Z").toEpochMilli();

    /** One decoded ExecutionReport. */
    record Report(
        long orderId, ExecType execType, long venueOrderId, long dealId, long lastQuantity, long lastPrice,
        long commission, int venueCode, String text)
    {
        static Report accepted(final long orderId, final long venueOrderId)
        {
            return new Report(orderId, ExecType.ACCEPTED, venueOrderId, 0, 0, 0, 0, 0, "");
        }

        static Report fill(
            final long orderId, final long venueOrderId, final long dealId, final long quantity, final long price)
        {
            return new Report(orderId, ExecType.FILL, venueOrderId, dealId, quantity, price, 0, 0, "");
        }

        static Report partial(
            final long orderId, final long venueOrderId, final long dealId, final long quantity, final long price)
        {
            return new Report(orderId, ExecType.PARTIAL_FILL, venueOrderId, dealId, quantity, price, 0, 0, "");
        }

        static Report cancelled(final long orderId, final long venueOrderId, final String text)
        {
            return new Report(orderId, ExecType.CANCELLED, venueOrderId, 0, 0, 0, 0, 0, text);
        }

        static Report expired(final long orderId, final long venueOrderId, final String text)
        {
            return new Report(orderId, ExecType.EXPIRED, venueOrderId, 0, 0, 0, 0, 0, text);
        }

        static Report rejected(final long orderId, final int venueCode, final String text)
        {
            return new Report(orderId, ExecType.REJECTED, 0, 0, 0, 0, 0, venueCode, text);
        }
    }

    private final InputMessages inputs = new InputMessages();
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final OrderRoutedEncoder routedEncoder = new OrderRoutedEncoder();
    private final ExecutionReportDecoder reportDecoder = new ExecutionReportDecoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final List<Report> reports = new ArrayList<>();
    private final List<byte[]> rawReports = new ArrayList<>();
    private SimulatedVenue venue;
    private long sequence;
    private long timeMsc = START_MSC;

    // ---------------------------------------------------------------- fixture

    private void start(final VenueSettings settings)
    {
        venue = new SimulatedVenue(settings, this::capture);
        input(inputs.defineInstrument(buffer, 0, new InstrumentSpec(EURUSD, "EURUSD", 5, 100_000, 1, 100,
            1_000_000, 100, "USD")));
        input(inputs.defineInstrument(buffer, 0, new InstrumentSpec(GBPUSD, "GBPUSD", 5, 100_000, 1, 100,
            1_000_000, 100, "USD")));
    }

    private void capture(final DirectBuffer reportBuffer, final int offset, final int length)
    {
        final byte[] copy = new byte[length];
        reportBuffer.getBytes(offset, copy);
        rawReports.add(copy);
        headerDecoder.wrap(reportBuffer, offset);
        assertEquals(ExecutionReportDecoder.TEMPLATE_ID, headerDecoder.templateId());
        reportDecoder.wrapAndApplyHeader(reportBuffer, offset, headerDecoder);
        reports.add(new Report(reportDecoder.orderId(), reportDecoder.execType(), reportDecoder.venueOrderId(),
            reportDecoder.dealId(), reportDecoder.lastQuantity(), reportDecoder.lastPrice(),
            reportDecoder.commission(), reportDecoder.venueCode(), reportDecoder.text()));
        assertEquals(length, MessageHeaderDecoder.ENCODED_LENGTH + reportDecoder.encodedLength());
    }

    /** The reports since the last call. */
    private List<Report> take()
    {
        final List<Report> taken = List.copyOf(reports);
        reports.clear();
        return taken;
    }

    private void input(final int length)
    {
        venue.onInput(++sequence, timeMsc * MS, buffer, 0, length);
    }

    private void tick(final long bid, final long ask)
    {
        tick(EURUSD, bid, ask);
    }

    private void tick(final int instrumentId, final long bid, final long ask)
    {
        timeMsc += 1000;
        tickAt(instrumentId, timeMsc, bid, ask);
    }

    private void tickAt(final int instrumentId, final long msc, final long bid, final long ask)
    {
        timeMsc = msc;
        input(inputs.marketTick(buffer, 0, instrumentId, msc, bid, ask, 0, 0, 6));
    }

    private void route(
        final RouteAction action, final long orderId, final Side side, final OrderType type, final TimeInForce tif,
        final long quantity, final long price, final long stopPrice, final long expiryTimeNs)
    {
        routedEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .inputSequence(sequence).timeNs(timeMsc * MS).orderId(orderId).clientOrderId(1000 + orderId)
            .tenantId(1).accountId(100).instrumentId(EURUSD).action(action).side(side).orderType(type)
            .timeInForce(tif).quantity(quantity).price(price).stopPrice(stopPrice).expiryTimeNs(expiryTimeNs)
            .venueOrderId(0);
        venue.onOutput(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + routedEncoder.encodedLength());
    }

    private void newOrder(
        final long orderId, final Side side, final OrderType type, final TimeInForce tif, final long quantity,
        final long price, final long stopPrice)
    {
        route(RouteAction.NEW, orderId, side, type, tif, quantity, price, stopPrice, 0);
    }

    private void market(final long orderId, final Side side, final TimeInForce tif, final long quantity)
    {
        newOrder(orderId, side, OrderType.MARKET, tif, quantity, 0, 0);
    }

    private void limit(final long orderId, final Side side, final TimeInForce tif, final long quantity,
        final long price)
    {
        newOrder(orderId, side, OrderType.LIMIT, tif, quantity, price, 0);
    }

    private void cancel(final long orderId)
    {
        route(RouteAction.CANCEL, orderId, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, LOT, 0, 0, 0);
    }

    private void modify(final long orderId, final long leavesQuantity, final long price, final long stopPrice)
    {
        route(RouteAction.MODIFY, orderId, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, leavesQuantity, price,
            stopPrice, 0);
    }

    // ---------------------------------------------------------------- market orders

    @Test
    void marketOrdersFillAtOnceAtTheTouch()
    {
        start(VenueSettings.defaults());
        tick(110_000, 110_020);
        market(1, Side.BUY, TimeInForce.GTC, LOT);
        assertEquals(List.of(Report.fill(1, 1, 1, LOT, 110_020)), take(), "buy at the ask, no ACCEPTED first");
        market(2, Side.SELL, TimeInForce.GTC, 2 * LOT);
        assertEquals(List.of(Report.fill(2, 2, 2, 2 * LOT, 110_000)), take(), "sell at the bid");
        assertEquals(0, venue.restingOrders());
    }

    @Test
    void slippageMovesMarketAndStopFillsButNotLimitFills()
    {
        start(new VenueSettings(0, 0, 3));
        tick(110_000, 110_020);
        market(1, Side.BUY, TimeInForce.GTC, LOT);
        market(2, Side.SELL, TimeInForce.GTC, LOT);
        assertEquals(List.of(Report.fill(1, 1, 1, LOT, 110_023), Report.fill(2, 2, 2, LOT, 109_997)), take(),
            "buys at ask + 3 points, sells at bid - 3 points");
        limit(3, Side.BUY, TimeInForce.GTC, LOT, 110_030);
        assertEquals(List.of(Report.accepted(3, 3), Report.fill(3, 3, 3, LOT, 110_020)), take(),
            "a limit fills at the touch");
        newOrder(4, Side.BUY, OrderType.STOP, TimeInForce.GTC, LOT, 0, 110_040);
        assertEquals(List.of(Report.accepted(4, 4)), take());
        tick(110_030, 110_050);
        assertEquals(List.of(Report.fill(4, 4, 4, LOT, 110_053)), take(), "a triggered stop slips like a market order");
    }

    @Test
    void marketOrderWithoutQuoteIsRejectedWithPriceOff()
    {
        start(VenueSettings.defaults());
        market(1, Side.BUY, TimeInForce.GTC, LOT);
        assertEquals(List.of(Report.rejected(1, 10021, "no quote for instrument 1")), take());

        tick(GBPUSD, 126_000, 126_020);
        tick(EURUSD, 0, 110_020); // the engine rejects a tick without a bid, so the venue ignores it too
        market(2, Side.SELL, TimeInForce.IOC, LOT);
        assertEquals(List.of(Report.rejected(2, 10021, "no quote for instrument 1")), take(),
            "a quote for another instrument or a rejected tick is no quote");

        tick(EURUSD, 110_000, 110_020);
        final int length = inputs.marketTick(buffer, 0, EURUSD, timeMsc - 1, 100_000, 100_020, 0, 0, 0);
        venue.onInput(++sequence, (timeMsc + 1) * MS, buffer, 0, length);
        market(3, Side.SELL, TimeInForce.GTC, LOT);
        assertEquals(List.of(Report.fill(3, 1, 1, LOT, 110_000)), take(), "a tick older than the quote is ignored");
        assertEquals(0, venue.restingOrders());
    }

    // ---------------------------------------------------------------- limit orders

    @Test
    void limitRestsThenFillsOnALaterTickAtTheTouch()
    {
        start(VenueSettings.defaults());
        tick(110_000, 110_020);
        limit(1, Side.BUY, TimeInForce.GTC, LOT, 110_000);
        assertEquals(List.of(Report.accepted(1, 1)), take());
        tick(109_990, 110_010);
        tick(GBPUSD, 100_000, 100_010);
        assertEquals(List.of(), take(), "ask still above the limit; another instrument's tick changes nothing");
        assertEquals(1, venue.restingOrders());
        tick(109_970, 109_990);
        assertEquals(List.of(Report.fill(1, 1, 1, LOT, 109_990)), take(), "filled at the ask, below the limit");
        assertEquals(0, venue.restingOrders());

        limit(2, Side.SELL, TimeInForce.GTC, LOT, 110_000);
        assertEquals(List.of(Report.accepted(2, 2)), take());
        tick(110_010, 110_030);
        assertEquals(List.of(Report.fill(2, 2, 2, LOT, 110_010)), take(), "sell filled at the bid");
    }

    @Test
    void marketableLimitFillsAtOnceAtTheTouch()
    {
        start(VenueSettings.defaults());
        tick(110_000, 110_020);
        limit(1, Side.BUY, TimeInForce.GTC, LOT, 110_050);
        assertEquals(List.of(Report.accepted(1, 1), Report.fill(1, 1, 1, LOT, 110_020)), take());
        limit(2, Side.SELL, TimeInForce.GTC, 3 * LOT, 110_000);
        assertEquals(List.of(Report.accepted(2, 2), Report.fill(2, 2, 2, 3 * LOT, 110_000)), take(),
            "a limit exactly at the bid is marketable");
        assertEquals(0, venue.restingOrders());
    }

    @Test
    void limitWithoutQuoteIsAcceptedAndRests()
    {
        start(VenueSettings.defaults());
        limit(1, Side.BUY, TimeInForce.GTC, LOT, 110_000);
        assertEquals(List.of(Report.accepted(1, 1)), take());
        tick(109_990, 109_995);
        assertEquals(List.of(Report.fill(1, 1, 1, LOT, 109_995)), take());
    }

    // ---------------------------------------------------------------- stops

    @Test
    void stopTriggersAndFillsAtTheTouch()
    {
        start(VenueSettings.defaults());
        tick(110_000, 110_020);
        newOrder(1, Side.BUY, OrderType.STOP, TimeInForce.GTC, LOT, 0, 110_100);
        assertEquals(List.of(Report.accepted(1, 1)), take());
        tick(110_070, 110_090);
        assertEquals(List.of(), take(), "ask below the stop");
        tick(110_100, 110_120);
        assertEquals(List.of(Report.fill(1, 1, 1, LOT, 110_120)), take(), "ask at or above the stop: fill at the ask");

        newOrder(2, Side.SELL, OrderType.STOP, TimeInForce.GTC, 2 * LOT, 0, 110_000);
        assertEquals(List.of(Report.accepted(2, 2)), take());
        tick(110_010, 110_030);
        assertEquals(List.of(), take());
        tick(110_000, 110_020);
        assertEquals(List.of(Report.fill(2, 2, 2, 2 * LOT, 110_000)), take(), "bid at the stop: fill at the bid");
        assertEquals(0, venue.restingOrders());
    }

    @Test
    void stopLimitTriggersThenRestsAsALimit()
    {
        start(VenueSettings.defaults());
        tick(110_000, 110_020);
        newOrder(1, Side.BUY, OrderType.STOP_LIMIT, TimeInForce.GTC, LOT, 110_105, 110_100);
        assertEquals(List.of(Report.accepted(1, 1)), take());
        tick(110_070, 110_090);
        assertEquals(List.of(), take(), "below the limit, but not triggered yet");
        tick(110_090, 110_110);
        assertEquals(List.of(), take(), "triggered, but the ask is above the limit: rests");
        assertEquals(1, venue.restingOrders());
        tick(110_100, 110_130);
        assertEquals(List.of(), take());
        tick(110_070, 110_090);
        assertEquals(List.of(Report.fill(1, 1, 1, LOT, 110_090)), take(),
            "already triggered: a limit now, filled although the ask is back below the stop");
    }

    @Test
    void stopWithImmediateTimeInForceIsDecidedWhenItTriggers()
    {
        start(VenueSettings.defaults());
        tick(110_000, 110_020);
        newOrder(1, Side.BUY, OrderType.STOP_LIMIT, TimeInForce.IOC, LOT, 110_105, 110_100);
        assertEquals(List.of(Report.accepted(1, 1)), take(), "an untriggered IOC stop waits for its trigger");
        tick(110_090, 110_110);
        assertEquals(List.of(Report.cancelled(1, 1, "IOC: not marketable")), take());
        assertEquals(0, venue.restingOrders());
    }

    // ---------------------------------------------------------------- IOC, FOK and the fill cap

    @Test
    void immediateOrCancelLimitNotMarketableIsCancelled()
    {
        start(VenueSettings.defaults());
        tick(110_000, 110_020);
        limit(1, Side.BUY, TimeInForce.IOC, LOT, 110_000);
        assertEquals(List.of(Report.accepted(1, 1), Report.cancelled(1, 1, "IOC: not marketable")), take());
        limit(2, Side.SELL, TimeInForce.FOK, LOT, 110_010);
        assertEquals(List.of(Report.accepted(2, 2), Report.cancelled(2, 2, "FOK: not marketable")), take());
        limit(3, Side.BUY, TimeInForce.IOC, LOT, 110_020);
        assertEquals(List.of(Report.accepted(3, 3), Report.fill(3, 3, 1, LOT, 110_020)), take());
        assertEquals(0, venue.restingOrders());
    }

    @Test
    void immediateOrCancelMarketWithCapFillsTheCapAndCancelsTheRest()
    {
        start(new VenueSettings(0, LOT));
        tick(110_000, 110_020);
        market(1, Side.BUY, TimeInForce.IOC, 3 * LOT);
        assertEquals(List.of(Report.partial(1, 1, 1, LOT, 110_020), Report.cancelled(1, 1, "IOC: remainder cancelled")),
            take());
        assertEquals(0, venue.restingOrders());
    }

    @Test
    void fillOrKillBeyondTheCapIsCancelledUnfilled()
    {
        start(new VenueSettings(0, LOT));
        tick(110_000, 110_020);
        market(1, Side.BUY, TimeInForce.FOK, 2 * LOT);
        assertEquals(List.of(Report.cancelled(1, 1, "FOK: cannot fill in full")), take());
        market(2, Side.SELL, TimeInForce.FOK, LOT);
        assertEquals(List.of(Report.fill(2, 2, 1, LOT, 110_000)), take(), "within the cap it fills whole");
        limit(3, Side.SELL, TimeInForce.FOK, 2 * LOT, 109_000);
        assertEquals(List.of(Report.accepted(3, 3), Report.cancelled(3, 3, "FOK: cannot fill in full")), take());
        assertEquals(0, venue.restingOrders());
    }

    @Test
    void capSplitsAnOrderIntoPartialFillsOverFollowingTicks()
    {
        start(new VenueSettings(0, LOT));
        tick(110_000, 110_020);
        market(1, Side.BUY, TimeInForce.GTC, 25_000);
        assertEquals(List.of(Report.partial(1, 1, 1, LOT, 110_020)), take());
        assertEquals(1, venue.restingOrders());
        tick(GBPUSD, 126_000, 126_020);
        assertEquals(List.of(), take(), "only its own instrument's ticks fill it");
        tick(110_010, 110_030);
        assertEquals(List.of(Report.partial(1, 1, 2, LOT, 110_030)), take());
        tick(110_020, 110_040);
        assertEquals(List.of(Report.fill(1, 1, 3, 5_000, 110_040)), take());
        assertEquals(0, venue.restingOrders());

        limit(2, Side.SELL, TimeInForce.GTC, 2 * LOT, 110_030);
        assertEquals(List.of(Report.accepted(2, 2)), take());
        tick(110_040, 110_050);
        assertEquals(List.of(Report.partial(2, 2, 4, LOT, 110_040)), take());
        tick(110_020, 110_040);
        assertEquals(List.of(), take(), "the bid fell below the limit: the rest waits");
        tick(110_030, 110_050);
        assertEquals(List.of(Report.fill(2, 2, 5, LOT, 110_030)), take());
    }

    // ---------------------------------------------------------------- cancel and modify

    @Test
    void cancelRemovesARestingOrderAndUnknownOrdersAreRejected()
    {
        start(VenueSettings.defaults());
        tick(110_000, 110_020);
        limit(1, Side.BUY, TimeInForce.GTC, LOT, 109_000);
        take();
        cancel(1);
        assertEquals(List.of(Report.cancelled(1, 1, "")), take());
        assertEquals(0, venue.restingOrders());
        cancel(1);
        assertEquals(List.of(Report.rejected(1, 10013, "order not found")), take());

        market(2, Side.BUY, TimeInForce.GTC, LOT);
        assertEquals(List.of(Report.fill(2, 2, 1, LOT, 110_020)), take());
        cancel(2);
        assertEquals(List.of(Report.rejected(2, 10013, "order not found")), take(), "already filled");
    }

    @Test
    void modifyUpdatesTheRestingOrderThenItFills()
    {
        start(VenueSettings.defaults());
        tick(110_000, 110_020);
        limit(1, Side.BUY, TimeInForce.GTC, 2 * LOT, 109_900);
        assertEquals(List.of(Report.accepted(1, 1)), take());
        modify(1, LOT, 110_000, 0);
        assertEquals(List.of(Report.accepted(1, 1)), take());
        tick(109_990, 110_010);
        assertEquals(List.of(), take());
        tick(109_980, 110_000);
        assertEquals(List.of(Report.fill(1, 1, 1, LOT, 110_000)), take(), "the new price and the new leaves");

        limit(2, Side.SELL, TimeInForce.GTC, LOT, 110_500);
        take();
        modify(2, 3 * LOT, 109_900, 0);
        assertEquals(List.of(Report.accepted(2, 2), Report.fill(2, 2, 2, 3 * LOT, 109_980)), take(),
            "marketable after the modify: filled at once");

        modify(2, LOT, 110_000, 0);
        assertEquals(List.of(Report.rejected(2, 10013, "order not found")), take());
    }

    @Test
    void modifyOfAStopCanTriggerIt()
    {
        start(VenueSettings.defaults());
        tick(110_000, 110_020);
        newOrder(1, Side.SELL, OrderType.STOP, TimeInForce.GTC, LOT, 0, 109_500);
        take();
        modify(1, LOT, 0, 110_000);
        assertEquals(List.of(Report.accepted(1, 1), Report.fill(1, 1, 1, LOT, 110_000)), take());
    }

    // ---------------------------------------------------------------- expiry

    @Test
    void dayOrderExpiresOnTheFirstTickAtTheNextUtcMidnight()
    {
        start(VenueSettings.defaults());
        tickAt(EURUSD, Instant.parse("2024-03-05T23:59:00Z").toEpochMilli(), 110_000, 110_020);
        limit(1, Side.BUY, TimeInForce.DAY, LOT, 109_000);
        limit(2, Side.BUY, TimeInForce.GTC, LOT, 109_000);
        assertEquals(List.of(Report.accepted(1, 1), Report.accepted(2, 2)), take());
        tickAt(EURUSD, Instant.parse("2024-03-05T23:59:59.999Z").toEpochMilli(), 110_000, 110_020);
        input(inputs.accountUpdate(buffer, 0, 1, 100, "USD", 1, 100));
        assertEquals(List.of(), take());
        tickAt(EURUSD, Instant.parse("2024-03-06T00:00:00Z").toEpochMilli(), 108_980, 108_990);
        assertEquals(List.of(Report.expired(1, 1, "DAY: expired at midnight UTC"), Report.fill(2, 2, 1, LOT, 108_990)),
            take(), "the DAY order expires before the tick could fill it; the GTC one fills");
        assertEquals(0, venue.restingOrders());
    }

    @Test
    void orderWithExpiryTimeExpiresOnTheFirstInputAtThatTime()
    {
        start(VenueSettings.defaults());
        tick(110_000, 110_020);
        final long expiryNs = (timeMsc + 5_000) * MS;
        route(RouteAction.NEW, 1, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, LOT, 109_000, 0, expiryNs);
        assertEquals(List.of(Report.accepted(1, 1)), take());
        timeMsc += 4_999;
        input(inputs.accountUpdate(buffer, 0, 1, 100, "USD", 1, 100));
        assertEquals(List.of(), take());
        timeMsc += 1;
        input(inputs.accountUpdate(buffer, 0, 1, 100, "USD", 1, 100));
        assertEquals(List.of(Report.expired(1, 1, "expiry time reached")), take(), "any input carries the time");
        assertEquals(0, venue.restingOrders());
    }

    // ---------------------------------------------------------------- commission

    @Test
    void commissionIsProRataPerLotRoundedHalfEven()
    {
        start(new VenueSettings(5, 0)); // 0.000005 per lot: the fractions below are exact halves
        tick(110_000, 110_020);
        final long[] quantities = {1_000, 3_000, 5_000, 7_000, 10_000};
        final long[] expected = {0, 2, 2, 4, 5}; // 0.5 -> 0, 1.5 -> 2, 2.5 -> 2, 3.5 -> 4, 5
        for (int i = 0; i < quantities.length; i++)
        {
            market(i + 1, Side.BUY, TimeInForce.GTC, quantities[i]);
            final Report fill = take().get(0);
            assertEquals(quantities[i], fill.lastQuantity());
            assertEquals(expected[i], fill.commission(), "commission for quantity " + quantities[i]);
        }

        start(new VenueSettings(7_000_000, 0)); // 7.00 per lot
        tick(110_000, 110_020);
        market(1, Side.SELL, TimeInForce.GTC, 25_000);
        assertEquals(List.of(new Report(1, ExecType.FILL, 1, 1, 25_000, 110_000, 17_500_000, 0, "")), take());
        market(2, Side.SELL, TimeInForce.GTC, 1);
        assertEquals(700, take().get(0).commission(), "0.0001 lot pays 0.0007");
    }

    @Test
    void settingsRefuseNegativeValues()
    {
        assertThrows(IllegalArgumentException.class, () -> new VenueSettings(-1, 0));
        assertThrows(IllegalArgumentException.class, () -> new VenueSettings(0, -1));
        assertEquals(new VenueSettings(0, 0), VenueSettings.defaults());
    }

    // ---------------------------------------------------------------- restart reconciliation

    @Test
    void restoreReplaysPendingNewOrdersAndRestsWorkingOnesSilently()
    {
        start(VenueSettings.defaults());
        tick(110_000, 110_020);
        venue.restoreOrder(new RestoredOrder(7, EURUSD, Side.BUY, OrderType.LIMIT, TimeInForce.GTC,
            OrderStatus.WORKING, LOT, 109_900, 0, 0, 40));
        venue.restoreOrder(new RestoredOrder(8, EURUSD, Side.SELL, OrderType.LIMIT, TimeInForce.GTC,
            OrderStatus.PARTIALLY_FILLED, 2 * LOT, 110_500, 0, 0, 41));
        assertEquals(List.of(), take(), "working orders rest silently");
        assertEquals(2, venue.restingOrders());

        venue.restoreOrder(new RestoredOrder(9, EURUSD, Side.BUY, OrderType.LIMIT, TimeInForce.GTC,
            OrderStatus.PENDING_NEW, LOT, 110_050, 0, 0, 0));
        assertEquals(List.of(Report.accepted(9, 42), Report.fill(9, 42, 1, LOT, 110_020)), take(),
            "pending new: handled as a new request; venue ids continue above the restored ones");
        venue.restoreOrder(new RestoredOrder(10, EURUSD, Side.SELL, OrderType.MARKET, TimeInForce.GTC,
            OrderStatus.PENDING_NEW, LOT, 0, 0, 0, 0));
        assertEquals(List.of(Report.fill(10, 43, 2, LOT, 110_000)), take());
        venue.restoreOrder(new RestoredOrder(11, EURUSD, Side.SELL, OrderType.LIMIT, TimeInForce.GTC,
            OrderStatus.PENDING_CANCEL, LOT, 111_000, 0, 0, 12));
        assertEquals(List.of(Report.cancelled(11, 12, "")), take(), "pending cancel: cancelled");

        venue.restoreOrder(new RestoredOrder(7, EURUSD, Side.BUY, OrderType.LIMIT, TimeInForce.GTC,
            OrderStatus.WORKING, LOT, 109_900, 0, 0, 40));
        assertEquals(2, venue.restingOrders(), "an order the venue still holds is not doubled");

        tick(109_880, 109_900);
        assertEquals(List.of(Report.fill(7, 40, 3, LOT, 109_900)), take(), "the restored order works as before");
        venue.restoreOrder(new RestoredOrder(8, EURUSD, Side.SELL, OrderType.LIMIT, TimeInForce.GTC,
            OrderStatus.PENDING_MODIFY, LOT, 109_880, 0, 0, 41));
        assertEquals(List.of(Report.accepted(8, 41), Report.fill(8, 41, 4, LOT, 109_880)), take(),
            "pending modify: acknowledged with the requested values");

        limit(12, Side.BUY, TimeInForce.GTC, LOT, 100_000);
        assertEquals(List.of(Report.accepted(12, 44)), take());
        assertThrows(IllegalArgumentException.class, () -> venue.restoreOrder(new RestoredOrder(13, EURUSD, Side.BUY,
            OrderType.LIMIT, TimeInForce.GTC, OrderStatus.FILLED, LOT, 100_000, 0, 0, 0)));
        assertThrows(IllegalArgumentException.class, () -> venue.restoreOrder(new RestoredOrder(13, EURUSD, Side.BUY,
            OrderType.LIMIT, TimeInForce.GTC, OrderStatus.WORKING, 0, 100_000, 0, 0, 0)));
    }

    @Test
    void restoredDayOrderEndsAtTheMidnightAfterTheFirstTickWhenTheVenueKnowsNoTimeYet()
    {
        venue = new SimulatedVenue(VenueSettings.defaults(), this::capture);
        venue.restoreOrder(new RestoredOrder(1, EURUSD, Side.BUY, OrderType.LIMIT, TimeInForce.DAY,
            OrderStatus.WORKING, LOT, 100_000, 0, 0, 5));
        tickAt(EURUSD, Instant.parse("2024-03-05T23:00:00Z").toEpochMilli(), 110_000, 110_020);
        assertEquals(List.of(), take());
        tickAt(EURUSD, Instant.parse("2024-03-06T00:00:00Z").toEpochMilli(), 110_000, 110_020);
        assertEquals(List.of(Report.expired(1, 5, "DAY: expired at midnight UTC")), take());
    }

    @Test
    void quotesReplayedUnderOneSequenceAfterARestartAreAllLearned()
    {
        venue = new SimulatedVenue(VenueSettings.defaults(), this::capture);
        final long engineTimeNs = timeMsc * MS;
        int length = inputs.marketTick(buffer, 0, EURUSD, timeMsc, 110_000, 110_020, 0, 0, 6);
        venue.onInput(500, engineTimeNs, buffer, 0, length);
        length = inputs.marketTick(buffer, 0, GBPUSD, timeMsc, 126_000, 126_020, 0, 0, 6);
        venue.onInput(500, engineTimeNs, buffer, 0, length);
        market(1, Side.BUY, TimeInForce.GTC, LOT);
        assertEquals(List.of(Report.fill(1, 1, 1, LOT, 110_020)), take());
        routedEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder).timeNs(engineTimeNs).orderId(2)
            .instrumentId(GBPUSD).action(RouteAction.NEW).side(Side.SELL).orderType(OrderType.MARKET)
            .timeInForce(TimeInForce.GTC).quantity(LOT);
        venue.onOutput(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + routedEncoder.encodedLength());
        assertEquals(List.of(Report.fill(2, 2, 2, LOT, 126_000)), take());
    }

    // ---------------------------------------------------------------- robustness and determinism

    @Test
    void ignoresOtherOutputsAndInputsStampedBeforeTheClock()
    {
        start(VenueSettings.defaults());
        tick(110_000, 110_020);
        limit(1, Side.BUY, TimeInForce.GTC, LOT, 109_000);
        take();
        new OrderAcceptedEncoder().wrapAndApplyHeader(buffer, 0, headerEncoder).orderId(1);
        venue.onOutput(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + OrderAcceptedEncoder.BLOCK_LENGTH);
        venue.onOutput(buffer, 0, 3);
        final int length = inputs.marketTick(buffer, 0, EURUSD, timeMsc, 108_000, 108_010, 0, 0, 0);
        venue.onInput(++sequence, (timeMsc - 1) * MS, buffer, 0, length);
        assertEquals(List.of(), take(), "the engine refuses an input stamped before its clock, so does the venue");
        assertEquals(1, venue.restingOrders());
    }

    @Test
    void sameCallsGiveTheSameReportsByteForByte()
    {
        final List<byte[]> first = scenario();
        final List<byte[]> second = scenario();
        assertEquals(first.size(), second.size());
        assertTrue(first.size() > 10);
        for (int i = 0; i < first.size(); i++)
        {
            assertTrue(Arrays.equals(first.get(i), second.get(i)), "report " + i);
        }
    }

    private List<byte[]> scenario()
    {
        rawReports.clear();
        sequence = 0;
        timeMsc = START_MSC;
        start(new VenueSettings(3_500_000, 2 * LOT));
        tick(110_000, 110_020);
        for (int i = 1; i <= 20; i++)
        {
            final Side side = i % 2 == 0 ? Side.BUY : Side.SELL;
            limit(i, side, TimeInForce.GTC, (i % 5 + 1) * LOT, side == Side.BUY ? 110_000 - i : 110_020 + i);
        }
        market(21, Side.BUY, TimeInForce.GTC, 5 * LOT);
        for (int i = 0; i < 10; i++)
        {
            tick(109_950 + i * 13, 109_990 - i * 7);
        }
        cancel(3);
        final List<byte[]> copy = new ArrayList<>(rawReports);
        rawReports.clear();
        reports.clear();
        return copy;
    }

    @Test
    void sinkMayCallBackIntoTheVenue()
    {
        final List<Report> seen = new ArrayList<>();
        final UnsafeBuffer request = new UnsafeBuffer(new byte[256]);
        final SimulatedVenue[] holder = new SimulatedVenue[1];
        holder[0] = new SimulatedVenue(VenueSettings.defaults(), (b, o, l) ->
        {
            headerDecoder.wrap(b, o);
            reportDecoder.wrapAndApplyHeader(b, o, headerDecoder);
            seen.add(new Report(reportDecoder.orderId(), reportDecoder.execType(), reportDecoder.venueOrderId(),
                reportDecoder.dealId(), reportDecoder.lastQuantity(), reportDecoder.lastPrice(), 0, 0, ""));
            if (reportDecoder.orderId() == 1 && reportDecoder.execType() == ExecType.ACCEPTED)
            {
                // like an engine fed synchronously: the ack leads to a cancel request for another order
                routedEncoder.wrapAndApplyHeader(request, 0, headerEncoder).orderId(2).action(RouteAction.CANCEL)
                    .side(Side.BUY).orderType(OrderType.LIMIT).timeInForce(TimeInForce.GTC);
                holder[0].onOutput(request, 0, MessageHeaderEncoder.ENCODED_LENGTH + routedEncoder.encodedLength());
            }
        });
        venue = holder[0];
        tick(110_000, 110_020);
        limit(2, Side.BUY, TimeInForce.GTC, LOT, 100_000);
        limit(1, Side.BUY, TimeInForce.GTC, LOT, 110_050);
        assertEquals(List.of(
            Report.accepted(2, 1),
            Report.accepted(1, 2),
            Report.fill(1, 2, 1, LOT, 110_020),
            Report.cancelled(2, 1, "")), seen);
        assertEquals(0, venue.restingOrders());
    }
}
