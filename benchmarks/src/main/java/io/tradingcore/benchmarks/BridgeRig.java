package io.tradingcore.benchmarks;

import io.tradingcore.bridge.BridgeContext;
import io.tradingcore.bridge.BridgeServer;
import io.tradingcore.bridge.TerminalCredentials;
import io.tradingcore.config.ReferenceData;
import io.tradingcore.engine.EngineStateReport;
import io.tradingcore.pipeline.EngineClock;
import io.tradingcore.pipeline.TradingCore;
import io.tradingcore.strategy.examples.ExampleStrategies;

import java.nio.file.Path;

/**
 * A real core (data clock, the benchmark's strategy catalog) and an MT5 bridge on a free port, for terminals on
 * loopback: eight accounts of one tenant, all on EURUSD, with limits loose enough that only the benchmark's own
 * behaviour decides the order rate.
 */
final class BridgeRig implements AutoCloseable
{
    static final String TOKEN = "demo-token-change-me";
    static final long FIRST_ACCOUNT = 1001;
    static final int ACCOUNTS = 8;

    private final TradingCore core;
    private final BridgeServer bridge;

    /**
     * @param withStrategy the {@link MarkedTickTrader} on account {@link #FIRST_ACCOUNT}, for the latency runs; without
     *                     it the throughput runs measure tick ingestion alone.
     * @param aeron        the outputs on Aeron in the data folder's {@code aeron}, for projections to follow live; off
     *                     when nothing follows, as nothing but the bridge then needs them.
     */
    BridgeRig(final Path data, final boolean withStrategy, final boolean aeron) throws InterruptedException
    {
        bridge = new BridgeServer(new BridgeContext()
            .port(0)
            // The default per-session frame limit would end a 100k ticks/s session sending a tick a frame.
            .maxFramesPerSecond(10_000_000)
            .credentials(TerminalCredentials.defaults().with(TOKEN, 1, accounts()))
            .log(line -> { }));
        core = TradingCore.open(new TradingCore.Context()
            .dataDirectory(data)
            .referenceData(referenceData(withStrategy).inputs())
            .clock(EngineClock.data())
            .aeronEnabled(aeron)
            .strategyCatalog(ExampleStrategies.catalog().register(MarkedTickTrader.NAME, MarkedTickTrader::new))
            .listener(bridge));
        final EngineStateReport recovered = core.report();
        core.start();
        bridge.start(core, recovered);
    }

    /** The bridge's port, which listens once the core has processed its reference data. */
    int port()
    {
        return bridge.port();
    }

    private static long[] accounts()
    {
        final long[] accounts = new long[ACCOUNTS];
        for (int i = 0; i < ACCOUNTS; i++)
        {
            accounts[i] = FIRST_ACCOUNT + i;
        }
        return accounts;
    }

    private static ReferenceData referenceData(final boolean withStrategy)
    {
        final StringBuilder text = new StringBuilder("tenant 1 name=bench\n")
            .append("instrument 1 EURUSD digits=5 contract=100000 tick=0.00001 volume-min=0.01 volume-max=100 ")
            .append("volume-step=0.01 currency=USD\n")
            .append("limits tenant=1 max-open-orders=1000000 max-exposure=100000000000\n");
        for (int i = 0; i < ACCOUNTS; i++)
        {
            final long account = FIRST_ACCOUNT + i;
            text.append("account ").append(account).append(" tenant=1 currency=USD balance=100000000.00 leverage=100\n")
                // Open orders count towards the position limit as if filled; while the JIT warm-up's first orders
                // are slow, their fills lag thousands of orders behind, so the limit is set far above that.
                .append("limits account=").append(account).append(" tenant=1 max-order=5 max-position=1000 ")
                .append("max-exposure=100000000000 max-open-orders=100000 max-orders-per-second=1000000 ")
                .append("price-band-bps=300 stale-ms=600000000 daily-loss=100000000\n");
        }
        if (withStrategy)
        {
            text.append("strategy 1 ").append(MarkedTickTrader.NAME)
                .append(" account=1001 tenant=1 symbol=EURUSD quantity=0.01\n");
        }
        return ReferenceData.parse(text.toString(), "BridgeLatencyBenchmark");
    }

    @Override
    public void close()
    {
        try
        {
            // A core that failed mid-run would make the figures meaningless, so say so. Checked before the
            // bridge closes: outputs still in flight then meet a closed event loop, which is only shutdown.
            core.checkHealthy();
        }
        finally
        {
            bridge.close();
            core.close();
        }
    }
}
