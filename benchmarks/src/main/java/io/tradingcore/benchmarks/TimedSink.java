package io.tradingcore.benchmarks;

import io.tradingcore.projections.Checkpoint;
import io.tradingcore.projections.EventBatch;
import io.tradingcore.projections.ParkedEvent;
import io.tradingcore.projections.Sink;
import io.tradingcore.projections.SinkException;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.OffsetEpochNanoClock;

import java.util.List;
import java.util.Map;

/**
 * A real sink, counted: the events each write stored, and, while lag recording is on, for every output of a write the
 * time from the core stamping its input to the write returning. The core's live clock is the wall clock (epoch
 * nanoseconds, {@code EngineClock.wall()}), read by the sequencer as it takes the input from the feeder, so the lag
 * runs from the input's offer (microseconds before) to the output being stored. Read from other threads only after
 * the projection's thread has stopped, apart from {@link #events()}.
 */
final class TimedSink implements Sink
{
    private static final long MAX_LAG_NS = 60_000_000_000L;

    private final Sink sink;
    private final OffsetEpochNanoClock clock = new OffsetEpochNanoClock();
    private final Histogram lagNs = new Histogram(MAX_LAG_NS, 3);
    private volatile boolean recording;
    private volatile long events;
    private long writes;
    private long outOfRange;

    TimedSink(final Sink sink)
    {
        this.sink = sink;
    }

    /** Starts or stops recording the lag of the outputs written. */
    void recording(final boolean on)
    {
        recording = on;
    }

    Histogram lagNs()
    {
        return lagNs;
    }

    /** Events stored so far (inputs the sink wants and outputs). */
    long events()
    {
        return events;
    }

    long writes()
    {
        return writes;
    }

    /** Lags recorded as out of the histogram's range (negative: the clocks disagreed, or over a minute). */
    long outOfRange()
    {
        return outOfRange;
    }

    @Override
    public String name()
    {
        return sink.name();
    }

    @Override
    public void open() throws SinkException
    {
        sink.open();
    }

    @Override
    public int preferredBatchEvents()
    {
        return sink.preferredBatchEvents();
    }

    @Override
    public boolean wantsInput(final int templateId)
    {
        return sink.wantsInput(templateId);
    }

    @Override
    public Checkpoint checkpoint() throws SinkException
    {
        return sink.checkpoint();
    }

    @Override
    public void apply(final EventBatch batch) throws SinkException
    {
        sink.apply(batch);
        events += batch.size();
        writes++;
        if (recording)
        {
            final long now = clock.nanoTime();
            for (int i = 0; i < batch.size(); i++)
            {
                if (!batch.isInput(i))
                {
                    final long lag = now - batch.timeNs(i);
                    if (lag < 0 || lag > MAX_LAG_NS)
                    {
                        outOfRange++;
                    }
                    else
                    {
                        lagNs.recordValue(lag);
                    }
                }
            }
        }
    }

    @Override
    public List<ParkedEvent> parked() throws SinkException
    {
        return sink.parked();
    }

    @Override
    public void applyParked(final EventBatch batch) throws SinkException
    {
        sink.applyParked(batch);
    }

    @Override
    public void drop() throws SinkException
    {
        sink.drop();
    }

    @Override
    public Map<String, Long> rowCounts() throws SinkException
    {
        return sink.rowCounts();
    }

    @Override
    public void close()
    {
        sink.close();
    }
}
