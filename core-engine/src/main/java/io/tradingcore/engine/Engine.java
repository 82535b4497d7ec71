package io.tradingcore.engine;

import io.tradingcore.codec.AccountUpdateDecoder;
import io.tradingcore.codec.AlertKind;
import io.tradingcore.codec.AttachStrategyDecoder;
import io.tradingcore.codec.BooleanType;
import io.tradingcore.codec.CancelOrderDecoder;
import io.tradingcore.codec.DefineInstrumentDecoder;
import io.tradingcore.codec.DefineTenantDecoder;
import io.tradingcore.codec.ExecType;
import io.tradingcore.codec.ExecutionReportDecoder;
import io.tradingcore.codec.HaltAccountDecoder;
import io.tradingcore.codec.KillScope;
import io.tradingcore.codec.KillSwitchDecoder;
import io.tradingcore.codec.LimitScope;
import io.tradingcore.codec.MarketTickDecoder;
import io.tradingcore.codec.MessageHeaderDecoder;
import io.tradingcore.codec.ModifyOrderDecoder;
import io.tradingcore.codec.NewOrderDecoder;
import io.tradingcore.codec.OrderStatus;
import io.tradingcore.codec.OrderType;
import io.tradingcore.codec.RejectReason;
import io.tradingcore.codec.RouteAction;
import io.tradingcore.codec.SetRiskLimitsDecoder;
import io.tradingcore.codec.Side;
import io.tradingcore.codec.TimeInForce;
import io.tradingcore.domain.InstrumentSpec;
import io.tradingcore.strategy.FillView;
import io.tradingcore.strategy.Strategy;
import io.tradingcore.strategy.StrategyCatalog;
import io.tradingcore.strategy.StrategyParameters;
import org.agrona.DirectBuffer;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.collections.Object2IntHashMap;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;

/**
 * The deterministic trading engine: orders, pre-trade risk, positions, P&L and strategies.
 *
 * <p>It is a pure function of its input sequence (DESIGN.md, rules of the engine): time comes
 * only from the stamp on each input, it does no I/O, starts no thread and iterates no map whose
 * order could differ between two runs. Anything it cannot accept is answered with a reject event;
 * no input makes it throw. It is single-threaded: call it from one thread only.
 */
public final class Engine
{
    static final long NANOS_PER_DAY = 86_400_000_000_000L;
    private static final int MAX_STRATEGY_COMMANDS_PER_INPUT = 10_000;

    private final EngineOutput output;
    private final StrategyCatalog catalog;
    private final EngineEvents events = new EngineEvents();
    private final ReasonText text = new ReasonText();
    private final PreTradeRisk risk = new PreTradeRisk(text);
    private final OrderPool orderPool = new OrderPool(1024);

    final Int2ObjectHashMap<InstrumentMarket> markets = new Int2ObjectHashMap<>();
    final Object2IntHashMap<String> instrumentIdsBySymbol = new Object2IntHashMap<>(-1);
    final Int2ObjectHashMap<Tenant> tenants = new Int2ObjectHashMap<>();
    final Long2ObjectHashMap<Account> accounts = new Long2ObjectHashMap<>();
    final Long2ObjectHashMap<Order> liveOrders = new Long2ObjectHashMap<>();
    final ArrayList<StrategyHost> strategies = new ArrayList<>();
    final Int2ObjectHashMap<StrategyHost> strategiesById = new Int2ObjectHashMap<>();
    final ArrayList<StrategyTimer> timers = new ArrayList<>();

    long lastSequence;
    long timeNs;
    long nextOrderId = 1;
    long currentDay = Long.MIN_VALUE;
    long timersSet;
    boolean globalKill;

    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final MarketTickDecoder tick = new MarketTickDecoder();
    private final NewOrderDecoder newOrder = new NewOrderDecoder();
    private final CancelOrderDecoder cancelOrder = new CancelOrderDecoder();
    private final ModifyOrderDecoder modifyOrder = new ModifyOrderDecoder();
    private final ExecutionReportDecoder executionReport = new ExecutionReportDecoder();
    private final AccountUpdateDecoder accountUpdate = new AccountUpdateDecoder();
    private final DefineInstrumentDecoder defineInstrument = new DefineInstrumentDecoder();
    private final DefineTenantDecoder defineTenant = new DefineTenantDecoder();
    private final SetRiskLimitsDecoder setRiskLimits = new SetRiskLimitsDecoder();
    private final HaltAccountDecoder haltAccount = new HaltAccountDecoder();
    private final KillSwitchDecoder killSwitch = new KillSwitchDecoder();
    private final AttachStrategyDecoder attachStrategy = new AttachStrategyDecoder();

    private StrategyCommand[] commands = new StrategyCommand[64];
    private int commandCount;
    private int templateId;
    private final Order rejectedView = new Order();
    private final ReusableFill fillView = new ReusableFill();

    public Engine(final StrategyCatalog catalog, final EngineOutput output)
    {
        this.catalog = catalog;
        this.output = output;
        for (int i = 0; i < commands.length; i++)
        {
            commands[i] = new StrategyCommand();
        }
    }

    /** Sequence of the last input processed, 0 before the first. */
    public long lastSequence()
    {
        return lastSequence;
    }

    /** Engine time of the last input processed, epoch nanoseconds. */
    public long timeNs()
    {
        return timeNs;
    }

    /**
     * Processes one stamped input: an SBE message (header included) at {@code offset}. Outputs go
     * to the {@link EngineOutput} before this returns.
     */
    public void onInput(final long sequence, final long inputTimeNs, final DirectBuffer buffer, final int offset,
        final int length)
    {
        events.beginInput(sequence, Math.max(inputTimeNs, timeNs));
        lastSequence = sequence;
        templateId = 0;
        try
        {
            if (inputTimeNs < timeNs)
            {
                text.clear().append("input time ").append(inputTimeNs).append(" ns is before engine time ")
                    .append(timeNs).append(" ns");
                events.inputRejected(0, RejectReason.TIME_BACKWARDS, text);
            }
            else
            {
                timeNs = inputTimeNs;
                rollDayIfNeeded();
                fireDueTimers();
                dispatch(buffer, offset, length);
            }
            runStrategyCommands();
        }
        catch (final RuntimeException ex)
        {
            // Last line of defence (rule 5): a message that slipped past validation is answered,
            // not allowed to stop the engine. Replays meet the same input and do the same.
            commandCount = 0;
            text.clear().append("input could not be processed: ").append(String.valueOf(ex.getClass().getSimpleName()))
                .append(": ").append(String.valueOf(ex.getMessage()));
            events.inputRejected(templateId, RejectReason.MALFORMED_MESSAGE, text);
        }
        if (events.length() > 0)
        {
            output.onOutputBatch(sequence, events.buffer(), 0, events.length());
        }
    }

    private void dispatch(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            text.clear().append("input of ").append(length).append(" bytes is shorter than a message header");
            events.inputRejected(0, RejectReason.MALFORMED_MESSAGE, text);
            return;
        }
        header.wrap(buffer, offset);
        templateId = header.templateId();
        if (header.schemaId() != MessageHeaderDecoder.SCHEMA_ID)
        {
            text.clear().append("schema ").append(header.schemaId()).append(" is not this engine's schema ")
                .append(MessageHeaderDecoder.SCHEMA_ID);
            events.inputRejected(templateId, RejectReason.UNKNOWN_MESSAGE, text);
            return;
        }
        if (MessageHeaderDecoder.ENCODED_LENGTH + header.blockLength() > length)
        {
            text.clear().append("message body of ").append(header.blockLength()).append(" bytes exceeds input of ")
                .append(length).append(" bytes");
            events.inputRejected(templateId, RejectReason.MALFORMED_MESSAGE, text);
            return;
        }
        final int bodyOffset = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        final int blockLength = header.blockLength();
        final int version = header.version();
        switch (templateId)
        {
            case MarketTickDecoder.TEMPLATE_ID:
                onTick(tick.wrap(buffer, bodyOffset, blockLength, version));
                break;
            case NewOrderDecoder.TEMPLATE_ID:
                onNewOrder(newOrder.wrap(buffer, bodyOffset, blockLength, version));
                break;
            case CancelOrderDecoder.TEMPLATE_ID:
                onCancelOrder(cancelOrder.wrap(buffer, bodyOffset, blockLength, version));
                break;
            case ModifyOrderDecoder.TEMPLATE_ID:
                onModifyOrder(modifyOrder.wrap(buffer, bodyOffset, blockLength, version));
                break;
            case ExecutionReportDecoder.TEMPLATE_ID:
                onExecutionReport(executionReport.wrap(buffer, bodyOffset, blockLength, version));
                break;
            case AccountUpdateDecoder.TEMPLATE_ID:
                onAccountUpdate(accountUpdate.wrap(buffer, bodyOffset, blockLength, version));
                break;
            case DefineInstrumentDecoder.TEMPLATE_ID:
                onDefineInstrument(defineInstrument.wrap(buffer, bodyOffset, blockLength, version));
                break;
            case DefineTenantDecoder.TEMPLATE_ID:
                onDefineTenant(defineTenant.wrap(buffer, bodyOffset, blockLength, version));
                break;
            case SetRiskLimitsDecoder.TEMPLATE_ID:
                onSetRiskLimits(setRiskLimits.wrap(buffer, bodyOffset, blockLength, version));
                break;
            case HaltAccountDecoder.TEMPLATE_ID:
                onHaltAccount(haltAccount.wrap(buffer, bodyOffset, blockLength, version));
                break;
            case KillSwitchDecoder.TEMPLATE_ID:
                onKillSwitch(killSwitch.wrap(buffer, bodyOffset, blockLength, version));
                break;
            case AttachStrategyDecoder.TEMPLATE_ID:
                onAttachStrategy(attachStrategy.wrap(buffer, bodyOffset, blockLength, version));
                break;
            default:
                text.clear().append("template ").append(templateId).append(" is not an input");
                events.inputRejected(templateId, RejectReason.UNKNOWN_MESSAGE, text);
        }
    }

    // ---------------------------------------------------------------- market data

    private void onTick(final MarketTickDecoder tick)
    {
        final InstrumentMarket market = markets.get(tick.instrumentId());
        if (market == null)
        {
            text.clear().append("tick for unknown instrument ").append(tick.instrumentId());
            events.inputRejected(templateId, RejectReason.UNKNOWN_INSTRUMENT, text);
            return;
        }
        final long bid = tick.bid();
        final long ask = tick.ask();
        final InstrumentSpec spec = market.spec;
        if (bid <= 0 || ask <= 0 || !spec.isOnTick(bid) || !spec.isOnTick(ask))
        {
            text.clear().append(spec.symbol()).append(" tick bid ").append(bid).append(" ask ").append(ask)
                .append(" must be positive multiples of the tick size ").append(spec.tickSize());
            events.inputRejected(templateId, RejectReason.INVALID_PRICE, text);
            return;
        }
        if (tick.timeMsc() < market.timeMsc)
        {
            text.clear().append(spec.symbol()).append(" tick time ").append(tick.timeMsc())
                .append(" ms is before the last tick's ").append(market.timeMsc).append(" ms");
            events.inputRejected(templateId, RejectReason.TIME_BACKWARDS, text);
            return;
        }
        market.timeMsc = tick.timeMsc();
        market.bid = bid;
        market.ask = ask;
        market.last = tick.last();
        market.volume = tick.volume();
        market.lastTickTimeNs = timeNs;
        market.hasQuote = true;

        final ArrayList<Position> open = market.openPositions;
        for (int i = 0, size = open.size(); i < size; i++)
        {
            final Position position = open.get(i);
            if (!dailyLossCertainlyNotReached(position))
            {
                checkDailyLoss(position.account);
            }
        }
        for (int i = 0, size = strategies.size(); i < size; i++)
        {
            final StrategyHost host = strategies.get(i);
            if (!host.failed)
            {
                try
                {
                    host.strategy.onTick(market);
                }
                catch (final RuntimeException ex)
                {
                    strategyFailed(host, ex);
                }
            }
        }
    }

    // ---------------------------------------------------------------- order entry

    private void onNewOrder(final NewOrderDecoder order)
    {
        placeOrder(order.clientOrderId(), order.tenantId(), order.accountId(), order.instrumentId(), order.side(),
            order.orderType(), order.timeInForce(), order.quantity(), order.price(), order.stopPrice(),
            order.expiryTimeNs(), null);
    }

    private void placeOrder(
        final long clientOrderId, final int tenantId, final long accountId, final int instrumentId, final Side side,
        final OrderType orderType, final TimeInForce timeInForce, final long quantity, final long price,
        final long stopPrice, final long expiryTimeNs, final StrategyHost strategy)
    {
        final Account account = accounts.get(accountId);
        final int strategyId = strategy == null ? 0 : strategy.strategyId;
        RejectReason reason = RejectReason.NONE;
        if (account == null || account.tenant.tenantId != tenantId)
        {
            text.clear().append("account ").append(accountId).append(" is not known for tenant ").append(tenantId);
            reason = RejectReason.UNKNOWN_ACCOUNT;
        }
        else if (account.usedClientOrderIds.contains(clientOrderId) || account.liveOrdersByClientId.containsKey(clientOrderId))
        {
            text.clear().append("client order id ").append(clientOrderId).append(" was already used by account ")
                .append(accountId).append(" (ids must be unique among its last 16384 orders)");
            reason = RejectReason.DUPLICATE_ORDER_ID;
        }
        final InstrumentMarket market = markets.get(instrumentId);
        if (reason == RejectReason.NONE)
        {
            reason = validateOrder(market, instrumentId, side, orderType, timeInForce, quantity, price, stopPrice,
                expiryTimeNs);
        }
        if (reason == RejectReason.NONE)
        {
            try
            {
                reason = risk.check(account, market, side, orderType, quantity, price, timeNs, globalKill);
            }
            catch (final ArithmeticException ex)
            {
                text.clear().append("order value overflows: quantity ").appendQuantity(quantity);
                reason = RejectReason.ARITHMETIC_OVERFLOW;
            }
        }
        if (reason != RejectReason.NONE)
        {
            events.orderRejected(0, clientOrderId, tenantId, accountId, strategyId, reason, 0, text);
            if (strategy != null)
            {
                notifyRejected(strategy, clientOrderId, instrumentId, side, orderType, quantity, price, stopPrice, reason);
            }
            return;
        }

        final Order order = orderPool.acquire();
        order.orderId = nextOrderId++;
        order.clientOrderId = clientOrderId;
        order.tenantId = tenantId;
        order.accountId = accountId;
        order.instrumentId = instrumentId;
        order.strategyId = strategyId;
        order.side = side;
        order.orderType = orderType;
        order.timeInForce = timeInForce;
        order.quantity = quantity;
        order.price = price;
        order.stopPrice = stopPrice;
        order.expiryTimeNs = expiryTimeNs;
        order.status = OrderStatus.PENDING_NEW;
        addLiveOrder(account, market, order);
        account.orderRate.record(timeNs);
        account.tenant.orderRate.record(timeNs);

        events.orderAccepted(order);
        events.orderRouted(order, RouteAction.NEW);
        notifyOrderUpdate(order);
    }

    private RejectReason validateOrder(
        final InstrumentMarket market, final int instrumentId, final Side side, final OrderType orderType,
        final TimeInForce timeInForce, final long quantity, final long price, final long stopPrice,
        final long expiryTimeNs)
    {
        if (market == null)
        {
            text.clear().append("instrument ").append(instrumentId).append(" is not defined");
            return RejectReason.UNKNOWN_INSTRUMENT;
        }
        if (side == null || side == Side.NULL_VAL)
        {
            text.clear().append("side must be BUY or SELL");
            return RejectReason.INVALID_FIELD;
        }
        if (orderType == null || orderType == OrderType.NULL_VAL)
        {
            text.clear().append("order type must be MARKET, LIMIT, STOP or STOP_LIMIT");
            return RejectReason.INVALID_ORDER_TYPE;
        }
        if (timeInForce == null || timeInForce == TimeInForce.NULL_VAL)
        {
            text.clear().append("time in force must be GTC, IOC, FOK or DAY");
            return RejectReason.INVALID_TIME_IN_FORCE;
        }
        final RejectReason quantityReason = validateQuantity(market.spec, quantity);
        if (quantityReason != RejectReason.NONE)
        {
            return quantityReason;
        }
        final InstrumentSpec spec = market.spec;
        final boolean needsPrice = orderType == OrderType.LIMIT || orderType == OrderType.STOP_LIMIT;
        final boolean needsStop = orderType == OrderType.STOP || orderType == OrderType.STOP_LIMIT;
        if (orderType == OrderType.MARKET && (price != 0 || stopPrice != 0))
        {
            text.clear().append("a market order carries no price");
            return RejectReason.INVALID_PRICE;
        }
        if (needsPrice && (price <= 0 || !spec.isOnTick(price)))
        {
            text.clear().append("price ").append(price).append(" must be a positive multiple of ")
                .append(spec.symbol()).append("'s tick size ").appendFixed(spec.tickSize(), spec.digits());
            return RejectReason.INVALID_PRICE;
        }
        if (!needsPrice && orderType != OrderType.MARKET && price != 0)
        {
            text.clear().append("a stop order carries only a stop price");
            return RejectReason.INVALID_PRICE;
        }
        if (needsStop && (stopPrice <= 0 || !spec.isOnTick(stopPrice)))
        {
            text.clear().append("stop price ").append(stopPrice).append(" must be a positive multiple of ")
                .append(spec.symbol()).append("'s tick size ").appendFixed(spec.tickSize(), spec.digits());
            return RejectReason.INVALID_PRICE;
        }
        if (!needsStop && stopPrice != 0)
        {
            text.clear().append("only stop orders carry a stop price");
            return RejectReason.INVALID_PRICE;
        }
        if (expiryTimeNs != 0 && expiryTimeNs <= timeNs)
        {
            text.clear().append("expiry ").append(expiryTimeNs).append(" ns is not after engine time ").append(timeNs);
            return RejectReason.INVALID_TIME_IN_FORCE;
        }
        return RejectReason.NONE;
    }

    private RejectReason validateQuantity(final InstrumentSpec spec, final long quantity)
    {
        if (quantity <= 0 || quantity < spec.volumeMin() || quantity > spec.volumeMax() ||
            quantity % spec.volumeStep() != 0)
        {
            text.clear().append("quantity ").appendQuantity(quantity).append(" must be between ")
                .appendQuantity(spec.volumeMin()).append(" and ").appendQuantity(spec.volumeMax())
                .append(" lots in steps of ").appendQuantity(spec.volumeStep());
            return RejectReason.INVALID_QUANTITY;
        }
        return RejectReason.NONE;
    }

    private void onCancelOrder(final CancelOrderDecoder cancel)
    {
        requestCancel(cancel.clientOrderId(), cancel.tenantId(), cancel.accountId(), 0);
    }

    private void requestCancel(final long clientOrderId, final int tenantId, final long accountId, final int strategyId)
    {
        final Order order = findLiveOrder(clientOrderId, tenantId, accountId, strategyId);
        if (order == null)
        {
            return;
        }
        if (order.status == OrderStatus.PENDING_CANCEL)
        {
            text.clear().append("order ").append(clientOrderId).append(" is already being cancelled");
            rejectRequest(order, RejectReason.ILLEGAL_TRANSITION, 0);
            return;
        }
        order.status = OrderStatus.PENDING_CANCEL;
        events.orderRouted(order, RouteAction.CANCEL);
    }

    private void onModifyOrder(final ModifyOrderDecoder modify)
    {
        requestModify(modify.clientOrderId(), modify.tenantId(), modify.accountId(), 0, modify.quantity(),
            modify.price(), modify.stopPrice());
    }

    private void requestModify(
        final long clientOrderId, final int tenantId, final long accountId, final int strategyId, final long quantity,
        final long price, final long stopPrice)
    {
        final Order order = findLiveOrder(clientOrderId, tenantId, accountId, strategyId);
        if (order == null)
        {
            return;
        }
        if (order.status != OrderStatus.WORKING && order.status != OrderStatus.PARTIALLY_FILLED)
        {
            text.clear().append("order ").append(clientOrderId).append(" is ").append(order.status.name())
                .append(" and cannot be modified now");
            rejectRequest(order, RejectReason.ILLEGAL_TRANSITION, 0);
            return;
        }
        final InstrumentMarket market = markets.get(order.instrumentId);
        RejectReason reason = validateOrder(market, order.instrumentId, order.side, order.orderType,
            order.timeInForce, quantity, price, stopPrice, 0);
        if (reason == RejectReason.NONE && quantity <= order.filledQuantity)
        {
            text.clear().append("new quantity ").appendQuantity(quantity).append(" is not above the filled ")
                .appendQuantity(order.filledQuantity);
            reason = RejectReason.INVALID_QUANTITY;
        }
        final Account account = accounts.get(accountId);
        if (reason == RejectReason.NONE && account.limits.maxOrderQuantity > 0 &&
            quantity > account.limits.maxOrderQuantity)
        {
            text.clear().append("quantity ").appendQuantity(quantity).append(" exceeds max order quantity ")
                .appendQuantity(account.limits.maxOrderQuantity);
            reason = RejectReason.MAX_ORDER_QUANTITY;
        }
        if (reason != RejectReason.NONE)
        {
            rejectRequest(order, reason, 0);
            return;
        }
        order.pendingQuantity = quantity;
        order.pendingPrice = price;
        order.pendingStopPrice = stopPrice;
        order.status = OrderStatus.PENDING_MODIFY;
        events.orderRouted(order, RouteAction.MODIFY);
    }

    private Order findLiveOrder(final long clientOrderId, final int tenantId, final long accountId, final int strategyId)
    {
        final Account account = accounts.get(accountId);
        if (account == null || account.tenant.tenantId != tenantId)
        {
            text.clear().append("account ").append(accountId).append(" is not known for tenant ").append(tenantId);
            events.orderRejected(0, clientOrderId, tenantId, accountId, strategyId, RejectReason.UNKNOWN_ACCOUNT, 0, text);
            return null;
        }
        final Order order = account.liveOrdersByClientId.get(clientOrderId);
        if (order == null)
        {
            text.clear().append("no live order ").append(clientOrderId).append(" on account ").append(accountId);
            events.orderRejected(0, clientOrderId, tenantId, accountId, strategyId, RejectReason.UNKNOWN_ORDER, 0, text);
            return null;
        }
        return order;
    }

    /** Refuses a cancel or modify of a live order; the order itself stays as it was. */
    private void rejectRequest(final Order order, final RejectReason reason, final int venueCode)
    {
        events.orderRejected(order.orderId, order.clientOrderId, order.tenantId, order.accountId, order.strategyId,
            reason, venueCode, text);
        order.rejectReason = reason;
        notifyOrderUpdate(order);
        order.rejectReason = RejectReason.NONE;
    }

    // ---------------------------------------------------------------- venue reports

    private void onExecutionReport(final ExecutionReportDecoder report)
    {
        final long orderId = report.orderId();
        final Order order = liveOrders.get(orderId);
        final ExecType execType = report.execType();
        if (order == null)
        {
            if (orderId > 0 && orderId < nextOrderId)
            {
                text.clear().append(execType.name()).append(" for order ").append(orderId)
                    .append(" which is no longer live (filled, cancelled, expired or rejected)");
                events.inputRejected(templateId, RejectReason.ILLEGAL_TRANSITION, text);
            }
            else
            {
                text.clear().append(execType.name()).append(" for unknown order ").append(orderId);
                events.inputRejected(templateId, RejectReason.UNKNOWN_ORDER, text);
            }
            return;
        }
        if (report.venueOrderId() != 0)
        {
            order.venueOrderId = report.venueOrderId();
        }
        switch (execType)
        {
            case ACCEPTED:
                onVenueAccepted(order);
                break;
            case PARTIAL_FILL:
            case FILL:
                onVenueFill(order, report);
                break;
            case REJECTED:
                onVenueRejected(order, report);
                break;
            case CANCELLED:
                finishOrder(order, OrderStatus.CANCELLED);
                break;
            case EXPIRED:
                finishOrder(order, OrderStatus.EXPIRED);
                break;
            default:
                text.clear().append("execution type is not valid");
                events.inputRejected(templateId, RejectReason.INVALID_FIELD, text);
        }
    }

    private void onVenueAccepted(final Order order)
    {
        switch (order.status)
        {
            case PENDING_NEW:
                order.status = OrderStatus.WORKING;
                break;
            case PENDING_MODIFY:
                applyModify(order);
                break;
            case PENDING_CANCEL:
                return; // the venue acknowledged the order before it saw our cancel: still cancelling
            default:
                text.clear().append("ACCEPTED for order ").append(order.orderId).append(" which is ")
                    .append(order.status.name());
                events.inputRejected(templateId, RejectReason.ILLEGAL_TRANSITION, text);
                return;
        }
        events.statusChanged(order);
        notifyOrderUpdate(order);
    }

    private void applyModify(final Order order)
    {
        final Position position = positionOf(order);
        adjustOpenQuantity(position, order, -order.leavesQuantity());
        order.quantity = order.pendingQuantity;
        order.price = order.pendingPrice;
        order.stopPrice = order.pendingStopPrice;
        adjustOpenQuantity(position, order, order.leavesQuantity());
        order.status = order.workingStatus();
    }

    private void onVenueFill(final Order order, final ExecutionReportDecoder report)
    {
        final long quantity = report.lastQuantity();
        final long price = report.lastPrice();
        final long commission = report.commission();
        if (quantity <= 0 || price <= 0 || commission < 0)
        {
            text.clear().append("fill of ").append(quantity).append(" at ").append(price)
                .append(" needs a positive quantity and price and no negative commission");
            events.inputRejected(templateId, RejectReason.INVALID_FIELD, text);
            return;
        }
        if (quantity > order.leavesQuantity())
        {
            text.clear().append("fill of ").appendQuantity(quantity).append(" exceeds order ").append(order.orderId)
                .append("'s open quantity ").appendQuantity(order.leavesQuantity());
            events.inputRejected(templateId, RejectReason.OVERFILL, text);
            return;
        }
        final Position position = positionOf(order);
        final Account account = position.account;
        final long realized;
        try
        {
            realized = position.applyFill(order.side == Side.BUY ? quantity : -quantity, price);
        }
        catch (final ArithmeticException ex)
        {
            text.clear().append("fill of ").appendQuantity(quantity).append(" overflows the position");
            events.inputRejected(templateId, RejectReason.ARITHMETIC_OVERFLOW, text);
            return;
        }
        adjustOpenQuantity(position, order, -quantity);
        order.filledQuantity += quantity;
        account.balance += realized - commission;
        account.realizedPnl += realized;
        account.commission += commission;
        trackOpenPosition(position);

        events.fill(order, quantity, price, report.dealId(), commission, realized);
        events.positionUpdate(position, position.unrealizedPnl());

        final StrategyHost host = order.strategyId == 0 ? null : strategiesById.get(order.strategyId);
        if (host != null && !host.failed)
        {
            fillView.set(order, quantity, price, realized);
            try
            {
                host.strategy.onFill(fillView);
            }
            catch (final RuntimeException ex)
            {
                strategyFailed(host, ex);
            }
        }
        if (order.leavesQuantity() == 0)
        {
            finishOrder(order, OrderStatus.FILLED);
        }
        else
        {
            if (order.status == OrderStatus.PENDING_NEW || order.status == OrderStatus.WORKING)
            {
                order.status = OrderStatus.PARTIALLY_FILLED;
            }
            notifyOrderUpdate(order);
        }
        emitAccountState(account);
        checkDailyLoss(account);
    }

    private void onVenueRejected(final Order order, final ExecutionReportDecoder report)
    {
        final int venueCode = report.venueCode();
        final String venueText = report.text();
        text.clear().append("venue rejected with code ").append(venueCode);
        if (!venueText.isEmpty())
        {
            text.append(": ").append(venueText);
        }
        switch (order.status)
        {
            case PENDING_NEW:
                events.orderRejected(order.orderId, order.clientOrderId, order.tenantId, order.accountId,
                    order.strategyId, RejectReason.VENUE_REJECTED, venueCode, text);
                order.rejectReason = RejectReason.VENUE_REJECTED;
                finishOrder(order, OrderStatus.REJECTED);
                break;
            case PENDING_CANCEL:
            case PENDING_MODIFY:
                order.status = order.workingStatus();
                rejectRequest(order, RejectReason.VENUE_REJECTED, venueCode);
                break;
            default:
                text.clear().append("REJECTED for order ").append(order.orderId).append(" which is ")
                    .append(order.status.name());
                events.inputRejected(templateId, RejectReason.ILLEGAL_TRANSITION, text);
        }
    }

    private void finishOrder(final Order order, final OrderStatus status)
    {
        final Position position = positionOf(order);
        final Account account = position.account;
        adjustOpenQuantity(position, order, -order.leavesQuantity());
        order.status = status;
        liveOrders.remove(order.orderId);
        account.liveOrdersByClientId.remove(order.clientOrderId);
        account.tenant.openOrders--;
        if (status != OrderStatus.FILLED && status != OrderStatus.REJECTED)
        {
            events.statusChanged(order);
        }
        notifyOrderUpdate(order);
        orderPool.release(order);
    }

    private void addLiveOrder(final Account account, final InstrumentMarket market, final Order order)
    {
        order.position = position(account, market);
        liveOrders.put(order.orderId, order);
        account.liveOrdersByClientId.put(order.clientOrderId, order);
        account.usedClientOrderIds.add(order.clientOrderId);
        account.tenant.openOrders++;
        adjustOpenQuantity(order.position, order, order.leavesQuantity());
    }

    /** The position an order trades, remembered on the order (positions are never removed). */
    private Position positionOf(final Order order)
    {
        Position position = order.position;
        if (position == null)
        {
            position = position(accounts.get(order.accountId), markets.get(order.instrumentId));
            order.position = position;
        }
        return position;
    }

    private static void adjustOpenQuantity(final Position position, final Order order, final long delta)
    {
        if (order.side == Side.BUY)
        {
            position.openBuyQuantity += delta;
        }
        else
        {
            position.openSellQuantity += delta;
        }
    }

    Position position(final Account account, final InstrumentMarket market)
    {
        Position position = account.positions.get(market.spec.instrumentId());
        if (position == null)
        {
            position = new Position(account, market);
            account.addPosition(position);
        }
        return position;
    }

    /** Keeps the list of positions a tick revalues, sorted by account so its order is canonical. */
    private static void trackOpenPosition(final Position position)
    {
        final ArrayList<Position> open = position.market.openPositions;
        if (position.netQuantity != 0 && !position.inMarketList)
        {
            int index = 0;
            while (index < open.size() && open.get(index).account.accountId < position.account.accountId)
            {
                index++;
            }
            open.add(index, position);
            position.inMarketList = true;
        }
        else if (position.netQuantity == 0 && position.inMarketList)
        {
            open.remove(position);
            position.inMarketList = false;
        }
    }

    // ---------------------------------------------------------------- risk events

    /**
     * True when this tick certainly did not bring the account of an open position in its market to the daily loss
     * limit, told without the division that computing its P&L takes: only this position's mark moved, so the limit is
     * reached only if its unrealized P&L fell to {@code dayStartEquity - limit - balance - (the other positions')},
     * and its quantity x price above the bound for that floor proves it did not. False means "check it", never
     * "reached": {@link #checkDailyLoss} then decides exactly as before. The other positions' P&L is computed in the
     * same order as the check would, so an overflow throws the same exception at the same place; figures too large to
     * add up without wrapping send it to the full check.
     */
    static boolean dailyLossCertainlyNotReached(final Position position)
    {
        final Account account = position.account;
        final long limit = account.limits.dailyLossLimit;
        if (limit <= 0 || account.killed)
        {
            return true; // checkDailyLoss does nothing either
        }
        final int size = account.positionCount();
        // Every figure within 2^56 and at most 16 positions: no sum below can wrap, in this order or the check's.
        if (size > 16 || limit > Position.SMALL_MONEY || !isSmall(account.balance) || !isSmall(account.dayStartEquity))
        {
            return false;
        }
        long others = 0;
        long gap = Position.UNKNOWN_GAP;
        for (int i = 0; i < size; i++)
        {
            final Position each = account.positionAt(i);
            if (each == position)
            {
                gap = position.unrealizedQuantityPrice();
                if (gap == Position.UNKNOWN_GAP)
                {
                    return false;
                }
            }
            else
            {
                final long unrealized = each.unrealizedPnl();
                if (!isSmall(unrealized))
                {
                    return false;
                }
                others += unrealized;
            }
        }
        return gap >= position.quantityPriceAbove(account.dayStartEquity - limit - account.balance - others);
    }

    private static boolean isSmall(final long money)
    {
        return money <= Position.SMALL_MONEY && money >= -Position.SMALL_MONEY;
    }

    private void checkDailyLoss(final Account account)
    {
        final long limit = account.limits.dailyLossLimit;
        if (limit <= 0 || account.killed)
        {
            return;
        }
        final long loss = account.dayStartEquity - Ledger.equity(account);
        if (loss >= limit)
        {
            text.clear().append("daily loss ").appendMoney(loss).append(" reached limit ").appendMoney(limit)
                .append(": kill switch engaged");
            events.riskAlert(account.tenant.tenantId, account.accountId, AlertKind.DAILY_LOSS_LIMIT, loss, limit, text);
            account.killed = true;
            final int cancelled = cancelAll(KillScope.ACCOUNT, 0, account.accountId);
            text.clear().append("daily loss limit of account ").append(account.accountId);
            events.killSwitchEngaged(KillScope.ACCOUNT, account.tenant.tenantId, account.accountId, cancelled, text);
        }
    }

    /** Routes a cancel for every live order in scope, in order id order; returns how many. */
    private int cancelAll(final KillScope scope, final int tenantId, final long accountId)
    {
        final Order[] sorted = liveOrders.values().toArray(new Order[0]);
        Arrays.sort(sorted, Comparator.comparingLong(o -> o.orderId));
        int count = 0;
        for (final Order order : sorted)
        {
            final boolean inScope = scope == KillScope.ALL ||
                (scope == KillScope.TENANT && order.tenantId == tenantId) ||
                (scope == KillScope.ACCOUNT && order.accountId == accountId);
            if (inScope && order.status != OrderStatus.PENDING_CANCEL)
            {
                order.status = OrderStatus.PENDING_CANCEL;
                events.orderRouted(order, RouteAction.CANCEL);
                count++;
            }
        }
        return count;
    }

    private void emitAccountState(final Account account)
    {
        final long unrealized = Ledger.unrealizedPnl(account);
        events.accountState(account, account.balance + unrealized, unrealized, Ledger.marginUsed(account),
            Ledger.grossExposure(account));
    }

    private void rollDayIfNeeded()
    {
        final long day = Math.floorDiv(timeNs, NANOS_PER_DAY);
        if (day != currentDay)
        {
            currentDay = day;
            for (final Account account : accounts.values())
            {
                account.dayStartEquity = Ledger.equity(account);
            }
        }
    }

    // ---------------------------------------------------------------- reference data and admin

    private void onDefineInstrument(final DefineInstrumentDecoder define)
    {
        final String symbol = define.symbol().trim();
        final String currency = define.profitCurrency().trim();
        final String invalid = InstrumentSpec.validate(define.instrumentId(), symbol, define.digits(),
            define.contractSize(), define.tickSize(), define.volumeMin(), define.volumeMax(), define.volumeStep());
        if (invalid != null)
        {
            text.clear().append("instrument ").append(symbol).append(": ").append(invalid);
            events.inputRejected(templateId, RejectReason.INVALID_FIELD, text);
            return;
        }
        if (markets.containsKey(define.instrumentId()) || instrumentIdsBySymbol.containsKey(symbol))
        {
            text.clear().append("instrument ").append(define.instrumentId()).append(" ").append(symbol)
                .append(" is already defined");
            events.inputRejected(templateId, RejectReason.INVALID_FIELD, text);
            return;
        }
        final InstrumentSpec spec = new InstrumentSpec(define.instrumentId(), symbol, define.digits(),
            define.contractSize(), define.tickSize(), define.volumeMin(), define.volumeMax(), define.volumeStep(),
            currency);
        addInstrument(spec);
    }

    void addInstrument(final InstrumentSpec spec)
    {
        markets.put(spec.instrumentId(), new InstrumentMarket(spec));
        instrumentIdsBySymbol.put(spec.symbol(), spec.instrumentId());
    }

    private void onDefineTenant(final DefineTenantDecoder define)
    {
        final int tenantId = define.tenantId();
        final String name = define.name();
        if (tenantId <= 0)
        {
            text.clear().append("tenant id must be positive");
            events.inputRejected(templateId, RejectReason.INVALID_FIELD, text);
            return;
        }
        final Tenant existing = tenants.get(tenantId);
        if (existing != null)
        {
            existing.name = name;
            return;
        }
        tenants.put(tenantId, new Tenant(tenantId, name));
    }

    private void onAccountUpdate(final AccountUpdateDecoder update)
    {
        final Tenant tenant = tenants.get(update.tenantId());
        if (tenant == null)
        {
            text.clear().append("tenant ").append(update.tenantId()).append(" is not defined");
            events.inputRejected(templateId, RejectReason.UNKNOWN_TENANT, text);
            return;
        }
        if (update.accountId() <= 0 || update.leverage() < 0)
        {
            text.clear().append("account id must be positive and leverage not negative");
            events.inputRejected(templateId, RejectReason.INVALID_FIELD, text);
            return;
        }
        Account account = accounts.get(update.accountId());
        if (account != null && account.tenant != tenant)
        {
            text.clear().append("account ").append(update.accountId()).append(" belongs to another tenant");
            events.inputRejected(templateId, RejectReason.UNKNOWN_ACCOUNT, text);
            return;
        }
        final String currency = update.currency().trim();
        if (account == null)
        {
            account = new Account(tenant, update.accountId());
            accounts.put(account.accountId, account);
            tenant.accounts.add(account);
            account.balance = update.balance();
            account.dayStartEquity = update.balance();
        }
        else
        {
            // A balance update is a deposit or withdrawal: it moves today's loss reference with it.
            account.dayStartEquity += update.balance() - account.balance;
            account.balance = update.balance();
        }
        account.currency = currency;
        account.leverage = update.leverage();
        emitAccountState(account);
    }

    private void onSetRiskLimits(final SetRiskLimitsDecoder limits)
    {
        final RiskLimits target;
        if (limits.scope() == LimitScope.TENANT)
        {
            final Tenant tenant = tenants.get(limits.tenantId());
            if (tenant == null)
            {
                text.clear().append("tenant ").append(limits.tenantId()).append(" is not defined");
                events.inputRejected(templateId, RejectReason.UNKNOWN_TENANT, text);
                return;
            }
            target = tenant.limits;
        }
        else if (limits.scope() == LimitScope.ACCOUNT)
        {
            final Account account = accounts.get(limits.accountId());
            if (account == null || account.tenant.tenantId != limits.tenantId())
            {
                text.clear().append("account ").append(limits.accountId()).append(" is not known for tenant ")
                    .append(limits.tenantId());
                events.inputRejected(templateId, RejectReason.UNKNOWN_ACCOUNT, text);
                return;
            }
            target = account.limits;
        }
        else
        {
            text.clear().append("limit scope must be ACCOUNT or TENANT");
            events.inputRejected(templateId, RejectReason.INVALID_FIELD, text);
            return;
        }
        if (limits.maxOrderQuantity() < 0 || limits.maxPosition() < 0 || limits.maxGrossExposure() < 0 ||
            limits.maxOpenOrders() < 0 || limits.maxOrdersPerSecond() < 0 || limits.priceBandBps() < 0 ||
            limits.staleMarketMs() < 0 || limits.dailyLossLimit() < 0)
        {
            text.clear().append("limits cannot be negative (0 means no limit)");
            events.inputRejected(templateId, RejectReason.INVALID_FIELD, text);
            return;
        }
        target.maxOrderQuantity = limits.maxOrderQuantity();
        target.maxPosition = limits.maxPosition();
        target.maxGrossExposure = limits.maxGrossExposure();
        target.maxOpenOrders = limits.maxOpenOrders();
        target.maxOrdersPerSecond = limits.maxOrdersPerSecond();
        target.priceBandBps = limits.priceBandBps();
        target.staleMarketMs = limits.staleMarketMs();
        target.dailyLossLimit = limits.dailyLossLimit();
    }

    private void onHaltAccount(final HaltAccountDecoder halt)
    {
        final Account account = accounts.get(halt.accountId());
        if (account == null || account.tenant.tenantId != halt.tenantId())
        {
            text.clear().append("account ").append(halt.accountId()).append(" is not known for tenant ")
                .append(halt.tenantId());
            events.inputRejected(templateId, RejectReason.UNKNOWN_ACCOUNT, text);
            return;
        }
        account.halted = halt.halt() == BooleanType.TRUE;
        text.clear().append("account ").append(account.accountId).append(account.halted ? " halted" : " resumed");
        events.riskAlert(account.tenant.tenantId, account.accountId,
            account.halted ? AlertKind.ACCOUNT_HALTED : AlertKind.ACCOUNT_RESUMED, 0, 0, text);
        emitAccountState(account);
    }

    private void onKillSwitch(final KillSwitchDecoder kill)
    {
        final KillScope scope = kill.scope();
        final int tenantId = kill.tenantId();
        final long accountId = kill.accountId();
        final boolean engage = kill.engage() == BooleanType.TRUE;
        final String reason = kill.reason();
        final Tenant tenant = tenants.get(tenantId);
        final Account account = accounts.get(accountId);
        if ((scope == KillScope.TENANT && tenant == null) ||
            (scope == KillScope.ACCOUNT && (account == null || account.tenant.tenantId != tenantId)) ||
            scope == KillScope.NULL_VAL)
        {
            text.clear().append("kill switch scope ").append(String.valueOf(scope)).append(" names no known tenant ")
                .append(tenantId).append(" or account ").append(accountId);
            events.inputRejected(templateId, RejectReason.INVALID_FIELD, text);
            return;
        }
        switch (scope)
        {
            case ALL:
                globalKill = engage;
                break;
            case TENANT:
                tenant.killed = engage;
                break;
            default:
                account.killed = engage;
        }
        if (engage)
        {
            final int cancelled = cancelAll(scope, tenantId, accountId);
            text.clear().append(reason);
            events.killSwitchEngaged(scope, tenantId, accountId, cancelled, text);
        }
        else
        {
            text.clear().append("kill switch released: ").append(reason);
            events.riskAlert(tenantId, accountId, AlertKind.KILL_SWITCH_RELEASED, 0, 0, text);
        }
    }

    private void onAttachStrategy(final AttachStrategyDecoder attach)
    {
        final int strategyId = attach.strategyId();
        final int tenantId = attach.tenantId();
        final long accountId = attach.accountId();
        final String name = attach.name();
        final String parametersText = attach.parameters();
        final Account account = accounts.get(accountId);
        if (account == null || account.tenant.tenantId != tenantId)
        {
            text.clear().append("strategy ").append(name).append(": account ").append(accountId)
                .append(" is not known for tenant ").append(tenantId);
            events.inputRejected(templateId, RejectReason.UNKNOWN_ACCOUNT, text);
            return;
        }
        if (strategyId <= 0 || strategyId > 0x3FFF_FFFF || strategiesById.containsKey(strategyId))
        {
            text.clear().append("strategy id ").append(strategyId).append(" is invalid or already attached");
            events.inputRejected(templateId, RejectReason.INVALID_FIELD, text);
            return;
        }
        try
        {
            startStrategy(strategyId, account, name, parametersText);
        }
        catch (final RuntimeException ex)
        {
            text.clear().append("strategy ").append(name).append(" could not start: ")
                .append(String.valueOf(ex.getMessage()));
            events.inputRejected(templateId, RejectReason.UNKNOWN_STRATEGY, text);
        }
    }

    StrategyHost startStrategy(final int strategyId, final Account account, final String name, final String parameters)
    {
        final StrategyParameters parsed = StrategyParameters.parse(parameters);
        final Strategy strategy = catalog.create(name, parsed);
        final StrategyHost host = new StrategyHost(this, strategyId, account, name, parsed, strategy);
        strategy.onStart(host);
        strategies.add(host);
        strategiesById.put(strategyId, host);
        return host;
    }

    private void strategyFailed(final StrategyHost host, final RuntimeException ex)
    {
        host.failed = true;
        text.clear().append("strategy ").append(host.strategyId).append(" (").append(host.name)
            .append(") stopped: ").append(String.valueOf(ex));
        events.riskAlert(host.account.tenant.tenantId, host.account.accountId, AlertKind.STRATEGY_FAILED,
            host.strategyId, 0, text);
    }

    // ---------------------------------------------------------------- strategy requests and timers

    void queueStrategyCommand(
        final StrategyHost host, final int kind, final long clientOrderId, final int instrumentId, final Side side,
        final OrderType orderType, final TimeInForce timeInForce, final long quantity, final long price,
        final long stopPrice)
    {
        if (commandCount == commands.length)
        {
            commands = Arrays.copyOf(commands, commands.length * 2);
            for (int i = commandCount; i < commands.length; i++)
            {
                commands[i] = new StrategyCommand();
            }
        }
        final StrategyCommand command = commands[commandCount++];
        command.host = host;
        command.kind = kind;
        command.clientOrderId = clientOrderId;
        command.instrumentId = instrumentId;
        command.side = side;
        command.orderType = orderType;
        command.timeInForce = timeInForce;
        command.quantity = quantity;
        command.price = price;
        command.stopPrice = stopPrice;
    }

    private void runStrategyCommands()
    {
        int executed = 0;
        int next = 0;
        while (next < commandCount)
        {
            final StrategyCommand command = commands[next++];
            final StrategyHost host = command.host;
            if (host.failed)
            {
                continue;
            }
            if (++executed > MAX_STRATEGY_COMMANDS_PER_INPUT)
            {
                strategyFailed(host, new IllegalStateException("more than " + MAX_STRATEGY_COMMANDS_PER_INPUT +
                    " requests in response to one input"));
                continue;
            }
            final Account account = host.account;
            switch (command.kind)
            {
                case StrategyCommand.SUBMIT:
                    placeOrder(command.clientOrderId, account.tenant.tenantId, account.accountId, command.instrumentId,
                        command.side, command.orderType, command.timeInForce, command.quantity, command.price,
                        command.stopPrice, 0, host);
                    break;
                case StrategyCommand.CANCEL:
                    requestCancel(command.clientOrderId, account.tenant.tenantId, account.accountId, host.strategyId);
                    break;
                default:
                    requestModify(command.clientOrderId, account.tenant.tenantId, account.accountId, host.strategyId,
                        command.quantity, command.price, command.stopPrice);
            }
        }
        commandCount = 0;
    }

    void scheduleTimer(final StrategyHost host, final long timerId, final long deadlineNs)
    {
        final StrategyTimer timer = new StrategyTimer();
        timer.host = host;
        timer.timerId = timerId;
        timer.deadlineNs = deadlineNs;
        timer.order = ++timersSet;
        int index = timers.size();
        while (index > 0 && timers.get(index - 1).deadlineNs > deadlineNs)
        {
            index--;
        }
        timers.add(index, timer);
    }

    private void fireDueTimers()
    {
        while (!timers.isEmpty() && timers.get(0).deadlineNs <= timeNs)
        {
            final StrategyTimer timer = timers.remove(0);
            if (!timer.host.failed)
            {
                try
                {
                    timer.host.strategy.onTimer(timer.timerId, timeNs);
                }
                catch (final RuntimeException ex)
                {
                    strategyFailed(timer.host, ex);
                }
            }
        }
    }

    private void notifyOrderUpdate(final Order order)
    {
        if (order.strategyId == 0)
        {
            return;
        }
        final StrategyHost host = strategiesById.get(order.strategyId);
        if (host != null && !host.failed)
        {
            try
            {
                host.strategy.onOrderUpdate(order);
            }
            catch (final RuntimeException ex)
            {
                strategyFailed(host, ex);
            }
        }
    }

    private void notifyRejected(
        final StrategyHost host, final long clientOrderId, final int instrumentId, final Side side,
        final OrderType orderType, final long quantity, final long price, final long stopPrice,
        final RejectReason reason)
    {
        rejectedView.reset();
        rejectedView.clientOrderId = clientOrderId;
        rejectedView.strategyId = host.strategyId;
        rejectedView.instrumentId = instrumentId;
        rejectedView.side = side;
        rejectedView.orderType = orderType;
        rejectedView.quantity = quantity;
        rejectedView.price = price;
        rejectedView.stopPrice = stopPrice;
        rejectedView.status = OrderStatus.REJECTED;
        rejectedView.rejectReason = reason;
        notifyOrderUpdate(rejectedView);
    }

    // ---------------------------------------------------------------- queries for tools and tests

    int instrumentId(final String symbol)
    {
        return instrumentIdsBySymbol.getValue(symbol);
    }

    InstrumentMarket market(final int instrumentId)
    {
        return markets.get(instrumentId);
    }

    /** A copy of the state for reports: positions, accounts, open orders. Not for the hot path. */
    public EngineStateReport report()
    {
        return EngineStateReport.of(this);
    }

    /** SHA-256 of the canonical snapshot encoding: equal hashes mean equal state. */
    public String stateHash()
    {
        return EngineSnapshot.hash(this);
    }

    private static final class ReusableFill implements FillView
    {
        private Order order;
        private long quantity;
        private long price;
        private long realizedPnl;

        void set(final Order order, final long quantity, final long price, final long realizedPnl)
        {
            this.order = order;
            this.quantity = quantity;
            this.price = price;
            this.realizedPnl = realizedPnl;
        }

        @Override
        public long orderId()
        {
            return order.orderId;
        }

        @Override
        public long clientOrderId()
        {
            return order.clientOrderId;
        }

        @Override
        public int instrumentId()
        {
            return order.instrumentId;
        }

        @Override
        public Side side()
        {
            return order.side;
        }

        @Override
        public long quantity()
        {
            return quantity;
        }

        @Override
        public long price()
        {
            return price;
        }

        @Override
        public long leavesQuantity()
        {
            return order.leavesQuantity();
        }

        @Override
        public long realizedPnl()
        {
            return realizedPnl;
        }
    }
}
