package io.tradingcore.benchmarks;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.logbuffer.BufferClaim;
import io.aeron.logbuffer.FragmentHandler;
import io.tradingcore.pipeline.IdleStrategies;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Raw Aeron IPC round trip, the floor under anything that answers over Aeron: an embedded media driver (SHARED
 * threading, the pipeline's idle strategy), a ping publication, an echo thread that sends each message straight back
 * on a second stream, and a receiver thread that takes the echo. Messages are the size of a stamped tick.
 */
final class AeronIpcPing
{
    private static final int PING_STREAM = 2001;
    private static final int PONG_STREAM = 2002;
    private static final int MESSAGE_LENGTH = EncodedTicks.ENTRY_LENGTH;

    private final String idleStrategy;

    AeronIpcPing(final String idleStrategy)
    {
        this.idleStrategy = idleStrategy;
    }

    @SuppressWarnings("try") // the resource is held open for the length of the block, not used in it
    Histogram run(final FixedRateLoad load) throws Exception
    {
        final Path directory = TempDirectory.create("aeron-ping");
        final MediaDriver.Context driverContext = new MediaDriver.Context()
            .aeronDirectoryName(directory.resolve("aeron").toString())
            .threadingMode(ThreadingMode.SHARED)
            .sharedIdleStrategy(IdleStrategies.named(idleStrategy).get())
            .ipcTermBufferLength(4 * 1024 * 1024)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true);
        try (MediaDriver driver = MediaDriver.launch(driverContext);
            Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driverContext.aeronDirectoryName()));
            ExclusivePublication ping = aeron.addExclusivePublication("aeron:ipc", PING_STREAM);
            Subscription pingIn = aeron.addSubscription("aeron:ipc", PING_STREAM);
            ExclusivePublication pong = aeron.addExclusivePublication("aeron:ipc", PONG_STREAM);
            Subscription pongIn = aeron.addSubscription("aeron:ipc", PONG_STREAM))
        {
            awaitConnected(ping);
            awaitConnected(pong);
            final Thread echo = daemon("aeron-echo", () -> echo(pingIn, pong, load.events()));
            final Thread receiver = daemon("aeron-pong-receiver", () ->
            {
                final int[] received = new int[1];
                final FragmentHandler handler = (buffer, offset, length, header) ->
                {
                    load.onResponse(buffer.getInt(offset, ByteOrder.LITTLE_ENDIAN));
                    received[0]++;
                };
                final IdleStrategy idle = IdleStrategies.named(idleStrategy).get();
                while (received[0] < load.events() && !Thread.currentThread().isInterrupted())
                {
                    idle.idle(pongIn.poll(handler, 64));
                }
            });
            final UnsafeBuffer message = new UnsafeBuffer(ByteBuffer.allocateDirect(MESSAGE_LENGTH));
            final Histogram histogram = load.run((index, intendedNs) ->
            {
                message.putInt(0, index, ByteOrder.LITTLE_ENDIAN);
                while (ping.offer(message, 0, MESSAGE_LENGTH) < 0)
                {
                    Thread.onSpinWait();
                }
            }, TimeUnit.SECONDS.toNanos(30));
            echo.interrupt();
            receiver.interrupt();
            return histogram;
        }
        finally
        {
            TempDirectory.delete(directory);
        }
    }

    private void echo(final Subscription in, final ExclusivePublication out, final int events)
    {
        final BufferClaim claim = new BufferClaim();
        final int[] echoed = new int[1];
        final FragmentHandler handler = (buffer, offset, length, header) ->
        {
            while (out.tryClaim(length, claim) < 0)
            {
                Thread.onSpinWait();
            }
            claim.buffer().putBytes(claim.offset(), buffer, offset, length);
            claim.commit();
            echoed[0]++;
        };
        final IdleStrategy idle = IdleStrategies.named(idleStrategy).get();
        while (echoed[0] < events && !Thread.currentThread().isInterrupted())
        {
            idle.idle(in.poll(handler, 64));
        }
    }

    private static void awaitConnected(final Publication publication) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!publication.isConnected())
        {
            if (System.nanoTime() > deadline)
            {
                throw new IllegalStateException("Aeron IPC publication never connected");
            }
            Thread.sleep(1);
        }
    }

    static Thread daemon(final String name, final Runnable body)
    {
        final Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
