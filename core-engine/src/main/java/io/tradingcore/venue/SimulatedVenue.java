package io.tradingcore.venue;

import io.tradingcore.codec.DefineInstrumentDecoder;
import io.tradingcore.codec.ExecType;
import io.tradingcore.codec.MarketTickDecoder;
import io.tradingcore.codec.MessageHeaderDecoder;
import io.tradingcore.codec.OrderRoutedDecoder;
import io.tradingcore.codec.OrderType;
import io.tradingcore.codec.RouteAction;
import io.tradingcore.codec.Side;
import io.tradingcore.codec.TimeInForce;
import io.tradingcore.domain.FixedPoint;
import io.tradingcore.messages.InputMessages;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.collections.Int2ObjectHashMap;

import java.nio.ByteOrder;
import java.util.Objects;

/**
 * A simulated venue that fills at the touch: buys at the ask, sells at the bid. Backtests and the
 * terminal simulator route the engine's orders here instead of to a real MT5 server.
 *
 * <p>It lives outside the engine. It watches the engine's input stream ({@link #onInput}: instruments,
 * quotes and time) and its output stream ({@link #onOutput}: {@code OrderRouted} requests), and answers
 * with encoded {@code ExecutionReport} inputs to an {@link ExecutionReportSink}; those go back into the
 * engine as journaled inputs like any other, so replay never needs the venue.
 *
 * <p>What it does with each request:
 * <ul>
 *   <li>NEW MARKET: fills at once at the touch, no ACCEPTED first. Without a quote: REJECTED with
 *       {@link Mt5ReturnCode#PRICE_OFF}.</li>
 *   <li>NEW LIMIT, STOP, STOP_LIMIT: ACCEPTED with a venue order id, then works. A limit fills when
 *       marketable (buy: ask at or below the limit; sell: bid at or above). A stop triggers when a buy's ask
 *       reaches the stop from below or a sell's bid reaches it from above; a STOP then fills like a market
 *       order, a STOP_LIMIT rests as a limit at its price.</li>
 *   <li>IOC and FOK are decided when the order becomes active (on arrival, or when a stop triggers): IOC
 *       fills what it can now and is CANCELLED for the rest; FOK fills whole now or is CANCELLED unfilled.</li>
 *   <li>{@link VenueSettings#maxFillQuantity()} caps each fill per order; what is left of a GTC or DAY order
 *       fills on the following ticks (PARTIAL_FILL, then FILL).</li>
 *   <li>CANCEL: CANCELLED; MODIFY: the order takes the new leaves quantity, price and stop, ACCEPTED, and is
 *       checked against the touch again. Either for an order the venue does not hold (already filled,
 *       expired): REJECTED with {@link Mt5ReturnCode#INVALID_REQUEST} and "order not found".</li>
 *   <li>EXPIRED: a DAY order on the first tick whose time reaches the next UTC midnight after the order
 *       was routed; an order with an expiry time on the first input whose time reaches it.</li>
 * </ul>
 * {@link VenueSettings#slippagePoints()} moves MARKET fills and triggered STOP fills against the order (buys
 * at ask + slippage, sells at bid - slippage, never below one point); limit fills stay at the touch.
 * On each input, expiries come first, then the ticked instrument's orders are matched, both in engine order
 * id order. Every fill carries a new deal id and {@code commissionPerLot * quantity / 10,000} rounded
 * half-even. venueCode is 0 except on REJECTED.
 *
 * <p>It is deterministic: the same calls give the same reports, byte for byte. Time comes only from the
 * inputs, ids from counters. Reports made while handling one call are handed to the sink at the end of that
 * call, so a sink that feeds the engine synchronously (and so calls back into this venue) sees a consistent
 * venue. Single-threaded: call it from one thread only. An input stamped before the venue's clock is ignored,
 * as the engine ignores it; the sequence is not used for decisions.
 */
public final class SimulatedVenue
{
    static final long NANOS_PER_DAY = 86_400_000_000_000L;
    static final long MILLIS_PER_DAY = 86_400_000L;

    static final String ORDER_NOT_FOUND = "order not found";
    static final String INVALID_QUANTITY = "quantity must be positive";
    static final String INVALID_REQUEST = "side, order type and time in force must be valid";
    static final String IOC_NOT_MARKETABLE = "IOC: not marketable";
    static final String FOK_NOT_MARKETABLE = "FOK: not marketable";
    static final String IOC_REMAINDER = "IOC: remainder cancelled";
    static final String FOK_NOT_FILLABLE = "FOK: cannot fill in full";
    static final String DAY_ENDED = "DAY: expired at midnight UTC";
    static final String EXPIRY_REACHED = "expiry time reached";

    private final long commissionPerLot;
    private final long maxFillQuantity;
    private final long slippagePoints;
    private final ExecutionReportSink sink;
    private final InputMessages messages = new InputMessages();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final MarketTickDecoder tick = new MarketTickDecoder();
    private final DefineInstrumentDecoder instrument = new DefineInstrumentDecoder();
    private final OrderRoutedDecoder routed = new OrderRoutedDecoder();
    private final Int2ObjectHashMap<InstrumentQuote> quotes = new Int2ObjectHashMap<>();
    private final RestingOrders orders = new RestingOrders();
    private final ExpandableArrayBuffer outbox = new ExpandableArrayBuffer(1024);
    private int outboxLength;
    private boolean delivering;

    /** The latest input time, epoch ns: the clock of expiry times. */
    private long timeNs;
    /** The latest tick time seen, epoch ms: the clock of DAY orders. */
    private long marketTimeMsc = Long.MIN_VALUE;
    private long nextVenueOrderId = 1;
    private long nextDealId = 1;

    public SimulatedVenue(final VenueSettings settings, final ExecutionReportSink sink)
    {
        Objects.requireNonNull(settings, "settings");
        this.sink = Objects.requireNonNull(sink, "sink");
        commissionPerLot = settings.commissionPerLot();
        maxFillQuantity = settings.maxFillQuantity();
        slippagePoints = settings.slippagePoints();
    }

    /**
     * Every input the engine processed, in order (SBE message incl. header). Learns quotes from MarketTick;
     * triggers resting limit/stop orders and expiries on each tick.
     */
    public void onInput(final long sequence, final long timeNs, final DirectBuffer buffer, final int offset,
        final int length)
    {
        if (timeNs < this.timeNs)
        {
            return; // the engine refuses an input stamped before its clock, so nothing happened
        }
        this.timeNs = timeNs;
        InstrumentQuote ticked = null;
        int tickedInstrumentId = 0;
        final int bodyOffset = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        if (isOwnMessage(buffer, offset, length))
        {
            switch (header.templateId())
            {
                case MarketTickDecoder.TEMPLATE_ID:
                    tick.wrap(buffer, bodyOffset, header.blockLength(), header.version());
                    ticked = onTick(tick);
                    tickedInstrumentId = tick.instrumentId();
                    break;
                case DefineInstrumentDecoder.TEMPLATE_ID:
                    instrument.wrap(buffer, bodyOffset, header.blockLength(), header.version());
                    quote(instrument.instrumentId()).tickSize = instrument.tickSize();
                    break;
                default:
                    break;
            }
        }
        expire(ticked != null);
        if (ticked != null)
        {
            match(tickedInstrumentId, ticked);
        }
        deliver();
    }

    /** Every output message the engine emitted (SBE incl. header); acts on OrderRouted, ignores the rest. */
    public void onOutput(final DirectBuffer buffer, final int offset, final int length)
    {
        if (!isOwnMessage(buffer, offset, length) || header.templateId() != OrderRoutedDecoder.TEMPLATE_ID)
        {
            return;
        }
        final OrderRoutedDecoder request = routed.wrap(
            buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
        final RouteAction action = request.action();
        if (action == RouteAction.NEW)
        {
            onNewRequest(request.orderId(), request.instrumentId(), request.side(), request.orderType(),
                request.timeInForce(), request.quantity(), request.price(), request.stopPrice(),
                request.expiryTimeNs(), nextMidnightMsc(Math.floorDiv(request.timeNs(), NANOS_PER_DAY)), 0);
        }
        else if (action == RouteAction.CANCEL)
        {
            onCancelRequest(request.orderId());
        }
        else if (action == RouteAction.MODIFY)
        {
            onModifyRequest(request.orderId(), request.quantity(), request.price(), request.stopPrice());
        }
        deliver();
    }

    /**
     * Issues venue order ids and deal ids from {@code firstId} on (or above the ids it already issued): a venue
     * started again must not hand out the tickets of its earlier life, as an MT5 server never reuses one, or a deal
     * would look like a repeat of an old one to whoever drops repeated deal tickets.
     */
    public void issueIdsFrom(final long firstId)
    {
        nextVenueOrderId = Math.max(nextVenueOrderId, firstId);
        nextDealId = Math.max(nextDealId, firstId);
    }

    /**
     * After an engine restart: re-create an order the engine still believes is live (reconciliation);
     * PENDING_NEW ones are treated as new requests, PENDING_CANCEL as cancel requests, PENDING_MODIFY as
     * modify requests to the given quantity and prices, working ones rest silently. An order the venue still
     * holds is not doubled. A restored stop is taken as not yet triggered; a restored DAY order ends at the
     * midnight after the venue's current time.
     *
     * @throws IllegalArgumentException for an order in a final status or with no open quantity.
     */
    public void restoreOrder(final RestoredOrder order)
    {
        Objects.requireNonNull(order, "order");
        if (order.leavesQuantity() <= 0)
        {
            throw new IllegalArgumentException("order " + order.orderId() + " has no open quantity to restore");
        }
        switch (order.status())
        {
            case PENDING_NEW:
                onNewRequest(order.orderId(), order.instrumentId(), order.side(), order.orderType(),
                    order.timeInForce(), order.leavesQuantity(), order.price(), order.stopPrice(),
                    order.expiryTimeNs(), dayEndFromNow(), order.venueOrderId());
                break;
            case WORKING:
            case PARTIALLY_FILLED:
                restingFrom(order);
                break;
            case PENDING_CANCEL:
                restingFrom(order);
                onCancelRequest(order.orderId());
                break;
            case PENDING_MODIFY:
                restingFrom(order);
                onModifyRequest(order.orderId(), order.leavesQuantity(), order.price(), order.stopPrice());
                break;
            default:
                throw new IllegalArgumentException("order " + order.orderId() + " is " + order.status() +
                    ": only live orders are restored");
        }
        deliver();
    }

    public int restingOrders()
    {
        return orders.size();
    }

    // ---------------------------------------------------------------- inputs

    private boolean isOwnMessage(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            return false;
        }
        header.wrap(buffer, offset);
        return header.schemaId() == MessageHeaderDecoder.SCHEMA_ID &&
            MessageHeaderDecoder.ENCODED_LENGTH + header.blockLength() <= length;
    }

    private InstrumentQuote quote(final int instrumentId)
    {
        InstrumentQuote quote = quotes.get(instrumentId);
        if (quote == null)
        {
            quote = new InstrumentQuote();
            quotes.put(instrumentId, quote);
        }
        return quote;
    }

    /** The instrument's quote if the engine would have taken this tick (the same checks), else null. */
    private InstrumentQuote onTick(final MarketTickDecoder tick)
    {
        final long bid = tick.bid();
        final long ask = tick.ask();
        final long timeMsc = tick.timeMsc();
        final InstrumentQuote quote = quote(tick.instrumentId());
        final long tickSize = quote.tickSize;
        if (bid <= 0 || ask <= 0 || (tickSize > 0 && (bid % tickSize != 0 || ask % tickSize != 0)) ||
            timeMsc < quote.timeMsc)
        {
            return null;
        }
        quote.bid = bid;
        quote.ask = ask;
        quote.timeMsc = timeMsc;
        quote.hasQuote = true;
        marketTimeMsc = Math.max(marketTimeMsc, timeMsc);
        return quote;
    }

    private void expire(final boolean ticked)
    {
        for (int i = 0; i < orders.size(); )
        {
            final VenueOrder order = orders.get(i);
            String reason = null;
            if (order.expiryTimeNs != 0 && timeNs >= order.expiryTimeNs)
            {
                reason = EXPIRY_REACHED;
            }
            else if (ticked && order.dayEndMsc != VenueOrder.NO_DAY_END)
            {
                if (order.dayEndMsc == VenueOrder.DAY_END_UNKNOWN)
                {
                    order.dayEndMsc = nextMidnightMsc(Math.floorDiv(marketTimeMsc, MILLIS_PER_DAY));
                }
                else if (marketTimeMsc >= order.dayEndMsc)
                {
                    reason = DAY_ENDED;
                }
            }
            if (reason != null)
            {
                report(order, ExecType.EXPIRED, 0, 0, 0, 0, 0, reason);
                orders.removeAt(i);
            }
            else
            {
                i++;
            }
        }
    }

    private void match(final int instrumentId, final InstrumentQuote quote)
    {
        for (int i = 0; i < orders.size(); )
        {
            final VenueOrder order = orders.get(i);
            if (order.instrumentId == instrumentId && work(order, quote, false))
            {
                orders.removeAt(i);
            }
            else
            {
                i++;
            }
        }
    }

    // ---------------------------------------------------------------- requests

    private void onNewRequest(
        final long orderId, final int instrumentId, final Side side, final OrderType orderType,
        final TimeInForce timeInForce, final long quantity, final long price, final long stopPrice,
        final long expiryTimeNs, final long dayEndMsc, final long venueOrderId)
    {
        final VenueOrder known = orders.find(orderId);
        if (known != null)
        {
            // the same request again (re-sent after a restart): acknowledge, never double the order
            report(known, ExecType.ACCEPTED, 0, 0, 0, 0, 0, "");
            return;
        }
        if (!isValid(side) || orderType == null || orderType == OrderType.NULL_VAL ||
            timeInForce == null || timeInForce == TimeInForce.NULL_VAL)
        {
            reject(orderId, Mt5ReturnCode.INVALID_REQUEST, INVALID_REQUEST);
            return;
        }
        if (quantity <= 0)
        {
            reject(orderId, Mt5ReturnCode.INVALID_VOLUME, INVALID_QUANTITY);
            return;
        }
        final InstrumentQuote quote = quotes.get(instrumentId);
        if (orderType == OrderType.MARKET && (quote == null || !quote.hasQuote))
        {
            reject(orderId, Mt5ReturnCode.PRICE_OFF, "no quote for instrument " + instrumentId);
            return;
        }
        final VenueOrder order = orders.add(orderId);
        order.venueOrderId = venueOrderId != 0 ? venueOrderId : nextVenueOrderId;
        nextVenueOrderId = Math.max(nextVenueOrderId, order.venueOrderId + 1);
        order.instrumentId = instrumentId;
        order.side = side;
        order.orderType = orderType;
        order.timeInForce = timeInForce;
        order.leavesQuantity = quantity;
        order.price = price;
        order.stopPrice = stopPrice;
        order.expiryTimeNs = expiryTimeNs;
        order.dayEndMsc = timeInForce == TimeInForce.DAY ? dayEndMsc : VenueOrder.NO_DAY_END;
        if (orderType != OrderType.MARKET)
        {
            report(order, ExecType.ACCEPTED, 0, 0, 0, 0, 0, "");
        }
        if (work(order, quote, true))
        {
            orders.remove(order);
        }
    }

    private void onCancelRequest(final long orderId)
    {
        final int index = orders.indexOf(orderId);
        if (index < 0)
        {
            reject(orderId, Mt5ReturnCode.INVALID_REQUEST, ORDER_NOT_FOUND);
            return;
        }
        report(orders.get(index), ExecType.CANCELLED, 0, 0, 0, 0, 0, "");
        orders.removeAt(index);
    }

    private void onModifyRequest(final long orderId, final long leavesQuantity, final long price, final long stopPrice)
    {
        final VenueOrder order = orders.find(orderId);
        if (order == null)
        {
            reject(orderId, Mt5ReturnCode.INVALID_REQUEST, ORDER_NOT_FOUND);
            return;
        }
        if (leavesQuantity <= 0)
        {
            report(order, ExecType.REJECTED, 0, 0, 0, 0, Mt5ReturnCode.INVALID_VOLUME, INVALID_QUANTITY);
            return;
        }
        order.leavesQuantity = leavesQuantity;
        order.price = price;
        order.stopPrice = stopPrice;
        report(order, ExecType.ACCEPTED, 0, 0, 0, 0, 0, "");
        if (work(order, quotes.get(order.instrumentId), false))
        {
            orders.remove(order);
        }
    }

    /** Re-creates a restored order as resting, without a report, unless the venue still holds it. */
    private void restingFrom(final RestoredOrder restored)
    {
        if (orders.find(restored.orderId()) != null)
        {
            return;
        }
        final VenueOrder order = orders.add(restored.orderId());
        order.venueOrderId = restored.venueOrderId() != 0 ? restored.venueOrderId() : nextVenueOrderId;
        nextVenueOrderId = Math.max(nextVenueOrderId, order.venueOrderId + 1);
        order.instrumentId = restored.instrumentId();
        order.side = restored.side();
        order.orderType = restored.orderType();
        order.timeInForce = restored.timeInForce();
        order.leavesQuantity = restored.leavesQuantity();
        order.price = restored.price();
        order.stopPrice = restored.stopPrice();
        order.expiryTimeNs = restored.expiryTimeNs();
        order.dayEndMsc = restored.timeInForce() == TimeInForce.DAY ? dayEndFromNow() : VenueOrder.NO_DAY_END;
    }

    // ---------------------------------------------------------------- matching

    /**
     * Works one order against the touch: triggers a stop, fills what the order and the cap allow, and applies
     * IOC/FOK when the order becomes active ({@code activating} on arrival; a trigger also activates).
     *
     * @return true when the order is done (filled or cancelled) and must leave the book.
     */
    private boolean work(final VenueOrder order, final InstrumentQuote quote, final boolean activating)
    {
        final boolean quoted = quote != null && quote.hasQuote;
        boolean active = activating;
        if (order.isStop() && !order.triggered)
        {
            if (!quoted || !order.stopReached(quote.bid, quote.ask))
            {
                return false;
            }
            order.triggered = true;
            active = true;
        }
        final boolean immediate = order.timeInForce == TimeInForce.IOC || order.timeInForce == TimeInForce.FOK;
        if (!quoted || (!order.isMarketLike() && !order.limitReached(quote.bid, quote.ask)))
        {
            if (active && immediate)
            {
                report(order, ExecType.CANCELLED, 0, 0, 0, 0, 0,
                    order.timeInForce == TimeInForce.IOC ? IOC_NOT_MARKETABLE : FOK_NOT_MARKETABLE);
                return true;
            }
            return false;
        }
        final long fillable = maxFillQuantity == 0 ? order.leavesQuantity :
            Math.min(order.leavesQuantity, maxFillQuantity);
        if (active && order.timeInForce == TimeInForce.FOK && fillable < order.leavesQuantity)
        {
            report(order, ExecType.CANCELLED, 0, 0, 0, 0, 0, FOK_NOT_FILLABLE);
            return true;
        }
        fill(order, fillable, fillPrice(order, quote));
        if (order.leavesQuantity == 0)
        {
            return true;
        }
        if (active && immediate)
        {
            report(order, ExecType.CANCELLED, 0, 0, 0, 0, 0, IOC_REMAINDER);
            return true;
        }
        return false;
    }

    private long fillPrice(final VenueOrder order, final InstrumentQuote quote)
    {
        final long slippage = order.isMarketLike() ? slippagePoints : 0;
        return order.side == Side.BUY ? quote.ask + slippage : Math.max(1, quote.bid - slippage);
    }

    private void fill(final VenueOrder order, final long quantity, final long price)
    {
        order.leavesQuantity -= quantity;
        final long commission = FixedPoint.multiplyDivide(commissionPerLot, quantity, FixedPoint.QUANTITY_ONE);
        report(order, order.leavesQuantity == 0 ? ExecType.FILL : ExecType.PARTIAL_FILL, nextDealId++, quantity,
            price, commission, 0, "");
    }

    // ---------------------------------------------------------------- reports

    private void reject(final long orderId, final int venueCode, final String text)
    {
        append(orderId, ExecType.REJECTED, 0, 0, 0, 0, 0, venueCode, text);
    }

    private void report(
        final VenueOrder order, final ExecType execType, final long dealId, final long lastQuantity,
        final long lastPrice, final long commission, final int venueCode, final String text)
    {
        append(order.orderId, execType, order.venueOrderId, dealId, lastQuantity, lastPrice, commission, venueCode,
            text);
    }

    /** Queues a report, framed by a length, for {@link #deliver()}. */
    private void append(
        final long orderId, final ExecType execType, final long venueOrderId, final long dealId,
        final long lastQuantity, final long lastPrice, final long commission, final int venueCode, final String text)
    {
        final int messageOffset = outboxLength + Integer.BYTES;
        outbox.checkLimit(messageOffset + 128 + text.length() * 3);
        final int length = messages.executionReport(outbox, messageOffset, orderId, execType, venueOrderId, dealId,
            lastQuantity, lastPrice, commission, venueCode, text);
        outbox.putInt(outboxLength, length, ByteOrder.LITTLE_ENDIAN);
        outboxLength = messageOffset + length;
    }

    /**
     * Hands the queued reports to the sink. A sink that calls back into the venue queues more reports, which
     * this same loop then delivers, in order.
     */
    private void deliver()
    {
        if (delivering)
        {
            return;
        }
        delivering = true;
        try
        {
            int position = 0;
            while (position < outboxLength)
            {
                final int length = outbox.getInt(position, ByteOrder.LITTLE_ENDIAN);
                sink.onReport(outbox, position + Integer.BYTES, length);
                position += Integer.BYTES + length;
            }
        }
        finally
        {
            outboxLength = 0;
            delivering = false;
        }
    }

    // ---------------------------------------------------------------- time

    private static boolean isValid(final Side side)
    {
        return side == Side.BUY || side == Side.SELL;
    }

    /** Epoch ms of the midnight (UTC) that ends the given epoch day. */
    private static long nextMidnightMsc(final long epochDay)
    {
        return (epochDay + 1) * MILLIS_PER_DAY;
    }

    private long dayEndFromNow()
    {
        if (timeNs > 0)
        {
            return nextMidnightMsc(Math.floorDiv(timeNs, NANOS_PER_DAY));
        }
        return VenueOrder.DAY_END_UNKNOWN;
    }
}
