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
            "ma-crossover", "symbol=EURUSD;fast=5;slow=20;quantity=0.1"));
        fixture.outputs.clear();

        for (int i = 0; i < 100_000; i++)
        {
            step(fixture, i);
        }
        fixture.capturing = false;
        final long threadId = Thread.currentThread().getId();
        // Several measured rounds: the JIT may still allocate once while it recompiles early on;
        // steady state is that whole rounds of ticks and orders allocate nothing.
        final long[] allocatedPerRound = new long[4];
        int step = 100_000;
        final long ordersBefore = fixture.engine.nextOrderId;
        for (int round = 0; round < allocatedPerRound.length; round++)
        {
            final long before = threads.getThreadAllocatedBytes(threadId);
            for (final int end = step + 50_000; step < end; step++)
            {
                step(fixture, step);
            }
            allocatedPerRound[round] = threads.getThreadAllocatedBytes(threadId) - before;
        }

        final long orders = fixture.engine.nextOrderId - ordersBefore;
        assertTrue(orders >= 50_000, "orders flowed: " + orders);
        assertEquals(0, allocatedPerRound[allocatedPerRound.length - 1],
            "bytes allocated per round of 50,000 steps: " + java.util.Arrays.toString(allocatedPerRound));
        assertEquals(0, allocatedPerRound[allocatedPerRound.length - 2],
            "bytes allocated per round of 50,000 steps: " + java.util.Arrays.toString(allocatedPerRound));
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
