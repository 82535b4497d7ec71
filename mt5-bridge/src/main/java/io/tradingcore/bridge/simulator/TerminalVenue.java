package io.tradingcore.bridge.simulator;

import io.tradingcore.bridge.protocol.Frame;
import io.tradingcore.bridge.protocol.TerminalSymbol;
import io.tradingcore.codec.ExecType;
import io.tradingcore.codec.ExecutionReportDecoder;
import io.tradingcore.codec.MessageHeaderDecoder;
import io.tradingcore.codec.MessageHeaderEncoder;
import io.tradingcore.codec.OrderRoutedEncoder;
import io.tradingcore.codec.OrderType;
import io.tradingcore.codec.RouteAction;
import io.tradingcore.codec.Side;
import io.tradingcore.codec.TimeInForce;
import io.tradingcore.messages.InputMessages;
import io.tradingcore.venue.Mt5ReturnCode;
import io.tradingcore.venue.SimulatedVenue;
import io.tradingcore.venue.VenueSettings;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.LongHashSet;

import java.util.List;

/**
 * The MT5 trade server behind the simulated terminal: a {@link SimulatedVenue} that sees the ticks the
 * terminal sends (as SBE MarketTick inputs, instrument id = symbol index) and the ORDERs it receives (as SBE
 * OrderRouted requests), and whose ExecutionReports become the terminal's executions. It checks the volume
 * against the symbol's specification and applies the fill policy the EA chooses (PROTOCOL.md, ORDER): market
 * and stop orders fill by the symbol's filling modes, a GTC or DAY limit rests as under RETURN. Single-threaded.
 */
final class TerminalVenue
{
    /** Receives each execution the venue reports, in order. */
    @FunctionalInterface
    interface ExecutionListener
    {
        void onExecution(long orderId, int execType, int retcode, long venueOrderId, long dealId, long lastQuantity,
            long lastPrice, long commission, String text);
    }

    private static final long NO_ORDER = -1;
    private static final int MARKET = 0;
    private static final int STOP = 2;

    private final List<ReplayedSymbol> symbols;
    private final long offsetMillis;
    private final int tenantId;
    private final long accountId;
    private final NetPositions positions;
    private final ExecutionListener listener;
    private final SimulatedVenue venue;
    private final InputMessages messages = new InputMessages();
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final OrderRoutedEncoder routed = new OrderRoutedEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final ExecutionReportDecoder report = new ExecutionReportDecoder();
    private final ExpandableArrayBuffer message = new ExpandableArrayBuffer(256);
    /** Symbol index and side of each order the venue may still fill: {@code symbolIndex << 1 | side}. */
    private final Long2LongHashMap openOrders = new Long2LongHashMap(NO_ORDER);
    /** Orders executed after the terminal reported them ended: only their fills are reported. */
    private final LongHashSet lateOrders = new LongHashSet();
    private long sequence;
    private long clockNs;

    TerminalVenue(
        final VenueSettings settings, final List<ReplayedSymbol> symbols, final int serverTimeOffsetSeconds,
        final int tenantId, final long accountId, final NetPositions positions, final ExecutionListener listener)
    {
        this.symbols = symbols;
        this.offsetMillis = serverTimeOffsetSeconds * 1000L;
        this.tenantId = tenantId;
        this.accountId = accountId;
        this.positions = positions;
        this.listener = listener;
        this.venue = new SimulatedVenue(settings, this::onReport);
    }

    /** Order and deal tickets from {@code first} on. */
    void issueTicketsFrom(final long first)
    {
        venue.issueIdsFrom(first);
    }

    /** A tick the terminal sent; {@code utcMsc} is its time in UTC, the venue's clock. */
    void onTick(final int symbolIndex, final long utcMsc, final long bid, final long ask, final long last,
        final long volume, final int flags)
    {
        clockNs = Math.max(clockNs, utcMsc * 1_000_000L);
        final int length = messages.marketTick(message, 0, symbolIndex, utcMsc, bid, ask, last, volume, flags);
        venue.onInput(++sequence, clockNs, message, 0, length);
    }

    /** Executes one ORDER; its reports reach the listener before this returns. */
    void execute(final PendingOrder order)
    {
        if (order.symbolIndex() < 0 || order.symbolIndex() >= symbols.size())
        {
            listener.onExecution(order.orderId(), Frame.EXEC_REJECTED, Mt5ReturnCode.INVALID_REQUEST, 0, 0, 0, 0, 0,
                "unknown symbol index " + order.symbolIndex());
            return;
        }
        final TerminalSymbol symbol = symbols.get(order.symbolIndex()).symbol();
        if (order.action() == Frame.ACTION_NEW)
        {
            if (!isValidVolume(symbol, order.quantity()))
            {
                listener.onExecution(order.orderId(), Frame.EXEC_REJECTED, Mt5ReturnCode.INVALID_VOLUME, 0, 0, 0, 0,
                    0, "invalid volume " + order.quantity() + " for " + symbol.brokerSymbol());
                return;
            }
            openOrders.put(order.orderId(), (long)order.symbolIndex() << 1 | order.side());
        }
        routed.wrapAndApplyHeader(message, 0, headerEncoder)
            .inputSequence(sequence)
            .timeNs(clockNs)
            .orderId(order.orderId())
            .clientOrderId(order.clientOrderId())
            .tenantId(tenantId)
            .accountId(accountId)
            .instrumentId(order.symbolIndex())
            .action(RouteAction.get((short)order.action()))
            .side(Side.get((short)order.side()))
            .orderType(OrderType.get((short)order.orderType()))
            .timeInForce(timeInForce(symbol, order))
            .quantity(order.quantity())
            .price(order.price())
            .stopPrice(order.stopPrice())
            .expiryTimeNs(order.expiryTimeMsc() == 0 ? 0 : (order.expiryTimeMsc() - offsetMillis) * 1_000_000L)
            .venueOrderId(order.venueOrderId());
        venue.onOutput(message, 0, MessageHeaderEncoder.ENCODED_LENGTH + routed.encodedLength());
    }

    /**
     * Executes a NEW order at market that the terminal already reported ended, as a trade server does that went on
     * with a request the terminal gave up on: only its fills are reported (a deal is all the terminal learns of).
     */
    void executeLate(final PendingOrder order)
    {
        lateOrders.add(order.orderId());
        try
        {
            execute(new PendingOrder(order.seq(), order.orderId(), order.clientOrderId(), order.symbolIndex(),
                order.action(), order.side(), MARKET, order.timeInForce(), order.quantity(), 0, 0, 0, 0,
                order.causeTickTimeMsc()));
        }
        finally
        {
            // A market order is done when execute returns: filled, or its rest cancelled.
            lateOrders.remove(order.orderId());
        }
    }

    /**
     * The EA sends a market or stop order with the symbol's filling mode (IOC for an IOC order if allowed, else FOK
     * if allowed, else IOC); a limit or stop-limit keeps its own time in force, resting under RETURN when GTC or DAY.
     */
    private static TimeInForce timeInForce(final TerminalSymbol symbol, final PendingOrder order)
    {
        final int modes = symbol.fillingModes();
        if ((order.orderType() == MARKET || order.orderType() == STOP) && order.action() == Frame.ACTION_NEW)
        {
            if (order.timeInForce() == TimeInForce.IOC.value() && (modes & Frame.FILLING_IOC) != 0)
            {
                return TimeInForce.IOC;
            }
            if ((modes & Frame.FILLING_FOK) != 0)
            {
                return TimeInForce.FOK;
            }
            if ((modes & Frame.FILLING_IOC) != 0)
            {
                return TimeInForce.IOC;
            }
        }
        return TimeInForce.get((short)order.timeInForce());
    }

    private static boolean isValidVolume(final TerminalSymbol symbol, final long quantity)
    {
        if (quantity <= 0 || quantity < symbol.volumeMin() || (symbol.volumeMax() > 0 && quantity > symbol.volumeMax()))
        {
            return false;
        }
        return symbol.volumeStep() <= 0 || (quantity - symbol.volumeMin()) % symbol.volumeStep() == 0;
    }

    private void onReport(final DirectBuffer buffer, final int offset, final int length)
    {
        headerDecoder.wrap(buffer, offset);
        report.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, headerDecoder.blockLength(),
            headerDecoder.version());
        final long orderId = report.orderId();
        final ExecType execType = report.execType();
        final long dealId = report.dealId();
        final long lastQuantity = report.lastQuantity();
        final long lastPrice = report.lastPrice();
        final long commission = report.commission();
        final int venueCode = report.venueCode();
        final long venueOrderId = report.venueOrderId();
        final String text = report.text();
        final long symbolAndSide = openOrders.get(orderId);
        if ((execType == ExecType.FILL || execType == ExecType.PARTIAL_FILL) && symbolAndSide != NO_ORDER)
        {
            positions.onFill((int)(symbolAndSide >>> 1), (symbolAndSide & 1) == 0, lastQuantity, lastPrice,
                commission);
        }
        // a rejected CANCEL or MODIFY leaves the order live; a rejected NEW (no ticket) never was
        if (execType == ExecType.FILL || execType == ExecType.CANCELLED || execType == ExecType.EXPIRED ||
            (execType == ExecType.REJECTED && venueOrderId == 0))
        {
            openOrders.remove(orderId);
        }
        if (!lateOrders.contains(orderId) || execType == ExecType.FILL || execType == ExecType.PARTIAL_FILL)
        {
            listener.onExecution(orderId, execType.value(), venueCode, venueOrderId, dealId, lastQuantity, lastPrice,
                commission, text);
        }
    }
}
