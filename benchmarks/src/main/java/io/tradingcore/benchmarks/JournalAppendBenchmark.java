package io.tradingcore.benchmarks;

import io.tradingcore.config.ReferenceData;
import io.tradingcore.journal.FlushPolicy;
import io.tradingcore.journal.Journal;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * One journal append of a stamped tick (the journaller's exact 64 bytes, from direct memory as the ring buffer holds
 * them): {@code journalAppend} through {@link Journal#append} (32-byte frame, CRC32C, hash chain), and beside it
 * {@code rawChronicleAppend}, the same bytes as one raw Chronicle Queue document: the baseline. A fresh queue per
 * iteration, in the temp folder, deleted after; roll cycle FAST_DAILY, no sync (the input journal's defaults).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
// The warm-up of scripts/bench quick: C2 needs about 0.6 s of these paths here before they settle
// (benchmarks/README.md, JMH). Full mode sets 3 x 1 s on the command line, which overrides this.
@Warmup(iterations = 1, time = 800, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 1)
public class JournalAppendBenchmark
{
    private EncodedTicks ticks;
    private UnsafeBuffer entries;
    private Path directory;
    private Journal journal;
    private SingleChronicleQueue queue;
    private ExcerptAppender appender;
    private int index;

    @Setup(Level.Trial)
    public void loadTicks()
    {
        ticks = EncodedTicks.load(TickFiles.forMicroBenchmarks(), ReferenceData.defaults(), 1);
        entries = ticks.buffer();
    }

    @Setup(Level.Iteration)
    public void open()
    {
        directory = TempDirectory.create("jmh-journal");
        journal = Journal.open(new Journal.Context().directory(directory.resolve("journal"))
            .flushPolicy(FlushPolicy.NONE).rollCycle("FAST_DAILY"));
        queue = SingleChronicleQueueBuilder.binary(directory.resolve("raw")).rollCycle(RollCycles.FAST_DAILY).build();
        appender = queue.createAppender();
    }

    @TearDown(Level.Iteration)
    public void close()
    {
        appender.close();
        queue.close();
        journal.close();
        TempDirectory.delete(directory);
    }

    @Benchmark
    public long journalAppend()
    {
        final int i = nextIndex();
        return journal.append(entries, EncodedTicks.offset(i), EncodedTicks.ENTRY_LENGTH);
    }

    @Benchmark
    public void rawChronicleAppend()
    {
        final int i = nextIndex();
        try (DocumentContext document = appender.writingDocument())
        {
            document.wire().bytes().unsafeWrite(ticks.address() + EncodedTicks.offset(i), EncodedTicks.ENTRY_LENGTH);
        }
    }

    private int nextIndex()
    {
        final int i = index++;
        if (index == ticks.count())
        {
            index = 0;
        }
        return i;
    }
}
