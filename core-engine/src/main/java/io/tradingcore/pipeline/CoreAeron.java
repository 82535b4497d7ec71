package io.tradingcore.pipeline;

import io.aeron.Aeron;
import org.agrona.ErrorHandler;

import java.io.File;
import java.util.concurrent.TimeUnit;

/**
 * An Aeron client of the core's media driver, for processes beside the core (the gateway, the projections, the
 * business services). The driver lives and dies with the core, so a client notices it gone within two seconds and
 * connects again, with a new client, when the core is back.
 */
public final class CoreAeron
{
    private static final long DRIVER_TIMEOUT_MS = TimeUnit.SECONDS.toMillis(2);

    private CoreAeron()
    {
    }

    /**
     * A client of the driver in {@code aeronDirectory}, or null while there is none (the core is not running, or its
     * CnC file is stale): try again in a while.
     */
    public static Aeron connectOrNull(final String aeronDirectory, final ErrorHandler errorHandler)
    {
        if (!new File(aeronDirectory, "cnc.dat").exists())
        {
            return null;
        }
        try
        {
            return Aeron.connect(new Aeron.Context()
                .aeronDirectoryName(aeronDirectory)
                .driverTimeoutMs(DRIVER_TIMEOUT_MS)
                .errorHandler(errorHandler));
        }
        catch (final RuntimeException ex)
        {
            return null;
        }
    }
}
