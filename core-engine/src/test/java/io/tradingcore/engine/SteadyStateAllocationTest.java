package io.tradingcore.engine;

import io.tradingcore.codec.ExecType;
import io.tradingcore.codec.OrderType;
import io.tradingcore.codec.Side;
import io.tradingcore.codec.TimeInForce;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ticks, orders, fills and strategy decisions allocate nothing once warm (rule 6), measured with
 * this thread's allocated-bytes counter.
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
        final long threadId = Thread.currentThread().getId();
        // Measured in rounds until three in a row allocate nothing: while the JIT still recompiles,
        // a deoptimisation re-materialises objects it had scalar-replaced, which shows as a few
        // bytes in an early round. An engine that allocates per input never gets three clean rounds.
        final java.util.List<Long> allocatedPerRound = new java.util.ArrayList<>();
        int step = 100_000;
        int cleanRounds = 0;
        final long ordersBefore = fixture.engine.nextOrderId;
        while (cleanRounds < 3 && allocatedPerRound.size() < 20)
        {
            final long before = threads.getThreadAllocatedBytes(threadId);
            for (final int end = step + 50_000; step < end; step++)
            {
                step(fixture, step);
            }
            final long allocated = threads.getThreadAllocatedBytes(threadId) - before;
            allocatedPerRound.add(allocated);
            cleanRounds = allocated == 0 ? cleanRounds + 1 : 0;
        }

        final long orders = fixture.engine.nextOrderId - ordersBefore;
        assertTrue(orders >= 37_500, "orders flowed: " + orders);
        assertEquals(3, cleanRounds, "bytes allocated per round of 50,000 steps: " + allocatedPerRound);
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
        final long orderId = fixture.engine.nextOrderId - 1;
        fixture.engine.onInput(++fixture.sequence, fixture.timeNs, fixture.buffer, 0,
            fixture.inputs.executionReport(fixture.buffer, 0, orderId, ExecType.FILL, orderId, orderId, LOT, mid, 0, 0,
                ""));
    }
}
