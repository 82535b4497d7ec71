package io.tradingcore.pipeline;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Publication;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.logbuffer.BufferClaim;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentInvoker;

/**
 * The engine's events on an Aeron publication. By default the media driver is embedded and runs
 * as an invoker inside one of the core's own threads (no extra thread on a 2-core machine);
 * with {@code dedicatedDriverThread} it gets a thread of its own, or an external driver is used. The driver's and the
 * client's errors go to the core's error handler, counted: as invokers on a core thread they have no runner to count
 * them.
 */
final class AeronEgress implements AutoCloseable
{
    private final MediaDriver driver;
    private final Aeron aeron;
    private final ExclusivePublication publication;
    private final BufferClaim claim = new BufferClaim();
    private final AgentInvoker driverInvoker;
    private final AgentInvoker conductorInvoker;
    private final Agent invokers;
    private long notConnectedDrops;
    private volatile boolean closed;

    AeronEgress(
        final String aeronDirectory, final boolean embeddedDriver, final boolean dedicatedDriverThread,
        final int ipcTermLength, final String channel, final int streamId, final ErrorHandler errorHandler)
    {
        if (embeddedDriver)
        {
            final MediaDriver.Context driverContext = new MediaDriver.Context()
                .aeronDirectoryName(aeronDirectory)
                .threadingMode(dedicatedDriverThread ? ThreadingMode.SHARED : ThreadingMode.INVOKER)
                .ipcTermBufferLength(ipcTermLength)
                // The async executor only resolves names for UDP channels, yet its own thread keeps polling while the
                // core is idle. Off, the conductor runs those rare tasks itself.
                .asyncExecutorEnabled(false)
                .publicationTermBufferLength(ipcTermLength)
                .dirDeleteOnStart(true)
                .dirDeleteOnShutdown(true)
                .errorHandler(errorHandler);
            driver = MediaDriver.launch(driverContext);
        }
        else
        {
            driver = null;
        }
        driverInvoker = driver == null ? null : driver.sharedAgentInvoker();
        final Aeron.Context clientContext = new Aeron.Context()
            .aeronDirectoryName(aeronDirectory)
            .errorHandler(errorHandler);
        if (driverInvoker != null)
        {
            clientContext.useConductorAgentInvoker(true).driverAgentInvoker(driverInvoker);
        }
        aeron = Aeron.connect(clientContext);
        publication = aeron.addExclusivePublication(channel, streamId);
        conductorInvoker = aeron.conductorAgentInvoker();
        invokers = driverInvoker == null && conductorInvoker == null ? null : new Agent()
        {
            @Override
            public int doWork()
            {
                return invokeDriver();
            }

            @Override
            public String roleName()
            {
                return "aeron-invokers";
            }
        };
    }

    private int invokeDriver()
    {
        int work = 0;
        if (driverInvoker != null)
        {
            work += driverInvoker.invoke();
        }
        if (conductorInvoker != null)
        {
            work += conductorInvoker.invoke();
        }
        return work;
    }

    /** The driver and client conductor duties, to be composed onto a core thread; null if none. */
    Agent invokers()
    {
        return invokers;
    }

    /**
     * Publishes one message. With no subscriber it is dropped (the output journal has it for late
     * consumers); under back pressure it retries, running the invokers so the driver can drain.
     */
    void publish(final DirectBuffer buffer, final int offset, final int length)
    {
        while (!closed)
        {
            final long result = length <= publication.maxPayloadLength() ?
                publication.tryClaim(length, claim) : publication.offer(buffer, offset, length);
            if (result > 0)
            {
                if (length <= publication.maxPayloadLength())
                {
                    claim.buffer().putBytes(claim.offset(), buffer, offset, length);
                    claim.commit();
                }
                return;
            }
            if (result == Publication.NOT_CONNECTED)
            {
                notConnectedDrops++;
                return;
            }
            if (result == Publication.CLOSED || result == Publication.MAX_POSITION_EXCEEDED)
            {
                throw new IllegalStateException("Aeron publication failed: " + Publication.errorString(result));
            }
            invokeDriver();
            Thread.onSpinWait();
        }
    }

    long notConnectedDrops()
    {
        return notConnectedDrops;
    }

    /** The core's Aeron client, for the command ingress and the status counters; thread-safe. */
    Aeron aeron()
    {
        return aeron;
    }

    String aeronDirectory()
    {
        return aeron.context().aeronDirectoryName();
    }

    @Override
    public void close()
    {
        closed = true;
        CloseHelper.closeAll(publication, aeron, driver);
    }
}
