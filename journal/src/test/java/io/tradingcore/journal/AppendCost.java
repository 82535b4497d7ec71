package io.tradingcore.journal;

import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A quick measurement of {@link Journal#append} with 64-byte payloads, and of the hash chain step alone, for the
 * numbers in the README; not a benchmark harness (that is the benchmarks module). Run it from the test classpath:
 * {@code java <jvm flags> -cp journal/target/classes:journal/target/test-classes:<deps>
 * io.tradingcore.journal.AppendCost [DIR]}
 * (DIR: where the temporary journals go, e.g. /dev/shm to keep the disk out of the number).
 */
public final class AppendCost
{
    private static final int PAYLOAD = 64;
    private static final int ENTRIES = 1_000_000;
    private static final int ROUNDS = 8;

    private AppendCost()
    {
    }

    public static void main(final String[] args) throws IOException
    {
        final UnsafeBuffer payload = new UnsafeBuffer(ByteBuffer.allocateDirect(PAYLOAD));
        payload.setMemory(0, PAYLOAD, (byte)0x5A);
        for (int round = 0; round < ROUNDS; round++)
        {
            final Path dir = args.length > 0 ?
                Files.createTempDirectory(Path.of(args[0]), "append-cost") : Files.createTempDirectory("append-cost");
            try (Journal journal = Journal.open(new Journal.Context().directory(dir)))
            {
                final long start = System.nanoTime();
                for (int i = 0; i < ENTRIES; i++)
                {
                    payload.putInt(0, i);
                    journal.append(payload, 0, PAYLOAD);
                }
                final long nanos = System.nanoTime() - start;
                System.out.printf("round %d: append %.1f ns/entry%n", round, (double)nanos / ENTRIES);
            }
            delete(dir);
        }
        measureChainStep(payload);
    }

    private static void measureChainStep(final UnsafeBuffer payload)
    {
        long chain = HashChain.SEED;
        for (int round = 0; round < ROUNDS; round++)
        {
            final long start = System.nanoTime();
            for (int i = 0; i < ENTRIES * 10; i++)
            {
                chain = HashChain.next(chain, i, payload, 0, PAYLOAD);
            }
            final long nanos = System.nanoTime() - start;
            System.out.printf("round %d: chain step %.2f ns/entry (%x)%n",
                round, (double)nanos / (ENTRIES * 10), chain);
        }
    }

    static void delete(final Path dir) throws IOException
    {
        try (var files = Files.walk(dir))
        {
            for (final Path path : files.sorted(java.util.Comparator.reverseOrder()).toList())
            {
                Files.delete(path);
            }
        }
    }
}
