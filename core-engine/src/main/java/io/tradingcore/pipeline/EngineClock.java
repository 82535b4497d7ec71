package io.tradingcore.pipeline;

import io.tradingcore.codec.MarketTickDecoder;
import io.tradingcore.codec.MessageHeaderDecoder;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.OffsetEpochNanoClock;

/**
 * The time the sequencer stamps on each input: the only clock the engine ever sees. Live running
 * uses the wall clock; a backtest uses the data's own tick times so that a year of ticks runs in
 * seconds with the same engine time it had in the market. The sequencer keeps stamps monotonic
 * whatever a clock answers. A clock keeps state between calls (the batch's time, the last tick's): give each core
 * its own.
 */
public interface EngineClock
{
    /**
     * Called by the sequencer before each batch of inputs it takes, on its thread. A clock that reads the time reads
     * it here, once a batch, and stamps every input of the batch with it, as Aeron Cluster's consensus module stamps
     * the messages of a duty cycle: at millions of inputs a second a clock read per input is a share of the
     * sequencer's thread that shows in its profile (benchmarks/TARGETS.md, fifth round). Stamps stay in sequence
     * order; an input is stamped at most one batch's sequencing (up to 512 inputs) earlier than a read per input would
     * stamp it.
     */
    default void startBatch()
    {
    }

    /** Engine time for this input, epoch nanoseconds; called by the sequencer after {@link #startBatch()}. */
    long stamp(DirectBuffer message, int offset, int length);

    String name();

    static EngineClock wall()
    {
        // Epoch offset sampled once, then System.nanoTime: far cheaper than Instant.now() per input.
        final OffsetEpochNanoClock clock = new OffsetEpochNanoClock();
        return new EngineClock()
        {
            private long batchTimeNs;

            @Override
            public void startBatch()
            {
                batchTimeNs = clock.nanoTime();
            }

            @Override
            public long stamp(final DirectBuffer message, final int offset, final int length)
            {
                return batchTimeNs;
            }

            @Override
            public String name()
            {
                return "wall";
            }
        };
    }

    /** Tick times (MT5 time_msc) for ticks; every other input keeps the time of the last tick. */
    static EngineClock data()
    {
        return new EngineClock()
        {
            private final MessageHeaderDecoder header = new MessageHeaderDecoder();
            private final MarketTickDecoder tick = new MarketTickDecoder();
            private long last;

            @Override
            public long stamp(final DirectBuffer message, final int offset, final int length)
            {
                if (length >= MessageHeaderDecoder.ENCODED_LENGTH + MarketTickDecoder.BLOCK_LENGTH)
                {
                    header.wrap(message, offset);
                    if (header.templateId() == MarketTickDecoder.TEMPLATE_ID &&
                        header.schemaId() == MessageHeaderDecoder.SCHEMA_ID)
                    {
                        tick.wrapAndApplyHeader(message, offset, header);
                        last = Math.max(last, tick.timeMsc() * 1_000_000L);
                    }
                }
                return last;
            }

            @Override
            public String name()
            {
                return "data";
            }
        };
    }

    static EngineClock named(final String name)
    {
        return switch (name)
        {
            case "wall" -> wall();
            case "data" -> data();
            default -> throw new IllegalArgumentException("clock must be 'wall' or 'data', got '" + name + "'");
        };
    }
}
