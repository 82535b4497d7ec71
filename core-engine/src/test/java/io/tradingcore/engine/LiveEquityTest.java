package io.tradingcore.engine;

import io.tradingcore.codec.AccountStateDecoder;
import io.tradingcore.codec.AlertKind;
import io.tradingcore.codec.ExecType;
import io.tradingcore.codec.MessageHeaderDecoder;
import io.tradingcore.codec.OrderType;
import io.tradingcore.codec.RejectReason;
import io.tradingcore.codec.RiskAlertDecoder;
import io.tradingcore.codec.Side;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.tradingcore.engine.EngineFixture.ACCOUNT;
import static io.tradingcore.engine.EngineFixture.EURUSD;
import static io.tradingcore.engine.EngineFixture.TENANT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Accounts with open positions get their equity on price moves, not only on fills, at most once per account per
 * interval of engine time; and a terminal's position that differs from the core's is an alert, or a halt.
 */
class LiveEquityTest
{
    private static final long LOT = 10_000;
    private static final long EURUSD_POINT = 1_000_000L; // one point on a lot of EURUSD is 1.00 USD

    private static List<Long> equities(final EngineFixture fixture)
    {
        final List<Long> equities = new ArrayList<>();
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        for (final byte[] output : fixture.outputs)
        {
            final UnsafeBuffer buffer = new UnsafeBuffer(output);
            if (header.wrap(buffer, 0).templateId() == AccountStateDecoder.TEMPLATE_ID)
            {
                equities.add(new AccountStateDecoder().wrapAndApplyHeader(buffer, 0, header).equity());
            }
        }
        return equities;
    }

    private static EngineFixture longOneLot(final long intervalMs)
    {
        final EngineFixture fixture = new EngineFixture();
        fixture.send(fixture.inputs.engineSettings(fixture.buffer, 0, intervalMs));
        fixture.tick(EURUSD, 139_147, 139_149);
        fixture.order(1, Side.BUY, OrderType.MARKET, LOT, 0);
        fixture.report(fixture.lastRoutedOrderId(), ExecType.FILL, LOT, 139_149);
        fixture.outputs.clear();
        return fixture;
    }

    @Test
    void priceMovesUpdateEquityAtMostOncePerAccountPerInterval()
    {
        final EngineFixture fixture = longOneLot(100);
        for (int i = 1; i <= 100; i++) // a tick every 10 ms for a second, the bid one point higher each time
        {
            fixture.advanceMs(10);
            fixture.tick(EURUSD, 139_147 + i, 139_149 + i);
        }
        final List<Long> equities = equities(fixture);
        assertEquals(10, equities.size(), "one a 100 ms over one second: " + equities);
        for (int i = 1; i < equities.size(); i++)
        {
            assertEquals(10 * EURUSD_POINT, equities.get(i) - equities.get(i - 1), "ten points between each");
        }
    }

    @Test
    void offUnlessTheJournalSaysSoSoOldJournalsReplayAsTheyRan()
    {
        final EngineFixture fixture = longOneLot(0);
        for (int i = 1; i <= 100; i++)
        {
            fixture.advanceMs(10);
            fixture.tick(EURUSD, 139_147 + i, 139_149 + i);
        }
        assertEquals(List.of(), equities(fixture));
        fixture.send(fixture.inputs.engineSettings(fixture.buffer, 0, -1));
        assertEquals(RejectReason.INVALID_FIELD, fixture.lastInputReject().reason());
    }

    @Test
    void aPositionMismatchAlertsAndHaltsWhenAsked()
    {
        final EngineFixture fixture = longOneLot(0);
        fixture.send(fixture.inputs.positionMismatch(fixture.buffer, 0, TENANT, ACCOUNT, EURUSD, 0, LOT, false));
        RiskAlertDecoder alert = fixture.lastOf(RiskAlertDecoder.TEMPLATE_ID,
            (b, h) -> new RiskAlertDecoder().wrapAndApplyHeader(b, 0, h));
        assertEquals(AlertKind.POSITION_MISMATCH, alert.kind());
        assertEquals(0, alert.value());
        assertEquals(LOT, alert.threshold());
        assertTrue(!fixture.engine.report().accounts().get(0).halted(), "alert only");

        fixture.send(fixture.inputs.positionMismatch(fixture.buffer, 0, TENANT, ACCOUNT, EURUSD, 0, LOT, true));
        alert = fixture.lastOf(RiskAlertDecoder.TEMPLATE_ID,
            (b, h) -> new RiskAlertDecoder().wrapAndApplyHeader(b, 0, h));
        assertEquals(AlertKind.ACCOUNT_HALTED, alert.kind());
        assertTrue(fixture.engine.report().accounts().get(0).halted());
        fixture.order(2, Side.BUY, OrderType.MARKET, LOT, 0);
        assertEquals(RejectReason.ACCOUNT_HALTED, fixture.lastOrderRejectReason());

        fixture.send(fixture.inputs.positionMismatch(fixture.buffer, 0, TENANT, 999, EURUSD, 0, LOT, true));
        assertEquals(RejectReason.UNKNOWN_ACCOUNT, fixture.lastInputReject().reason());
    }
}
