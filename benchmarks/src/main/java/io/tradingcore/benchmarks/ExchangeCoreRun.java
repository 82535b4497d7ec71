package io.tradingcore.benchmarks;

import exchange.core2.core.common.CoreWaitStrategy;
import exchange.core2.core.common.api.ApiCommand;
import org.HdrHistogram.Histogram;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The peer's half of {@link PeerBenchmark}, in a JVM of its own: exchange-core 0.5.3 was built against Disruptor 3
 * and fails on the Disruptor 4 the core uses ({@code Disruptor.after} changed), so {@link PeerBenchmark} starts this
 * main with the same JVM flags and a classpath in which Disruptor 3.4.2 (copied to {@code target/peer-lib} by the
 * build) takes the place of Disruptor 4. Throughput (journaling on, or off with the reason when it cannot run), then
 * latency at the fixed rate; the results go to a file {@link PeerBenchmark} reads.
 */
public final class ExchangeCoreRun
{
    private static final Set<String> OPTIONS = Set.of("operations", "iterations", "warmups", "rate",
        "warmup-seconds", "seconds", "peer-wait", "out");
    private static final long[] ACCOUNTS = { BenchReferenceData.ORDER_DESK_ACCOUNT };

    private ExchangeCoreRun()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final Map<String, String> options = BenchOptions.parse(args, OPTIONS);
        if (options == null || !options.containsKey("out"))
        {
            System.err.println("usage: ExchangeCoreRun --out FILE [--operations N] [--iterations N] [--warmups N] " +
                "[--rate N] [--warmup-seconds N] [--seconds N] [--peer-wait YIELDING|BLOCKING|BUSY_SPIN]");
            System.exit(2);
        }
        final int operations = Integer.parseInt(options.getOrDefault("operations", "1000000")) & ~1;
        final int iterations = Integer.parseInt(options.getOrDefault("iterations", "3"));
        final int warmups = Integer.parseInt(options.getOrDefault("warmups", "1"));
        final int rate = Integer.parseInt(options.getOrDefault("rate", "100000")) & ~1;
        final int warmupSeconds = Integer.parseInt(options.getOrDefault("warmup-seconds", "2"));
        final int seconds = Integer.parseInt(options.getOrDefault("seconds", "3"));
        final CoreWaitStrategy wait = CoreWaitStrategy.valueOf(options.getOrDefault("peer-wait", "YIELDING"));
        final List<String> out = new ArrayList<>();
        final Path folder = TempDirectory.create("exchange-core");
        try
        {
            boolean journaling = true;
            Measurement throughput;
            try
            {
                throughput = throughput(true, folder.resolve("journal"), operations, warmups, iterations, wait);
                out.add("journal\ton");
            }
            catch (final RuntimeException | LinkageError ex)
            {
                journaling = false;
                out.add("journal\toff: with journaling on it failed here (" + ex.toString().replace('\t', ' ') + ")");
                throughput = throughput(false, folder.resolve("none"), operations, warmups, iterations, wait);
            }
            out.add("throughput\t" + throughput.encode());

            final FixedRateLoad load = new FixedRateLoad(rate, rate * warmupSeconds, rate * seconds)
                .pace(FixedRateLoad.Pace.PARK);
            final Path latencyFolder = Files.createDirectories(folder.resolve("latency"));
            final Histogram histogram;
            try (ExchangeCorePeer peer = new ExchangeCorePeer(ACCOUNTS, journaling, latencyFolder, wait))
            {
                final ApiCommand[] commands = peer.commands(load.events());
                peer.onResult(load::onResponse);
                histogram = load.run((index, intendedNs) -> peer.submit(commands[index]), TimeUnit.SECONDS.toNanos(30));
            }
            final ByteBuffer encoded = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
            histogram.encodeIntoCompressedByteBuffer(encoded);
            encoded.flip();
            final byte[] bytes = new byte[encoded.remaining()];
            encoded.get(bytes);
            out.add("latency\t" + Base64.getEncoder().encodeToString(bytes) + "\t" + String.format(
                "sender achieved %,.0f events/s, at most %.1f µs behind schedule", load.achievedRate(),
                load.maxSendLagNs() / 1000.0));
        }
        finally
        {
            TempDirectory.delete(folder);
        }
        Files.write(Path.of(options.get("out")), out);
        System.exit(0);
    }

    private static Measurement throughput(final boolean journaling, final Path folder, final int operations,
        final int warmups, final int iterations, final CoreWaitStrategy wait) throws Exception
    {
        Files.createDirectories(folder);
        try (ExchangeCorePeer peer = new ExchangeCorePeer(ACCOUNTS, journaling, folder, wait))
        {
            final ApiCommand[] commands = peer.commands(operations);
            final AtomicInteger results = new AtomicInteger();
            peer.onResult(index -> results.incrementAndGet());
            return Measurement.measure("exchange-core: place + cancel" + (journaling ? ", journaling on" : ""),
                "ops/s", warmups, iterations, () ->
                {
                    results.set(0);
                    final long before = peer.failures();
                    final long start = System.nanoTime();
                    for (final ApiCommand command : commands)
                    {
                        peer.submit(command);
                    }
                    while (results.get() < commands.length)
                    {
                        LockSupport.parkNanos(50_000);
                    }
                    final long nanos = System.nanoTime() - start;
                    return new TrialResult(commands.length, nanos, String.format("%,d places + %,d cancels, %,d " +
                        "refused", commands.length / 2, commands.length / 2, peer.failures() - before));
                });
        }
    }

    /** The histogram {@link #main} wrote, read back. */
    static Histogram decodeHistogram(final String base64) throws Exception
    {
        return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(base64)), 0);
    }
}
