package io.tradingcore.benchmarks;

import io.tradingcore.codec.AccountStateDecoder;
import io.tradingcore.codec.AccountStateEncoder;
import io.tradingcore.codec.AlertKind;
import io.tradingcore.codec.BooleanType;
import io.tradingcore.codec.CancelOrderDecoder;
import io.tradingcore.codec.CancelOrderEncoder;
import io.tradingcore.codec.ExecType;
import io.tradingcore.codec.ExecutionReportDecoder;
import io.tradingcore.codec.ExecutionReportEncoder;
import io.tradingcore.codec.FillDecoder;
import io.tradingcore.codec.FillEncoder;
import io.tradingcore.codec.InputRejectedDecoder;
import io.tradingcore.codec.InputRejectedEncoder;
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
 * SBE encode and decode of each message the engine takes in on its hot path or sends out: one operation encodes the
 * message (header included) with its generated encoder, every field set, then wraps the generated decoder on it and
 * reads every field back (a text field as 16 bytes copied out). Field values change every operation. The MarketTick
 * round trip is {@link MarketTickCodecBenchmark}, the baseline of the engine's figures; these sit beside it.
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
}
