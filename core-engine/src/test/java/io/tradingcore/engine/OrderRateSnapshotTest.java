package io.tradingcore.engine;

import io.tradingcore.codec.OrderType;
import io.tradingcore.codec.RejectReason;
import io.tradingcore.codec.Side;
import io.tradingcore.messages.RiskLimitValues;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;

import static io.tradingcore.engine.EngineFixture.EURUSD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The order rate windows in a snapshot: only the order times of the last second of engine time, whatever the limit
 * (a window is a ring as long as the limit, and a limit of a million orders a second made every snapshot 8 MB,
 * copied on the engine's thread), and the same answers from a restored engine as from the one that wrote it.
 */
class OrderRateSnapshotTest
{
    private static final long LOT = 10_000;
    private static final long BID = 139_147;
    private static final long ASK = 139_149;

    /** Two orders 100 ms apart under a limit of {@code maxPerSecond} orders a second. */
    private static EngineFixture twoOrders(final int maxPerSecond)
    {
        final EngineFixture fixture = new EngineFixture();
        fixture.tick(EURUSD, BID, ASK);
        fixture.limits(new RiskLimitValues(0, 0, 0, 0, maxPerSecond, 0, 0, 0));
        fixture.order(1, Side.BUY, OrderType.MARKET, LOT, 0);
        fixture.advanceMs(100);
        fixture.order(2, Side.BUY, OrderType.MARKET, LOT, 0);
        return fixture;
    }

    private static int snapshotLength(final EngineFixture fixture)
    {
        return EngineSnapshot.write(fixture.engine, new ExpandableArrayBuffer(4096));
    }

    private static RejectReason buy(final EngineFixture fixture, final long clientOrderId)
    {
        fixture.order(clientOrderId, Side.BUY, OrderType.MARKET, LOT, 0);
        return fixture.lastOrderRejectReason();
    }

    @Test
    void snapshotSizeDoesNotDependOnTheLimit()
    {
        assertEquals(snapshotLength(twoOrders(2)), snapshotLength(twoOrders(1_000_000)));
    }

    @Test
    void orderTimesOlderThanASecondLeaveTheSnapshot()
    {
        final EngineFixture fixture = twoOrders(1_000_000);
        final int withBoth = snapshotLength(fixture);
        fixture.advanceMs(950);
        fixture.tick(EURUSD, BID, ASK);
        assertEquals(withBoth - Long.BYTES, snapshotLength(fixture), "the first order is over a second old");
        fixture.advanceMs(100);
        fixture.tick(EURUSD, BID, ASK);
        assertEquals(withBoth - 2 * Long.BYTES, snapshotLength(fixture), "both orders are over a second old");
    }

    @Test
    void restoredEngineCountsTheWindowAsTheOriginal()
    {
        final EngineFixture original = twoOrders(2);
        final ExpandableArrayBuffer snapshot = new ExpandableArrayBuffer(4096);
        final EngineFixture restored =
            EngineFixture.restoredFrom(original, snapshot, EngineSnapshot.write(original.engine, snapshot));
        assertSameAnswers(original, restored);
    }

    @Test
    void version1SnapshotStillRestores() throws IOException
    {
        // Written by the engine before version 2 from twoOrders(2): the whole 2-slot ring, its next slot and count.
        final byte[] version1;
        try (InputStream in = getClass().getResourceAsStream("/engine/snapshot-v1-two-orders.bin"))
        {
            assertNotNull(in, "test resource");
            version1 = in.readAllBytes();
        }
        assertEquals(1, new UnsafeBuffer(version1).getInt(4), "the resource is a version 1 snapshot");
        final EngineFixture original = twoOrders(2);
        final EngineFixture restored =
            EngineFixture.restoredFrom(original, new UnsafeBuffer(version1), version1.length);
        assertEquals(original.engine.stateHash(), restored.engine.stateHash());
        assertSameAnswers(original, restored);
    }

    private static void assertSameAnswers(final EngineFixture original, final EngineFixture restored)
    {
        assertEquals(original.engine.stateHash(), restored.engine.stateHash(), "restored state");
        for (final EngineFixture fixture : new EngineFixture[] {original, restored})
        {
            fixture.advanceMs(100);
            assertEquals(RejectReason.ORDER_RATE, buy(fixture, 3), "a third order within the second");
            fixture.advanceMs(850);
            fixture.tick(EURUSD, BID, ASK);
            assertEquals(RejectReason.NONE, buy(fixture, 4), "the first order left the window");
            assertEquals(RejectReason.ORDER_RATE, buy(fixture, 5), "the second is still in it");
        }
        assertEquals(original.engine.stateHash(), restored.engine.stateHash(), "state after the same inputs");
    }
}
