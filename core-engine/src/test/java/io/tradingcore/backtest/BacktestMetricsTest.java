package io.tradingcore.backtest;

import io.tradingcore.codec.AccountStateEncoder;
import io.tradingcore.codec.BooleanType;
import io.tradingcore.codec.MessageHeaderEncoder;
import io.tradingcore.domain.FixedPoint;
import io.tradingcore.domain.InstrumentSpec;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.collections.Int2ObjectHashMap;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Equity on every price move counts towards the drawdown, but the curve keeps a point a minute. */
class BacktestMetricsTest
{
    private static final long ACCOUNT = 1001;
    private static final long USD = FixedPoint.MONEY_ONE;
    private static final long MS = 1_000_000L;

    @Test
    void aDipBetweenCurvePointsStillCountsAndTheCurveStaysSmall()
    {
        final BacktestMetrics metrics = new BacktestMetrics(ACCOUNT, new Int2ObjectHashMap<InstrumentSpec>());
        final long start = 1_399_525_217_007L * MS;
        metrics.start(start, 100_000 * USD);
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
        final MessageHeaderEncoder header = new MessageHeaderEncoder();
        final AccountStateEncoder state = new AccountStateEncoder();
        final int states = 36_000; // an hour of equity every 100 ms
        for (int i = 1; i <= states; i++)
        {
            // flat at 100,000.00 but for one 100 ms dip of 250.00 half way through
            final long equity = (i == states / 2 + 7 ? 99_750 : 100_000) * USD;
            state.wrapAndApplyHeader(buffer, 0, header).inputSequence(i).timeNs(start + i * 100 * MS)
                .tenantId(1).accountId(ACCOUNT).balance(100_000 * USD).equity(equity).realizedPnl(0)
                .unrealizedPnl(equity - 100_000 * USD).marginUsed(0).grossExposure(0).openOrders(0)
                .halted(BooleanType.FALSE);
            metrics.onOutput(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + state.encodedLength());
        }
        final int points = metrics.equityCurve().size();
        assertTrue(points >= 60 && points <= 62, "a point a minute over an hour, and the start: " + points);
        final String maxDrawdown = metrics.summary(start + states * 100 * MS, 100_000 * USD, 100_000 * USD).stream()
            .filter(field -> field.key().equals("max_drawdown")).findFirst().orElseThrow().value();
        assertEquals("250.00", maxDrawdown, "the dip between two curve points");
    }
}
