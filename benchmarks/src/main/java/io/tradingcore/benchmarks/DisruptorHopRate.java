package io.tradingcore.benchmarks;

import com.lmax.disruptor.BatchEventProcessor;
import com.lmax.disruptor.BatchEventProcessorBuilder;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.YieldingWaitStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;

/**
 * The baseline for the engine: a raw one-to-one Disruptor hop. One producer (this thread) claims a
 * slot, copies one stamped MarketTick into it as our sequencer does and publishes; one consumer
 * thread (a {@link BatchEventProcessor}, yielding wait strategy) takes each event and does nothing
 * with it. Slots are 8 + 1024 bytes like the pipeline's input entries, and the ring has the
 * pipeline's default 8192 of them. The ticks are sent {@code passes} times so a run lasts long
 * enough to time.
 */
final class DisruptorHopRate
{
    static final int RING_SIZE = 8192;
    static final int SLOT_BYTES = EncodedTicks.STAMP_LENGTH + 1024;

    private final EncodedTicks ticks;
    private final int passes;

    DisruptorHopRate(final EncodedTicks ticks, final int passes)
    {
        this.ticks = ticks;
        this.passes = passes;
    }

    TrialResult run() throws InterruptedException
    {
        final RingBuffer<Slot> ring = RingBuffer.createSingleProducer(Slot::new, RING_SIZE, new YieldingWaitStrategy());
        final Consumer consumer = new Consumer();
        final BatchEventProcessor<Slot> processor = new BatchEventProcessorBuilder().build(ring, ring.newBarrier(),
            consumer);
        ring.addGatingSequences(processor.getSequence());
        final Thread thread = new Thread(processor, "disruptor-hop-consumer");
        thread.start();

        final UnsafeBuffer source = ticks.buffer();
        final int count = ticks.count();
        final long start = System.nanoTime();
        for (int pass = 0; pass < passes; pass++)
        {
            for (int i = 0; i < count; i++)
            {
                final long sequence = ring.next();
                final Slot slot = ring.get(sequence);
                slot.bytes.putBytes(0, source, EncodedTicks.offset(i), EncodedTicks.ENTRY_LENGTH);
                slot.length = EncodedTicks.ENTRY_LENGTH;
                ring.publish(sequence);
            }
        }
        final long last = ring.getCursor();
        while (processor.getSequence().get() < last)
        {
            Thread.yield();
        }
        final long nanos = System.nanoTime() - start;
        processor.halt();
        thread.join();
        final long messages = (long)count * passes;
        if (consumer.events != messages)
        {
            throw new IllegalStateException("the consumer saw " + consumer.events + " of " + messages + " events");
        }
        return new TrialResult(messages, nanos, String.format("%,d ticks x %d passes", count, passes));
    }

    /** A pre-allocated ring entry the size of the pipeline's. */
    private static final class Slot
    {
        final UnsafeBuffer bytes = new UnsafeBuffer(ByteBuffer.allocateDirect(SLOT_BYTES));
        int length;
    }

    /** Takes each event and copies nothing; counts them only to prove they all arrived. */
    private static final class Consumer implements EventHandler<Slot>
    {
        long events;

        @Override
        public void onEvent(final Slot slot, final long sequence, final boolean endOfBatch)
        {
            events++;
        }
    }
}
