package io.tradingcore.projections.weaviate;

import io.tradingcore.domain.InstrumentSpec;
import io.tradingcore.marketdata.Mt5TickReader;
import io.tradingcore.messages.InputMessages;
import io.tradingcore.projections.Checkpoint;
import io.tradingcore.projections.EventBatch;
import org.agrona.ExpandableArrayBuffer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The real EURUSD day of the samples folder as the runtime would hand it to the sink: input batches. */
final class SampleDay
{
    static final Path SAMPLE = Path.of("..", "samples", "EURUSD_20140508.mt5.csv.gz");
    static final int EURUSD = 1;

    /** The ticks, as {time, bid, ask}. */
    static List<long[]> ticks() throws IOException
    {
        final List<long[]> ticks = new ArrayList<>();
        try (Mt5TickReader reader = Mt5TickReader.open(SAMPLE, 5))
        {
            while (reader.read((time, bid, ask, last, volume, flags) -> ticks.add(new long[] {time, bid, ask}),
                4096) > 0)
            {
                continue;
            }
        }
        return ticks;
    }

    /** DefineInstrument EURUSD (input 1), then the ticks from input 2, in batches of {@code batchEvents}. */
    static List<EventBatch> batches(final List<long[]> ticks, final int batchEvents)
    {
        final InputMessages messages = new InputMessages();
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
        final List<EventBatch> batches = new ArrayList<>();
        EventBatch batch = new EventBatch();
        long sequence = 1;
        final int defined = messages.defineInstrument(buffer, 0, new InstrumentSpec(EURUSD, "EURUSD", 5, 100_000, 1,
            100, 1_000_000, 100, "USD"));
        batch.add(sequence, 0, ticks.get(0)[0] * 1_000_000L, buffer, 0, defined);
        for (final long[] tick : ticks)
        {
            if (batch.size() == batchEvents)
            {
                batch.checkpoint(new Checkpoint(sequence, 0, 0));
                batches.add(batch);
                batch = new EventBatch();
            }
            sequence++;
            final int length = messages.marketTick(buffer, 0, EURUSD, tick[0], tick[1], tick[2], 0, 0, 0);
            batch.add(sequence, 0, tick[0] * 1_000_000L, buffer, 0, length);
        }
        batch.checkpoint(new Checkpoint(sequence, 0, 0));
        batches.add(batch);
        return batches;
    }
}
