package io.tradingcore.pipeline;

import io.tradingcore.journal.Journal;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.ConcurrentCountersManager;
import org.agrona.concurrent.status.CountersReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The core's context in Aeron's style: defaults, conclude once, settings refused by name, errors handled. */
class TradingCoreContextTest
{
    @TempDir
    Path data;

    @Test
    void defaultsAreTheDocumentedOnesAndTheJournalsOwn()
    {
        final TradingCore.Context context = new TradingCore.Context();
        assertEquals(Path.of(TradingCore.Context.DATA_DIR_DEFAULT), context.dataDirectory());
        assertEquals(TradingCore.Context.THREADING_DEFAULT, context.threadingLayout());
        assertEquals(TradingCore.Context.IDLE_DEFAULT, context.idleStrategy());
        assertEquals(TradingCore.Context.RING_SIZE_DEFAULT, context.ringSize());
        assertEquals(TradingCore.Context.SNAPSHOT_INTERVAL_DEFAULT, context.snapshotInterval());
        assertEquals(Journal.Context.FLUSH_DEFAULT, context.flushPolicy());
        assertEquals(Journal.Context.ROLL_CYCLE_DEFAULT, context.rollCycle());
    }

    @Test
    void concludeRunsOnceAndFreezesTheSettings()
    {
        final TradingCore.Context context = new TradingCore.Context().dataDirectory(data);
        context.conclude();
        try
        {
            final IllegalStateException again = assertThrows(IllegalStateException.class, context::conclude);
            assertTrue(again.getMessage().contains("already concluded"), again.getMessage());
            assertThrows(IllegalStateException.class, () -> context.ringSize(16));
            assertThrows(IllegalStateException.class, () -> TradingCore.open(context), "a context serves one core");
        }
        finally
        {
            context.close();
        }
        assertTrue(context.errorCounter().isClosed(), "the counter the context made is closed with it");
    }

    @Test
    void aBadValueIsRefusedNamingItsProperty()
    {
        final IllegalStateException ring = assertThrows(IllegalStateException.class,
            () -> new TradingCore.Context().dataDirectory(data).ringSize(1000).conclude());
        assertTrue(ring.getMessage().contains("ringSize (" + TradingCore.Context.RING_SIZE_PROP_NAME + ")"),
            ring.getMessage());

        final IllegalStateException idle = assertThrows(IllegalStateException.class,
            () -> new TradingCore.Context().dataDirectory(data).idleStrategy("lazy").conclude());
        assertTrue(idle.getMessage().contains(TradingCore.Context.IDLE_PROP_NAME), idle.getMessage());

        final IllegalStateException roll = assertThrows(IllegalStateException.class,
            () -> new TradingCore.Context().dataDirectory(data).rollCycle("FORTNIGHTLY").conclude());
        assertTrue(roll.getMessage().contains(Journal.Context.ROLL_CYCLE_PROP_NAME), roll.getMessage());

        final IllegalStateException message = assertThrows(IllegalStateException.class,
            () -> new TradingCore.Context().dataDirectory(data).ingressCapacity(4096).maxMessageLength(1024)
                .conclude());
        assertTrue(message.getMessage().contains(TradingCore.Context.MAX_MESSAGE_LENGTH_PROP_NAME),
            message.getMessage());
    }

    @Test
    void aMalformedPropertyIsRefusedNamingIt()
    {
        System.setProperty(TradingCore.Context.RING_SIZE_PROP_NAME, "8k");
        try
        {
            final IllegalArgumentException refused =
                assertThrows(IllegalArgumentException.class, TradingCore.Context::new);
            assertTrue(refused.getMessage().contains(TradingCore.Context.RING_SIZE_PROP_NAME + "=8k"),
                refused.getMessage());
        }
        finally
        {
            System.clearProperty(TradingCore.Context.RING_SIZE_PROP_NAME);
        }

        System.setProperty(Journal.Context.FLUSH_PROP_NAME, "sometimes");
        try
        {
            final IllegalArgumentException refused =
                assertThrows(IllegalArgumentException.class, TradingCore.Context::new);
            assertTrue(refused.getMessage().contains(Journal.Context.FLUSH_PROP_NAME), refused.getMessage());
        }
        finally
        {
            System.clearProperty(Journal.Context.FLUSH_PROP_NAME);
        }
    }

    @Test
    void anAgentThatThrowsReachesTheHandlerAndTheCounter() throws InterruptedException
    {
        final List<Throwable> handled = new CopyOnWriteArrayList<>();
        final ConcurrentCountersManager counters = new ConcurrentCountersManager(
            new UnsafeBuffer(ByteBuffer.allocateDirect(4 * CountersReader.METADATA_LENGTH)),
            new UnsafeBuffer(ByteBuffer.allocateDirect(4 * CountersReader.COUNTER_LENGTH)));
        final AtomicCounter errors = counters.newCounter("test errors");
        final IllegalStateException failure = new IllegalStateException("the venue fell over");
        final TradingCore.Context context = new TradingCore.Context()
            .dataDirectory(data)
            .aeronEnabled(false)
            .snapshotInterval(0)
            .errorHandler(handled::add)
            .errorCounter(errors)
            .publisherThreadAgent(new ThrowsOnce(failure));

        try (TradingCore core = TradingCore.launch(context))
        {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (handled.isEmpty() && System.nanoTime() < deadline)
            {
                Thread.sleep(1);
            }
            assertEquals(List.of(failure), handled);
            assertEquals(1, errors.get());
            final IllegalStateException unhealthy = assertThrows(IllegalStateException.class, core::checkHealthy);
            assertSame(failure, unhealthy.getCause());
        }
        assertFalse(errors.isClosed(), "a counter the caller gave stays the caller's");
        errors.close();
    }

    @Test
    void theCountersTheContextMadeCloseWithTheCore()
    {
        final TradingCore.Context context = new TradingCore.Context().dataDirectory(data).aeronEnabled(false);
        try (TradingCore core = TradingCore.open(context))
        {
            assertFalse(context.errorCounter().isClosed());
            assertEquals(0, context.errorCounter().get());
            assertEquals(0, core.inputJournalSize());
        }
        assertTrue(context.errorCounter().isClosed());
    }

    /** A publisher-thread agent that fails on its first duty cycle, then idles. */
    private static final class ThrowsOnce implements Agent
    {
        private final RuntimeException failure;
        private boolean thrown;

        ThrowsOnce(final RuntimeException failure)
        {
            this.failure = failure;
        }

        @Override
        public int doWork()
        {
            if (!thrown)
            {
                thrown = true;
                throw failure;
            }
            return 0;
        }

        @Override
        public String roleName()
        {
            return "throws-once";
        }
    }
}
