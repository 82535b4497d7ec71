package io.tradingcore.engine;

import io.tradingcore.codec.AlertKind;
import io.tradingcore.codec.AttachStrategyDecoder;
import io.tradingcore.codec.OrderStatus;
import io.tradingcore.codec.OrderType;
import io.tradingcore.codec.RejectReason;
import io.tradingcore.codec.Side;
import io.tradingcore.codec.TimeInForce;
import io.tradingcore.strategy.FillView;
import io.tradingcore.strategy.Strategy;
import io.tradingcore.strategy.StrategyCatalog;
import io.tradingcore.strategy.StrategyParameters;
import org.agrona.collections.Int2ObjectHashMap;

import java.util.ArrayList;
import java.util.Arrays;

/**
 * The attached strategies: starts them, calls them back on ticks, order updates, fills and timers, and runs the
 * requests they queue once the input has been handled, so a strategy never re-enters itself. A strategy that throws
 * is stopped with an alert; the engine goes on.
 */
final class StrategyHosting
{
    private static final int MAX_COMMANDS_PER_INPUT = 10_000;

    private final ArrayList<StrategyHost> strategies = new ArrayList<>();
    private final Int2ObjectHashMap<StrategyHost> byId = new Int2ObjectHashMap<>();
    private final StrategyTimers timers = new StrategyTimers();
    private final StrategyCatalog catalog;
    private final CurrentInput input;
    private final EngineEvents events;
    private final ReasonText text;
    private final Markets markets;
    private final Accounts accounts;
    private final Order rejectedView = new Order();
    private final ReusableFill fillView = new ReusableFill();
    private StrategyCommand[] commands = new StrategyCommand[64];
    private int commandCount;

    StrategyHosting(
        final StrategyCatalog catalog, final CurrentInput input, final EngineEvents events, final ReasonText text,
        final Markets markets, final Accounts accounts)
    {
        this.catalog = catalog;
        this.input = input;
        this.events = events;
        this.text = text;
        this.markets = markets;
        this.accounts = accounts;
        for (int i = 0; i < commands.length; i++)
        {
            commands[i] = new StrategyCommand();
        }
    }

    StrategyHost get(final int strategyId)
    {
        return byId.get(strategyId);
    }

    void onAttachStrategy(final AttachStrategyDecoder attach)
    {
        final int strategyId = attach.strategyId();
        final int tenantId = attach.tenantId();
        final long accountId = attach.accountId();
        final String name = attach.name();
        final String parametersText = attach.parameters();
        final Account account = accounts.ofTenant(tenantId, accountId);
        if (account == null)
        {
            text.clear().append("strategy ").append(name).append(": ");
            accounts.appendNotKnown(tenantId, accountId);
            events.inputRejected(input.templateId, RejectReason.UNKNOWN_ACCOUNT, text);
            return;
        }
        if (strategyId <= 0 || strategyId > 0x3FFF_FFFF || byId.containsKey(strategyId))
        {
            text.clear().append("strategy id ").append(strategyId).append(" is invalid or already attached");
            events.inputRejected(input.templateId, RejectReason.INVALID_FIELD, text);
            return;
        }
        try
        {
            start(strategyId, account, name, parametersText);
        }
        catch (final RuntimeException ex)
        {
            text.clear().append("strategy ").append(name).append(" could not start: ")
                .append(String.valueOf(ex.getMessage()));
            events.inputRejected(input.templateId, RejectReason.UNKNOWN_STRATEGY, text);
        }
    }

    private StrategyHost start(final int strategyId, final Account account, final String name, final String parameters)
    {
        final StrategyParameters parsed = StrategyParameters.parse(parameters);
        final Strategy strategy = catalog.create(name, parsed);
        final StrategyHost host = new StrategyHost(this, markets, input, strategyId, account, name, parsed, strategy);
        strategy.onStart(host);
        strategies.add(host);
        byId.put(strategyId, host);
        return host;
    }

    private void failed(final StrategyHost host, final RuntimeException ex)
    {
        host.failed = true;
        text.clear().append("strategy ").append(host.strategyId).append(" (").append(host.name)
            .append(") stopped: ").append(String.valueOf(ex));
        events.riskAlert(host.account.tenant.tenantId, host.account.accountId, AlertKind.STRATEGY_FAILED,
            host.strategyId, 0, text);
    }

    void onTick(final InstrumentMarket market)
    {
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
                    failed(host, ex);
                }
            }
        }
    }

    /** Tells the strategy that sent the order, if any, that the order changed. */
    void onOrderUpdate(final Order order)
    {
        if (order.strategyId == 0)
        {
            return;
        }
        final StrategyHost host = byId.get(order.strategyId);
        if (host != null && !host.failed)
        {
            try
            {
                host.strategy.onOrderUpdate(order);
            }
            catch (final RuntimeException ex)
            {
                failed(host, ex);
            }
        }
    }

    /** Tells a strategy that the engine refused its order: it sees an order that never went live. */
    void onRejected(
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
        onOrderUpdate(rejectedView);
    }

    void onFill(final Order order, final long quantity, final long price, final long realizedPnl)
    {
        final StrategyHost host = order.strategyId == 0 ? null : byId.get(order.strategyId);
        if (host != null && !host.failed)
        {
            fillView.set(order, quantity, price, realizedPnl);
            try
            {
                host.strategy.onFill(fillView);
            }
            catch (final RuntimeException ex)
            {
                failed(host, ex);
            }
        }
    }

    void scheduleTimer(final StrategyHost host, final long timerId, final long deadlineNs)
    {
        timers.schedule(host, timerId, deadlineNs);
    }

    long nextTimerDeadlineNs()
    {
        return timers.nextDeadlineNs();
    }

    /** Fires, in deadline order, every timer due at the current engine time, those set while firing included. */
    void fireDueTimers()
    {
        StrategyTimer timer;
        while ((timer = timers.pollDue(input.timeNs)) != null)
        {
            final StrategyHost host = timer.host;
            final long timerId = timer.timerId;
            timers.recycle(timer);
            if (!host.failed)
            {
                try
                {
                    host.strategy.onTimer(timerId, input.timeNs);
                }
                catch (final RuntimeException ex)
                {
                    failed(host, ex);
                }
            }
        }
    }

    void queue(
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

    /** Runs the queued requests, those queued while running included; a strategy that floods the engine stops. */
    void runQueued(final OrderLifecycle orders)
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
            if (++executed > MAX_COMMANDS_PER_INPUT)
            {
                failed(host, new IllegalStateException("more than " + MAX_COMMANDS_PER_INPUT +
                    " requests in response to one input"));
                continue;
            }
            final Account account = host.account;
            switch (command.kind)
            {
                case StrategyCommand.SUBMIT:
                    orders.placeOrder(command.clientOrderId, account.tenant.tenantId, account.accountId,
                        command.instrumentId, command.side, command.orderType, command.timeInForce, command.quantity,
                        command.price, command.stopPrice, 0, host);
                    break;
                case StrategyCommand.CANCEL:
                    orders.requestCancel(command.clientOrderId, account.tenant.tenantId, account.accountId,
                        host.strategyId);
                    break;
                default:
                    orders.requestModify(command.clientOrderId, account.tenant.tenantId, account.accountId,
                        host.strategyId, command.quantity, command.price, command.stopPrice);
            }
        }
        commandCount = 0;
    }

    /** Drops the queued requests of an input that could not be processed. */
    void discardQueued()
    {
        commandCount = 0;
    }

    void writeSnapshot(final CanonicalWriter out)
    {
        writeStrategies(out);
        timers.writeSnapshot(out);
    }

    private void writeStrategies(final CanonicalWriter out)
    {
        out.putInt(strategies.size());
        for (final StrategyHost host : strategies)
        {
            out.putInt(host.strategyId);
            out.putLong(host.account.accountId);
            out.putString(host.name);
            out.putString(host.parameters.text());
            out.putLong(host.ordersSubmitted);
            out.putBoolean(host.failed);
            out.putSized(host.strategy::saveState);
        }
    }

    void readSnapshot(final CanonicalReader in)
    {
        readStrategies(in);
        timers.readSnapshot(in, this);
    }

    /** Snapshots before version 3 kept the count of timers set in their header. */
    void readLegacySnapshot(final CanonicalReader in, final long timersSet)
    {
        readStrategies(in);
        timers.restoreTimersSet(timersSet);
        timers.readTimers(in, this);
    }

    private void readStrategies(final CanonicalReader in)
    {
        for (int i = 0, count = in.getInt(); i < count; i++)
        {
            final int strategyId = in.getInt();
            final long accountId = in.getLong();
            final Account account = accounts.get(accountId);
            if (account == null)
            {
                throw new IllegalArgumentException("engine snapshot: strategy " + strategyId
                    + " trades unknown account " +
                    accountId);
            }
            final StrategyHost host = start(strategyId, account, in.getString(), in.getString());
            host.ordersSubmitted = in.getLong();
            host.failed = in.getBoolean();
            final int stateLength = in.getInt();
            final int stateEnd = in.position() + stateLength;
            host.strategy.loadState(in);
            if (in.position() != stateEnd)
            {
                throw new IllegalStateException("strategy " + host.name + " read " +
                    (in.position() - stateEnd + stateLength) + " of its " + stateLength + " state bytes");
            }
        }
    }

    /** The fill a strategy is told of, reused for every fill. */
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
