package io.tradingcore.pipeline;

import io.tradingcore.strategy.examples.ExampleStrategies;
import io.aeron.Aeron;
import io.aeron.Subscription;
import io.tradingcore.codec.AlertKind;
import io.tradingcore.codec.KillSwitchEngagedDecoder;
import io.tradingcore.codec.MessageHeaderDecoder;
import io.tradingcore.codec.OrderRejectedDecoder;
import io.tradingcore.codec.OrderRoutedDecoder;
import io.tradingcore.codec.OrderType;
import io.tradingcore.codec.RejectReason;
import io.tradingcore.codec.RiskAlertDecoder;
import io.tradingcore.codec.RouteAction;
import io.tradingcore.codec.Side;
import io.tradingcore.codec.TimeInForce;
import io.tradingcore.config.ReferenceData;
import io.tradingcore.engine.EngineStateReport;
import io.tradingcore.engine.OutputBatch;
import io.tradingcore.journal.Journal;
import io.tradingcore.journal.JournalReader;
import io.tradingcore.messages.InputMessages;
import io.tradingcore.outputs.OutputJournalReader;
import io.tradingcore.outputs.OutputJournalWriter;
import io.tradingcore.replay.AuditRecord;
import io.tradingcore.replay.AuditTrail;
import io.tradingcore.replay.ReplayVerifier;
import io.tradingcore.venue.VenueConnection;
import io.tradingcore.venue.VenueSettings;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An account with 30,000 orders resting at the simulated venue trips its daily-loss limit. The engine answers that one
 * tick with a RiskAlert, 30,000 cancels and a KillSwitchEngaged, some 3.2 MB: over three times the 1 MiB an output
 * journal entry may hold. The core goes on; the outputs reach the output journal, split over several entries of that
 * input, and Aeron and the listeners one by one; replay verifies identical; a restart recovers the same state, and a
 * crash in the middle of writing the split batch is made good by recovery.
 */
class KillSwitchManyOrdersTest
{
    private static final int RESTING_ORDERS = 30_000;
    private static final int TENANT = 1;
    private static final long ACCOUNT = 1001;
    private static final int EURUSD = 1;
    private static final long FIRST_CLIENT_ORDER_ID = 2;
    private static final long LATE_CLIENT_ORDER_ID = 1_000_000;
    /** 2014-05-08 05:00:17 UTC; the core runs on the data clock, so every run has the same engine times. */
    private static final long TICK_MSC = 1_399_525_217_007L;
    private static final String REFERENCE_DATA = """
        tenant 1 name=desk
        account 1001 tenant=1 currency=USD balance=100000.00 leverage=100
        instrument 1 EURUSD digits=5 contract=100000 tick=0.00001 volume-min=0.01 volume-max=100 \
        volume-step=0.01 currency=USD
        limits account=1001 tenant=1 daily-loss=1000
        """;

    @TempDir
    static Path data;

    @TempDir
    Path scratch;

    private static final OutputCounts OUTPUTS = new OutputCounts();
    private static long aeronCancels;
    private static String liveHash;
    private static long lastSequence;
    private static EngineStateReport liveReport;

    private static TradingCore.Context context(final Path directory)
    {
        return new TradingCore.Context()
            .dataDirectory(directory)
            .clock(EngineClock.data())
            .snapshotInterval(0);
    }

    @SuppressWarnings("try") // closes the core early on purpose: its state may be read only once it is closed
    @BeforeAll
    static void tripTheDailyLossLimitWithThirtyThousandOrdersResting() throws Exception
    {
        final VenueConnection venue = new VenueConnection(VenueSettings.defaults());
        final InputMessages messages = new InputMessages();
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
        try (TradingCore core = TradingCore.open(context(data)
            .referenceData(ReferenceData.parse(REFERENCE_DATA, "test").inputs())
            .listener(venue)
            .publisherThreadAgent(venue)
            .listener(OUTPUTS)))
        {
            venue.connect(core.ingress());
            core.start();
            try (Aeron client = Aeron.connect(new Aeron.Context().aeronDirectoryName(data.resolve("aeron").toString()));
                Subscription subscription = client.addSubscription("aeron:ipc", 1001))
            {
                final AeronCancelCount aeron = new AeronCancelCount(subscription);
                aeron.start();

                core.offerBlocking(buffer, 0, messages.marketTick(buffer, 0, EURUSD, TICK_MSC, 139_000, 139_002, 0, 0,
                    6));
                core.offerBlocking(buffer, 0, messages.newOrder(buffer, 0, 1, TENANT, ACCOUNT, EURUSD, Side.BUY,
                    OrderType.MARKET, TimeInForce.IOC, 10_000, 0, 0, 0));
                core.awaitQuiescent(Duration.ofSeconds(30), venue::isSettled);
                for (int i = 0; i < RESTING_ORDERS; i++)
                {
                    if ((i & 63) == 0)
                    {
                        core.awaitBacklogBelow(256, 8 * 1024);
                    }
                    // Far below the market: the venue accepts each and leaves it resting.
                    core.offerBlocking(buffer, 0, messages.newOrder(buffer, 0, FIRST_CLIENT_ORDER_ID + i, TENANT,
                        ACCOUNT,
                        EURUSD, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 100, 100_000, 0, 0));
                }
                core.awaitQuiescent(Duration.ofSeconds(60), venue::isSettled);
                assertEquals(RESTING_ORDERS, venue.venue().restingOrders(), "every order rests at the venue");

                // 200 pips down on 1 lot long: a loss of 2,002.00 against the limit of 1,000.00.
                core.offerBlocking(buffer, 0, messages.marketTick(buffer, 0, EURUSD, TICK_MSC + 1_000, 137_000, 137_002,
                    0, 0, 6));
                core.awaitQuiescent(Duration.ofSeconds(60), venue::isSettled);

                core.offerBlocking(buffer, 0, messages.newOrder(buffer, 0, LATE_CLIENT_ORDER_ID, TENANT, ACCOUNT,
                    EURUSD,
                    Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 100, 100_000, 0, 0));
                core.awaitQuiescent(Duration.ofSeconds(30), venue::isSettled);
                aeronCancels = aeron.stopAfter(RESTING_ORDERS, Duration.ofSeconds(30));
            }
            core.checkHealthy();
            core.close();
            liveHash = core.stateHash();
            liveReport = core.report();
            lastSequence = liveReport.lastSequence();
        }
    }

    @Test
    void theCoreGoesOnAndEveryLiveOrderGetsItsCancel()
    {
        assertTrue(OUTPUTS.tripSequence.get() > RESTING_ORDERS, "the limit tripped on the second tick");
        assertEquals(RESTING_ORDERS, OUTPUTS.cancelsOfTheTrip.get(), "a CANCEL per live order, seen by a listener");
        assertEquals(0, OUTPUTS.otherCancels.get(), "no cancel caused by another input");
        assertEquals(RESTING_ORDERS, OUTPUTS.killSwitchCancelled.get(), "KillSwitchEngaged counts them all");
        assertEquals(RESTING_ORDERS, aeronCancels, "every cancel went out on Aeron, one message each");
        assertEquals(RejectReason.KILL_SWITCH.value(), OUTPUTS.lateOrderReason.get(),
            "an order after the trip is processed and refused by the engaged kill switch");
        assertTrue(liveReport.openOrders().isEmpty(), "the venue's cancels closed every order: " +
            liveReport.openOrders().size() + " open");
        assertTrue(liveReport.accounts().get(0).killed(), "the account's kill switch is engaged");
    }

    @Test
    void thatInputsOutputsSpanSeveralConsecutiveEntries()
    {
        final long trip = OUTPUTS.tripSequence.get();
        final List<byte[]> pieces = new ArrayList<>();
        final long[] entriesAfterThePieces = {0};
        final int maxPayload;
        try (Journal journal = Journal.open(new Journal.Context().directory(outputDirectory(data)).readOnly(true));
            JournalReader reader = journal.reader())
        {
            maxPayload = journal.maxPayloadLength();
            while (reader.poll((sequence, buffer, offset, length) ->
            {
                final long inputSequence = buffer.getLong(offset, ByteOrder.LITTLE_ENDIAN);
                if (inputSequence == trip)
                {
                    assertEquals(0, entriesAfterThePieces[0], "the pieces follow one another");
                    assertTrue(length <= maxPayload, "each entry within the journal's limit");
                    final byte[] piece = new byte[length - OutputJournalWriter.HEADER_LENGTH];
                    buffer.getBytes(offset + OutputJournalWriter.HEADER_LENGTH, piece);
                    pieces.add(piece);
                }
                else if (!pieces.isEmpty())
                {
                    entriesAfterThePieces[0]++;
                }
            }, 4096) > 0)
            {
                // read to the end
            }
        }
        assertTrue(pieces.size() > 1, "one input's outputs over several entries: " + pieces.size());

        final BitSet cancelled = new BitSet();
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final OrderRoutedDecoder routed = new OrderRoutedDecoder();
        final List<Integer> templates = new ArrayList<>();
        for (final byte[] piece : pieces)
        {
            // Cut between messages: each piece holds whole messages.
            OutputBatch.forEach(new UnsafeBuffer(piece), 0, piece.length, (buffer, offset, length) ->
            {
                header.wrap(buffer, offset);
                templates.add(header.templateId());
                if (header.templateId() == OrderRoutedDecoder.TEMPLATE_ID)
                {
                    routed.wrapAndApplyHeader(buffer, offset, header);
                    assertEquals(RouteAction.CANCEL, routed.action());
                    assertFalse(cancelled.get((int)routed.clientOrderId()), "one cancel per order");
                    cancelled.set((int)routed.clientOrderId());
                }
            });
        }
        assertEquals(RESTING_ORDERS + 2, templates.size(), "the alert, the cancels and the kill switch event");
        assertEquals(RiskAlertDecoder.TEMPLATE_ID, templates.get(0));
        assertEquals(KillSwitchEngagedDecoder.TEMPLATE_ID, templates.get(templates.size() - 1));
        assertEquals(RESTING_ORDERS, cancelled.cardinality());
        assertEquals(FIRST_CLIENT_ORDER_ID, cancelled.nextSetBit(0));
        assertEquals(FIRST_CLIENT_ORDER_ID + RESTING_ORDERS - 1, cancelled.previousSetBit(Integer.MAX_VALUE - 1));
    }

    @Test
    void replayVerifiesIdenticalAndTheAuditShowsEveryCancel()
    {
        final ReplayVerifier.Result replay = ReplayVerifier.verify(data, ExampleStrategies.catalog(), (r, t) -> { });
        assertTrue(replay.identical(), "replay diverged: " + replay.divergence());
        assertTrue(replay.chainsIntact());
        assertEquals(lastSequence, replay.inputs());
        assertEquals(liveHash, replay.stateHash());

        final long trip = OUTPUTS.tripSequence.get();
        final long[] cancels = {0};
        final long[] outputsOfTheTrip = {0};
        AuditTrail.read(data, trip, step ->
        {
            if (step.input().sequence() == trip)
            {
                outputsOfTheTrip[0] = step.outputs().size();
                for (final AuditRecord output : step.outputs())
                {
                    if (output.message().equals("OrderRouted") && output.sequence() == trip &&
                        output.fields().contains(new AuditRecord.Field("action", "CANCEL", false)))
                    {
                        cancels[0]++;
                    }
                }
            }
        }, (reached, last) -> { });
        assertEquals(RESTING_ORDERS + 2, outputsOfTheTrip[0], "the audit shows the whole batch under its input");
        assertEquals(RESTING_ORDERS, cancels[0]);
    }

    @Test
    void aRestartRecoversTheStateAndTheLastSequence() throws IOException
    {
        try (TradingCore reopened = TradingCore.open(context(data)))
        {
            assertEquals(lastSequence, reopened.recovery().lastSequence());
            assertEquals(0, reopened.recovery().republishedOutputs(), reopened.recovery().toString());
            assertEquals(liveHash, reopened.stateHash());
        }

        // Without snapshots every input runs again, the tripping tick too: its outputs are in the journal already.
        final Path copy = scratch.resolve("no-snapshots");
        copyDirectory(data.resolve("journal"), copy.resolve("journal"));
        final List<Batch> before = batches(copy);
        try (TradingCore reopened = TradingCore.open(context(copy)))
        {
            assertEquals(0, reopened.recovery().snapshotSequence());
            assertEquals(lastSequence, reopened.recovery().replayedInputs());
            assertEquals(lastSequence, reopened.recovery().lastSequence());
            assertEquals(0, reopened.recovery().republishedOutputs(), "nothing written twice: " + reopened.recovery());
            assertEquals(liveHash, reopened.stateHash());
            assertTrue(reopened.report().openOrders().isEmpty());
        }
        assertBatchesEqual(before, batches(copy));
    }

    @Test
    void aCrashWhileTheSplitBatchWasWrittenIsMadeGoodOnRecovery() throws IOException
    {
        final long trip = OUTPUTS.tripSequence.get();
        final Path torn = scratch.resolve("torn");
        copyDirectory(data.resolve("journal").resolve("input"), torn.resolve("journal").resolve("input"));
        // The output journal as a process killed after the first piece of the trip's outputs would leave it.
        try (Journal original = Journal.open(new Journal.Context().directory(outputDirectory(data)).readOnly(true));
            JournalReader reader = original.reader();
            Journal cut = Journal.open(new Journal.Context().directory(outputDirectory(torn))))
        {
            final boolean[] done = {false};
            while (!done[0] && reader.poll((sequence, buffer, offset, length) ->
            {
                cut.append(buffer, offset, length);
                done[0] = buffer.getLong(offset, ByteOrder.LITTLE_ENDIAN) == trip;
            }, 1) > 0)
            {
                // copy up to the first piece
            }
            assertTrue(done[0], "the trip's first piece copied");
        }

        final long batchesFromTheTripOn = batches(data).stream().filter(batch -> batch.inputSequence() >= trip).count();
        try (TradingCore recovered = TradingCore.open(context(torn)))
        {
            assertEquals(batchesFromTheTripOn, recovered.recovery().republishedOutputs(),
                "the rest of the trip's outputs and every later input's written: " + recovered.recovery());
            assertEquals(liveHash, recovered.stateHash());
        }
        assertBatchesEqual(batches(data), batches(torn));
        final ReplayVerifier.Result replay = ReplayVerifier.verify(torn, ExampleStrategies.catalog(), (r, t) -> { });
        assertTrue(replay.identical(), "replay diverged: " + replay.divergence());
    }

    private record Batch(long inputSequence, byte[] outputs)
    {
    }

    private static List<Batch> batches(final Path directory)
    {
        final List<Batch> batches = new ArrayList<>();
        try (Journal journal = Journal.open(new Journal.Context().directory(outputDirectory(directory)).readOnly(true));
            JournalReader reader = journal.reader())
        {
            final OutputJournalReader batchReader = new OutputJournalReader(reader);
            while (batchReader.poll((inputSequence, buffer, offset, length) ->
            {
                final byte[] outputs = new byte[length];
                buffer.getBytes(offset, outputs);
                batches.add(new Batch(inputSequence, outputs));
            }))
            {
                // read to the end
            }
        }
        return batches;
    }

    private static void assertBatchesEqual(final List<Batch> expected, final List<Batch> actual)
    {
        assertEquals(expected.size(), actual.size(), "one batch per input with outputs");
        for (int i = 0; i < expected.size(); i++)
        {
            assertEquals(expected.get(i).inputSequence(), actual.get(i).inputSequence());
            assertArrayEquals(expected.get(i).outputs(), actual.get(i).outputs(),
                "outputs of input " + expected.get(i).inputSequence());
        }
    }

    private static Path outputDirectory(final Path directory)
    {
        return directory.resolve("journal").resolve("output");
    }

    private static void copyDirectory(final Path from, final Path to) throws IOException
    {
        try (Stream<Path> files = Files.walk(from))
        {
            for (final Path file : files.toList())
            {
                final Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file))
                {
                    Files.createDirectories(target);
                }
                else
                {
                    Files.copy(file, target);
                }
            }
        }
    }

    /** What the in-process listener saw, on the publisher thread. */
    private static final class OutputCounts implements CoreListener
    {
        final AtomicLong tripSequence = new AtomicLong();
        final AtomicLong cancelsOfTheTrip = new AtomicLong();
        final AtomicLong otherCancels = new AtomicLong();
        final AtomicLong killSwitchCancelled = new AtomicLong();
        final AtomicLong lateOrderReason = new AtomicLong(-1);
        private final MessageHeaderDecoder header = new MessageHeaderDecoder();
        private final RiskAlertDecoder alert = new RiskAlertDecoder();
        private final OrderRoutedDecoder routed = new OrderRoutedDecoder();
        private final KillSwitchEngagedDecoder killSwitch = new KillSwitchEngagedDecoder();
        private final OrderRejectedDecoder rejected = new OrderRejectedDecoder();

        @Override
        public void onOutput(final long inputSequence, final DirectBuffer buffer, final int offset, final int length)
        {
            header.wrap(buffer, offset);
            switch (header.templateId())
            {
                case RiskAlertDecoder.TEMPLATE_ID ->
                {
                    if (alert.wrapAndApplyHeader(buffer, offset, header).kind() == AlertKind.DAILY_LOSS_LIMIT)
                    {
                        tripSequence.set(inputSequence);
                    }
                }
                case OrderRoutedDecoder.TEMPLATE_ID ->
                {
                    if (routed.wrapAndApplyHeader(buffer, offset, header).action() == RouteAction.CANCEL)
                    {
                        (inputSequence == tripSequence.get() ? cancelsOfTheTrip : otherCancels).incrementAndGet();
                    }
                }
                case KillSwitchEngagedDecoder.TEMPLATE_ID ->
                    killSwitchCancelled.set(killSwitch.wrapAndApplyHeader(buffer, offset, header).cancelledOrders());
                case OrderRejectedDecoder.TEMPLATE_ID ->
                {
                    rejected.wrapAndApplyHeader(buffer, offset, header);
                    if (rejected.clientOrderId() == LATE_CLIENT_ORDER_ID)
                    {
                        lateOrderReason.set(rejected.reason().value());
                    }
                }
            }
        }
    }

    /** An Aeron subscriber of the core's publication that counts the cancels it receives. */
}
