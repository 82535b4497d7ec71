package io.tradingcore.bridge;

import io.netty.channel.EventLoop;
import org.agrona.ErrorHandler;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import java.nio.ByteBuffer;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The way from the core's publisher thread, which also runs the engine, to the bridge's event loop, without an
 * allocation per message on the publisher's side: messages are copied as bytes into a pre-allocated single-producer
 * queue (Agrona's {@link OneToOneRingBuffer}) and read on the loop. The loop is woken by one pre-built task, submitted
 * only when the loop is not already due to drain the queue.
 * <p>
 * A full queue back-pressures the publisher, and through it the core: it waits, waking the loop, until the loop has
 * made room ({@link BridgeStats#handOffWaits()}), and logs how long once a second while the wait lasts. Nothing is
 * dropped, and the wait cannot deadlock, since the loop never waits for the publisher. Only a closed bridge refuses
 * messages, as nothing would read them: the first refusal goes to the error handler, every one is counted
 * ({@link BridgeStats#handOffsRefused()}).
 */
final class PublisherHandOff implements Runnable, MessageHandler
{
    /** Messages read per run of the loop's task, so that a burst does not hold the loop's sockets up. */
    private static final int DRAIN_LIMIT = 256;
    private static final long WAIT_REPORT_INTERVAL_NS = TimeUnit.SECONDS.toNanos(1);
    private static final long MAX_WAIT_PARK_NS = TimeUnit.MICROSECONDS.toNanos(100);

    private final OneToOneRingBuffer queue;
    private final EventLoop loop;
    private final MessageHandler reader;
    private final ErrorHandler errorHandler;
    private final BridgeStats stats;
    private final Consumer<String> log;
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final IdleStrategy fullQueueIdle = new BackoffIdleStrategy(10, 20, 1_000, MAX_WAIT_PARK_NS);
    private volatile boolean closed;

    /**
     * @param capacityBytes of the queue, a power of two.
     * @param loop          that reads the messages.
     * @param reader        given each message on the loop.
     * @param errorHandler  told, counted, of a message the reader failed on and of the first refused one.
     * @param stats         where waits and refusals are counted.
     * @param log           where a long wait on a full queue is reported.
     */
    PublisherHandOff(
        final int capacityBytes, final EventLoop loop, final MessageHandler reader, final ErrorHandler errorHandler,
        final BridgeStats stats, final Consumer<String> log)
    {
        this.queue = new OneToOneRingBuffer(new UnsafeBuffer(
            ByteBuffer.allocateDirect(capacityBytes + RingBufferDescriptor.TRAILER_LENGTH)));
        this.loop = loop;
        this.reader = reader;
        this.errorHandler = errorHandler;
        this.stats = stats;
        this.log = log;
    }

    // ---------------------------------------------------------------- publisher thread

    /**
     * Room for a message of {@code length} bytes, waiting while the queue is full; write it into {@link #buffer()} at
     * the index answered, then {@link #commit(int)}.
     *
     * @return the index of the message in {@link #buffer()}, or -1 when the bridge is closed.
     */
    int claim(final int messageType, final int length)
    {
        if (closed)
        {
            refuse();
            return -1;
        }
        final int index = queue.tryClaim(messageType, length);
        return index != RingBuffer.INSUFFICIENT_CAPACITY ? index : awaitRoom(messageType, length);
    }

    AtomicBuffer buffer()
    {
        return queue.buffer();
    }

    /** Makes a claimed message visible to the loop and wakes the loop. */
    void commit(final int index)
    {
        queue.commit(index);
        wakeLoop();
    }

    private int awaitRoom(final int messageType, final int length)
    {
        stats.handOffWaits++;
        final long startNs = System.nanoTime();
        long reportNs = startNs + WAIT_REPORT_INTERVAL_NS;
        fullQueueIdle.reset();
        while (true)
        {
            wakeLoop();
            fullQueueIdle.idle();
            if (closed)
            {
                refuse();
                return -1;
            }
            final int index = queue.tryClaim(messageType, length);
            if (index != RingBuffer.INSUFFICIENT_CAPACITY)
            {
                return index;
            }
            final long nowNs = System.nanoTime();
            if (nowNs >= reportNs)
            {
                reportNs = nowNs + WAIT_REPORT_INTERVAL_NS;
                log.accept("the core's publisher has waited " + TimeUnit.NANOSECONDS.toMillis(nowNs - startNs) +
                    " ms for room in the bridge's hand-off queue (" + queue.capacity() + " bytes): the bridge's " +
                    "thread is behind");
            }
        }
    }

    /**
     * The compare-and-set orders the message's commit before the look at the flag, so a message committed while the
     * loop's task clears the flag is either seen by that task or schedules another.
     */
    private void wakeLoop()
    {
        if (drainScheduled.compareAndSet(false, true))
        {
            try
            {
                loop.execute(this);
            }
            catch (final RejectedExecutionException ex)
            {
                drainScheduled.set(false);
                refuse();
            }
        }
    }

    private void refuse()
    {
        if (stats.handOffsRefused++ == 0)
        {
            errorHandler.onError(new IllegalStateException("the bridge is closed: the core's routed orders and " +
                "positions no longer reach it (they remain in the core's output journal)"));
        }
    }

    /** From now on messages are refused: nothing will read them. Any thread. */
    void close()
    {
        closed = true;
    }

    // ---------------------------------------------------------------- event loop

    /**
     * Where the publisher has written to: a message committed before this was read lies before it. Read on the loop
     * after the core said an input is published, it bounds the messages that input's outputs made.
     */
    long producerPosition()
    {
        return queue.producerPosition();
    }

    /** Where the loop has read to: every message before it has been given to the reader. */
    long consumerPosition()
    {
        return queue.consumerPosition();
    }

    /**
     * Reads everything the queue holds now, on the loop: for a writer that is the loop itself (cluster mode), which
     * reads each message right after writing it, so the queue never fills while its reader waits on it.
     */
    void drain()
    {
        while (queue.read(this, DRAIN_LIMIT) > 0)
        {
            continue;
        }
    }

    /** Drains the queue on the loop; the flag is cleared first, so a message committed from now on wakes it again. */
    @Override
    public void run()
    {
        drainScheduled.set(false);
        queue.read(this, DRAIN_LIMIT);
        if (queue.size() > 0 && drainScheduled.compareAndSet(false, true))
        {
            loop.execute(this);
        }
    }

    /** One message to the reader; one it fails on is reported and the next read all the same. */
    @Override
    public void onMessage(final int messageType, final MutableDirectBuffer buffer, final int index, final int length)
    {
        try
        {
            reader.onMessage(messageType, buffer, index, length);
        }
        catch (final RuntimeException ex)
        {
            errorHandler.onError(ex);
        }
    }
}
