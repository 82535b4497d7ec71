package io.tradingcore.journal;

import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A writer process for crash tests: it appends until it is killed with SIGKILL.
 * <ul>
 *     <li>{@code loop DIR}: append entries (payloads derived from their sequence, 1..300 bytes) as fast as it can,
 *     printing the last sequence now and then; it is killed at a random point, usually mid-append.</li>
 *     <li>{@code midwrite DIR}: append 10 entries, then start one more Chronicle document and write half of it,
 *     print {@code READY} and wait to be killed: a deterministic death inside an append, holding the write lock.</li>
 * </ul>
 */
public final class ChildWriter
{
    public static void main(final String[] args) throws InterruptedException
    {
        final Path dir = Paths.get(args[1]);
        if ("loop".equals(args[0]))
        {
            try (Journal journal = Journal.open(new Journal.Context().directory(dir)))
            {
                System.out.println("START " + journal.lastSequence());
                System.out.flush();
                final UnsafeBuffer buffer = new UnsafeBuffer(new byte[512]);
                while (true)
                {
                    final long sequence = journal.lastSequence() + 1;
                    final int length = payloadLength(sequence);
                    buffer.putBytes(0, TestPayloads.payload(sequence, length));
                    journal.append(buffer, 0, length);
                    if (sequence % 500 == 0)
                    {
                        System.out.println("APPENDED " + sequence);
                        System.out.flush();
                    }
                }
            }
        }
        else
        {
            try (Journal journal = Journal.open(new Journal.Context().directory(dir)))
            {
                for (int i = 1; i <= 10; i++)
                {
                    journal.append(new UnsafeBuffer(TestPayloads.payload(i, payloadLength(i))), 0, payloadLength(i));
                }
            }
            final SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(dir).build();
            final ExcerptAppender appender = queue.createAppender();
            final DocumentContext dc = appender.writingDocument();
            for (int i = 0; i < 100; i++)
            {
                dc.wire().bytes().writeByte((byte)0x5A);
            }
            System.out.println("READY");
            System.out.flush();
            Thread.sleep(TimeUnit.MINUTES.toMillis(5));
        }
    }

    static int payloadLength(final long sequence)
    {
        return 1 + (int)(sequence * 31 % 300);
    }

    static Process start(final String mode, final Path dir) throws IOException
    {
        final List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse(
            Paths.get(System.getProperty("java.home"), "bin", "java").toString()));
        for (final String arg : ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            if (arg.startsWith("--add-") || arg.startsWith("-D"))
            {
                command.add(arg);
            }
        }
        command.add("-Xmx256m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ChildWriter.class.getName());
        command.add(mode);
        command.add(dir.toString());
        return new ProcessBuilder(command)
            .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolveSibling("child-stderr.log").toFile()))
            .start();
    }
}
