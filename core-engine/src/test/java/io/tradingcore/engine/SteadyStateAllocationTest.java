package io.tradingcore.engine;

import io.tradingcore.codec.ExecType;
import io.tradingcore.codec.OrderType;
import io.tradingcore.codec.Side;
import io.tradingcore.codec.TimeInForce;
import io.tradingcore.strategy.Quote;
import io.tradingcore.strategy.StateReader;
import io.tradingcore.strategy.StateWriter;
import io.tradingcore.strategy.Strategy;
import io.tradingcore.strategy.StrategyCatalog;
import io.tradingcore.strategy.StrategyContext;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ticks, orders, fills, strategy decisions and strategy timers allocate nothing once warm (ARCHITECTURE.md, engine
 * rule 6), measured with this thread's allocated-bytes counter.
 */
class SteadyStateAllocationTest
{
    private static final long LOT = 10_000;

    @Test
    void warmEngineAllocatesNothingForTicksAndOrders()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        assertTrue(threads.isThreadAllocatedMemorySupported());
        final EngineFixture fixture = new EngineFixture();
        fixture.send(fixture.inputs.attachStrategy(fixture.buffer, 0, 1, EngineFixture.TENANT, EngineFixture.ACCOUNT,
            "ma-crossover", "symbol=EURUSD;bar=0;fast=5;slow=20;quantity=0.1"));
        fixture.outputs.clear();

        for (int i = 0; i < 100_000; i++)
        {
            step(fixture, i);
        }
        fixture.capturing = false;
        final long ordersBefore = fixture.engine.nextOrderId();
        final List<Long> allocatedPerRound = allocatedPerRound(threads, step -> step(fixture, step), 100_000);

        final long orders = fixture.engine.nextOrderId() - ordersBefore;
        assertTrue(orders >= 37_500, "orders flowed: " + orders);
        assertEquals(List.of(0L, 0L, 0L), allocatedPerRound.subList(allocatedPerRound.size() - 3,
            allocatedPerRound.size()), "bytes allocated per round of 50,000 steps: " + allocatedPerRound);
    }

    @Test
    void warmStrategyTimersAllocateNothing()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final TimerChain chain = new TimerChain();
        final EngineFixture fixture = new EngineFixture(new StrategyCatalog().register("timers", parameters -> chain));
        fixture.send(fixture.inputs.attachStrategy(fixture.buffer, 0, 1, EngineFixture.TENANT, EngineFixture.ACCOUNT,
            "timers", ""));
        fixture.capturing = false;
        final IntConsumer tick = step ->
        {
            fixture.advanceMs(1);
            fixture.engine.onInput(++fixture.sequence, fixture.timeNs, fixture.buffer, 0,
                fixture.inputs.marketTick(fixture.buffer, 0, EngineFixture.EURUSD, fixture.tickTimeMsc, 139_147,
                    139_149, 0, 0, 6));
        };
        for (int i = 0; i < 100_000; i++)
        {
            tick.accept(i);
        }
        final long firedBefore = chain.fired;
        final List<Long> allocatedPerRound = allocatedPerRound(threads, tick, 100_000);

        assertTrue(chain.fired - firedBefore >= 150_000, "timers fired: " + (chain.fired - firedBefore));
        assertEquals(List.of(0L, 0L, 0L), allocatedPerRound.subList(allocatedPerRound.size() - 3,
            allocatedPerRound.size()), "bytes allocated per round of 50,000 ticks: " + allocatedPerRound);
    }

    /**
     * Runs rounds of 50,000 steps until three in a row allocate nothing, at most 20: while the JIT still recompiles,
     * a deoptimisation re-materialises objects it had scalar-replaced, which shows as a few bytes in an early round.
     * Code that allocates per input never gets three clean rounds.
     */
    private static List<Long> allocatedPerRound(
        final com.sun.management.ThreadMXBean threads, final IntConsumer step, final int firstStep)
    {
        assertTrue(threads.isThreadAllocatedMemorySupported());
        final long threadId = Thread.currentThread().getId();
        final List<Long> allocatedPerRound = new ArrayList<>();
        int next = firstStep;
        int cleanRounds = 0;
        while (cleanRounds < 3 && allocatedPerRound.size() < 20)
        {
            final long before = threads.getThreadAllocatedBytes(threadId);
            for (final int end = next + 50_000; next < end; next++)
            {
                step.accept(next);
            }
            final long allocated = threads.getThreadAllocatedBytes(threadId) - before;
            allocatedPerRound.add(allocated);
            cleanRounds = allocated == 0 ? cleanRounds + 1 : 0;
        }
        return allocatedPerRound;
    }

    /** Keeps eight timers pending: every tick sets one 8 ms ahead, and each timer that fires sets another. */
    private static final class TimerChain implements Strategy
    {
        private StrategyContext context;
        private long fired;

        @Override
        public void onStart(final StrategyContext context)
        {
            this.context = context;
        }

        @Override
        public void onTick(final Quote quote)
        {
            context.scheduleTimer(quote.timeMsc(), context.timeNs() + 8_000_000L);
        }

        @Override
        public void onTimer(final long timerId, final long timeNs)
        {
            fired++;
            if ((timerId & 1) == 0)
            {
                context.scheduleTimer(timerId + 1, timeNs);
            }
        }

        @Override
        public void saveState(final StateWriter out)
        {
            out.putLong(fired);
        }

        @Override
        public void loadState(final StateReader in)
        {
            fired = in.getLong();
        }
    }

    /** One tick, and every 4th step an external order filled at once. */
    private static void step(final EngineFixture fixture, final int i)
    {
        fixture.advanceMs(1);
        final long mid = 139_148 + (i % 40 < 20 ? i % 20 : 20 - i % 20);
        fixture.engine.onInput(++fixture.sequence, fixture.timeNs, fixture.buffer, 0,
            fixture.inputs.marketTick(fixture.buffer, 0, EngineFixture.EURUSD, fixture.tickTimeMsc, mid - 1, mid + 1,
                0, 0, 6));
        if (i % 4 != 0)
        {
            return;
        }
        final long clientOrderId = 1_000 + i;
        fixture.engine.onInput(++fixture.sequence, fixture.timeNs, fixture.buffer, 0,
            fixture.inputs.newOrder(fixture.buffer, 0, clientOrderId, EngineFixture.TENANT, EngineFixture.ACCOUNT,
                EngineFixture.EURUSD, i % 8 == 0 ? Side.BUY : Side.SELL, OrderType.MARKET, TimeInForce.IOC, LOT, 0, 0,
                0));
        final long orderId = fixture.engine.nextOrderId() - 1;
        fixture.engine.onInput(++fixture.sequence, fixture.timeNs, fixture.buffer, 0,
            fixture.inputs.executionReport(fixture.buffer, 0, orderId, ExecType.FILL, orderId, orderId, LOT, mid, 0, 0,
                ""));
    }
}
