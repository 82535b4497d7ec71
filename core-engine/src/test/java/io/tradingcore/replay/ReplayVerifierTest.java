package io.tradingcore.replay;

import io.tradingcore.cli.ReplayCommand;
import io.tradingcore.config.ReferenceData;
import io.tradingcore.journal.Journal;
import io.tradingcore.marketdata.Mt5TickReader;
import io.tradingcore.messages.InputMessages;
import io.tradingcore.pipeline.TradingCore;
import io.tradingcore.strategy.StrategyCatalog;
import io.tradingcore.strategy.examples.MeanReversionBand;
import io.tradingcore.venue.VenueConnection;
import io.tradingcore.venue.VenueSettings;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Replay verification finds the first divergence, whatever its cause. */
class ReplayVerifierTest
{
    @TempDir
    Path data;

    @BeforeEach
    void recordARun() throws Exception
    {
        final VenueConnection venue = new VenueConnection(VenueSettings.defaults());
        try (TradingCore core = TradingCore.open(new TradingCore.Context().dataDirectory(data).aeronEnabled(false)
            .referenceData(ReferenceData.defaults().inputs()).listener(venue).publisherThreadAgent(venue)))
        {
            venue.connect(core.ingress());
            core.start();
            final InputMessages messages = new InputMessages();
            final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(128);
            try (Mt5TickReader reader = Mt5TickReader.open(Path.of("..", "samples", "EURUSD_20140508.mt5.csv.gz"), 5))
            {
                reader.read((time, bid, ask, last, volume, flags) ->
                {
                    core.awaitBacklogBelow(64, 4096);
                    core.offerBlocking(buffer, 0, messages.marketTick(buffer, 0, 1, time, bid, ask, last, volume, flags));
                }, 20_000);
            }
            core.awaitQuiescent(Duration.ofSeconds(30), venue::isSettled);
        }
    }

    @Test
    void identicalWithTheSameEngine()
    {
        final ReplayVerifier.Result result = ReplayVerifier.verify(data, StrategyCatalog.withExamples(), (r, t) -> { });
        assertTrue(result.identical(), String.valueOf(result.divergence()));
        assertTrue(result.inputs() > 20_000);
        assertEquals(0, ReplayCommand.run(new String[] {"verify", "--data", data.toString()}));
    }

    @Test
    void aChangedStrategyDivergesAtItsFirstDifferentOrder()
    {
        final StrategyCatalog changed = new StrategyCatalog().register("ma-crossover", MeanReversionBand::new);
        final ReplayVerifier.Result result = ReplayVerifier.verify(data, changed, (r, t) -> { });
        assertFalse(result.identical());
        assertTrue(result.divergence().inputSequence() > 7, "after the reference data");
        assertTrue(result.divergence().expected().contains("Order") || result.divergence().actual().contains("Order"),
            result.divergence().toString());
    }

    @Test
    void anOutputJournalWithMoreThanTheInputsIsCaught()
    {
        try (Journal outputs = Journal.open(new Journal.Context().directory(data.resolve("journal").resolve("output"))))
        {
            final UnsafeBuffer bogus = new UnsafeBuffer(new byte[16]);
            bogus.putLong(0, Long.MAX_VALUE / 2);
            outputs.append(bogus, 0, 16);
        }
        final ReplayVerifier.Result result = ReplayVerifier.verify(data, StrategyCatalog.withExamples(), (r, t) -> { });
        assertFalse(result.identical());
        assertEquals(Long.MAX_VALUE / 2, result.divergence().inputSequence());
        assertEquals(1, ReplayCommand.run(new String[] {"verify", "--data", data.toString()}));
        assertEquals(2, ReplayCommand.run(new String[] {"verify", "--data", data.resolve("nothing-here").toString()}));
        assertEquals(2, ReplayCommand.run(new String[] {"check"}));
    }
}
