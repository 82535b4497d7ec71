package io.tradingcore.engine;

import io.tradingcore.codec.OrderType;
import io.tradingcore.codec.RejectReason;
import io.tradingcore.codec.Side;

/**
 * The checks every new order passes before it is accepted, in a fixed order so that the same
 * order always gets the same reason. Each check that fails writes a human-readable reason.
 */
final class PreTradeRisk
{
    private static final long NANOS_PER_MILLI = 1_000_000L;
    private static final long BASIS_POINTS = 10_000L;

    private final ReasonText text;

    PreTradeRisk(final ReasonText text)
    {
        this.text = text;
    }

    RejectReason check(
        final Account account, final InstrumentMarket market, final Side side, final OrderType orderType,
        final long quantity, final long price, final long timeNs, final boolean globalKill)
    {
        final Tenant tenant = account.tenant;
        final RiskLimits limits = account.limits;
        if (globalKill)
        {
            text.clear().append("kill switch engaged for all accounts");
            return RejectReason.KILL_SWITCH;
        }
        if (tenant.killed)
        {
            text.clear().append("kill switch engaged for tenant ").append(tenant.tenantId);
            return RejectReason.KILL_SWITCH;
        }
        if (account.killed)
        {
            text.clear().append("kill switch engaged for account ").append(account.accountId);
            return RejectReason.KILL_SWITCH;
        }
        if (account.halted)
        {
            text.clear().append("account ").append(account.accountId).append(" is halted");
            return RejectReason.ACCOUNT_HALTED;
        }
        if (!market.hasQuote)
        {
            text.clear().append("no quote yet for ").append(market.spec.symbol());
            return RejectReason.NO_MARKET;
        }
        if (limits.staleMarketMs > 0 && timeNs - market.lastTickTimeNs > limits.staleMarketMs * NANOS_PER_MILLI)
        {
            text.clear().append("last ").append(market.spec.symbol()).append(" tick is ")
                .append((timeNs - market.lastTickTimeNs) / NANOS_PER_MILLI).append(" ms old, limit ")
                .append(limits.staleMarketMs).append(" ms");
            return RejectReason.STALE_MARKET;
        }
        if (limits.maxOrderQuantity > 0 && quantity > limits.maxOrderQuantity)
        {
            text.clear().append("quantity ").appendQuantity(quantity).append(" exceeds max order quantity ")
                .appendQuantity(limits.maxOrderQuantity);
            return RejectReason.MAX_ORDER_QUANTITY;
        }
        if (orderType != OrderType.MARKET && limits.priceBandBps > 0)
        {
            final long reference = side == Side.BUY ? market.ask : market.bid;
            final long distance = Math.abs(price - reference);
            if (Math.multiplyHigh(distance, BASIS_POINTS) != 0 ||
                distance * BASIS_POINTS > (long)limits.priceBandBps * reference)
            {
                text.clear().append("price ").appendFixed(price, market.spec.digits()).append(" is more than ")
                    .append(limits.priceBandBps).append(" bps from the market ")
                    .appendFixed(reference, market.spec.digits());
                return RejectReason.PRICE_BAND;
            }
        }
        final Position position = account.positions.get(market.spec.instrumentId());
        if (limits.maxPosition > 0)
        {
            final long net = position == null ? 0 : position.netQuantity;
            final long openBuy = position == null ? 0 : position.openBuyQuantity;
            final long openSell = position == null ? 0 : position.openSellQuantity;
            final long worstLong = net + openBuy + (side == Side.BUY ? quantity : 0);
            final long worstShort = net - openSell - (side == Side.SELL ? quantity : 0);
            final long worst = Math.max(Math.abs(worstLong), Math.abs(worstShort));
            if (worst > limits.maxPosition)
            {
                text.clear().append("position could reach ").appendQuantity(worst).append(" lots, limit ")
                    .appendQuantity(limits.maxPosition);
                return RejectReason.MAX_POSITION;
            }
        }
        if (limits.maxOpenOrders > 0 && account.openOrders() >= limits.maxOpenOrders)
        {
            text.clear().append("account has ").append(account.openOrders()).append(" open orders, limit ")
                .append(limits.maxOpenOrders);
            return RejectReason.MAX_OPEN_ORDERS;
        }
        if (tenant.limits.maxOpenOrders > 0 && tenant.openOrders >= tenant.limits.maxOpenOrders)
        {
            text.clear().append("tenant has ").append(tenant.openOrders).append(" open orders, limit ")
                .append(tenant.limits.maxOpenOrders);
            return RejectReason.MAX_OPEN_ORDERS;
        }
        if (account.orderRate.wouldExceed(limits.maxOrdersPerSecond, timeNs))
        {
            text.clear().append("more than ").append(limits.maxOrdersPerSecond).append(" orders in one second");
            return RejectReason.ORDER_RATE;
        }
        if (tenant.orderRate.wouldExceed(tenant.limits.maxOrdersPerSecond, timeNs))
        {
            text.clear().append("tenant sent more than ").append(tenant.limits.maxOrdersPerSecond)
                .append(" orders in one second");
            return RejectReason.ORDER_RATE;
        }
        if (limits.dailyLossLimit > 0)
        {
            final long loss = account.dayStartEquity - Ledger.equity(account);
            if (loss >= limits.dailyLossLimit)
            {
                text.clear().append("daily loss ").appendMoney(loss).append(" reached limit ")
                    .appendMoney(limits.dailyLossLimit);
                return RejectReason.DAILY_LOSS_LIMIT;
            }
        }
        final long net = position == null ? 0 : position.netQuantity;
        final long signed = side == Side.BUY ? quantity : -quantity;
        if (Math.abs(net + signed) <= Math.abs(net))
        {
            return RejectReason.NONE; // reduces the position: exposure and margin only shrink
        }
        final long referencePrice = orderType == OrderType.MARKET || price == 0 ?
            (side == Side.BUY ? market.ask : market.bid) : price;
        final long orderNotional = market.spec.notional(quantity, referencePrice);
        if (limits.maxGrossExposure > 0)
        {
            final long exposure = Ledger.grossExposure(account) + orderNotional;
            if (exposure > limits.maxGrossExposure)
            {
                text.clear().append("gross exposure would be ").appendMoney(exposure).append(", limit ")
                    .appendMoney(limits.maxGrossExposure);
                return RejectReason.MAX_GROSS_EXPOSURE;
            }
        }
        if (tenant.limits.maxGrossExposure > 0)
        {
            final long exposure = Ledger.grossExposure(tenant) + orderNotional;
            if (exposure > tenant.limits.maxGrossExposure)
            {
                text.clear().append("tenant gross exposure would be ").appendMoney(exposure).append(", limit ")
                    .appendMoney(tenant.limits.maxGrossExposure);
                return RejectReason.MAX_GROSS_EXPOSURE;
            }
        }
        if (account.leverage > 0)
        {
            final long required = orderNotional / account.leverage;
            final long free = Ledger.equity(account) - Ledger.marginUsed(account);
            if (required > free)
            {
                text.clear().append("order needs margin ").appendMoney(required).append(", free margin ")
                    .appendMoney(free);
                return RejectReason.INSUFFICIENT_MARGIN;
            }
        }
        return RejectReason.NONE;
    }
}
