package io.tradingcore.bridge;

import io.tradingcore.config.ReferenceData;
import io.tradingcore.engine.EngineStateReport;
import io.tradingcore.pipeline.CoreListener;
import io.tradingcore.pipeline.EngineClock;
import io.tradingcore.pipeline.TradingCore;
import org.agrona.IoUtil;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BooleanSupplier;

/**
 * A real core (journals in a temp folder, data clock, Aeron off) with a real bridge on a free
 * loopback port, for tests. Reference data: the built-in defaults unless given.
 */
final class BridgeRig implements AutoCloseable
{
    final TradingCore core;
    final BridgeServer bridge;
    final Path data;
    final List<String> log = Collections.synchronizedList(new ArrayList<>());

    /** Kept to the end of the JVM, not the rig: tests read a folder's journals after its rig is closed. */
    private static final Queue<Path> TEMP_FOLDERS = new ConcurrentLinkedQueue<>();

    static
    {
        Runtime.getRuntime().addShutdownHook(new Thread(
            () -> TEMP_FOLDERS.forEach(folder -> IoUtil.delete(folder.toFile(), true)), "bridge-rig-temp-folders"));
    }

    BridgeRig(final Path data, final ReferenceData referenceData, final BridgeContext bridgeContext,
        final CoreListener... listeners) throws InterruptedException
    {
        this.data = data;
        bridge = new BridgeServer(bridgeContext.port(0).log(log::add));
        final TradingCore.Context context = new TradingCore.Context()
            .dataDirectory(data)
            .referenceData(referenceData.inputs())
            .clock(EngineClock.data())
            .aeronEnabled(false)
            .listener(bridge);
        for (final CoreListener listener : listeners)
        {
            context.listener(listener);
        }
        core = TradingCore.open(context);
        final EngineStateReport recovered = core.report();
        core.start();
        bridge.start(core, recovered);
    }

    /** A temp data folder, deleted when the test JVM exits: each holds journals of some hundred megabytes. */
    static Path tempData(final String name) throws IOException
    {
        final Path folder = Files.createTempDirectory("bridge-" + name);
        TEMP_FOLDERS.add(folder);
        return folder;
    }

    /**
     * The built-in config with its ma-crossover on windows of 20 and 100 ticks, as the example traded before it
     * took bar closes: an order every hundred ticks or so rather than a handful a day, for the tests whose point is
     * the orders going to the terminal and back.
     */
    static ReferenceData busyStrategyReferenceData()
    {
        return ReferenceData.parse(ReferenceData.defaultsWithStrategyParameters("bar=0 fast=20 slow=100"),
            "default-core.conf with ma-crossover on ticks");
    }

    int port()
    {
        return bridge.port();
    }

    /** Waits until {@code condition} holds, or fails with {@code what} and the bridge's log. */
    void await(final String what, final Duration timeout, final BooleanSupplier condition) throws InterruptedException
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("timed out waiting for " + what + "; bridge log: " + log);
            }
            core.checkHealthy();
            Thread.sleep(5);
        }
    }

    /** Stops the bridge and core and answers the engine's final state. */
    EngineStateReport stop()
    {
        bridge.close();
        core.close();
        return core.report();
    }

    @Override
    public void close()
    {
        bridge.close();
        core.close();
    }
}
