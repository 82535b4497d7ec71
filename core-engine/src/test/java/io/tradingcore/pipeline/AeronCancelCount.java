package io.tradingcore.pipeline;

import io.aeron.Subscription;
import io.tradingcore.codec.MessageHeaderDecoder;
import io.tradingcore.codec.OrderRoutedDecoder;
import io.tradingcore.codec.RouteAction;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Counts the CANCEL routes that reach an Aeron subscriber of the core's output stream, on its own thread. */
final class AeronCancelCount extends Thread
{
    private final Subscription subscription;
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final OrderRoutedDecoder routed = new OrderRoutedDecoder();
    private final AtomicLong cancels = new AtomicLong();
    private final AtomicBoolean running = new AtomicBoolean(true);

    AeronCancelCount(final Subscription subscription) throws InterruptedException
    {
        super("aeron-cancel-count");
        this.subscription = subscription;
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!subscription.isConnected() && System.nanoTime() < deadline)
        {
            Thread.sleep(1);
        }
        assertTrue(subscription.isConnected(), "subscriber connected to the core's publication");
    }

    @Override
    public void run()
    {
        while (running.get())
        {
            final int fragments = subscription.poll((buffer, offset, length, aeronHeader) ->
            {
                header.wrap(buffer, offset);
                if (header.templateId() == OrderRoutedDecoder.TEMPLATE_ID &&
                    routed.wrapAndApplyHeader(buffer, offset, header).action() == RouteAction.CANCEL)
                {
                    cancels.incrementAndGet();
                }
            }, 256);
            if (fragments == 0)
            {
                Thread.yield();
            }
        }
    }

    long stopAfter(final long expected, final Duration timeout) throws InterruptedException
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (cancels.get() < expected && System.nanoTime() < deadline)
        {
            Thread.sleep(1);
        }
        running.set(false);
        join();
        return cancels.get();
    }
}
