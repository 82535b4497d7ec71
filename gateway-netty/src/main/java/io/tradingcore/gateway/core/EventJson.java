package io.tradingcore.gateway.core;

import io.tradingcore.codec.AccountStateDecoder;
import io.tradingcore.codec.BooleanType;
import io.tradingcore.codec.FillDecoder;
import io.tradingcore.codec.KillSwitchEngagedDecoder;
import io.tradingcore.codec.MessageHeaderDecoder;
import io.tradingcore.codec.OrderAcceptedDecoder;
import io.tradingcore.codec.OrderRejectedDecoder;
import io.tradingcore.codec.OrderStatusChangedDecoder;
import io.tradingcore.codec.PositionUpdateDecoder;
import io.tradingcore.codec.RiskAlertDecoder;
import io.tradingcore.domain.FixedPoint;
import org.agrona.DirectBuffer;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The engine's events as the API and the stream show them: JSON objects with a {@code kind}, prices in the
 * instrument's digits, quantities in lots and money with two decimals, all as strings so no client rounds them.
 * Events a caller has no use for (routing to the venue, the command acknowledgements) render as null.
 */
final class EventJson
{
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final OrderAcceptedDecoder accepted = new OrderAcceptedDecoder();
    private final OrderRejectedDecoder rejected = new OrderRejectedDecoder();
    private final OrderStatusChangedDecoder statusChanged = new OrderStatusChangedDecoder();
    private final FillDecoder fill = new FillDecoder();
    private final PositionUpdateDecoder position = new PositionUpdateDecoder();
    private final AccountStateDecoder account = new AccountStateDecoder();
    private final RiskAlertDecoder alert = new RiskAlertDecoder();
    private final KillSwitchEngagedDecoder kill = new KillSwitchEngagedDecoder();
    private final IntFunction<Instrument> instruments;

    EventJson(final IntFunction<Instrument> instruments)
    {
        this.instruments = instruments;
    }

    /** The event as JSON fields (with {@code tenantId}), or null when callers are not shown it. */
    Map<String, Object> render(final DirectBuffer buffer, final int offset)
    {
        header.wrap(buffer, offset);
        final int body = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        final int block = header.blockLength();
        final int version = header.version();
        switch (header.templateId())
        {
            case OrderAcceptedDecoder.TEMPLATE_ID:
            {
                final OrderAcceptedDecoder m = accepted.wrap(buffer, body, block, version);
                final Instrument instrument = instruments.apply(m.instrumentId());
                final Map<String, Object> json = start("order", m.tenantId(), m.timeNs());
                json.put("orderId", m.orderId());
                json.put("clientOrderId", m.clientOrderId());
                json.put("accountId", m.accountId());
                json.put("symbol", symbol(instrument, m.instrumentId()));
                json.put("side", lower(m.side().name()));
                json.put("type", lower(m.orderType().name()));
                json.put("timeInForce", lower(m.timeInForce().name()));
                json.put("status", "pending_new");
                json.put("quantity", FixedPoint.formatQuantity(m.quantity()));
                json.put("leaves", FixedPoint.formatQuantity(m.quantity()));
                json.put("price", price(instrument, m.price()));
                json.put("strategyId", m.strategyId());
                return json;
            }
            case OrderRejectedDecoder.TEMPLATE_ID:
            {
                final OrderRejectedDecoder m = rejected.wrap(buffer, body, block, version);
                final Map<String, Object> json = start("order", m.tenantId(), m.timeNs());
                json.put("orderId", m.orderId());
                json.put("clientOrderId", m.clientOrderId());
                json.put("accountId", m.accountId());
                json.put("status", "rejected");
                json.put("reason", lower(m.reason().name()));
                json.put("text", m.text());
                return json;
            }
            case OrderStatusChangedDecoder.TEMPLATE_ID:
            {
                final OrderStatusChangedDecoder m = statusChanged.wrap(buffer, body, block, version);
                final Map<String, Object> json = start("order", m.tenantId(), m.timeNs());
                json.put("orderId", m.orderId());
                json.put("clientOrderId", m.clientOrderId());
                json.put("accountId", m.accountId());
                json.put("status", lower(m.status().name()));
                json.put("leaves", FixedPoint.formatQuantity(m.leavesQuantity()));
                json.put("priceUnits", m.price());
                return json;
            }
            case FillDecoder.TEMPLATE_ID:
            {
                final FillDecoder m = fill.wrap(buffer, body, block, version);
                final Instrument instrument = instruments.apply(m.instrumentId());
                final Map<String, Object> json = start("fill", m.tenantId(), m.timeNs());
                json.put("orderId", m.orderId());
                json.put("clientOrderId", m.clientOrderId());
                json.put("accountId", m.accountId());
                json.put("symbol", symbol(instrument, m.instrumentId()));
                json.put("side", lower(m.side().name()));
                json.put("quantity", FixedPoint.formatQuantity(m.quantity()));
                json.put("price", price(instrument, m.price()));
                json.put("leaves", FixedPoint.formatQuantity(m.leavesQuantity()));
                json.put("realizedPnl", money(m.realizedPnl()));
                json.put("commission", money(m.commission()));
                json.put("dealId", m.dealId());
                return json;
            }
            case PositionUpdateDecoder.TEMPLATE_ID:
            {
                final PositionUpdateDecoder m = position.wrap(buffer, body, block, version);
                final Instrument instrument = instruments.apply(m.instrumentId());
                final Map<String, Object> json = start("position", m.tenantId(), m.timeNs());
                json.put("accountId", m.accountId());
                json.put("symbol", symbol(instrument, m.instrumentId()));
                json.put("netQuantity", FixedPoint.formatQuantity(m.netQuantity()));
                json.put("averagePrice", price(instrument, m.averagePrice()));
                json.put("realizedPnl", money(m.realizedPnl()));
                json.put("unrealizedPnl", money(m.unrealizedPnl()));
                return json;
            }
            case AccountStateDecoder.TEMPLATE_ID:
            {
                final AccountStateDecoder m = account.wrap(buffer, body, block, version);
                final Map<String, Object> json = start("account", m.tenantId(), m.timeNs());
                json.put("accountId", m.accountId());
                json.put("balance", money(m.balance()));
                json.put("equity", money(m.equity()));
                json.put("realizedPnl", money(m.realizedPnl()));
                json.put("unrealizedPnl", money(m.unrealizedPnl()));
                json.put("marginUsed", money(m.marginUsed()));
                json.put("grossExposure", money(m.grossExposure()));
                json.put("openOrders", m.openOrders());
                json.put("halted", m.halted() == BooleanType.TRUE);
                return json;
            }
            case RiskAlertDecoder.TEMPLATE_ID:
            {
                final RiskAlertDecoder m = alert.wrap(buffer, body, block, version);
                final Map<String, Object> json = start("alert", m.tenantId(), m.timeNs());
                json.put("accountId", m.accountId());
                json.put("alertKind", lower(m.kind().name()));
                json.put("text", m.text());
                return json;
            }
            case KillSwitchEngagedDecoder.TEMPLATE_ID:
            {
                final KillSwitchEngagedDecoder m = kill.wrap(buffer, body, block, version);
                final Map<String, Object> json = start("kill", m.tenantId(), m.timeNs());
                json.put("scope", lower(m.scope().name()));
                json.put("accountId", m.accountId());
                json.put("cancelledOrders", m.cancelledOrders());
                json.put("reason", m.reason());
                return json;
            }
            default:
                return null;
        }
    }

    private static Map<String, Object> start(final String kind, final int tenantId, final long timeNs)
    {
        final Map<String, Object> json = new LinkedHashMap<>();
        json.put("kind", kind);
        json.put("tenantId", tenantId);
        json.put("timeMs", timeNs / 1_000_000);
        return json;
    }

    static String money(final long money)
    {
        return FixedPoint.format(FixedPoint.rescale(money, FixedPoint.MONEY_DIGITS, 2), 2);
    }

    private static String price(final Instrument instrument, final long price)
    {
        return instrument == null ? Long.toString(price) : instrument.formatPrice(price);
    }

    private static String symbol(final Instrument instrument, final int instrumentId)
    {
        return instrument == null ? "#" + instrumentId : instrument.symbol();
    }

    private static String lower(final String name)
    {
        return name.toLowerCase(Locale.ROOT);
    }
}
