package io.tradingcore.benchmarks;

import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Tick-to-order latency through one core, one bridge and one {@link FixedRateTerminal} on loopback, for as many
 * runs at fixed tick rates as the caller wants, after the whole path has been compiled. The timed runs trade about
 * 1,000 times a second, so their warm-up alone leaves the order path short of the C2 compiler's thresholds, and on
 * 2 cores a burst of compilations in the measured seconds stalls every thread of the path for milliseconds. So the
 * terminal first sends {@code jitWarmupOrders} ticks, each traded ({@link #warmUpJit}), then the JIT is given time
 * to finish. The same core serves every run because a fresh one undoes that: its start-up (reference data,
 * recovery, the first session) takes branches the warmed code never took, and C2 threw the hot path away and
 * compiled it again while the next rate was measured.
 */
final class BridgeTickToOrder implements AutoCloseable
{
    /**
     * About a thousand orders per second at every tick rate: enough to fill the histogram, few enough that the order
     * path, not the fills, is what is measured at 100k ticks/s.
     */
    static final long ORDERS_PER_SECOND = 1_000;
    /** The JIT warm-up trades on every tick at this rate, 10 times the order rate of the timed runs. */
    static final long JIT_WARMUP_RATE = 10_000;
    // Market time of the first tick: 8 May 2014, as the sample, so nothing looks stale or in the future.
    private static final long BASE_MSC = Instant.parse("2014-05-08T00:00:00Z").toEpochMilli();
    private static final long HALF_SECOND_NS = 500_000_000L;

    private final BridgeRig rig;
    private final FixedRateTerminal terminal;
    private long lastKeepAlive = System.nanoTime();
    private long ticksInLastRun;

    /** Something done while waiting that may fail with I/O, such as a terminal's heartbeat. */
    interface WhileWaiting
    {
        void run() throws IOException;
    }

    /** A core and bridge on {@code data} (Aeron on for projections to follow, or off), a terminal connected. */
    BridgeTickToOrder(final Path data, final boolean aeron) throws Exception
    {
        rig = new BridgeRig(data, true, aeron);
        try
        {
            terminal = new FixedRateTerminal(rig.port(), BridgeRig.FIRST_ACCOUNT, BridgeRig.TOKEN, BASE_MSC);
            if (!terminal.accepted())
            {
                terminal.close();
                throw new IllegalStateException("the bridge refused EURUSD");
            }
        }
        catch (final Exception | Error ex)
        {
            rig.close();
            throw ex;
        }
    }

    /**
     * Trades on every one of {@code orders} ticks at {@link #JIT_WARMUP_RATE}, then waits for the JIT to go quiet.
     * @return the seconds it took.
     */
    double warmUpJit(final long orders) throws Exception
    {
        final long start = System.nanoTime();
        if (orders > 0)
        {
            terminal.run(JIT_WARMUP_RATE, orders, 0, 1);
            awaitQuietJit(terminal::heartbeat);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /**
     * Sends ticks at {@code rate} for {@code warmupSeconds} then {@code seconds}, about {@link #ORDERS_PER_SECOND} of
     * them traded. @return the latencies, from each tick's due time to its ORDER's arrival, of the measured ticks.
     */
    Histogram run(final long rate, final double warmupSeconds, final double seconds) throws Exception
    {
        final long warmup = (long)(rate * warmupSeconds);
        final long measured = (long)(rate * seconds);
        ticksInLastRun = warmup + measured;
        return terminal.run(rate, warmup, measured, (int)Math.max(1, rate / ORDERS_PER_SECOND));
    }

    /** Waits while the last run's fills go through the core, before the next run or the close. */
    void settle() throws InterruptedException
    {
        Thread.sleep(200);
    }

    /** Ticks per TICKS frame in the last run: above 1 when the sender fell behind its schedule and batched. */
    double ticksPerFrameInLastRun()
    {
        return (double)ticksInLastRun / terminal.framesInLastRun();
    }

    /**
     * A HEARTBEAT when the last was half a second ago or more: between runs the terminal sends nothing else, and the
     * bridge closes a session silent for longer than its heartbeat timeout. For callers that wait between runs.
     */
    void keepAlive() throws IOException
    {
        if (System.nanoTime() - lastKeepAlive >= HALF_SECOND_NS)
        {
            lastKeepAlive = System.nanoTime();
            terminal.heartbeat();
        }
    }

    /** Waits (at most 10 s) until the JIT has finished no compilation for half a second. */
    static void awaitQuietJit() throws Exception
    {
        awaitQuietJit(() -> { });
    }

    /** As {@link #awaitQuietJit()}, calling {@code everyHalfSecond} while it waits. */
    static void awaitQuietJit(final WhileWaiting everyHalfSecond) throws Exception
    {
        final CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        final long deadline = System.nanoTime() + 10_000_000_000L;
        long compiled = jit.getTotalCompilationTime();
        while (System.nanoTime() < deadline)
        {
            Thread.sleep(500);
            everyHalfSecond.run();
            final long now = jit.getTotalCompilationTime();
            if (now == compiled)
            {
                return;
            }
            compiled = now;
        }
    }

    @Override
    public void close() throws IOException
    {
        try
        {
            terminal.close();
        }
        finally
        {
            rig.close();
        }
    }
}
