package io.tradingcore.benchmarks;

import io.tradingcore.codec.AccountStateDecoder;
import io.tradingcore.codec.AccountStateEncoder;
import io.tradingcore.codec.AccountUpdateDecoder;
import io.tradingcore.codec.AccountUpdateEncoder;
import io.tradingcore.codec.AlertKind;
import io.tradingcore.codec.AttachStrategyDecoder;
import io.tradingcore.codec.AttachStrategyEncoder;
import io.tradingcore.codec.BooleanType;
import io.tradingcore.codec.CancelOrderDecoder;
import io.tradingcore.codec.CancelOrderEncoder;
import io.tradingcore.codec.DefineInstrumentDecoder;
import io.tradingcore.codec.DefineInstrumentEncoder;
import io.tradingcore.codec.DefineTenantDecoder;
import io.tradingcore.codec.DefineTenantEncoder;
import io.tradingcore.codec.ExecType;
import io.tradingcore.codec.ExecutionReportDecoder;
import io.tradingcore.codec.ExecutionReportEncoder;
import io.tradingcore.codec.FillDecoder;
import io.tradingcore.codec.FillEncoder;
import io.tradingcore.codec.HaltAccountDecoder;
import io.tradingcore.codec.HaltAccountEncoder;
import io.tradingcore.codec.InputRejectedDecoder;
import io.tradingcore.codec.InputRejectedEncoder;
import io.tradingcore.codec.KillScope;
import io.tradingcore.codec.KillSwitchDecoder;
import io.tradingcore.codec.KillSwitchEncoder;
import io.tradingcore.codec.KillSwitchEngagedDecoder;
import io.tradingcore.codec.KillSwitchEngagedEncoder;
import io.tradingcore.codec.LimitScope;
import io.tradingcore.codec.MessageHeaderDecoder;
import io.tradingcore.codec.MessageHeaderEncoder;
import io.tradingcore.codec.ModifyOrderDecoder;
import io.tradingcore.codec.ModifyOrderEncoder;
import io.tradingcore.codec.NewOrderDecoder;
import io.tradingcore.codec.NewOrderEncoder;
import io.tradingcore.codec.OrderAcceptedDecoder;
import io.tradingcore.codec.OrderAcceptedEncoder;
import io.tradingcore.codec.OrderRejectedDecoder;
import io.tradingcore.codec.OrderRejectedEncoder;
import io.tradingcore.codec.OrderRoutedDecoder;
import io.tradingcore.codec.OrderRoutedEncoder;
import io.tradingcore.codec.OrderStatus;
import io.tradingcore.codec.OrderStatusChangedDecoder;
import io.tradingcore.codec.OrderStatusChangedEncoder;
import io.tradingcore.codec.OrderType;
import io.tradingcore.codec.PositionUpdateDecoder;
import io.tradingcore.codec.PositionUpdateEncoder;
import io.tradingcore.codec.RejectReason;
import io.tradingcore.codec.RiskAlertDecoder;
import io.tradingcore.codec.RiskAlertEncoder;
import io.tradingcore.codec.RouteAction;
import io.tradingcore.codec.SetRiskLimitsDecoder;
import io.tradingcore.codec.SetRiskLimitsEncoder;
import io.tradingcore.codec.Side;
import io.tradingcore.codec.TimeInForce;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * SBE encode and decode of each message of the schema: one operation encodes the message (header included) with its
 * generated encoder, every field set, then wraps the generated decoder on it and reads every field back (a text field
 * as 16 bytes copied out). Field values change every operation. The MarketTick round trip is
 * {@link MarketTickCodecBenchmark}, the baseline of the engine's figures; these sit beside it. The messages off the
 * hot path (reference data, limits, halts, the kill switch, strategies) share one benchmark that round-trips all
 * eight in turn: one JMH fork per benchmark costs about a second, which quick mode's 3 minutes do not have.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
// The warm-up of scripts/bench quick; full mode sets 3 x 1 s on the command line, which overrides this.
@Warmup(iterations = 1, time = 200, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 1)
public class MessageCodecBenchmark
{
    private static final int TEXT_LENGTH = 16;

    private final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(512));
    private final UnsafeBuffer text = new UnsafeBuffer("venue said: ok..".getBytes(StandardCharsets.US_ASCII));
    private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[64]);
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final NewOrderEncoder newOrderEncoder = new NewOrderEncoder();
    private final NewOrderDecoder newOrderDecoder = new NewOrderDecoder();
    private final CancelOrderEncoder cancelOrderEncoder = new CancelOrderEncoder();
    private final CancelOrderDecoder cancelOrderDecoder = new CancelOrderDecoder();
    private final ModifyOrderEncoder modifyOrderEncoder = new ModifyOrderEncoder();
    private final ModifyOrderDecoder modifyOrderDecoder = new ModifyOrderDecoder();
    private final ExecutionReportEncoder executionReportEncoder = new ExecutionReportEncoder();
    private final ExecutionReportDecoder executionReportDecoder = new ExecutionReportDecoder();
    private final OrderAcceptedEncoder orderAcceptedEncoder = new OrderAcceptedEncoder();
    private final OrderAcceptedDecoder orderAcceptedDecoder = new OrderAcceptedDecoder();
    private final OrderRejectedEncoder orderRejectedEncoder = new OrderRejectedEncoder();
    private final OrderRejectedDecoder orderRejectedDecoder = new OrderRejectedDecoder();
    private final OrderRoutedEncoder orderRoutedEncoder = new OrderRoutedEncoder();
    private final OrderRoutedDecoder orderRoutedDecoder = new OrderRoutedDecoder();
    private final OrderStatusChangedEncoder orderStatusChangedEncoder = new OrderStatusChangedEncoder();
    private final OrderStatusChangedDecoder orderStatusChangedDecoder = new OrderStatusChangedDecoder();
    private final FillEncoder fillEncoder = new FillEncoder();
    private final FillDecoder fillDecoder = new FillDecoder();
    private final PositionUpdateEncoder positionUpdateEncoder = new PositionUpdateEncoder();
    private final PositionUpdateDecoder positionUpdateDecoder = new PositionUpdateDecoder();
    private final AccountStateEncoder accountStateEncoder = new AccountStateEncoder();
    private final AccountStateDecoder accountStateDecoder = new AccountStateDecoder();
    private final RiskAlertEncoder riskAlertEncoder = new RiskAlertEncoder();
    private final RiskAlertDecoder riskAlertDecoder = new RiskAlertDecoder();
    private final InputRejectedEncoder inputRejectedEncoder = new InputRejectedEncoder();
    private final InputRejectedDecoder inputRejectedDecoder = new InputRejectedDecoder();
    private final byte[] symbol = "EURUSD.pro      ".getBytes(StandardCharsets.US_ASCII);
    private final byte[] currency = "USD".getBytes(StandardCharsets.US_ASCII);
    private final byte[] fixedScratch = new byte[16];
    private final AccountUpdateEncoder accountUpdateEncoder = new AccountUpdateEncoder();
    private final AccountUpdateDecoder accountUpdateDecoder = new AccountUpdateDecoder();
    private final DefineInstrumentEncoder defineInstrumentEncoder = new DefineInstrumentEncoder();
    private final DefineInstrumentDecoder defineInstrumentDecoder = new DefineInstrumentDecoder();
    private final DefineTenantEncoder defineTenantEncoder = new DefineTenantEncoder();
    private final DefineTenantDecoder defineTenantDecoder = new DefineTenantDecoder();
    private final SetRiskLimitsEncoder setRiskLimitsEncoder = new SetRiskLimitsEncoder();
    private final SetRiskLimitsDecoder setRiskLimitsDecoder = new SetRiskLimitsDecoder();
    private final HaltAccountEncoder haltAccountEncoder = new HaltAccountEncoder();
    private final HaltAccountDecoder haltAccountDecoder = new HaltAccountDecoder();
    private final KillSwitchEncoder killSwitchEncoder = new KillSwitchEncoder();
    private final KillSwitchDecoder killSwitchDecoder = new KillSwitchDecoder();
    private final AttachStrategyEncoder attachStrategyEncoder = new AttachStrategyEncoder();
    private final AttachStrategyDecoder attachStrategyDecoder = new AttachStrategyDecoder();
    private final KillSwitchEngagedEncoder killSwitchEngagedEncoder = new KillSwitchEngagedEncoder();
    private final KillSwitchEngagedDecoder killSwitchEngagedDecoder = new KillSwitchEngagedDecoder();
    private long counter;

    private long next()
    {
        return ++counter;
    }

    @Benchmark
    public long newOrder()
    {
        final long v = next();
        newOrderEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .clientOrderId(v)
            .tenantId((int)v)
            .accountId(v)
            .instrumentId((int)v)
            .side(Side.BUY)
            .orderType(OrderType.LIMIT)
            .timeInForce(TimeInForce.GTC)
            .quantity(v)
            .price(v)
            .stopPrice(v)
            .expiryTimeNs(v);
        final NewOrderDecoder d = newOrderDecoder.wrapAndApplyHeader(buffer, 0, headerDecoder);
        return d.clientOrderId() +
            d.tenantId() +
            d.accountId() +
            d.instrumentId() +
            d.side().ordinal() +
            d.orderType().ordinal() +
            d.timeInForce().ordinal() +
            d.quantity() +
            d.price() +
            d.stopPrice() +
            d.expiryTimeNs();
    }

    @Benchmark
    public long cancelOrder()
    {
        final long v = next();
        cancelOrderEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .clientOrderId(v)
            .tenantId((int)v)
            .accountId(v);
        final CancelOrderDecoder d = cancelOrderDecoder.wrapAndApplyHeader(buffer, 0, headerDecoder);
        return d.clientOrderId() +
            d.tenantId() +
            d.accountId();
    }

    @Benchmark
    public long modifyOrder()
    {
        final long v = next();
        modifyOrderEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .clientOrderId(v)
            .tenantId((int)v)
            .accountId(v)
            .quantity(v)
            .price(v)
            .stopPrice(v);
        final ModifyOrderDecoder d = modifyOrderDecoder.wrapAndApplyHeader(buffer, 0, headerDecoder);
        return d.clientOrderId() +
            d.tenantId() +
            d.accountId() +
            d.quantity() +
            d.price() +
            d.stopPrice();
    }

    @Benchmark
    public long executionReport()
    {
        final long v = next();
        executionReportEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .orderId(v)
            .execType(ExecType.FILL)
            .venueOrderId(v)
            .dealId(v)
            .lastQuantity(v)
            .lastPrice(v)
            .commission(v)
            .venueCode((int)v)
            .putText(text, 0, TEXT_LENGTH);
        final ExecutionReportDecoder d = executionReportDecoder.wrapAndApplyHeader(buffer, 0, headerDecoder);
        return d.orderId() +
            d.execType().ordinal() +
            d.venueOrderId() +
            d.dealId() +
            d.lastQuantity() +
            d.lastPrice() +
            d.commission() +
            d.venueCode() +
            d.getText(scratch, 0, d.textLength());
    }

    @Benchmark
    public long orderAccepted()
    {
        final long v = next();
        orderAcceptedEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .inputSequence(v)
            .timeNs(v)
            .orderId(v)
            .clientOrderId(v)
            .tenantId((int)v)
            .accountId(v)
            .instrumentId((int)v)
            .side(Side.BUY)
            .orderType(OrderType.LIMIT)
            .timeInForce(TimeInForce.GTC)
            .quantity(v)
            .price(v)
            .stopPrice(v)
            .strategyId((int)v);
        final OrderAcceptedDecoder d = orderAcceptedDecoder.wrapAndApplyHeader(buffer, 0, headerDecoder);
        return d.inputSequence() +
            d.timeNs() +
            d.orderId() +
            d.clientOrderId() +
            d.tenantId() +
            d.accountId() +
            d.instrumentId() +
            d.side().ordinal() +
            d.orderType().ordinal() +
            d.timeInForce().ordinal() +
            d.quantity() +
            d.price() +
            d.stopPrice() +
            d.strategyId();
    }

    @Benchmark
    public long orderRejected()
    {
        final long v = next();
        orderRejectedEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .inputSequence(v)
            .timeNs(v)
            .orderId(v)
            .clientOrderId(v)
            .tenantId((int)v)
            .accountId(v)
            .reason(RejectReason.PRICE_BAND)
            .venueCode((int)v)
            .strategyId((int)v)
            .putText(text, 0, TEXT_LENGTH);
        final OrderRejectedDecoder d = orderRejectedDecoder.wrapAndApplyHeader(buffer, 0, headerDecoder);
        return d.inputSequence() +
            d.timeNs() +
            d.orderId() +
            d.clientOrderId() +
            d.tenantId() +
            d.accountId() +
            d.reason().ordinal() +
            d.venueCode() +
            d.strategyId() +
            d.getText(scratch, 0, d.textLength());
    }

    @Benchmark
    public long orderRouted()
    {
        final long v = next();
        orderRoutedEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .inputSequence(v)
            .timeNs(v)
            .orderId(v)
            .clientOrderId(v)
            .tenantId((int)v)
            .accountId(v)
            .instrumentId((int)v)
            .action(RouteAction.NEW)
            .side(Side.BUY)
            .orderType(OrderType.LIMIT)
            .timeInForce(TimeInForce.GTC)
            .quantity(v)
            .price(v)
            .stopPrice(v)
            .expiryTimeNs(v)
            .venueOrderId(v);
        final OrderRoutedDecoder d = orderRoutedDecoder.wrapAndApplyHeader(buffer, 0, headerDecoder);
        return d.inputSequence() +
            d.timeNs() +
            d.orderId() +
            d.clientOrderId() +
            d.tenantId() +
            d.accountId() +
            d.instrumentId() +
            d.action().ordinal() +
            d.side().ordinal() +
            d.orderType().ordinal() +
            d.timeInForce().ordinal() +
            d.quantity() +
            d.price() +
            d.stopPrice() +
            d.expiryTimeNs() +
            d.venueOrderId();
    }

    @Benchmark
    public long orderStatusChanged()
    {
        final long v = next();
        orderStatusChangedEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .inputSequence(v)
            .timeNs(v)
            .orderId(v)
            .clientOrderId(v)
            .tenantId((int)v)
            .accountId(v)
            .status(OrderStatus.WORKING)
            .leavesQuantity(v)
            .price(v)
            .venueOrderId(v)
            .strategyId((int)v);
        final OrderStatusChangedDecoder d = orderStatusChangedDecoder.wrapAndApplyHeader(buffer, 0, headerDecoder);
        return d.inputSequence() +
            d.timeNs() +
            d.orderId() +
            d.clientOrderId() +
            d.tenantId() +
            d.accountId() +
            d.status().ordinal() +
            d.leavesQuantity() +
            d.price() +
            d.venueOrderId() +
            d.strategyId();
    }

    @Benchmark
    public long fill()
    {
        final long v = next();
        fillEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .inputSequence(v)
            .timeNs(v)
            .orderId(v)
            .clientOrderId(v)
            .tenantId((int)v)
            .accountId(v)
            .instrumentId((int)v)
            .side(Side.BUY)
            .quantity(v)
            .price(v)
            .leavesQuantity(v)
            .dealId(v)
            .commission(v)
            .realizedPnl(v)
            .strategyId((int)v);
        final FillDecoder d = fillDecoder.wrapAndApplyHeader(buffer, 0, headerDecoder);
        return d.inputSequence() +
            d.timeNs() +
            d.orderId() +
            d.clientOrderId() +
            d.tenantId() +
            d.accountId() +
            d.instrumentId() +
            d.side().ordinal() +
            d.quantity() +
            d.price() +
            d.leavesQuantity() +
            d.dealId() +
            d.commission() +
            d.realizedPnl() +
            d.strategyId();
    }

    @Benchmark
    public long positionUpdate()
    {
        final long v = next();
        positionUpdateEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .inputSequence(v)
            .timeNs(v)
            .tenantId((int)v)
            .accountId(v)
            .instrumentId((int)v)
            .netQuantity(v)
            .averagePrice(v)
            .realizedPnl(v)
            .unrealizedPnl(v);
        final PositionUpdateDecoder d = positionUpdateDecoder.wrapAndApplyHeader(buffer, 0, headerDecoder);
        return d.inputSequence() +
            d.timeNs() +
            d.tenantId() +
            d.accountId() +
            d.instrumentId() +
            d.netQuantity() +
            d.averagePrice() +
            d.realizedPnl() +
            d.unrealizedPnl();
    }

    @Benchmark
    public long accountState()
    {
        final long v = next();
        accountStateEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .inputSequence(v)
            .timeNs(v)
            .tenantId((int)v)
            .accountId(v)
            .balance(v)
            .equity(v)
            .realizedPnl(v)
            .unrealizedPnl(v)
            .marginUsed(v)
            .grossExposure(v)
            .openOrders((int)v)
            .halted(BooleanType.FALSE);
        final AccountStateDecoder d = accountStateDecoder.wrapAndApplyHeader(buffer, 0, headerDecoder);
        return d.inputSequence() +
            d.timeNs() +
            d.tenantId() +
            d.accountId() +
            d.balance() +
            d.equity() +
            d.realizedPnl() +
            d.unrealizedPnl() +
            d.marginUsed() +
            d.grossExposure() +
            d.openOrders() +
            d.halted().ordinal();
    }

    @Benchmark
    public long riskAlert()
    {
        final long v = next();
        riskAlertEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .inputSequence(v)
            .timeNs(v)
            .tenantId((int)v)
            .accountId(v)
            .kind(AlertKind.DAILY_LOSS_LIMIT)
            .value(v)
            .threshold(v)
            .putText(text, 0, TEXT_LENGTH);
        final RiskAlertDecoder d = riskAlertDecoder.wrapAndApplyHeader(buffer, 0, headerDecoder);
        return d.inputSequence() +
            d.timeNs() +
            d.tenantId() +
            d.accountId() +
            d.kind().ordinal() +
            d.value() +
            d.threshold() +
            d.getText(scratch, 0, d.textLength());
    }

    @Benchmark
    public long inputRejected()
    {
        final long v = next();
        inputRejectedEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .inputSequence(v)
            .timeNs(v)
            .templateId((int)(v & 0xFFFF))
            .reason(RejectReason.PRICE_BAND)
            .putText(text, 0, TEXT_LENGTH);
        final InputRejectedDecoder d = inputRejectedDecoder.wrapAndApplyHeader(buffer, 0, headerDecoder);
        return d.inputSequence() +
            d.timeNs() +
            d.templateId() +
            d.reason().ordinal() +
            d.getText(scratch, 0, d.textLength());
    }

    /**
     * AccountUpdate, DefineInstrument, DefineTenant, SetRiskLimits, HaltAccount, KillSwitch, AttachStrategy and
     * KillSwitchEngaged, each encoded and decoded as above, all eight per operation.
     */
    @Benchmark
    public long referenceAndAdminMessages()
    {
        final long v = next();
        return accountUpdate(v) + defineInstrument(v) + defineTenant(v) + setRiskLimits(v) + haltAccount(v) +
            killSwitch(v) + attachStrategy(v) + killSwitchEngaged(v);
    }

    private long accountUpdate(final long v)
    {
        accountUpdateEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .tenantId((int)v)
            .accountId(v)
            .putCurrency(currency, 0)
            .balance(v)
            .leverage((int)v);
        final AccountUpdateDecoder d = accountUpdateDecoder.wrapAndApplyHeader(buffer, 0, headerDecoder);
        return d.tenantId() +
            d.accountId() +
            d.getCurrency(fixedScratch, 0) +
            d.balance() +
            d.leverage();
    }

    private long defineInstrument(final long v)
    {
        defineInstrumentEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .instrumentId((int)v)
            .putSymbol(symbol, 0)
            .digits((byte)v)
            .contractSize(v)
            .tickSize(v)
            .volumeMin(v)
            .volumeMax(v)
            .volumeStep(v)
            .putProfitCurrency(currency, 0);
        final DefineInstrumentDecoder d = defineInstrumentDecoder.wrapAndApplyHeader(buffer, 0, headerDecoder);
        return d.instrumentId() +
            d.getSymbol(fixedScratch, 0) +
            d.digits() +
            d.contractSize() +
            d.tickSize() +
            d.volumeMin() +
            d.volumeMax() +
            d.volumeStep() +
            d.getProfitCurrency(fixedScratch, 0);
    }

    private long defineTenant(final long v)
    {
        defineTenantEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .tenantId((int)v)
            .putName(text, 0, TEXT_LENGTH);
        final DefineTenantDecoder d = defineTenantDecoder.wrapAndApplyHeader(buffer, 0, headerDecoder);
        return d.tenantId() +
            d.getName(scratch, 0, d.nameLength());
    }

    private long setRiskLimits(final long v)
    {
        setRiskLimitsEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .scope(LimitScope.ACCOUNT)
            .tenantId((int)v)
            .accountId(v)
            .maxOrderQuantity(v)
            .maxPosition(v)
            .maxGrossExposure(v)
            .maxOpenOrders((int)v)
            .maxOrdersPerSecond((int)v)
            .priceBandBps((int)v)
            .staleMarketMs((int)v)
            .dailyLossLimit(v);
        final SetRiskLimitsDecoder d = setRiskLimitsDecoder.wrapAndApplyHeader(buffer, 0, headerDecoder);
        return d.scope().ordinal() +
            d.tenantId() +
            d.accountId() +
            d.maxOrderQuantity() +
            d.maxPosition() +
            d.maxGrossExposure() +
            d.maxOpenOrders() +
            d.maxOrdersPerSecond() +
            d.priceBandBps() +
            d.staleMarketMs() +
            d.dailyLossLimit();
    }

    private long haltAccount(final long v)
    {
        haltAccountEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .tenantId((int)v)
            .accountId(v)
            .halt((v & 1) == 0 ? BooleanType.TRUE : BooleanType.FALSE);
        final HaltAccountDecoder d = haltAccountDecoder.wrapAndApplyHeader(buffer, 0, headerDecoder);
        return d.tenantId() +
            d.accountId() +
            d.halt().ordinal();
    }

    private long killSwitch(final long v)
    {
        killSwitchEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .scope(KillScope.ACCOUNT)
            .tenantId((int)v)
            .accountId(v)
            .engage(BooleanType.TRUE)
            .putReason(text, 0, TEXT_LENGTH);
        final KillSwitchDecoder d = killSwitchDecoder.wrapAndApplyHeader(buffer, 0, headerDecoder);
        return d.scope().ordinal() +
            d.tenantId() +
            d.accountId() +
            d.engage().ordinal() +
            d.getReason(scratch, 0, d.reasonLength());
    }

    private long attachStrategy(final long v)
    {
        attachStrategyEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .strategyId((int)v)
            .tenantId((int)v)
            .accountId(v)
            .putName(text, 0, TEXT_LENGTH)
            .putParameters(text, 0, TEXT_LENGTH);
        final AttachStrategyDecoder d = attachStrategyDecoder.wrapAndApplyHeader(buffer, 0, headerDecoder);
        return d.strategyId() +
            d.tenantId() +
            d.accountId() +
            d.getName(scratch, 0, d.nameLength()) +
            d.getParameters(scratch, 0, d.parametersLength());
    }

    private long killSwitchEngaged(final long v)
    {
        killSwitchEngagedEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .inputSequence(v)
            .timeNs(v)
            .scope(KillScope.TENANT)
            .tenantId((int)v)
            .accountId(v)
            .cancelledOrders((int)v)
            .putReason(text, 0, TEXT_LENGTH);
        final KillSwitchEngagedDecoder d = killSwitchEngagedDecoder.wrapAndApplyHeader(buffer, 0, headerDecoder);
        return d.inputSequence() +
            d.timeNs() +
            d.scope().ordinal() +
            d.tenantId() +
            d.accountId() +
            d.cancelledOrders() +
            d.getReason(scratch, 0, d.reasonLength());
    }
}
