package io.tradingcore.bridge;

import io.tradingcore.codec.DefineInstrumentEncoder;
import io.tradingcore.codec.MessageHeaderEncoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.ConcurrentCountersManager;
import org.agrona.concurrent.status.CountersReader;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the core's publisher thread hands the bridge's thread: in order, nothing lost when the queue is full (the
 * publisher waits), and failures on the bridge's thread told to the error handler and counted.
 */
class BridgeHandOffTest
{
    private static final long ACCOUNT = 1001;
    private static final int EURUSD = 1;
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final CoreOutputs outputs = new CoreOutputs();
    private final List<Throwable> errors = new CopyOnWriteArrayList<>();
    private final AtomicCounter errorCount = new ConcurrentCountersManager(
        new UnsafeBuffer(ByteBuffer.allocateDirect(4 * CountersReader.METADATA_LENGTH)),
        new UnsafeBuffer(ByteBuffer.allocateDirect(4 * CountersReader.COUNTER_LENGTH))).newCounter("test errors");

    private BridgeContext context()
    {
        return new BridgeContext().port(0).log(line -> { }).errorHandler(errors::add).errorCounter(errorCount);
    }

    @Test
    void routedOrdersPositionsAndDoneOrdersReachTheBridgeThreadInOrder() throws Exception
    {
        try (BridgeServer bridge = new BridgeServer(context()))
        {
            bridge.onInput(1, 1, outputs.buffer, 0, defineInstrument(outputs.buffer, 42, "XAUUSD"));
            for (long orderId = 1; orderId <= 100; orderId++)
            {
                bridge.onOutput(orderId, outputs.buffer, 0, outputs.routed(orderId, ACCOUNT, EURUSD));
            }
            bridge.onOutput(101, outputs.buffer, 0, outputs.lastFill(7, ACCOUNT, EURUSD));
            bridge.onOutput(102, outputs.buffer, 0, outputs.position(ACCOUNT, EURUSD, 30_000));

            await("the position", () -> onBridgeThread(bridge, () -> bridge.corePositionsOf(ACCOUNT).get(EURUSD)) ==
                30_000);
            assertEquals(100, bridge.stats().ordersRouted());
            assertFalse(onBridgeThread(bridge, () -> bridge.isLive(7)), "order 7 is done");
            assertTrue(onBridgeThread(bridge, () -> bridge.routedTo(7, ACCOUNT)), "a late fill of order 7 is taken");
            assertFalse(onBridgeThread(bridge, () -> bridge.routedTo(7, ACCOUNT + 1)), "from its own account only");
            assertTrue(onBridgeThread(bridge, () -> bridge.isLive(8)));
            assertTrue(onBridgeThread(bridge, () -> bridge.routedTo(8, ACCOUNT)));
            assertEquals(100, bridge.terminals().get(0).waitingOrders());
            assertEquals(0, bridge.stats().handOffWaits());
            assertEquals(List.of(), errors);
        }
    }

    @Test
    void aFullQueueHoldsThePublisherBackAndLosesNothing() throws Exception
    {
        final int orders = 500;
        try (BridgeServer bridge = new BridgeServer(context().handOffQueueBytes(4096).orderQueueLimit(orders)))
        {
            final CountDownLatch release = new CountDownLatch(1);
            bridge.loop().execute(() -> awaitQuietly(release));
            final Thread publisher = new Thread(() ->
            {
                final CoreOutputs publisherOutputs = new CoreOutputs();
                for (long orderId = 1; orderId <= orders; orderId++)
                {
                    bridge.onOutput(orderId, publisherOutputs.buffer, 0,
                        publisherOutputs.routed(orderId, ACCOUNT, EURUSD));
                }
            }, "test-publisher");
            publisher.start();

            await("the publisher to find the queue full", () -> bridge.stats().handOffWaits() > 0);
            publisher.join(200);
            assertTrue(publisher.isAlive(), "the publisher waits for room while the bridge's thread is held up");
            assertEquals(0, bridge.stats().ordersRouted());

            release.countDown();
            publisher.join(WAIT.toMillis());
            assertFalse(publisher.isAlive(), "the publisher went on once the bridge's thread made room");
            await("every order", () -> bridge.stats().ordersRouted() == orders);
            assertEquals(orders, bridge.terminals().get(0).waitingOrders());
            assertEquals(0, bridge.stats().handOffsRefused());
            assertEquals(List.of(), errors);
        }
    }

    @Test
    void aFailureOnTheBridgeThreadReachesTheHandlerAndTheCounter() throws Exception
    {
        try (BridgeServer bridge = new BridgeServer(context()))
        {
            final PublisherHandOff handOff = bridge.handOff();
            final int unknownType = 99;
            handOff.commit(handOff.claim(unknownType, Long.BYTES));
            bridge.onOutput(1, outputs.buffer, 0, outputs.routed(1, ACCOUNT, EURUSD));

            await("the order after the failure", () -> bridge.stats().ordersRouted() == 1);
            assertEquals(1, errors.size());
            assertTrue(errors.get(0).getMessage().contains("unknown message type 99"), errors.get(0).getMessage());
            assertEquals(1, errorCount.get());
        }
    }

    @Test
    void aClosedBridgeRefusesWhatThePublisherHandsOverAndSaysSoOnce()
    {
        final BridgeServer bridge = new BridgeServer(context());
        bridge.close();
        bridge.onOutput(1, outputs.buffer, 0, outputs.routed(1, ACCOUNT, EURUSD));
        bridge.onOutput(2, outputs.buffer, 0, outputs.position(ACCOUNT, EURUSD, 10_000));

        assertEquals(2, bridge.stats().handOffsRefused());
        assertEquals(1, errors.size());
        assertTrue(errors.get(0).getMessage().contains("the bridge is closed"), errors.get(0).getMessage());
        assertEquals(1, errorCount.get());
    }

    @Test
    void theCountersTheContextMadeCloseWithTheBridge()
    {
        final BridgeContext context = new BridgeContext().port(0).log(line -> { });
        final BridgeServer bridge = new BridgeServer(context);
        assertFalse(context.errorCounter().isClosed());
        bridge.close();
        assertTrue(context.errorCounter().isClosed());
    }

    private static int defineInstrument(final UnsafeBuffer buffer, final int instrumentId, final String symbol)
    {
        final DefineInstrumentEncoder encoder = new DefineInstrumentEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .instrumentId(instrumentId)
            .symbol(symbol)
            .digits((byte)2)
            .contractSize(100);
        return MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
    }

    private static <T> T onBridgeThread(final BridgeServer bridge, final Callable<T> task) throws Exception
    {
        return bridge.loop().submit(task).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static void await(final String what, final Checked condition) throws Exception
    {
        final long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.holds())
        {
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(1);
        }
    }

    private static void awaitQuietly(final CountDownLatch latch)
    {
        try
        {
            latch.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    /** A condition that may look at the bridge's thread, which throws checked exceptions. */
    @FunctionalInterface
    private interface Checked
    {
        boolean holds() throws Exception;
    }
}
