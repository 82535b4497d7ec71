package io.tradingcore.pipeline;

import io.tradingcore.messages.InputMessages;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A producer that {@code offerBlocking} holds back while the ingress is full sleeps rather than spins (on two cores a
 * spinning producer takes CPU from the very threads that would make room), and goes on once the core drains it.
 */
class OfferBlockingTest
{
    @TempDir
    Path data;

    @Test
    void backPressuredProducerSleepsThenGoesOnWhenTheCoreDrains() throws Exception
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(128);
        final int length = new InputMessages().marketTick(buffer, 0, 1, 1_399_525_217_007L, 139_147, 139_149, 0, 0, 6);
        try (TradingCore core = TradingCore.open(new TradingCore.Context()
            .dataDirectory(data)
            .aeronEnabled(false)
            .ingressCapacity(64 * 1024)))
        {
            // Not started: nothing drains the ingress, so it fills.
            long queued = 0;
            while (core.offer(buffer, 0, length) == Ingress.OK)
            {
                queued++;
            }
            assertTrue(queued > 100, "the ingress took " + queued + " inputs");

            final AtomicReference<Throwable> failure = new AtomicReference<>();
            final Thread producer = new Thread(() ->
            {
                try
                {
                    core.offerBlocking(buffer, 0, length);
                }
                catch (final Throwable ex)
                {
                    failure.set(ex);
                }
            }, "back-pressured-producer");
            producer.start();
            Thread.sleep(1_000);
            assertTrue(producer.isAlive(), "offerBlocking waits while the ingress is full");
            final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            final long cpuNs = threads.getThreadCpuTime(producer.getId());
            // A producer that yields in a loop uses about all of the second; one that parks, a few milliseconds.
            assertTrue(cpuNs < 300_000_000L, "the waiting producer used " + cpuNs / 1_000_000 + " ms of CPU in 1 s");

            core.start();
            producer.join(10_000);
            assertFalse(producer.isAlive(), "offerBlocking returned once the core made room");
            assertNull(failure.get());
            core.awaitQuiescent(Duration.ofSeconds(30), () -> true);
            assertEquals(queued + 1, core.publishedSequence(), "every input offered went through the core");
        }
    }
}
