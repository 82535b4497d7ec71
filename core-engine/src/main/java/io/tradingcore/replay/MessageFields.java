package io.tradingcore.replay;

import io.tradingcore.codec.AccountStateDecoder;
import io.tradingcore.codec.AccountUpdateDecoder;
import io.tradingcore.codec.AlertKind;
import io.tradingcore.codec.AttachStrategyDecoder;
import io.tradingcore.codec.CancelOrderDecoder;
import io.tradingcore.codec.ClientCommandDecoder;
import io.tradingcore.codec.ClientCommandDoneDecoder;
import io.tradingcore.codec.DefineInstrumentDecoder;
import io.tradingcore.codec.DefineTenantDecoder;
import io.tradingcore.codec.EngineSettingsDecoder;
import io.tradingcore.codec.ExecutionReportDecoder;
import io.tradingcore.codec.FillDecoder;
import io.tradingcore.codec.HaltAccountDecoder;
import io.tradingcore.codec.InputRejectedDecoder;
import io.tradingcore.codec.KillSwitchDecoder;
import io.tradingcore.codec.KillSwitchEngagedDecoder;
import io.tradingcore.codec.MarketTickDecoder;
import io.tradingcore.codec.MessageHeaderDecoder;
import io.tradingcore.codec.ModifyOrderDecoder;
import io.tradingcore.codec.NewOrderDecoder;
import io.tradingcore.codec.OrderAcceptedDecoder;
import io.tradingcore.codec.OrderRejectedDecoder;
import io.tradingcore.codec.OrderRoutedDecoder;
import io.tradingcore.codec.OrderStatusChangedDecoder;
import io.tradingcore.codec.PositionMismatchDecoder;
import io.tradingcore.codec.PositionUpdateDecoder;
import io.tradingcore.codec.RiskAlertDecoder;
import io.tradingcore.codec.SetRiskLimitsDecoder;
import io.tradingcore.codec.TimerDueDecoder;
import io.tradingcore.domain.FixedPoint;
import org.agrona.DirectBuffer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes any message of the schema into an {@link AuditRecord}, in journal order. It learns as it
 * reads: instrument digits and symbols from {@code DefineInstrument}, and each order's tenant,
 * account, instrument and ids from {@code OrderAccepted} and the venue's reports, so that messages
 * which carry only an order id (an {@code ExecutionReport}, a status change) still show and filter
 * by account and instrument, and a cancel by client order id shows the engine order it meant.
 */
final class MessageFields
{
    private record Instrument(String symbol, int digits)
    {
    }

    private static final class OrderFacts
    {
        final int tenantId;
        final long accountId;
        final int instrumentId;
        final long clientOrderId;
        long venueOrderId;

        OrderFacts(final int tenantId, final long accountId, final int instrumentId, final long clientOrderId)
        {
            this.tenantId = tenantId;
            this.accountId = accountId;
            this.instrumentId = instrumentId;
            this.clientOrderId = clientOrderId;
        }
    }

    private record ClientOrderKey(long accountId, long clientOrderId)
    {
    }

    private final Map<Integer, Instrument> instruments = new HashMap<>();
    private final Map<Long, OrderFacts> orders = new HashMap<>();
    private final Map<ClientOrderKey, Long> ordersByClientId = new HashMap<>();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final MessageHeaderDecoder commandHeader = new MessageHeaderDecoder();
    private final ClientCommandDecoder clientCommand = new ClientCommandDecoder();
    private final TimerDueDecoder timerDue = new TimerDueDecoder();
    private final ClientCommandDoneDecoder clientCommandDone = new ClientCommandDoneDecoder();
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
    private final EngineSettingsDecoder engineSettings = new EngineSettingsDecoder();
    private final PositionMismatchDecoder positionMismatch = new PositionMismatchDecoder();
    private final OrderAcceptedDecoder orderAccepted = new OrderAcceptedDecoder();
    private final OrderRejectedDecoder orderRejected = new OrderRejectedDecoder();
    private final OrderRoutedDecoder orderRouted = new OrderRoutedDecoder();
    private final OrderStatusChangedDecoder statusChanged = new OrderStatusChangedDecoder();
    private final FillDecoder fill = new FillDecoder();
    private final PositionUpdateDecoder positionUpdate = new PositionUpdateDecoder();
    private final AccountStateDecoder accountState = new AccountStateDecoder();
    private final RiskAlertDecoder riskAlert = new RiskAlertDecoder();
    private final KillSwitchEngagedDecoder killSwitchEngaged = new KillSwitchEngagedDecoder();
    private final InputRejectedDecoder inputRejected = new InputRejectedDecoder();

    AuditRecord input(final long sequence, final long timeNs, final DirectBuffer buffer, final int offset,
        final int length)
    {
        return decode(true, sequence, timeNs, buffer, offset, length);
    }

    /** An output's engine time is its own {@code timeNs} field; {@code timeNs} here is the fallback. */
    AuditRecord output(final long sequence, final long timeNs, final DirectBuffer buffer, final int offset,
        final int length)
    {
        return decode(false, sequence, timeNs, buffer, offset, length);
    }

    private AuditRecord decode(
        final boolean input, final long sequence, final long timeNs, final DirectBuffer buffer, final int offset,
        final int length)
    {
        final Builder b = new Builder(input, sequence, timeNs);
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            return b.message("Undecodable").text("problem", length + " bytes: too short for a message").build();
        }
        header.wrap(buffer, offset);
        final int body = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        final int block = header.blockLength();
        final int version = header.version();
        try
        {
            return decode(b, header.templateId(), buffer, body, block, version).build();
        }
        catch (final RuntimeException ex)
        {
            return new Builder(input, sequence, timeNs).message("Undecodable")
                .number("templateId", header.templateId()).text("problem", String.valueOf(ex.getMessage())).build();
        }
    }

    private Builder decode(
        final Builder b, final int templateId, final DirectBuffer buffer, final int body, final int block,
        final int version)
    {
        switch (templateId)
        {
            case MarketTickDecoder.TEMPLATE_ID:
            {
                final MarketTickDecoder m = tick.wrap(buffer, body, block, version);
                return b.message("MarketTick").instrument(m.instrumentId()).price("bid", m.bid()).price("ask", m.ask())
                    .price("last", m.last()).number("volume", m.volume()).number("timeMsc", m.timeMsc())
                    .number("flags", m.flags());
            }
            case NewOrderDecoder.TEMPLATE_ID:
            {
                final NewOrderDecoder m = newOrder.wrap(buffer, body, block, version);
                return b.message("NewOrder").tenant(m.tenantId()).account(m.accountId()).instrument(m.instrumentId())
                    .clientOrder(m.clientOrderId()).text("side", m.side().name()).text("type", m.orderType().name())
                    .text("tif", m.timeInForce().name()).quantity("quantity", m.quantity()).price("price", m.price())
                    .price("stopPrice", m.stopPrice()).number("expiryTimeNs", m.expiryTimeNs());
            }
            case CancelOrderDecoder.TEMPLATE_ID:
            {
                final CancelOrderDecoder m = cancelOrder.wrap(buffer, body, block, version);
                return b.message("CancelOrder").tenant(m.tenantId()).account(m.accountId())
                    .clientOrder(m.clientOrderId()).orderByClientId();
            }
            case ModifyOrderDecoder.TEMPLATE_ID:
            {
                final ModifyOrderDecoder m = modifyOrder.wrap(buffer, body, block, version);
                return b.message("ModifyOrder").tenant(m.tenantId()).account(m.accountId())
                    .clientOrder(m.clientOrderId()).orderByClientId().quantity("quantity", m.quantity())
                    .price("price", m.price()).price("stopPrice", m.stopPrice());
            }
            case ExecutionReportDecoder.TEMPLATE_ID:
            {
                final ExecutionReportDecoder m = executionReport.wrap(buffer, body, block, version);
                b.message("ExecutionReport").order(m.orderId()).venueOrder(m.venueOrderId())
                    .text("execType", m.execType().name()).number("dealId", m.dealId())
                    .quantity("lastQuantity", m.lastQuantity()).price("lastPrice", m.lastPrice())
                    .money("commission", m.commission()).number("venueCode", m.venueCode());
                return b.text("text", m.text());
            }
            case AccountUpdateDecoder.TEMPLATE_ID:
            {
                final AccountUpdateDecoder m = accountUpdate.wrap(buffer, body, block, version);
                return b.message("AccountUpdate").tenant(m.tenantId()).account(m.accountId())
                    .text("currency", m.currency()).money("balance", m.balance()).number("leverage", m.leverage());
            }
            case DefineInstrumentDecoder.TEMPLATE_ID:
            {
                final DefineInstrumentDecoder m = defineInstrument.wrap(buffer, body, block, version);
                instruments.put(m.instrumentId(), new Instrument(m.symbol().trim(), m.digits()));
                return b.message("DefineInstrument").instrument(m.instrumentId()).number("digits", m.digits())
                    .number("contractSize", m.contractSize()).price("tickSize", m.tickSize())
                    .quantity("volumeMin", m.volumeMin()).quantity("volumeMax", m.volumeMax())
                    .quantity("volumeStep", m.volumeStep()).text("profitCurrency", m.profitCurrency());
            }
            case DefineTenantDecoder.TEMPLATE_ID:
            {
                final DefineTenantDecoder m = defineTenant.wrap(buffer, body, block, version);
                return b.message("DefineTenant").tenant(m.tenantId()).text("name", m.name());
            }
            case SetRiskLimitsDecoder.TEMPLATE_ID:
            {
                final SetRiskLimitsDecoder m = setRiskLimits.wrap(buffer, body, block, version);
                return b.message("SetRiskLimits").tenant(m.tenantId()).account(m.accountId())
                    .text("scope", m.scope().name()).quantity("maxOrderQuantity", m.maxOrderQuantity())
                    .quantity("maxPosition", m.maxPosition()).money("maxGrossExposure", m.maxGrossExposure())
                    .number("maxOpenOrders", m.maxOpenOrders()).number("maxOrdersPerSecond", m.maxOrdersPerSecond())
                    .number("priceBandBps", m.priceBandBps()).number("staleMarketMs", m.staleMarketMs())
                    .money("dailyLossLimit", m.dailyLossLimit());
            }
            case HaltAccountDecoder.TEMPLATE_ID:
            {
                final HaltAccountDecoder m = haltAccount.wrap(buffer, body, block, version);
                return b.message("HaltAccount").tenant(m.tenantId()).account(m.accountId())
                    .text("halt", m.halt().name());
            }
            case KillSwitchDecoder.TEMPLATE_ID:
            {
                final KillSwitchDecoder m = killSwitch.wrap(buffer, body, block, version);
                b.message("KillSwitch").tenant(m.tenantId()).account(m.accountId()).text("scope", m.scope().name())
                    .text("engage", m.engage().name());
                return b.text("reason", m.reason());
            }
            case AttachStrategyDecoder.TEMPLATE_ID:
            {
                final AttachStrategyDecoder m = attachStrategy.wrap(buffer, body, block, version);
                b.message("AttachStrategy").tenant(m.tenantId()).account(m.accountId())
                    .number("strategyId", m.strategyId());
                final String name = m.name();
                return b.text("name", name).text("parameters", m.parameters());
            }
            case EngineSettingsDecoder.TEMPLATE_ID:
            {
                final EngineSettingsDecoder m = engineSettings.wrap(buffer, body, block, version);
                return b.message("EngineSettings").number("accountStateIntervalMs", m.accountStateIntervalMs());
            }
            case PositionMismatchDecoder.TEMPLATE_ID:
            {
                final PositionMismatchDecoder m = positionMismatch.wrap(buffer, body, block, version);
                return b.message("PositionMismatch").tenant(m.tenantId()).account(m.accountId())
                    .instrument(m.instrumentId()).quantity("terminalQuantity", m.terminalQuantity())
                    .quantity("coreQuantity", m.coreQuantity()).text("halt", m.halt().name());
            }
            case OrderAcceptedDecoder.TEMPLATE_ID:
            {
                final OrderAcceptedDecoder m = orderAccepted.wrap(buffer, body, block, version);
                learnOrder(m.orderId(), m.tenantId(), m.accountId(), m.instrumentId(), m.clientOrderId());
                return b.message("OrderAccepted").time(m.timeNs()).tenant(m.tenantId()).account(m.accountId())
                    .instrument(m.instrumentId()).order(m.orderId()).clientOrder(m.clientOrderId())
                    .text("side", m.side().name()).text("type", m.orderType().name())
                    .text("tif", m.timeInForce().name()).quantity("quantity", m.quantity()).price("price", m.price())
                    .price("stopPrice", m.stopPrice()).number("strategyId", m.strategyId());
            }
            case OrderRejectedDecoder.TEMPLATE_ID:
            {
                final OrderRejectedDecoder m = orderRejected.wrap(buffer, body, block, version);
                b.message("OrderRejected").time(m.timeNs()).tenant(m.tenantId()).account(m.accountId())
                    .order(m.orderId()).clientOrder(m.clientOrderId()).text("reason", m.reason().name())
                    .number("venueCode", m.venueCode()).number("strategyId", m.strategyId());
                return b.text("text", m.text());
            }
            case OrderRoutedDecoder.TEMPLATE_ID:
            {
                final OrderRoutedDecoder m = orderRouted.wrap(buffer, body, block, version);
                return b.message("OrderRouted").time(m.timeNs()).tenant(m.tenantId()).account(m.accountId())
                    .instrument(m.instrumentId()).order(m.orderId()).clientOrder(m.clientOrderId())
                    .venueOrder(m.venueOrderId()).text("action", m.action().name()).text("side", m.side().name())
                    .text("type", m.orderType().name()).text("tif", m.timeInForce().name())
                    .quantity("quantity", m.quantity()).price("price", m.price()).price("stopPrice", m.stopPrice())
                    .number("expiryTimeNs", m.expiryTimeNs());
            }
            case OrderStatusChangedDecoder.TEMPLATE_ID:
            {
                final OrderStatusChangedDecoder m = statusChanged.wrap(buffer, body, block, version);
                return b.message("OrderStatusChanged").time(m.timeNs()).tenant(m.tenantId()).account(m.accountId())
                    .order(m.orderId()).clientOrder(m.clientOrderId()).venueOrder(m.venueOrderId())
                    .text("status", m.status().name()).quantity("leavesQuantity", m.leavesQuantity())
                    .price("price", m.price()).number("strategyId", m.strategyId());
            }
            case FillDecoder.TEMPLATE_ID:
            {
                final FillDecoder m = fill.wrap(buffer, body, block, version);
                return b.message("Fill").time(m.timeNs()).tenant(m.tenantId()).account(m.accountId())
                    .instrument(m.instrumentId()).order(m.orderId()).clientOrder(m.clientOrderId())
                    .text("side", m.side().name()).quantity("quantity", m.quantity()).price("price", m.price())
                    .quantity("leavesQuantity", m.leavesQuantity()).number("dealId", m.dealId())
                    .money("commission", m.commission()).money("realizedPnl", m.realizedPnl())
                    .number("strategyId", m.strategyId());
            }
            case PositionUpdateDecoder.TEMPLATE_ID:
            {
                final PositionUpdateDecoder m = positionUpdate.wrap(buffer, body, block, version);
                return b.message("PositionUpdate").time(m.timeNs()).tenant(m.tenantId()).account(m.accountId())
                    .instrument(m.instrumentId()).quantity("netQuantity", m.netQuantity())
                    .price("averagePrice", m.averagePrice()).money("realizedPnl", m.realizedPnl())
                    .money("unrealizedPnl", m.unrealizedPnl());
            }
            case AccountStateDecoder.TEMPLATE_ID:
            {
                final AccountStateDecoder m = accountState.wrap(buffer, body, block, version);
                return b.message("AccountState").time(m.timeNs()).tenant(m.tenantId()).account(m.accountId())
                    .money("balance", m.balance()).money("equity", m.equity()).money("realizedPnl", m.realizedPnl())
                    .money("unrealizedPnl", m.unrealizedPnl()).money("marginUsed", m.marginUsed())
                    .money("grossExposure", m.grossExposure()).number("openOrders", m.openOrders())
                    .text("halted", m.halted().name());
            }
            case RiskAlertDecoder.TEMPLATE_ID:
            {
                final RiskAlertDecoder m = riskAlert.wrap(buffer, body, block, version);
                final AlertKind kind = m.kind();
                b.message("RiskAlert").time(m.timeNs()).tenant(m.tenantId()).account(m.accountId())
                    .text("kind", kind.name());
                // The two figures mean what the kind says: money for limits, quantities or an order for the others.
                if (kind == AlertKind.LATE_FILL)
                {
                    b.number("orderId", m.value()).quantity("quantity", m.threshold());
                }
                else if (kind == AlertKind.POSITION_MISMATCH)
                {
                    b.quantity("terminalQuantity", m.value()).quantity("coreQuantity", m.threshold());
                }
                else
                {
                    b.money("value", m.value()).money("threshold", m.threshold());
                }
                return b.text("text", m.text());
            }
            case KillSwitchEngagedDecoder.TEMPLATE_ID:
            {
                final KillSwitchEngagedDecoder m = killSwitchEngaged.wrap(buffer, body, block, version);
                b.message("KillSwitchEngaged").time(m.timeNs()).tenant(m.tenantId()).account(m.accountId())
                    .text("scope", m.scope().name()).number("cancelledOrders", m.cancelledOrders());
                return b.text("reason", m.reason());
            }
            case InputRejectedDecoder.TEMPLATE_ID:
            {
                final InputRejectedDecoder m = inputRejected.wrap(buffer, body, block, version);
                b.message("InputRejected").time(m.timeNs()).number("templateId", m.templateId())
                    .text("reason", m.reason().name());
                return b.text("text", m.text());
            }
            case TimerDueDecoder.TEMPLATE_ID:
                timerDue.wrap(buffer, body, block, version);
                return b.message("TimerDue").number("deadlineNs", timerDue.deadlineNs());
            case ClientCommandDecoder.TEMPLATE_ID:
            {
                // Shown as the command it carries, with the client's session and sequence.
                final ClientCommandDecoder m = clientCommand.wrap(buffer, body, block, version);
                final long session = m.clientSessionId();
                final long clientSequence = m.clientSequence();
                final int commandOffset = m.limit() + ClientCommandDecoder.commandHeaderLength();
                commandHeader.wrap(buffer, commandOffset);
                decode(b, commandHeader.templateId(), buffer, commandOffset + MessageHeaderDecoder.ENCODED_LENGTH,
                    commandHeader.blockLength(), commandHeader.version());
                return b.number("clientSession", session).number("clientSequence", clientSequence);
            }
            case ClientCommandDoneDecoder.TEMPLATE_ID:
            {
                final ClientCommandDoneDecoder m = clientCommandDone.wrap(buffer, body, block, version);
                return b.message("ClientCommandDone").time(m.timeNs()).number("clientSession", m.clientSessionId())
                    .number("clientSequence", m.clientSequence()).number("templateId", m.templateId())
                    .text("duplicate", m.duplicate().name());
            }
            default:
                return b.message("Unknown").number("templateId", templateId);
        }
    }

    private void learnOrder(
        final long orderId, final int tenantId, final long accountId, final int instrumentId, final long clientOrderId)
    {
        orders.put(orderId, new OrderFacts(tenantId, accountId, instrumentId, clientOrderId));
        ordersByClientId.put(new ClientOrderKey(accountId, clientOrderId), orderId);
    }

    /** Collects one record's fields; ids learned from earlier messages fill the gaps the message leaves. */
    private final class Builder
    {
        private final boolean input;
        private final long sequence;
        private long timeNs;
        private String message;
        private int tenantId;
        private long accountId;
        private int instrumentId;
        private long orderId;
        private long clientOrderId;
        private long venueOrderId;
        private final List<AuditRecord.Field> fields = new ArrayList<>();

        Builder(final boolean input, final long sequence, final long timeNs)
        {
            this.input = input;
            this.sequence = sequence;
            this.timeNs = timeNs;
        }

        Builder message(final String name)
        {
            message = name;
            return this;
        }

        Builder time(final long engineTimeNs)
        {
            timeNs = engineTimeNs;
            return this;
        }

        Builder tenant(final int id)
        {
            tenantId = id;
            return this;
        }

        Builder account(final long id)
        {
            accountId = id;
            return this;
        }

        Builder instrument(final int id)
        {
            instrumentId = id;
            return this;
        }

        Builder clientOrder(final long id)
        {
            clientOrderId = id;
            return this;
        }

        Builder venueOrder(final long id)
        {
            if (id != 0)
            {
                venueOrderId = id;
                final OrderFacts facts = orders.get(orderId);
                if (facts != null)
                {
                    facts.venueOrderId = id;
                }
            }
            return this;
        }

        /** Sets the engine order id and fills tenant, account, instrument and ids from what is known of it. */
        Builder order(final long id)
        {
            orderId = id;
            final OrderFacts facts = orders.get(id);
            if (facts != null)
            {
                tenantId = tenantId == 0 ? facts.tenantId : tenantId;
                accountId = accountId == 0 ? facts.accountId : accountId;
                instrumentId = instrumentId == 0 ? facts.instrumentId : instrumentId;
                clientOrderId = clientOrderId == 0 ? facts.clientOrderId : clientOrderId;
                venueOrderId = venueOrderId == 0 ? facts.venueOrderId : venueOrderId;
            }
            return this;
        }

        /** Cancel and modify name the order by client order id: show the engine order it means. */
        Builder orderByClientId()
        {
            final Long id = ordersByClientId.get(new ClientOrderKey(accountId, clientOrderId));
            return id == null ? this : order(id);
        }

        Builder number(final String name, final long value)
        {
            fields.add(new AuditRecord.Field(name, Long.toString(value), true));
            return this;
        }

        Builder text(final String name, final String value)
        {
            fields.add(new AuditRecord.Field(name, value, false));
            return this;
        }

        Builder price(final String name, final long value)
        {
            final Instrument instrument = instruments.get(instrumentId);
            return instrument == null ? number(name, value) : text(name, FixedPoint.format(value, instrument.digits));
        }

        Builder quantity(final String name, final long value)
        {
            return text(name, FixedPoint.format(value, FixedPoint.QUANTITY_DIGITS));
        }

        Builder money(final String name, final long value)
        {
            return text(name, FixedPoint.format(value, FixedPoint.MONEY_DIGITS));
        }

        AuditRecord build()
        {
            final Instrument instrument = instruments.get(instrumentId);
            return new AuditRecord(input, sequence, timeNs, message, tenantId, accountId, instrumentId,
                instrument == null ? "" : instrument.symbol, orderId, clientOrderId, venueOrderId, List.copyOf(fields));
        }
    }
}
