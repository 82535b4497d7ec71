package io.tradingcore.engine;

import io.tradingcore.codec.AlertKind;
import io.tradingcore.codec.CancelOrderDecoder;
import io.tradingcore.codec.ExecType;
import io.tradingcore.codec.ExecutionReportDecoder;
import io.tradingcore.codec.ModifyOrderDecoder;
import io.tradingcore.codec.NewOrderDecoder;
import io.tradingcore.codec.OrderStatus;
import io.tradingcore.codec.OrderType;
import io.tradingcore.codec.RejectReason;
import io.tradingcore.codec.RouteAction;
import io.tradingcore.codec.Side;
import io.tradingcore.codec.TimeInForce;

import java.util.ArrayList;

/**
 * The order state machine: accepts or rejects new orders after validation and pre-trade risk, routes cancels and
 * modifies, and applies the venue's execution reports (acknowledgements, fills, rejects, cancels, expiries) to
 * orders, positions and balances.
 */
final class OrderLifecycle
{
    private final CurrentInput input;
    private final EngineEvents events;
    private final ReasonText text;
    private final Markets markets;
    private final Accounts accounts;
    private final LiveOrders liveOrders;
    private final OrderValidation validation;
    private final PreTradeRisk preTradeRisk;
    private final RiskControls controls;
    private final StrategyHosting strategies;
    /** The money the last fill that {@link #bookFill} booked realized. */
    private long bookedPnl;
    /** A finished order that a late fill names, copied out of {@link LiveOrders}' memory. */
    private final Order lateOrder = new Order();

    OrderLifecycle(
        final CurrentInput input, final EngineEvents events, final ReasonText text, final Markets markets,
        final Accounts accounts, final LiveOrders liveOrders, final RiskControls controls,
        final StrategyHosting strategies)
    {
        this.input = input;
        this.events = events;
        this.text = text;
        this.markets = markets;
        this.accounts = accounts;
        this.liveOrders = liveOrders;
        this.validation = new OrderValidation(input, text);
        this.preTradeRisk = new PreTradeRisk(text);
        this.controls = controls;
        this.strategies = strategies;
    }

    void onNewOrder(final NewOrderDecoder order)
    {
        placeOrder(order.clientOrderId(), order.tenantId(), order.accountId(), order.instrumentId(), order.side(),
            order.orderType(), order.timeInForce(), order.quantity(), order.price(), order.stopPrice(),
            order.expiryTimeNs(), null);
    }

    void placeOrder(
        final long clientOrderId, final int tenantId, final long accountId, final int instrumentId, final Side side,
        final OrderType orderType, final TimeInForce timeInForce, final long quantity, final long price,
        final long stopPrice, final long expiryTimeNs, final StrategyHost strategy)
    {
        final Account account = accounts.ofTenant(tenantId, accountId);
        final int strategyId = strategy == null ? 0 : strategy.strategyId;
        RejectReason reason = RejectReason.NONE;
        if (account == null)
        {
            text.clear();
            accounts.appendNotKnown(tenantId, accountId);
            reason = RejectReason.UNKNOWN_ACCOUNT;
        }
        else if (account.usedClientOrderIds.contains(clientOrderId) ||
            account.liveOrdersByClientId.containsKey(clientOrderId))
        {
            text.clear().append("client order id ").append(clientOrderId).append(" was already used by account ")
                .append(accountId).append(" (ids must be unique among its last 16384 orders)");
            reason = RejectReason.DUPLICATE_ORDER_ID;
        }
        final InstrumentMarket market = markets.get(instrumentId);
        if (reason == RejectReason.NONE)
        {
            reason = validation.check(market, instrumentId, side, orderType, timeInForce, quantity, price, stopPrice,
                expiryTimeNs);
        }
        if (reason == RejectReason.NONE)
        {
            try
            {
                reason = preTradeRisk.check(account, market, side, orderType, quantity, price, input.timeNs,
                    controls.globalKill());
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
                strategies.onRejected(strategy, clientOrderId, instrumentId, side, orderType, quantity, price,
                    stopPrice, reason);
            }
            return;
        }

        final Order order = liveOrders.newOrder();
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
        liveOrders.add(account, market, order);
        account.orderRate.record(input.timeNs);
        account.tenant.orderRate.record(input.timeNs);

        events.orderAccepted(order);
        events.orderRouted(order, RouteAction.NEW);
        strategies.onOrderUpdate(order);
    }

    void onCancelOrder(final CancelOrderDecoder cancel)
    {
        requestCancel(cancel.clientOrderId(), cancel.tenantId(), cancel.accountId(), 0);
    }

    void requestCancel(final long clientOrderId, final int tenantId, final long accountId, final int strategyId)
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

    void onModifyOrder(final ModifyOrderDecoder modify)
    {
        requestModify(modify.clientOrderId(), modify.tenantId(), modify.accountId(), 0, modify.quantity(),
            modify.price(), modify.stopPrice());
    }

    void requestModify(
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
        RejectReason reason = validation.check(market, order.instrumentId, order.side, order.orderType,
            order.timeInForce, quantity, price, stopPrice, 0);
        if (reason == RejectReason.NONE && quantity <= order.filledQuantity)
        {
            text.clear().append("new quantity ").appendQuantity(quantity).append(" is not above the filled ")
                .appendQuantity(order.filledQuantity);
            reason = RejectReason.INVALID_QUANTITY;
        }
        final Account account = order.position.account;
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

    private Order findLiveOrder(final long clientOrderId, final int tenantId, final long accountId,
        final int strategyId)
    {
        final Account account = accounts.ofTenant(tenantId, accountId);
        if (account == null)
        {
            text.clear();
            accounts.appendNotKnown(tenantId, accountId);
            events.orderRejected(0, clientOrderId, tenantId, accountId, strategyId, RejectReason.UNKNOWN_ACCOUNT, 0,
                text);
            return null;
        }
        final Order order = account.liveOrdersByClientId.get(clientOrderId);
        if (order == null)
        {
            text.clear().append("no live order ").append(clientOrderId).append(" on account ").append(accountId);
            events.orderRejected(0, clientOrderId, tenantId, accountId, strategyId, RejectReason.UNKNOWN_ORDER, 0,
                text);
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
        strategies.onOrderUpdate(order);
        order.rejectReason = RejectReason.NONE;
    }

    // ---------------------------------------------------------------- venue reports

    void onExecutionReport(final ExecutionReportDecoder report)
    {
        final long orderId = report.orderId();
        final Order order = liveOrders.get(orderId);
        final ExecType execType = report.execType();
        if (order == null)
        {
            if ((execType == ExecType.FILL || execType == ExecType.PARTIAL_FILL) &&
                liveOrders.findFinished(orderId, lateOrder))
            {
                onLateFill(lateOrder, report);
            }
            else if (liveOrders.wasIssued(orderId))
            {
                text.clear().append(execType.name()).append(" for order ").append(orderId)
                    .append(" which is no longer live (filled, cancelled, expired or rejected)");
                events.inputRejected(input.templateId, RejectReason.ILLEGAL_TRANSITION, text);
            }
            else
            {
                text.clear().append(execType.name()).append(" for unknown order ").append(orderId);
                events.inputRejected(input.templateId, RejectReason.UNKNOWN_ORDER, text);
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
                events.inputRejected(input.templateId, RejectReason.INVALID_FIELD, text);
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
                events.inputRejected(input.templateId, RejectReason.ILLEGAL_TRANSITION, text);
                return;
        }
        events.statusChanged(order);
        strategies.onOrderUpdate(order);
    }

    private void applyModify(final Order order)
    {
        final Position position = order.position;
        position.adjustOpenQuantity(order.side, -order.leavesQuantity());
        order.quantity = order.pendingQuantity;
        order.price = order.pendingPrice;
        order.stopPrice = order.pendingStopPrice;
        position.adjustOpenQuantity(order.side, order.leavesQuantity());
        order.status = order.workingStatus();
    }

    private void onVenueFill(final Order order, final ExecutionReportDecoder report)
    {
        final Position position = order.position;
        if (!bookFill(order, position, report))
        {
            return;
        }
        final long quantity = report.lastQuantity();
        final long price = report.lastPrice();
        final long realized = bookedPnl;
        final Account account = position.account;
        position.adjustOpenQuantity(order.side, -quantity);

        events.fill(order, quantity, price, report.dealId(), report.commission(), realized);
        events.positionUpdate(position, position.unrealizedPnl());

        strategies.onFill(order, quantity, price, realized);
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
            strategies.onOrderUpdate(order);
        }
        events.accountState(account);
        controls.checkDailyLoss(account);
    }

    /**
     * Checks a fill's figures against the order and books it into the position and the account: false, with the
     * input rejected and nothing changed, when it cannot be booked. The money it realized is left in
     * {@link #bookedPnl}.
     */
    private boolean bookFill(final Order order, final Position position, final ExecutionReportDecoder report)
    {
        final long quantity = report.lastQuantity();
        final long price = report.lastPrice();
        final long commission = report.commission();
        if (quantity <= 0 || price <= 0 || commission < 0)
        {
            text.clear().append("fill of ").append(quantity).append(" at ").append(price)
                .append(" needs a positive quantity and price and no negative commission");
            events.inputRejected(input.templateId, RejectReason.INVALID_FIELD, text);
            return false;
        }
        if (quantity > order.leavesQuantity())
        {
            text.clear().append("fill of ").appendQuantity(quantity).append(" exceeds order ").append(order.orderId)
                .append("'s open quantity ").appendQuantity(order.leavesQuantity());
            events.inputRejected(input.templateId, RejectReason.OVERFILL, text);
            return false;
        }
        final long realized;
        try
        {
            realized = position.applyFill(order.side == Side.BUY ? quantity : -quantity, price);
        }
        catch (final ArithmeticException ex)
        {
            text.clear().append("fill of ").appendQuantity(quantity).append(" overflows the position");
            events.inputRejected(input.templateId, RejectReason.ARITHMETIC_OVERFLOW, text);
            return false;
        }
        order.filledQuantity += quantity;
        final Account account = position.account;
        account.balance += realized - commission;
        account.realizedPnl += realized;
        account.commission += commission;
        trackOpenPosition(position);
        bookedPnl = realized;
        return true;
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
                events.inputRejected(input.templateId, RejectReason.ILLEGAL_TRANSITION, text);
        }
    }

    private void finishOrder(final Order order, final OrderStatus status)
    {
        order.position.adjustOpenQuantity(order.side, -order.leavesQuantity());
        order.status = status;
        liveOrders.remove(order);
        if (status != OrderStatus.FILLED && status != OrderStatus.REJECTED)
        {
            events.statusChanged(order);
        }
        strategies.onOrderUpdate(order);
        if (status != OrderStatus.FILLED)
        {
            liveOrders.rememberFinished(order);
        }
        liveOrders.recycle(order);
    }

    /**
     * The broker filled an order that the engine had already seen end (cancelled, expired, rejected): the fill is
     * booked as the broker executed it, since the broker's books are the truth, and an alert names the order.
     */
    private void onLateFill(final Order order, final ExecutionReportDecoder report)
    {
        final Account account = accounts.get(order.accountId);
        final Position position = Accounts.position(account, markets.get(order.instrumentId));
        if (!bookFill(order, position, report))
        {
            return;
        }
        final long quantity = report.lastQuantity();
        final long price = report.lastPrice();
        final long commission = report.commission();
        final long realized = bookedPnl;
        liveOrders.addFinishedFill(order.orderId, quantity);

        final OrderStatus endedAs = order.status;
        order.quantity = order.filledQuantity; // nothing of it is open at the venue any more
        events.fill(order, quantity, price, report.dealId(), commission, realized);
        events.positionUpdate(position, position.unrealizedPnl());
        text.clear().append("late fill of order ").append(order.orderId).append(" (client order ")
            .append(order.clientOrderId).append("), which was ").append(endedAs.name()).append(": ")
            .appendQuantity(quantity).append(" lots at ").appendFixed(price, position.instrument.digits())
            .append(" booked as the broker executed it");
        events.riskAlert(account.tenant.tenantId, account.accountId, AlertKind.LATE_FILL, order.orderId, quantity,
            text);
        strategies.onFill(order, quantity, price, realized);
        events.accountState(account);
        controls.checkDailyLoss(account);
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
}
