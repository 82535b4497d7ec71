package io.tradingcore.pipeline;

import io.aeron.Aeron;
import io.aeron.Subscription;
import io.tradingcore.codec.KillScope;
import io.tradingcore.codec.KillSwitchEngagedDecoder;
import io.tradingcore.codec.MessageHeaderDecoder;
import io.tradingcore.codec.OrderRoutedDecoder;
import io.tradingcore.codec.OrderType;
import io.tradingcore.codec.RouteAction;
import io.tradingcore.codec.Side;
import io.tradingcore.codec.TimeInForce;
import io.tradingcore.config.ReferenceData;
import io.tradingcore.engine.EngineStateReport;
import io.tradingcore.messages.InputMessages;
import io.tradingcore.replay.ReplayVerifier;
import io.tradingcore.strategy.examples.ExampleStrategies;
import io.tradingcore.venue.VenueConnection;
import io.tradingcore.venue.VenueSettings;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.BitSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The global kill switch over 100,000 live orders spread over four tenants and twenty accounts: one admin input whose
 * outputs (100,000 cancels and the KillSwitchEngaged) are some 10 MB. The core goes on, every order gets exactly one
 * cancel, seen one by one by a listener and on Aeron, and the journals replay identical.
 */
class GlobalKillSwitchTest
{
    private static final int TENANTS = 4;
    private static final int ACCOUNTS_PER_TENANT = 5;
    private static final int ORDERS_PER_ACCOUNT = 5_000;
    private static final int LIVE_ORDERS = TENANTS * ACCOUNTS_PER_TENANT * ORDERS_PER_ACCOUNT;
    private static final int EURUSD = 1;
    private static final long TICK_MSC = 1_399_525_217_007L;

    @TempDir
    Path data;

    private static String referenceData()
    {
        final StringBuilder text = new StringBuilder(
            "instrument 1 EURUSD digits=5 contract=100000 tick=0.00001 volume-min=0.01 volume-max=100 " +
            "volume-step=0.01 currency=USD\n");
        for (int tenant = 1; tenant <= TENANTS; tenant++)
        {
            text.append("tenant ").append(tenant).append(" name=desk-").append(tenant).append('\n');
            for (int a = 0; a < ACCOUNTS_PER_TENANT; a++)
            {
                text.append("account ").append(account(tenant, a)).append(" tenant=").append(tenant)
                    .append(" currency=USD balance=100000.00 leverage=100\n");
            }
        }
        return text.toString();
    }

    private static long account(final int tenant, final int index)
    {
        return tenant * 1_000L + index;
    }

    @SuppressWarnings("try") // closes the core early on purpose: its state may be read only once it is closed
    @Test
    void oneInputCancelsAHundredThousandOrdersAndTheCoreGoesOn() throws Exception
    {
        final VenueConnection venue = new VenueConnection(VenueSettings.defaults());
        final InputMessages messages = new InputMessages();
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
        final CancelsSeen listener = new CancelsSeen();
        final String liveHash;
        final long lastSequence;
        try (TradingCore core = TradingCore.open(new TradingCore.Context()
            .dataDirectory(data)
            .clock(EngineClock.data())
            .snapshotInterval(0)
            .referenceData(ReferenceData.parse(referenceData(), "test").inputs())
            .listener(venue)
            .publisherThreadAgent(venue)
            .listener(listener)))
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
                long clientOrderId = 0;
                for (int i = 0; i < ORDERS_PER_ACCOUNT; i++)
                {
                    for (int tenant = 1; tenant <= TENANTS; tenant++)
                    {
                        for (int a = 0; a < ACCOUNTS_PER_TENANT; a++)
                        {
                            if ((++clientOrderId & 63) == 0)
                            {
                                core.awaitBacklogBelow(256, 8 * 1024);
                            }
                            // Far below the market: the venue accepts each and leaves it resting.
                            core.offerBlocking(buffer, 0, messages.newOrder(buffer, 0, clientOrderId, tenant,
                                account(tenant, a), EURUSD, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 100, 100_000,
                                0, 0));
                        }
                    }
                }
                core.awaitQuiescent(Duration.ofSeconds(120), venue::isSettled);
                assertEquals(LIVE_ORDERS, venue.venue().restingOrders(), "every order rests at the venue");

                core.offerBlocking(buffer, 0, messages.killSwitch(buffer, 0, KillScope.ALL, 0, 0, true,
                    "desk closes everything"));
                core.awaitQuiescent(Duration.ofSeconds(120), venue::isSettled);
                assertEquals(LIVE_ORDERS, aeron.stopAfter(LIVE_ORDERS, Duration.ofSeconds(60)),
                    "every cancel went out on Aeron, one message each");
            }
            core.checkHealthy();
            core.close();
            final EngineStateReport report = core.report();
            assertTrue(report.openOrders().isEmpty(), "the venue's cancels closed every order: " +
                report.openOrders().size() + " open");
            liveHash = core.stateHash();
            lastSequence = report.lastSequence();
        }
        assertEquals(LIVE_ORDERS, listener.cancelled.cardinality(), "a CANCEL per live order, seen by a listener");
        assertFalse(listener.duplicate, "no order cancelled twice");
        assertEquals(LIVE_ORDERS, listener.killSwitchCancelled, "KillSwitchEngaged counts them all");

        final ReplayVerifier.Result replay = ReplayVerifier.verify(data, ExampleStrategies.catalog(), (r, t) -> { });
        assertTrue(replay.identical(), "replay diverged: " + replay.divergence());
        assertEquals(lastSequence, replay.inputs());
        assertEquals(liveHash, replay.stateHash());
    }

    /** What a listener of the core sees of the kill switch's outputs, one message at a time. */
    private static final class CancelsSeen implements CoreListener
    {
        private final MessageHeaderDecoder header = new MessageHeaderDecoder();
        private final OrderRoutedDecoder routed = new OrderRoutedDecoder();
        private final KillSwitchEngagedDecoder engaged = new KillSwitchEngagedDecoder();
        private final BitSet cancelled = new BitSet();
        private volatile boolean duplicate;
        private volatile int killSwitchCancelled;

        @Override
        public void onOutput(final long inputSequence, final DirectBuffer buffer, final int offset, final int length)
        {
            header.wrap(buffer, offset);
            if (header.templateId() == OrderRoutedDecoder.TEMPLATE_ID &&
                routed.wrapAndApplyHeader(buffer, offset, header).action() == RouteAction.CANCEL)
            {
                final int clientOrderId = (int)routed.clientOrderId();
                duplicate |= cancelled.get(clientOrderId);
                cancelled.set(clientOrderId);
            }
            else if (header.templateId() == KillSwitchEngagedDecoder.TEMPLATE_ID)
            {
                killSwitchCancelled = engaged.wrapAndApplyHeader(buffer, offset, header).cancelledOrders();
            }
        }
    }
}
