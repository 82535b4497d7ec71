package io.tradingcore.benchmarks;

import io.tradingcore.domain.InstrumentSpec;
import io.tradingcore.engine.PositionCalculator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Position and P&L update, the engine's own arithmetic without the rest of the engine ({@link PositionCalculator}):
 * {@code fillAndRevalue} applies a fill of 0.10 lot to an EURUSD
 * position (buys and sells in a pattern that opens, adds, partly closes and flips it), then revalues it at a moved
 * quote as a tick does: unrealized P&L, the account's equity and margin. {@code revalueOnTick} is the tick's part
 * alone: the quote moves and the open position's unrealized P&L and the account's equity are recomputed.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
// The warm-up of scripts/bench quick; full mode sets 3 x 1 s on the command line, which overrides this.
@Warmup(iterations = 1, time = 200, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 1)
public class PositionPnlBenchmark
{
    private static final long[] FILLS = { 1_000, 1_000, -1_000, 2_000, -3_000, -1_000, 2_000, -1_000 };

    private PositionCalculator calculator;
    private long step;

    @Setup
    public void setUp()
    {
        final InstrumentSpec eurusd = new InstrumentSpec(1, "EURUSD", 5, 100_000, 1, 100, 1_000_000, 100, "USD");
        calculator = new PositionCalculator(eurusd, 10_000_000, 100);
        calculator.quote(139_147, 139_149);
        calculator.fill(1_000, 139_148);
    }

    @Benchmark
    public long fillAndRevalue()
    {
        final long s = step++;
        final long signed = FILLS[(int)(s & 7)];
        final long realized = calculator.fill(signed, 139_140 + (s & 15));
        final long bid = 139_147 + (s & 7);
        calculator.quote(bid, bid + 2);
        return realized + calculator.unrealizedPnl() + calculator.equity() + calculator.marginUsed();
    }

    @Benchmark
    public long revalueOnTick()
    {
        final long s = step++;
        final long bid = 139_147 + (s & 7);
        calculator.quote(bid, bid + 2);
        return calculator.equity();
    }
}
