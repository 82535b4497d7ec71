package io.tradingcore.engine;

import io.tradingcore.domain.FixedPoint;
import io.tradingcore.domain.InstrumentSpec;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The calculator gives the engine's own figures for one position. */
class PositionCalculatorTest
{
    private static final InstrumentSpec EURUSD =
        new InstrumentSpec(1, "EURUSD", 5, 100_000, 1, 100, 1_000_000, 100, "USD");

    @Test
    void pnlEquityAndMarginOfOneLotAsTheEngineBooksThem()
    {
        final long usd = FixedPoint.MONEY_ONE;
        final PositionCalculator calculator = new PositionCalculator(EURUSD, 100_000 * usd, 100);
        calculator.quote(139_147, 139_149);
        assertEquals(0, calculator.fill(10_000, 139_148), "opening realizes nothing");
        assertEquals(10_000, calculator.netQuantity());

        calculator.quote(139_247, 139_249); // the bid 99 points above the entry: +99.00 USD on 100,000 EUR
        assertEquals(99 * usd, calculator.unrealizedPnl());
        assertEquals(100_099 * usd, calculator.equity());
        assertEquals(139_148 * usd / 100, calculator.marginUsed(), "1:100 of the position's cost, 139,148.00 USD");

        assertEquals(99 * usd / 2, calculator.fill(-5_000, 139_247), "half closed at the bid realizes half of it");
        assertEquals(5_000, calculator.netQuantity());
        assertThrows(ArithmeticException.class, () -> calculator.fill(Long.MAX_VALUE, 139_247));
        assertEquals(5_000, calculator.netQuantity(), "an overflowing fill changes nothing");
    }
}
