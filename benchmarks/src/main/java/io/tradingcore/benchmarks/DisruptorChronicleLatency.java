package io.tradingcore.benchmarks;

import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.YieldingWaitStrategy;
import io.tradingcore.pipeline.IdleStrategies;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The latency baseline of the pipeline: the least a journaled hand-off can cost. The load's thread copies a stamped
 * tick into a one-to-one Disruptor ring (slots of the pipeline's size), one consumer thread polls it with the
 * pipeline's idle strategy and appends the bytes to a raw Chronicle Queue; the event is done when it is appended.
 */
final class DisruptorChronicleLatency
{
    private static final int RING_SIZE = 8192;
    private static final int SLOT_BYTES = 1024;

    private final EncodedTicks ticks;
    private final String idleStrategy;

    DisruptorChronicleLatency(final EncodedTicks ticks, final String idleStrategy)
    {
        this.ticks = ticks;
        this.idleStrategy = idleStrategy;
    }

    private static final class Slot
    {
        final UnsafeBuffer bytes = new UnsafeBuffer(ByteBuffer.allocateDirect(SLOT_BYTES));
        int index;
        int length;
    }

    Histogram run(final FixedRateLoad load) throws Exception
    {
        final Path directory = TempDirectory.create("latency-queue");
        final RingBuffer<Slot> ring = RingBuffer.createSingleProducer(Slot::new, RING_SIZE, new YieldingWaitStrategy());
        final EventPoller<Slot> poller = ring.newPoller();
        ring.addGatingSequences(poller.getSequence());
        final IdleStrategy idle = IdleStrategies.named(idleStrategy).get();
        try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(directory)
            .rollCycle(RollCycles.FAST_DAILY).build())
        {
            final Thread consumer = new Thread(() ->
            {
                try (ExcerptAppender appender = queue.createAppender())
                {
                    final EventPoller.Handler<Slot> append = (slot, sequence, endOfBatch) ->
                    {
                        try (DocumentContext document = appender.writingDocument())
                        {
                            document.wire().bytes().unsafeWrite(slot.bytes.addressOffset(), slot.length);
                        }
                        load.onResponse(slot.index);
                        return true;
                    };
                    int done = 0;
                    while (done < load.events())
                    {
                        final long before = poller.getSequence().get();
                        poller.poll(append);
                        final int work = (int)(poller.getSequence().get() - before);
                        done += work;
                        idle.idle(work);
                    }
                }
                catch (final Exception ex)
                {
                    throw new IllegalStateException(ex);
                }
            }, "baseline-journaller");
            consumer.start();
            final UnsafeBuffer source = ticks.buffer();
            final Histogram histogram = load.run((index, intendedNs) ->
            {
                final long sequence = ring.next();
                final Slot slot = ring.get(sequence);
                slot.index = index;
                slot.length = EncodedTicks.ENTRY_LENGTH;
                slot.bytes.putBytes(0, source, EncodedTicks.offset(index % ticks.count()), EncodedTicks.ENTRY_LENGTH);
                ring.publish(sequence);
            }, TimeUnit.SECONDS.toNanos(30));
            consumer.join();
            return histogram;
        }
        finally
        {
            TempDirectory.delete(directory);
        }
    }
}
