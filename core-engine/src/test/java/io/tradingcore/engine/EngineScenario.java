package io.tradingcore.engine;

import io.tradingcore.strategy.examples.ExampleStrategies;
import io.tradingcore.codec.ExecType;
import io.tradingcore.codec.LimitScope;
import io.tradingcore.codec.OrderRoutedDecoder;
import io.tradingcore.codec.RouteAction;
import io.tradingcore.domain.InstrumentSpec;
import io.tradingcore.messages.InputMessages;
import io.tradingcore.messages.RiskLimitValues;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A reproducible stream of stamped inputs: reference data, strategies, random-walk ticks and a
 * venue that fills routed orders at the touch. Built once by running an engine, so the venue's
 * reports depend on what the engine routed, exactly as in live running.
 */
final class EngineScenario
{
    record StampedInput(long sequence, long timeNs, byte[] message)
    {
    }

    private EngineScenario()
    {
    }

    static List<StampedInput> build(final long seed, final int ticks)
    {
        return build(seed, ticks, false);
    }

    /**
     * The scenario as it was before the examples took bar closes: only the two tick-window strategies, their
     * parameters in the words of then. What a snapshot written by an older engine was written from.
     */
    static List<StampedInput> buildAsBeforeBars(final long seed, final int ticks)
    {
        return build(seed, ticks, true);
    }

    private static List<StampedInput> build(final long seed, final int ticks, final boolean asBeforeBars)
    {
        final InputMessages inputs = new InputMessages();
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(512);
        final List<StampedInput> stream = new ArrayList<>();
        final List<byte[]> pendingReports = new ArrayList<>();
        final long[] quote = new long[2];
        final OrderRoutedDecoder routed = new OrderRoutedDecoder();
        final Engine engine = new Engine(ExampleStrategies.catalog(), (seq, b, o, l) ->
            OutputBatch.forEach(b, o, l, (mb, mo, ml) ->
            {
                final io.tradingcore.codec.MessageHeaderDecoder header =
                    new io.tradingcore.codec.MessageHeaderDecoder().wrap(mb, mo);
                if (header.templateId() != OrderRoutedDecoder.TEMPLATE_ID)
                {
                    return;
                }
                routed.wrapAndApplyHeader(mb, mo, header);
                final ExpandableArrayBuffer report = new ExpandableArrayBuffer(256);
                final InputMessages venue = new InputMessages();
                final int length;
                if (routed.action() == RouteAction.NEW)
                {
                    final long price = routed.side() == io.tradingcore.codec.Side.BUY ? quote[1] : quote[0];
                    length = venue.executionReport(report, 0, routed.orderId(), ExecType.FILL, routed.orderId() + 500,
                        seq, routed.quantity(), price, 0, 0, "");
                }
                else
                {
                    length = venue.executionReport(report, 0, routed.orderId(), ExecType.CANCELLED, 0, 0, 0, 0, 0, 0,
                        "");
                }
                final byte[] bytes = new byte[length];
                report.getBytes(0, bytes);
                pendingReports.add(bytes);
            }));

        final long[] time = {1_399_525_217_007_000_000L};
        final Random random = new Random(seed);
        final java.util.function.IntConsumer add = length ->
        {
            final byte[] bytes = new byte[length];
            buffer.getBytes(0, bytes);
            final StampedInput input = new StampedInput(stream.size() + 1, time[0], bytes);
            stream.add(input);
            engine.onInput(input.sequence(), input.timeNs(), new UnsafeBuffer(bytes), 0, bytes.length);
        };
        add.accept(inputs.defineTenant(buffer, 0, 1, "demo"));
        add.accept(inputs.accountUpdate(buffer, 0, 1, 100, "USD", 100_000_000_000L, 100));
        add.accept(inputs.defineInstrument(buffer, 0,
            new InstrumentSpec(1, "EURUSD", 5, 100_000, 1, 100, 1_000_000, 100, "USD")));
        add.accept(inputs.setRiskLimits(buffer, 0, LimitScope.ACCOUNT, 1, 100,
            new RiskLimitValues(50_000, 100_000, 0, 20, 50, 200, 5_000, 0)));
        if (asBeforeBars)
        {
            add.accept(inputs.attachStrategy(buffer, 0, 1, 1, 100, "ma-crossover",
                "symbol=EURUSD;fast=5;slow=20;quantity=0.5"));
            add.accept(inputs.attachStrategy(buffer, 0, 2, 1, 100, "mean-reversion",
                "symbol=EURUSD;window=30;band=4;quantity=0.2"));
        }
        else
        {
            add.accept(inputs.attachStrategy(buffer, 0, 1, 1, 100, "ma-crossover",
                "symbol=EURUSD;bar=0;fast=5;slow=20;quantity=0.5"));
            add.accept(inputs.attachStrategy(buffer, 0, 2, 1, 100, "mean-reversion",
                "symbol=EURUSD;bar=0;window=30;band=4;quantity=0.2"));
            // the examples on one-second bars, on an account of their own: snapshots then fall inside a bar
            add.accept(inputs.accountUpdate(buffer, 0, 1, 101, "USD", 100_000_000_000L, 100));
            add.accept(inputs.setRiskLimits(buffer, 0, LimitScope.ACCOUNT, 1, 101,
                new RiskLimitValues(50_000, 100_000, 0, 20, 50, 200, 5_000, 0)));
            add.accept(inputs.attachStrategy(buffer, 0, 3, 1, 101, "ma-crossover",
                "symbol=EURUSD;bar=1;fast=3;slow=8;band=1;quantity=0.3"));
            add.accept(inputs.attachStrategy(buffer, 0, 4, 1, 101, "mean-reversion",
                "symbol=EURUSD;bar=1;window=10;band=5;quantity=0.1"));
        }
        long mid = 139_148;
        for (int i = 0; i < ticks; i++)
        {
            time[0] += 1_000_000L * (1 + random.nextInt(200));
            mid += random.nextInt(7) - 3;
            quote[0] = mid - 1;
            quote[1] = mid + 1;
            add.accept(inputs.marketTick(buffer, 0, 1, time[0] / 1_000_000L, quote[0], quote[1], 0, 0, 6));
            while (!pendingReports.isEmpty())
            {
                final byte[] report = pendingReports.remove(0);
                time[0] += 50_000;
                buffer.putBytes(0, report);
                add.accept(report.length);
            }
        }
        return stream;
    }
}
