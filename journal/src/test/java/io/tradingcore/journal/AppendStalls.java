package io.tradingcore.journal;

import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Finds the single appends that take long, and where in the file they fall: the measurement behind the README's note
 * on the kernel's read-around (an append stalled ~15 ms every 8 MiB of a journal on ext4, none on tmpfs). Not a
 * benchmark harness (that is the benchmarks module). From the test classpath:
 * {@code java <jvm flags> -cp journal/target/classes:journal/target/test-classes:<deps>
 * io.tradingcore.journal.AppendStalls DIR [PAYLOAD_BYTES] [ENTRIES]}. It rests 1 ms after every 128 appends (some
 * 100 MB/s with 1,000-byte payloads, about what the core's journals take at its peak), and prints every append over
 * 1 ms with the file position it wrote at and the distance from the previous one.
 */
public final class AppendStalls
{
    private static final long REPORTED_NS = TimeUnit.MILLISECONDS.toNanos(1);
    /** The frame's 32-byte header and Chronicle's 4-byte length in front of each payload. */
    private static final int ENTRY_OVERHEAD = 36;

    private AppendStalls()
    {
    }

    public static void main(final String[] args) throws IOException
    {
        final Path parent = Path.of(args.length > 0 ? args[0] : System.getProperty("java.io.tmpdir"));
        final int payloadLength = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        final int entries = args.length > 2 ? Integer.parseInt(args[2]) : 150_000;
        final UnsafeBuffer payload = new UnsafeBuffer(ByteBuffer.allocateDirect(payloadLength));
        final Path dir = Files.createTempDirectory(parent, "append-stalls");
        try (Journal journal = Journal.open(new Journal.Context().directory(dir)))
        {
            long previousKiB = 0;
            for (int i = 0; i < entries; i++)
            {
                payload.putInt(0, i);
                final long start = System.nanoTime();
                journal.append(payload, 0, payloadLength);
                final long nanos = System.nanoTime() - start;
                if (nanos > REPORTED_NS)
                {
                    final long kiB = (long)i * (payloadLength + ENTRY_OVERHEAD) / 1024;
                    System.out.printf("entry %,d at ~%,d KiB (+%,d KiB): %,d us%n",
                        i, kiB, kiB - previousKiB, nanos / 1000);
                    previousKiB = kiB;
                }
                if ((i & 127) == 127)
                {
                    LockSupport.parkNanos(REPORTED_NS);
                }
            }
        }
        finally
        {
            AppendCost.delete(dir);
        }
    }
}
