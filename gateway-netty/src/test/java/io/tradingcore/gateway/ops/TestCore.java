package io.tradingcore.gateway.ops;

import io.aeron.Aeron;
import io.aeron.Counter;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import org.agrona.CloseHelper;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A stand-in for the core's side of the CnC file: an embedded Aeron media driver in a folder of the test's and a client
 * that registers counters with the core's type ids, as the core does.
 */
final class TestCore implements AutoCloseable
{
    private final MediaDriver driver;
    private final Aeron aeron;
    private final List<Counter> counters = new ArrayList<>();

    TestCore(final Path aeronDirectory)
    {
        driver = MediaDriver.launch(new MediaDriver.Context()
            .aeronDirectoryName(aeronDirectory.toString())
            .threadingMode(ThreadingMode.SHARED)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true));
        aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(aeronDirectory.toString()));
    }

    /** A counter of the type with the value. */
    Counter counter(final int typeId, final String label, final long value)
    {
        final Counter counter = aeron.addCounter(typeId, label);
        counter.set(value);
        counters.add(counter);
        return counter;
    }

    /** A counter of the type whose key is a little-endian int, such as a tick-to-order bucket's upper bound. */
    Counter keyedCounter(final int typeId, final int key, final String label, final long value)
    {
        final UnsafeBuffer keyBuffer = new UnsafeBuffer(new byte[4]);
        keyBuffer.putInt(0, key, ByteOrder.LITTLE_ENDIAN);
        final UnsafeBuffer labelBuffer = new UnsafeBuffer(label.getBytes(StandardCharsets.US_ASCII));
        final Counter counter = aeron.addCounter(typeId, keyBuffer, 0, 4, labelBuffer, 0, labelBuffer.capacity());
        counter.set(value);
        counters.add(counter);
        return counter;
    }

    @Override
    public void close()
    {
        CloseHelper.closeAll(counters);
        CloseHelper.closeAll(aeron, driver);
    }
}
