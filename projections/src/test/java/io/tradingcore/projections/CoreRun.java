package io.tradingcore.projections;

import io.tradingcore.config.ReferenceData;
import io.tradingcore.marketdata.Mt5TickReader;
import io.tradingcore.messages.InputMessages;
import io.tradingcore.pipeline.TradingCore;
import io.tradingcore.venue.VenueConnection;
import io.tradingcore.venue.VenueSettings;
import org.agrona.ExpandableArrayBuffer;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real core for the projections' tests: the built-in reference data with the example strategy trading on every
 * tick, the simulated venue filling its orders, outputs on Aeron, fed with the real EURUSD day of the samples folder.
 */
final class CoreRun implements AutoCloseable
{
    static final Path SAMPLE = Path.of("..", "samples", "EURUSD_20140508.mt5.csv.gz");

    private final TradingCore core;
    private final VenueConnection venue = new VenueConnection(VenueSettings.defaults());
    private final InputMessages messages = new InputMessages();
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(128);
    private final Mt5TickReader ticks;

    /** A second tenant whose account 2001 trades EURUSD too, with a strategy of other windows. */
    static final String SECOND_TENANT = String.join("\n",
        "tenant 2 name=second",
        "account 2001 tenant=2 currency=USD balance=50000.00 leverage=100",
        "limits account=2001 tenant=2 max-order=5 max-position=10 max-exposure=5000000 max-open-orders=100 " +
            "max-orders-per-second=500 price-band-bps=300 stale-ms=60000 daily-loss=5000",
        "strategy 2 ma-crossover account=2001 tenant=2 symbol=EURUSD bar=0 fast=30 slow=90 band=5 quantity=0.20",
        "");

    CoreRun(final Path data) throws IOException
    {
        this(data, "");
    }

    /** @param moreConfig reference data lines after the built-in config's, such as {@link #SECOND_TENANT} */
    CoreRun(final Path data, final String moreConfig) throws IOException
    {
        core = TradingCore.open(new TradingCore.Context()
            .dataDirectory(data)
            .referenceData(busyReferenceData(moreConfig).inputs())
            .listener(venue)
            .publisherThreadAgent(venue));
        venue.connect(core.venueIngress());
        core.start();
        ticks = Mt5TickReader.open(SAMPLE, 5);
    }

    /** The built-in config with its strategy trading on every tick (bar=0 fast=20 slow=100). */
    static ReferenceData busyReferenceData(final String moreConfig)
    {
        return ReferenceData.parse(ReferenceData.defaultsWithStrategyParameters("bar=0 fast=20 slow=100") + "\n" +
            moreConfig, "default-core.conf trading on every tick");
    }

    /** Feeds the next {@code count} ticks of the sample day. @return how many there were. */
    long feed(final long count) throws IOException
    {
        final long[] fed = {0};
        while (fed[0] < count && ticks.read((time, bid, ask, last, volume, flags) ->
        {
            if ((fed[0] & 63) == 0)
            {
                core.awaitBacklogBelow(256, 8 * 1024);
            }
            core.offerBlocking(buffer, 0, messages.marketTick(buffer, 0, 1, time, bid, ask, last, volume, flags));
            fed[0]++;
        }, (int)Math.min(1024, count - fed[0])) > 0)
        {
            core.checkHealthy();
        }
        return fed[0];
    }

    /** Waits until every input fed is processed and every order the venue got is answered. */
    void settle() throws Exception
    {
        core.awaitQuiescent(Duration.ofSeconds(60), venue::isSettled);
    }

    TradingCore core()
    {
        return core;
    }

    @Override
    public void close() throws IOException
    {
        ticks.close();
        core.close();
    }
}
