package io.tradingcore.projections;

import io.aeron.Aeron;
import io.aeron.ControlledFragmentAssembler;
import io.aeron.Image;
import io.aeron.Subscription;

import io.aeron.logbuffer.ControlledFragmentHandler.Action;
import io.aeron.logbuffer.Header;
import io.tradingcore.codec.MessageHeaderDecoder;
import io.tradingcore.pipeline.CoreAeron;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;

import java.nio.ByteOrder;

/**
 * The core's outputs as they are published, on its Aeron stream: one Aeron message per output, each starting with the
 * input sequence that caused it. The subscription is untethered, so a projection that stops reading (its database is
 * slow) is dropped by the driver after a short while instead of holding the engine's publication back; the image then
 * goes away, {@link #lost()} turns true, and the projection goes back to the journal.
 * <p>
 * An output's index among its input's outputs is counted here. The first input seen may have been joined in the
 * middle of its outputs, so its count can be short; that input was journaled whole before the join (the core journals
 * a batch before publishing any of it), the journal catch-up that follows the join covers it, and the projection's
 * checkpoint skips it (see projections/README.md, "From catch-up to live").
 */
final class LiveOutputs implements AutoCloseable
{
    private final String aeronDirectory;
    private final String channel;
    private final int streamId;
    private final ErrorHandler errorHandler;
    private final ControlledFragmentAssembler assembler = new ControlledFragmentAssembler(this::onFragment);
    private Aeron aeron;
    private Subscription subscription;
    private volatile boolean lost;
    private OutputHandler handler;
    private long maxInput;
    private long lastInput;
    private int lastIndex;

    LiveOutputs(final String aeronDirectory, final String channel, final int streamId, final ErrorHandler errorHandler)
    {
        this.aeronDirectory = aeronDirectory;
        this.channel = channel;
        this.streamId = streamId;
        this.errorHandler = errorHandler;
    }

    /**
     * Connects to the core's media driver and subscribes, if the driver runs.
     *
     * @return true when subscribed and the core's publication is joined.
     */
    boolean connect()
    {
        if (subscription != null)
        {
            return subscription.isConnected() && !lost;
        }
        aeron = CoreAeron.connectOrNull(aeronDirectory, errorHandler);
        if (aeron == null)
        {
            // No driver (the core is not running, or its CnC file is stale): the journal serves until it comes.
            return false;
        }
        try
        {
            lost = false;
            lastInput = 0;
            lastIndex = 0;
            subscription = aeron.addSubscription(channel, streamId, image -> { }, this::onUnavailable);
            return false;
        }
        catch (final RuntimeException ex)
        {
            // The driver went away as we subscribed: the journal serves until it is back.
            close();
            return false;
        }
    }

    /** True once the joined image went away: outputs may have been missed, go back to the journal. */
    boolean lost()
    {
        return lost || (subscription != null && subscription.isClosed());
    }

    /**
     * Hands over outputs of inputs up to {@code maxInput}, at most {@code limit} fragments' worth; an output of a later
     * input stays in the image for the next poll.
     */
    int poll(final OutputHandler handler, final int limit, final long maxInput)
    {
        if (subscription == null)
        {
            return 0;
        }
        this.handler = handler;
        this.maxInput = maxInput;
        return subscription.controlledPoll(assembler, limit);
    }

    private Action onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        final long inputSequence = buffer.getLong(offset + MessageHeaderDecoder.ENCODED_LENGTH,
            ByteOrder.LITTLE_ENDIAN);
        if (inputSequence > maxInput)
        {
            return Action.ABORT;
        }
        if (inputSequence < lastInput)
        {
            // Sequences never go back on one image: a new core behind the same stream. Start over from the journal.
            lost = true;
            return Action.ABORT;
        }
        final int index = inputSequence == lastInput ? lastIndex + 1 : 1;
        lastInput = inputSequence;
        lastIndex = index;
        handler.onOutput(inputSequence, index,
            buffer.getLong(offset + OutputJournalSource.TIME_NS_OFFSET, ByteOrder.LITTLE_ENDIAN),
            buffer, offset, length);
        return Action.CONTINUE;
    }

    private void onUnavailable(final Image image)
    {
        lost = true;
    }

    @Override
    public void close()
    {
        CloseHelper.closeAll(subscription, aeron);
        subscription = null;
        aeron = null;
    }
}
