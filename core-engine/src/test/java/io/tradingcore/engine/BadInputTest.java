package io.tradingcore.engine;

import io.tradingcore.codec.InputRejectedDecoder;
import io.tradingcore.codec.MarketTickEncoder;
import io.tradingcore.codec.MessageHeaderEncoder;
import io.tradingcore.codec.OrderType;
import io.tradingcore.codec.RejectReason;
import io.tradingcore.codec.Side;
import io.tradingcore.codec.TimeInForce;
import io.tradingcore.domain.InstrumentSpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static io.tradingcore.engine.EngineFixture.ACCOUNT;
import static io.tradingcore.engine.EngineFixture.EURUSD;
import static io.tradingcore.engine.EngineFixture.TENANT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad input at the engine's edge: each is answered with a reject and a reason, none stops the engine. */
class BadInputTest
{
    private static final long LOT = 10_000;
    private EngineFixture fixture;

    @BeforeEach
    void setUp()
    {
        fixture = new EngineFixture();
        fixture.tick(EURUSD, 139_147, 139_149);
    }

    private RejectReason inputReject()
    {
        final InputRejectedDecoder reject = fixture.lastInputReject();
        return reject == null ? RejectReason.NONE : reject.reason();
    }

    @Test
    void unknownInstrument()
    {
        fixture.tick(77, 100, 101);
        assertEquals(RejectReason.UNKNOWN_INSTRUMENT, inputReject());
        fixture.send(fixture.inputs.newOrder(fixture.buffer, 0, 1, TENANT, ACCOUNT, 77, Side.BUY, OrderType.MARKET,
            TimeInForce.IOC, LOT, 0, 0, 0));
        assertEquals(RejectReason.UNKNOWN_INSTRUMENT, fixture.lastOrderRejectReason());
    }

    @Test
    void unknownAccountOrWrongTenant()
    {
        fixture.send(fixture.inputs.newOrder(fixture.buffer, 0, 1, TENANT, 555, EURUSD, Side.BUY, OrderType.MARKET,
            TimeInForce.IOC, LOT, 0, 0, 0));
        assertEquals(RejectReason.UNKNOWN_ACCOUNT, fixture.lastOrderRejectReason());
        fixture.send(fixture.inputs.newOrder(fixture.buffer, 0, 2, 2, ACCOUNT, EURUSD, Side.BUY, OrderType.MARKET,
            TimeInForce.IOC, LOT, 0, 0, 0));
        assertEquals(RejectReason.UNKNOWN_ACCOUNT, fixture.lastOrderRejectReason(), "another tenant's account");
        fixture.send(fixture.inputs.accountUpdate(fixture.buffer, 0, 9, 1, "USD", 0, 1));
        assertEquals(RejectReason.UNKNOWN_TENANT, inputReject());
    }

    @Test
    void zeroNegativeAndOffStepQuantities()
    {
        for (final long quantity : new long[] {0, -LOT, 150, LOT * 1000})
        {
            fixture.order(quantity + 1_000_000, Side.BUY, OrderType.MARKET, quantity, 0);
            assertEquals(RejectReason.INVALID_QUANTITY, fixture.lastOrderRejectReason(), "quantity " + quantity);
        }
    }

    @Test
    void priceOffTheTickSize()
    {
        fixture.define(new InstrumentSpec(2, "XAUUSD", 3, 100, 10, 100, 1_000_000, 100, "USD"));
        fixture.tick(2, 1_290_330, 1_290_660);
        fixture.send(fixture.inputs.newOrder(fixture.buffer, 0, 1, TENANT, ACCOUNT, 2, Side.BUY, OrderType.LIMIT,
            TimeInForce.GTC, LOT, 1_290_005, 0, 0));
        assertEquals(RejectReason.INVALID_PRICE, fixture.lastOrderRejectReason());
        assertTrue(fixture.lastOrderReject().text().contains("tick size 0.010"), fixture.lastOrderReject().text());
        fixture.tick(2, 1_290_331, 1_290_660);
        assertEquals(RejectReason.INVALID_PRICE, inputReject(), "a tick off the tick size");
        fixture.order(2, Side.BUY, OrderType.LIMIT, LOT, 0);
        assertEquals(RejectReason.INVALID_PRICE, fixture.lastOrderRejectReason(), "a limit order without a price");
        fixture.order(3, Side.BUY, OrderType.MARKET, LOT, 139_000);
        assertEquals(RejectReason.INVALID_PRICE, fixture.lastOrderRejectReason(), "a market order with a price");
        fixture.order(4, Side.BUY, OrderType.STOP, LOT, 0, 0);
        assertEquals(RejectReason.INVALID_PRICE, fixture.lastOrderRejectReason(), "a stop order without a stop");
    }

    @Test
    void overflowingOrderValueIsRejectedNotWrapped()
    {
        fixture.define(new InstrumentSpec(9, "HUGE", 5, 100_000, 1, 1, Long.MAX_VALUE, 1, "USD"));
        fixture.tick(9, 139_147, 139_149);
        fixture.send(fixture.inputs.newOrder(fixture.buffer, 0, 1, TENANT, ACCOUNT, 9, Side.BUY, OrderType.MARKET,
            TimeInForce.IOC, 1_000_000_000_000_000L, 0, 0, 0));
        assertEquals(RejectReason.ARITHMETIC_OVERFLOW, fixture.lastOrderRejectReason());
    }

    @Test
    void timeGoingBackwards()
    {
        fixture.advanceMs(-10);
        fixture.tick(EURUSD, 139_150, 139_152);
        assertEquals(RejectReason.TIME_BACKWARDS, inputReject(), "engine time went back");
        fixture.advanceMs(20);
        fixture.tickTimeMsc -= 1_000;
        fixture.tick(EURUSD, 139_150, 139_152);
        assertEquals(RejectReason.TIME_BACKWARDS, inputReject(), "the tick's own time went back");
        assertEquals(139_147, bid(), "the quote was not taken");
    }

    private long bid()
    {
        return fixture.engine.markets.get(EURUSD).bid;
    }

    @Test
    void malformedMessages()
    {
        fixture.send(3);
        assertEquals(RejectReason.MALFORMED_MESSAGE, inputReject(), "shorter than a header");

        final int length = fixture.inputs.marketTick(fixture.buffer, 0, EURUSD, fixture.tickTimeMsc, 139_150,
            139_152, 0, 0, 6);
        fixture.send(length - 8);
        assertEquals(RejectReason.MALFORMED_MESSAGE, inputReject(), "a truncated body");

        fixture.buffer.putShort(2, (short)999);
        fixture.send(length);
        assertEquals(RejectReason.UNKNOWN_MESSAGE, inputReject(), "an unknown template");

        fixture.inputs.marketTick(fixture.buffer, 0, EURUSD, fixture.tickTimeMsc, 139_150, 139_152, 0, 0, 6);
        fixture.buffer.putShort(4, (short)42);
        fixture.send(length);
        assertEquals(RejectReason.UNKNOWN_MESSAGE, inputReject(), "another schema");
        assertEquals(MessageHeaderEncoder.ENCODED_LENGTH + MarketTickEncoder.BLOCK_LENGTH, length);
    }

    @Test
    void randomBytesNeverEscapeAsExceptions()
    {
        final Random random = new Random(42);
        for (int i = 0; i < 20_000; i++)
        {
            final int length = random.nextInt(120);
            for (int b = 0; b < length; b++)
            {
                fixture.buffer.putByte(b, (byte)random.nextInt(256));
            }
            if (length >= 6 && random.nextBoolean())
            {
                fixture.buffer.putShort(2, (short)(1 + random.nextInt(15)));
                fixture.buffer.putShort(4, (short)7);
            }
            fixture.send(length);
        }
        // Random bytes may well have decoded as a kill switch: release it, as an operator would.
        fixture.send(fixture.inputs.killSwitch(fixture.buffer, 0, io.tradingcore.codec.KillScope.ALL, 0, 0, false,
            "ok"));
        fixture.send(fixture.inputs.killSwitch(fixture.buffer, 0, io.tradingcore.codec.KillScope.TENANT, TENANT, 0,
            false,
            "ok"));
        fixture.tick(EURUSD, 139_150, 139_152);
        fixture.order(1, Side.BUY, OrderType.MARKET, LOT, 0);
        assertEquals(RejectReason.NONE, fixture.lastOrderRejectReason(), "the engine still trades afterwards");
    }
}
