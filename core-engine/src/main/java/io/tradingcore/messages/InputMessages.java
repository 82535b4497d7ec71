package io.tradingcore.messages;

import io.tradingcore.codec.AccountUpdateEncoder;
import io.tradingcore.codec.AttachStrategyEncoder;
import io.tradingcore.codec.BooleanType;
import io.tradingcore.codec.CancelOrderEncoder;
import io.tradingcore.codec.DefineInstrumentEncoder;
import io.tradingcore.codec.DefineTenantEncoder;
import io.tradingcore.codec.EngineSettingsEncoder;
import io.tradingcore.codec.ExecType;
import io.tradingcore.codec.ExecutionReportEncoder;
import io.tradingcore.codec.HaltAccountEncoder;
import io.tradingcore.codec.KillScope;
import io.tradingcore.codec.KillSwitchEncoder;
import io.tradingcore.codec.LimitScope;
import io.tradingcore.codec.MarketTickEncoder;
import io.tradingcore.codec.MessageHeaderEncoder;
import io.tradingcore.codec.ModifyOrderEncoder;
import io.tradingcore.codec.NewOrderEncoder;
import io.tradingcore.codec.OrderType;
import io.tradingcore.codec.PositionMismatchEncoder;
import io.tradingcore.codec.SetRiskLimitsEncoder;
import io.tradingcore.codec.Side;
import io.tradingcore.codec.TimeInForce;
import io.tradingcore.domain.InstrumentSpec;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Encodes engine inputs (SBE, header included) into a caller's buffer and returns the length.
 * One instance per thread: the encoders inside are flyweights.
 */
public final class InputMessages
{
    private static final UnsafeBuffer NO_TEXT = new UnsafeBuffer(new byte[0]);

    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final MarketTickEncoder tick = new MarketTickEncoder();
    private final NewOrderEncoder newOrder = new NewOrderEncoder();
    private final CancelOrderEncoder cancel = new CancelOrderEncoder();
    private final ModifyOrderEncoder modify = new ModifyOrderEncoder();
    private final ExecutionReportEncoder report = new ExecutionReportEncoder();
    private final AccountUpdateEncoder account = new AccountUpdateEncoder();
    private final DefineInstrumentEncoder instrument = new DefineInstrumentEncoder();
    private final DefineTenantEncoder tenant = new DefineTenantEncoder();
    private final SetRiskLimitsEncoder limits = new SetRiskLimitsEncoder();
    private final HaltAccountEncoder halt = new HaltAccountEncoder();
    private final KillSwitchEncoder kill = new KillSwitchEncoder();
    private final AttachStrategyEncoder strategy = new AttachStrategyEncoder();
    private final EngineSettingsEncoder settings = new EngineSettingsEncoder();
    private final PositionMismatchEncoder mismatch = new PositionMismatchEncoder();

    public int marketTick(
        final MutableDirectBuffer buffer, final int offset, final int instrumentId, final long timeMsc, final long bid,
        final long ask, final long last, final long volume, final int flags)
    {
        tick.wrapAndApplyHeader(buffer, offset, header)
            .instrumentId(instrumentId).timeMsc(timeMsc).bid(bid).ask(ask).last(last).volume(volume).flags(flags);
        return MessageHeaderEncoder.ENCODED_LENGTH + tick.encodedLength();
    }

    public int newOrder(
        final MutableDirectBuffer buffer, final int offset, final long clientOrderId, final int tenantId,
        final long accountId, final int instrumentId, final Side side, final OrderType orderType,
        final TimeInForce timeInForce, final long quantity, final long price, final long stopPrice,
        final long expiryTimeNs)
    {
        newOrder.wrapAndApplyHeader(buffer, offset, header)
            .clientOrderId(clientOrderId).tenantId(tenantId).accountId(accountId).instrumentId(instrumentId)
            .side(side).orderType(orderType).timeInForce(timeInForce).quantity(quantity).price(price)
            .stopPrice(stopPrice).expiryTimeNs(expiryTimeNs);
        return MessageHeaderEncoder.ENCODED_LENGTH + newOrder.encodedLength();
    }

    public int cancelOrder(
        final MutableDirectBuffer buffer, final int offset, final long clientOrderId, final int tenantId,
        final long accountId)
    {
        cancel.wrapAndApplyHeader(buffer, offset, header)
            .clientOrderId(clientOrderId).tenantId(tenantId).accountId(accountId);
        return MessageHeaderEncoder.ENCODED_LENGTH + cancel.encodedLength();
    }

    public int modifyOrder(
        final MutableDirectBuffer buffer, final int offset, final long clientOrderId, final int tenantId,
        final long accountId, final long quantity, final long price, final long stopPrice)
    {
        modify.wrapAndApplyHeader(buffer, offset, header)
            .clientOrderId(clientOrderId).tenantId(tenantId).accountId(accountId).quantity(quantity).price(price)
            .stopPrice(stopPrice);
        return MessageHeaderEncoder.ENCODED_LENGTH + modify.encodedLength();
    }

    public int executionReport(
        final MutableDirectBuffer buffer, final int offset, final long orderId, final ExecType execType,
        final long venueOrderId, final long dealId, final long lastQuantity, final long lastPrice,
        final long commission, final int venueCode, final String text)
    {
        report.wrapAndApplyHeader(buffer, offset, header)
            .orderId(orderId).execType(execType).venueOrderId(venueOrderId).dealId(dealId)
            .lastQuantity(lastQuantity).lastPrice(lastPrice).commission(commission).venueCode(venueCode);
        if (text.isEmpty())
        {
            report.putText(NO_TEXT, 0, 0); // the generated String setter allocates even for ""
        }
        else
        {
            report.text(text);
        }
        return MessageHeaderEncoder.ENCODED_LENGTH + report.encodedLength();
    }

    public int accountUpdate(
        final MutableDirectBuffer buffer, final int offset, final int tenantId, final long accountId,
        final String currency, final long balance, final int leverage)
    {
        account.wrapAndApplyHeader(buffer, offset, header)
            .tenantId(tenantId).accountId(accountId).currency(currency).balance(balance).leverage(leverage);
        return MessageHeaderEncoder.ENCODED_LENGTH + account.encodedLength();
    }

    public int defineInstrument(final MutableDirectBuffer buffer, final int offset, final InstrumentSpec spec)
    {
        instrument.wrapAndApplyHeader(buffer, offset, header)
            .instrumentId(spec.instrumentId()).symbol(spec.symbol()).digits((byte)spec.digits())
            .contractSize(spec.contractSize()).tickSize(spec.tickSize()).volumeMin(spec.volumeMin())
            .volumeMax(spec.volumeMax()).volumeStep(spec.volumeStep()).profitCurrency(spec.profitCurrency());
        return MessageHeaderEncoder.ENCODED_LENGTH + instrument.encodedLength();
    }

    public int defineTenant(final MutableDirectBuffer buffer, final int offset, final int tenantId, final String name)
    {
        tenant.wrapAndApplyHeader(buffer, offset, header).tenantId(tenantId).name(name);
        return MessageHeaderEncoder.ENCODED_LENGTH + tenant.encodedLength();
    }

    /** Risk limits; zero in any field means no limit. */
    public int setRiskLimits(
        final MutableDirectBuffer buffer, final int offset, final LimitScope scope, final int tenantId,
        final long accountId, final RiskLimitValues values)
    {
        limits.wrapAndApplyHeader(buffer, offset, header)
            .scope(scope).tenantId(tenantId).accountId(accountId)
            .maxOrderQuantity(values.maxOrderQuantity()).maxPosition(values.maxPosition())
            .maxGrossExposure(values.maxGrossExposure()).maxOpenOrders(values.maxOpenOrders())
            .maxOrdersPerSecond(values.maxOrdersPerSecond()).priceBandBps(values.priceBandBps())
            .staleMarketMs(values.staleMarketMs()).dailyLossLimit(values.dailyLossLimit());
        return MessageHeaderEncoder.ENCODED_LENGTH + limits.encodedLength();
    }

    public int haltAccount(
        final MutableDirectBuffer buffer, final int offset, final int tenantId, final long accountId,
            final boolean halted)
    {
        halt.wrapAndApplyHeader(buffer, offset, header)
            .tenantId(tenantId).accountId(accountId).halt(halted ? BooleanType.TRUE : BooleanType.FALSE);
        return MessageHeaderEncoder.ENCODED_LENGTH + halt.encodedLength();
    }

    public int killSwitch(
        final MutableDirectBuffer buffer, final int offset, final KillScope scope, final int tenantId,
        final long accountId, final boolean engage, final String reason)
    {
        kill.wrapAndApplyHeader(buffer, offset, header)
            .scope(scope).tenantId(tenantId).accountId(accountId)
            .engage(engage ? BooleanType.TRUE : BooleanType.FALSE).reason(reason);
        return MessageHeaderEncoder.ENCODED_LENGTH + kill.encodedLength();
    }

    public int attachStrategy(
        final MutableDirectBuffer buffer, final int offset, final int strategyId, final int tenantId,
        final long accountId, final String name, final String parameters)
    {
        strategy.wrapAndApplyHeader(buffer, offset, header)
            .strategyId(strategyId).tenantId(tenantId).accountId(accountId).name(name).parameters(parameters);
        return MessageHeaderEncoder.ENCODED_LENGTH + strategy.encodedLength();
    }

    /** The engine's output settings: AccountState on price moves at most once per account per interval (0: off). */
    public int engineSettings(final MutableDirectBuffer buffer, final int offset, final long accountStateIntervalMs)
    {
        settings.wrapAndApplyHeader(buffer, offset, header).accountStateIntervalMs(accountStateIntervalMs);
        return MessageHeaderEncoder.ENCODED_LENGTH + settings.encodedLength();
    }

    /** A terminal's position differs from the core's; {@code halt} asks the engine to halt the account too. */
    public int positionMismatch(
        final MutableDirectBuffer buffer, final int offset, final int tenantId, final long accountId,
        final int instrumentId, final long terminalQuantity, final long coreQuantity, final boolean halt)
    {
        mismatch.wrapAndApplyHeader(buffer, offset, header)
            .tenantId(tenantId).accountId(accountId).instrumentId(instrumentId).terminalQuantity(terminalQuantity)
            .coreQuantity(coreQuantity).halt(halt ? BooleanType.TRUE : BooleanType.FALSE);
        return MessageHeaderEncoder.ENCODED_LENGTH + mismatch.encodedLength();
    }
}
