package io.tradingcore.pipeline;

import com.lmax.disruptor.EventPoller;
import io.tradingcore.engine.Engine;
import io.tradingcore.engine.EngineOutput;
import io.tradingcore.engine.EngineSnapshot;
import io.tradingcore.journal.SnapshotStore;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

import java.nio.ByteOrder;
import java.util.function.LongSupplier;

/**
 * Runs the engine over journaled inputs and leaves its outputs in the same ring entry for the
 * publisher. Takes a snapshot every N inputs; snapshots are written on this thread, between inputs,
 * so they always describe the state right after a whole input.
 */
final class EngineAgent extends RingStage implements EngineOutput
{
    private final Engine engine;
    private final SnapshotStore snapshots;
    private final long snapshotInterval;
    private final ExpandableArrayBuffer snapshotBuffer = new ExpandableArrayBuffer(64 * 1024);
    private InputEvent current;

    EngineAgent(
        final EventPoller<InputEvent> poller, final LongSupplier upstream, final Engine engine,
        final SnapshotStore snapshots, final long snapshotInterval)
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

    void takeSnapshot()
    {
        final int length = EngineSnapshot.write(engine, snapshotBuffer);
        snapshots.write(engine.lastSequence(), snapshotBuffer, 0, length);
    }

    @Override
    public String roleName()
    {
        return "engine";
    }
}
