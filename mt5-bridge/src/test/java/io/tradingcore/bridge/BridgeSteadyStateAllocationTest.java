package io.tradingcore.bridge;

import io.tradingcore.messages.InputMessages;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bridge allocates nothing on the core's publisher thread (which also runs the engine) once warm: ticks, routed
 * orders, positions and finished orders go through its publisher-side entry points, measured with this thread's
 * allocated-bytes counter as the engine's SteadyStateAllocationTest measures the engine.
 */
class BridgeSteadyStateAllocationTest
{
    private static final long ACCOUNT = 1001;
    private static final int EURUSD = 1;
    private static final int WARM_UP_ORDERS = 50_000;
    private static final int ORDERS_PER_ROUND = 20_000;
    private static final int MAX_ROUNDS = 20;

    private final CoreOutputs outputs = new CoreOutputs();
    private final InputMessages inputs = new InputMessages();
    private final UnsafeBuffer input = new UnsafeBuffer(new byte[256]);
    private long sequence;

    @Test
    void warmBridgeAllocatesNothingPerOrderOnThePublisherThread() throws InterruptedException
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        assertTrue(threads.isThreadAllocatedMemorySupported());
        // Orders wait for a terminal that never comes: room for all of them, so none expires into the core.
        final int orders = WARM_UP_ORDERS + MAX_ROUNDS * ORDERS_PER_ROUND;
        try (BridgeServer bridge = new BridgeServer(new BridgeContext().port(0).log(line -> { })
            .orderQueueLimit(orders)))
        {
            for (int i = 0; i < WARM_UP_ORDERS; i++)
            {
                step(bridge);
            }
            final long threadId = Thread.currentThread().getId();
            // Measured in rounds until three in a row allocate nothing, as the engine's test does: while the JIT
            // still recompiles, a deoptimisation shows as a few bytes in an early round.
            final List<Long> allocatedPerRound = new ArrayList<>();
            int cleanRounds = 0;
            while (cleanRounds < 3 && allocatedPerRound.size() < MAX_ROUNDS)
            {
                final long before = threads.getThreadAllocatedBytes(threadId);
                for (int i = 0; i < ORDERS_PER_ROUND; i++)
                {
                    step(bridge);
                }
                final long allocated = threads.getThreadAllocatedBytes(threadId) - before;
                allocatedPerRound.add(allocated);
                cleanRounds = allocated == 0 ? cleanRounds + 1 : 0;
            }
            assertEquals(3, cleanRounds, "bytes allocated per round of " + ORDERS_PER_ROUND + " orders: " +
                allocatedPerRound);

            final long handedOver = WARM_UP_ORDERS + (long)allocatedPerRound.size() * ORDERS_PER_ROUND;
            final long deadline = System.nanoTime() + 30_000_000_000L;
            while (bridge.stats().ordersRouted() < handedOver && System.nanoTime() < deadline)
            {
                Thread.sleep(5);
            }
            assertEquals(handedOver, bridge.stats().ordersRouted(), "every order reached the bridge's thread");
            assertEquals(0, bridge.stats().handOffsRefused());
        }
    }

    /** A tick, the order it caused, the order's last fill and the position it left, as the publisher calls them. */
    private void step(final BridgeServer bridge)
    {
        final long tick = ++sequence;
        final long mid = 108_000 + (tick & 15);
        bridge.onInput(tick, tick, input, 0, inputs.marketTick(input, 0, EURUSD, tick, mid - 1, mid + 1, 0, 0, 6));
        final long orderId = tick;
        bridge.onOutput(tick, outputs.buffer, 0, outputs.routed(orderId, ACCOUNT, EURUSD));
        bridge.onOutput(tick, outputs.buffer, 0, outputs.lastFill(orderId, ACCOUNT, EURUSD));
        bridge.onOutput(tick, outputs.buffer, 0, outputs.position(ACCOUNT, EURUSD, (tick & 1) * 10_000));
    }
}
