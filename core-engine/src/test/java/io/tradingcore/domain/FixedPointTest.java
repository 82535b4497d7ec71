package io.tradingcore.domain;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FixedPointTest
{
    @Test
    void parsesWithoutDoubles()
    {
        assertEquals(139_147, FixedPoint.parse("1.39147", 5));
        assertEquals(1_290_300, FixedPoint.parse("1290.3", 3));
        assertEquals(3_300_025, FixedPoint.parse("33000.25", 2));
        assertEquals(-1_500, FixedPoint.parse("-0.15", 4));
        assertEquals(10_000, FixedPoint.parse("1.0000000", 4), "trailing zeros beyond the digits are fine");
        assertThrows(NumberFormatException.class, () -> FixedPoint.parse("1.391475", 5));
        assertThrows(NumberFormatException.class, () -> FixedPoint.parse("1.3x", 5));
        assertThrows(NumberFormatException.class, () -> FixedPoint.parse("", 5));
        assertThrows(ArithmeticException.class, () -> FixedPoint.parse("99999999999999999", 5));
    }

    @Test
    void formatsEveryScale()
    {
        assertEquals("1.39147", FixedPoint.format(139_147, 5));
        assertEquals("1290.300", FixedPoint.format(1_290_300, 3));
        assertEquals("-0.05", FixedPoint.format(-5, 2));
        assertEquals("42", FixedPoint.format(42, 0));
        assertEquals("10.33", FixedPoint.formatMoney(10_333_300));
    }

    @Test
    void roundsHalfEven()
    {
        assertEquals(2, FixedPoint.divideRounded(5, 2));
        assertEquals(4, FixedPoint.divideRounded(7, 2));
        assertEquals(-2, FixedPoint.divideRounded(-5, 2));
        assertEquals(-4, FixedPoint.divideRounded(-7, 2));
        assertEquals(2, FixedPoint.divideRounded(15, 10));
        assertEquals(2, FixedPoint.divideRounded(25, 10));
        assertEquals(3, FixedPoint.divideRounded(26, 10));
        assertEquals(-3, FixedPoint.divideRounded(-26, 10));
        assertEquals(139_150, FixedPoint.rescale(13_914_967, 3, 1));
    }

    @Test
    void multiplyDivideIsExactBeyond64Bits()
    {
        final long big = Long.MAX_VALUE / 2;
        assertEquals(big, FixedPoint.multiplyDivide(big, 4, 4), "the 128-bit product is divided exactly");
        assertEquals(3, FixedPoint.multiplyDivide(7, 3, 7));
        assertEquals(2, FixedPoint.multiplyDivide(5, 1, 2), "2.5 rounds to even");
    }

    @Test
    void overflowIsDetected()
    {
        assertThrows(ArithmeticException.class, () -> FixedPoint.multiplyDivide(Long.MAX_VALUE, 4, 1));
        assertThrows(ArithmeticException.class, () -> FixedPoint.rescale(Long.MAX_VALUE / 10, 2, 5));
        final InstrumentSpec spec = new InstrumentSpec(1, "X", 5, 100_000, 1, 1, Long.MAX_VALUE, 1, "USD");
        assertThrows(ArithmeticException.class, () -> spec.notional(Long.MAX_VALUE / 1000, 139_147));
    }

    @Test
    void moneyOfEachScale()
    {
        final InstrumentSpec eurusd = new InstrumentSpec(1, "EURUSD", 5, 100_000, 1, 100, 1_000_000, 100, "USD");
        assertEquals(139_147_000_000L, eurusd.notional(10_000, 139_147), "1 lot at 1.39147 is 139,147 USD");
        final InstrumentSpec gold = new InstrumentSpec(2, "XAUUSD", 3, 100, 1, 100, 1_000_000, 100, "USD");
        assertEquals(64_516_500_000L, gold.notional(5_000, 1_290_330), "0.5 lot x 100 oz x 1290.330");
        final InstrumentSpec index = new InstrumentSpec(3, "US30", 2, 1, 1, 10_000, 1_000_000, 10_000, "USD");
        assertEquals(33_000_250_000L, index.notional(10_000, 3_300_025), "1 contract at 33000.25");
        final InstrumentSpec coarse = new InstrumentSpec(4, "JP225", 0, 1, 5, 10_000, 1_000_000, 10_000, "USD");
        assertEquals(38_005_000_000L, coarse.notional(10_000, 38_005), "0 digits multiply up instead of dividing");
    }
}
