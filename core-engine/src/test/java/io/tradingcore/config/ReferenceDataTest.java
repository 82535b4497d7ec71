package io.tradingcore.config;

import io.tradingcore.codec.DefineInstrumentDecoder;
import io.tradingcore.codec.EngineSettingsDecoder;
import io.tradingcore.codec.MessageHeaderDecoder;
import io.tradingcore.codec.SetRiskLimitsDecoder;
import io.tradingcore.domain.InstrumentSpec;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ReferenceDataTest
{
    @Test
    void parsesEveryRecordIntoAdminInputs()
    {
        final ReferenceData data = ReferenceData.parse("""
            # comment
            tenant 1 name=demo
            account 9 tenant=1 currency=USD balance=2500.50 leverage=30
            instrument 2 XAUUSD digits=3 contract=100 tick=0.01 volume-min=0.01 volume-max=20 volume-step=0.01
            limits account=9 tenant=1 max-order=1.5 daily-loss=250.25   # trailing comment
            strategy 3 ma-crossover account=9 tenant=1 symbol=XAUUSD fast=5 slow=50
            """, "test.conf");
        assertEquals(5, data.inputs().size());
        final InstrumentSpec gold = data.instrumentsBySymbol().get("XAUUSD");
        assertEquals(10, gold.tickSize(), "0.01 at 3 digits");
        assertEquals(200_000, gold.volumeMax());

        final UnsafeBuffer limits = new UnsafeBuffer(data.inputs().get(3));
        final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(limits, 0);
        final SetRiskLimitsDecoder decoded = new SetRiskLimitsDecoder().wrapAndApplyHeader(limits, 0, header);
        assertEquals(15_000, decoded.maxOrderQuantity());
        assertEquals(250_250_000, decoded.dailyLossLimit());
        assertEquals(0, decoded.maxPosition(), "left out means no limit");

        final UnsafeBuffer instrument = new UnsafeBuffer(data.inputs().get(2));
        assertEquals(DefineInstrumentDecoder.TEMPLATE_ID, new MessageHeaderDecoder().wrap(instrument, 0).templateId());
    }

    @Test
    void errorsNameTheLine()
    {
        final IllegalArgumentException unknownKey = assertThrows(IllegalArgumentException.class,
            () -> ReferenceData.parse("tenant 1\naccount 9 tenant=1 colour=red", "x.conf"));
        assertEquals("x.conf:2: unknown key 'colour' for account (known: tenant, currency, balance, leverage)",
            unknownKey.getMessage());
        assertEquals(
            "x.conf:1: unknown record 'acount' (expected tenant, account, instrument, limits, strategy or engine)",
            assertThrows(IllegalArgumentException.class, () -> ReferenceData.parse("acount 9", "x.conf")).getMessage());
        assertEquals("x.conf:1: tick: '0.000001' has more than 5 decimals",
            assertThrows(IllegalArgumentException.class, () -> ReferenceData.parse(
                "instrument 1 EURUSD digits=5 tick=0.000001", "x.conf")).getMessage());
        assertEquals("x.conf:1: account needs tenant=",
            assertThrows(IllegalArgumentException.class, () -> ReferenceData.parse("account 9", "x.conf"))
                .getMessage());
        assertEquals("x.conf:1: account-state-interval-ms cannot be negative (0 turns it off)",
            assertThrows(IllegalArgumentException.class, () -> ReferenceData.parse(
                "engine account-state-interval-ms=-5", "x.conf")).getMessage());
    }

    @Test
    void theEngineRecordBecomesAnEngineSettingsInput()
    {
        final ReferenceData data = ReferenceData.parse("engine account-state-interval-ms=250", "x.conf");
        assertEquals(1, data.inputs().size());
        final UnsafeBuffer input = new UnsafeBuffer(data.inputs().get(0));
        final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(input, 0);
        assertEquals(EngineSettingsDecoder.TEMPLATE_ID, header.templateId());
        assertEquals(250, new EngineSettingsDecoder().wrapAndApplyHeader(input, 0, header).accountStateIntervalMs());
    }

    @Test
    void defaultsDefineTheSampleInstruments()
    {
        final ReferenceData defaults = ReferenceData.defaults();
        assertEquals(5, defaults.instrumentsBySymbol().get("EURUSD").digits());
        assertEquals(3, defaults.instrumentsBySymbol().get("XAUUSD").digits());
    }
}
