package io.tradingcore.pipeline;

import org.agrona.BitUtil;
import org.agrona.BufferUtil;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.ConcurrentCountersManager;
import org.agrona.concurrent.status.CountersReader;

/**
 * The error reporting a context sets up when it is given none, as Aeron's contexts do: a handler that prints each
 * error with the component's name to standard error, and an error counter of the context's own.
 */
public final class ComponentErrors
{
    /** The type of an error counter: Aeron's type for its system counters, so its tools show it alongside. */
    public static final int ERROR_COUNT_TYPE_ID = 0;

    /** Room in a context's own counters manager: its error counter, with a few to spare. */
    private static final int COUNTERS = 4;

    private ComponentErrors()
    {
    }

    /** Prints each error, its stack trace included, after the component's name, to standard error. */
    public static ErrorHandler printing(final String component)
    {
        return error ->
        {
            synchronized (System.err)
            {
                System.err.print(component + ": ");
                error.printStackTrace(System.err);
            }
        };
    }

    /**
     * A counter labelled "{@code component} errors" in a small counters manager of its own, over direct buffers sized
     * for a few counters; the context that made it closes it with its component.
     */
    public static AtomicCounter newErrorCounter(final String component)
    {
        final ConcurrentCountersManager counters = new ConcurrentCountersManager(
            new UnsafeBuffer(BufferUtil.allocateDirectAligned(
                COUNTERS * CountersReader.METADATA_LENGTH, BitUtil.CACHE_LINE_LENGTH)),
            new UnsafeBuffer(BufferUtil.allocateDirectAligned(
                COUNTERS * CountersReader.COUNTER_LENGTH, BitUtil.CACHE_LINE_LENGTH)));
        return counters.newCounter(component + " errors", ERROR_COUNT_TYPE_ID);
    }

    /**
     * Counts each error, then hands it on: for errors caught outside an Agrona {@code AgentRunner}, which counts those
     * of its agent itself. A closed counter (the component is closing) is left alone, as the runner leaves it.
     */
    public static ErrorHandler counting(final AtomicCounter counter, final ErrorHandler handler)
    {
        return error ->
        {
            if (!counter.isClosed())
            {
                counter.increment();
            }
            handler.onError(error);
        };
    }
}
