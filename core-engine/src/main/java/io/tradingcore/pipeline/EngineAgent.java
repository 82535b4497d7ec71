package io.tradingcore.pipeline;

import com.lmax.disruptor.EventPoller;
import io.tradingcore.engine.Engine;
import io.tradingcore.engine.EngineOutput;
import io.tradingcore.engine.EngineSnapshot;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

import java.nio.ByteOrder;
import java.util.function.LongSupplier;

/**
 * Runs the engine over journaled inputs and leaves its outputs in the same ring entry for the
 * publisher. Takes a snapshot every N inputs: copied on this thread, between inputs, so it always describes the
 * state right after a whole input, and written to disk by the {@link SnapshotWriter}.
 */
final class EngineAgent extends RingStage implements EngineOutput
{
    private final Engine engine;
    private final SnapshotWriter snapshots;
    private final long snapshotInterval;
    private InputEvent current;

    EngineAgent(
        final EventPoller<InputEvent> poller, final LongSupplier upstream, final Engine engine,
        final SnapshotWriter snapshots, final long snapshotInterval)
    {
        super(poller, upstream);
        this.engine = engine;
        this.snapshots = snapshots;
        this.snapshotInterval = snapshotInterval;
    }

    @Override
    void process(final InputEvent event)
    {
        current = event;
        event.outputLength = 0;
        engine.onInput(event.sequence, event.timeNs, event.input, InputEvent.INPUT_HEADER, event.messageLength);
        current = null;
        if (snapshotInterval > 0 && event.sequence % snapshotInterval == 0)
        {
            takeSnapshot();
        }
    }

    @Override
    public void onOutputBatch(final long inputSequence, final DirectBuffer buffer, final int offset, final int length)
    {
        final InputEvent event = current;
        event.output.putLong(0, inputSequence, ByteOrder.LITTLE_ENDIAN);
        event.output.putBytes(InputEvent.OUTPUT_HEADER, buffer, offset, length);
        event.outputLength = InputEvent.OUTPUT_HEADER + length;
    }

    private void takeSnapshot()
    {
        final ExpandableArrayBuffer buffer = snapshots.claim();
        if (buffer != null)
        {
            snapshots.write(engine.lastSequence(), buffer, EngineSnapshot.write(engine, buffer));
        }
    }

    @Override
    public String roleName()
    {
        return "engine";
    }
}
